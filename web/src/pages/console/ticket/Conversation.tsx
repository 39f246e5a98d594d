// The conversation: the requester's description first, then public replies, internal notes and the thread shared
// with the vendor, each marked so they are never confused. Vendors receive only the shared thread from the server.
import { Alert, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { ROLE_LABELS } from '../../../app/areas.ts';
import { emailSenderLabel, formatWhen, PHI_LABELS } from '../../../components/ticketWords.ts';
import classes from './Conversation.module.css';

type Comment = TicketDetail['comments'][number];

export function Conversation({ ticket }: { ticket: TicketDetail }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby="conversation">
      <Title order={2} size="h4" id="conversation">
        Conversation
      </Title>
      <PhiWarning ticket={ticket} />
      <Paper withBorder radius="md" p="md" className={classes.public}>
        <Group justify="space-between" mb={4}>
          <Text size="sm" fw={600}>
            {ticket.requester.name}
            {ticket.openedBy && ticket.openedBy !== ticket.requester.name ? ` (opened by ${ticket.openedBy})` : ''}
          </Text>
          <Text size="xs" c="dimmed">
            {formatWhen(ticket.createdAt)}
          </Text>
        </Group>
        <Text size="sm" className={classes.body}>
          {ticket.description || (
            <Text span c="dimmed">
              No description given.
            </Text>
          )}
        </Text>
      </Paper>
      {ticket.comments.map((comment) => (
        <CommentItem key={comment.id} comment={comment} />
      ))}
    </Stack>
  );
}

const THREAD_LOOK = {
  public: { name: 'Public reply', badge: 'Public reply', className: classes.public, color: 'desk' },
  internal: {
    name: 'Internal note',
    badge: 'Internal note — not shown to the requester or vendor',
    className: classes.internal,
    color: 'yellow.3',
  },
  vendor: {
    name: 'Shared with vendor',
    badge: 'Shared with vendor — not shown to the requester',
    className: classes.vendor,
    color: 'grape',
  },
} as const;

function CommentItem({ comment }: { comment: Comment }) {
  const look = THREAD_LOOK[comment.visibility];
  const internal = comment.visibility === 'internal';
  // A reply by email from someone without an account has no author: it names its sender, never "Clinidesk".
  const sender = comment.emailSender;
  const who = comment.author ?? (sender ? emailSenderLabel(sender) : null);
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      className={look.className}
      component="article"
      aria-label={`${look.name} by ${who ?? 'the desk'}`}
    >
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Group gap="xs">
          <Badge
            size="sm"
            radius="sm"
            tt="none"
            color={look.color}
            c={internal ? 'dark.9' : undefined}
            variant={internal ? 'filled' : 'light'}
          >
            {look.badge}
          </Badge>
          <Text size="sm" fw={600}>
            {who ?? 'Clinidesk'}
          </Text>
          {sender && (
            <Text size="xs" c="dimmed">
              by email
            </Text>
          )}
          {sender?.unverified && (
            <Badge size="sm" radius="sm" tt="none" color="orange" variant="light">
              Unverified sender — confirm who this is before acting
            </Badge>
          )}
          {comment.authorRole && (
            <Text size="xs" c="dimmed">
              {ROLE_LABELS[comment.authorRole]}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {formatWhen(comment.at)}
        </Text>
      </Group>
      <Text size="sm" className={classes.body}>
        {comment.body}
      </Text>
      {comment.phiSuspected && (
        <Text size="xs" c="var(--mantine-color-orange-light-color)" mt={6}>
          This message may contain patient information.
        </Text>
      )}
    </Paper>
  );
}

function PhiWarning({ ticket }: { ticket: TicketDetail }) {
  if (ticket.phiMasked) {
    return (
      <Alert color="gray" variant="light" role="note" title="Patient information hidden">
        Text that looks like patient information is masked for your role.
      </Alert>
    );
  }
  if (ticket.phiWarnings.length === 0) return null;
  const kinds = ticket.phiWarnings.map((kind) => PHI_LABELS[kind] ?? kind.replaceAll('_', ' '));
  return (
    <Alert color="orange" variant="light" role="alert" title="This ticket may contain patient information">
      The text looks like it includes {kinds.join(', ')}. Tickets should carry the minimum necessary: use the safety
      report number or structured fields instead, and edit the text out where you can.
    </Alert>
  );
}
