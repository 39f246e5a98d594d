// First-contact resolution, as derived by the server from the ticket's history — never a checkbox.
import { Alert, List, Text } from '@mantine/core';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';

export function FirstContactVerdict({ ticket }: { ticket: TicketDetail }) {
  const { firstContact } = ticket;
  if (firstContact.resolvedOnFirstContact) {
    return (
      <Alert color="green" variant="light" role="note" title="Resolved on first contact">
        <Text size="sm">Fixed during the call by the agent who took it, with no escalation or callback.</Text>
      </Alert>
    );
  }
  return (
    <Alert color="gray" variant="light" role="note" title="Not a first-contact resolution">
      {firstContact.reasons.length > 0 ? (
        <List size="sm" spacing={2}>
          {firstContact.reasons.map((reason) => (
            <List.Item key={reason}>{reason[0]?.toUpperCase() + reason.slice(1)}</List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm">Not resolved yet.</Text>
      )}
      {firstContact.level1 && (
        <Text size="sm" mt={6}>
          Resolved at Tier 1-Plus without escalation.
        </Text>
      )}
    </Alert>
  );
}
