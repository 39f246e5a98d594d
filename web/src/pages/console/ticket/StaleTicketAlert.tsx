// Optimistic concurrency, in words: someone else changed the ticket first; reload and look before trying again.
import { Alert, Button, Group, Text } from '@mantine/core';

export function StaleTicketAlert({ onReload }: { onReload: () => void }) {
  return (
    <Alert color="orange" variant="light" role="alert" title="Someone else changed this ticket">
      <Group justify="space-between" gap="sm">
        <Text size="sm">Your change was not saved. Reload to see their change, then try again.</Text>
        <Button size="xs" variant="default" onClick={onReload}>
          Reload ticket
        </Button>
      </Group>
    </Alert>
  );
}
