// What the requester sees of the conversation: their request, the desk's public replies, and the resolution.
import { Paper, Stack, Text, Title } from '@mantine/core';
import type { TicketDetail } from '../../../../src/features/tickets/schemas.ts';
import { emailSenderLabel, formatWhen, RESOLUTION_LABELS } from '../../components/ticketWords.ts';

export function PublicConversation({ ticket }: { ticket: TicketDetail }) {
  const replies = ticket.comments.filter((comment) => comment.visibility === 'public');
  return (
    <Stack gap="sm" component="section" aria-labelledby="messages">
      <Title order={2} size="h4" id="messages">
        Messages
      </Title>
      <Message who="You asked" at={ticket.createdAt} body={ticket.description || ticket.summary} />
      {ticket.errorText && <Message who="Error message you reported" at={ticket.createdAt} body={ticket.errorText} />}
      {replies.map((reply) => (
        <Message
          key={reply.id}
          who={whoWrote(reply)}
          at={reply.at}
          body={reply.body}
          fromDesk={reply.authorRole !== 'requester' && !reply.emailSender}
        />
      ))}
      {ticket.resolvedAt && ticket.resolutionNote && (
        <Message
          who={`Resolved${ticket.resolutionCode ? `: ${RESOLUTION_LABELS[ticket.resolutionCode]}` : ''}`}
          at={ticket.resolvedAt}
          body={ticket.resolutionNote}
          fromDesk
        />
      )}
    </Stack>
  );
}

/** You, the desk member, or (a reply by email from someone without an account) the sender the email named. */
function whoWrote(reply: TicketDetail['comments'][number]): string {
  if (reply.authorRole === 'requester') return 'You';
  if (reply.author) return reply.author;
  if (reply.emailSender)
    return `${emailSenderLabel(reply.emailSender)}, by email${reply.emailSender.unverified ? ' (not yet verified by the desk)' : ''}`;
  return 'Service desk';
}

function Message({ who, at, body, fromDesk }: { who: string; at: string; body: string; fromDesk?: boolean }) {
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      bg={fromDesk ? 'desk.0' : 'white'}
      component="article"
      aria-label={`${who}, ${formatWhen(at)}`}
    >
      <Text size="sm" fw={600}>
        {who}
      </Text>
      <Text size="xs" c="dimmed" mb={4}>
        {formatWhen(at)}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {body}
      </Text>
    </Paper>
  );
}
