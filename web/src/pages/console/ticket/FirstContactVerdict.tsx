// First-contact resolution for live contacts, first-touch resolution for portal and email tickets: both derived by the
// server from the ticket's history — never a checkbox — and reported side by side, never added together.
import { Alert, List, Text } from '@mantine/core';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';

function Reasons({ reasons }: { reasons: string[] }) {
  if (reasons.length === 0) return <Text size="sm">Not resolved yet.</Text>;
  return (
    <List size="sm" spacing={2}>
      {reasons.map((reason) => (
        <List.Item key={reason}>{reason[0]?.toUpperCase() + reason.slice(1)}</List.Item>
      ))}
    </List>
  );
}

export function FirstContactVerdict({ ticket }: { ticket: TicketDetail }) {
  if (ticket.firstTouch.nonLiveChannel) return <FirstTouchVerdict ticket={ticket} />;
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
      <Reasons reasons={firstContact.reasons} />
      {firstContact.level1 && (
        <Text size="sm" mt={6}>
          Resolved at Tier 1-Plus without escalation.
        </Text>
      )}
    </Alert>
  );
}

/** Portal and email tickets: was the desk's first public response the one that solved it? */
function FirstTouchVerdict({ ticket }: { ticket: TicketDetail }) {
  const { firstTouch, firstContact } = ticket;
  if (firstTouch.resolvedOnFirstTouch) {
    return (
      <Alert color="green" variant="light" role="note" title="Resolved on first touch">
        <Text size="sm">
          The desk's first reply solved it: the requester did not have to get back in touch, no escalation, not
          reopened. Counted beside first-contact resolution, not in it.
        </Text>
      </Alert>
    );
  }
  return (
    <Alert color="gray" variant="light" role="note" title="Not a first-touch resolution">
      <Reasons reasons={firstTouch.reasons} />
      {firstContact.level1 && (
        <Text size="sm" mt={6}>
          Resolved at Tier 1-Plus without escalation.
        </Text>
      )}
    </Alert>
  );
}
