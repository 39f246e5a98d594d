// The server's own rules, applied as the administrator edits: what stops a policy or calendar from being saved.
import { Alert, List } from '@mantine/core';

/** Why a policy or calendar as edited cannot be saved, from the server's own rules. */
export function CannotBeSaved({ what, problems }: { what: string; problems: { key: string; text: string }[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert color="red" variant="light" title={`This ${what} cannot be saved`} role="alert">
      <List size="sm">
        {problems.map((p) => (
          <List.Item key={p.key}>{p.text}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
