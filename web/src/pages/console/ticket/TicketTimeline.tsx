// Everything that happened on the ticket, in order, in the desk's words (from GET …/timeline).
import { Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Tier } from '../../../../../src/domain/vocabulary.ts';
import type { VendorMove } from '../../../../../src/features/tickets/rules/vendor-case.ts';
import type {
  Channel,
  LinkKind,
  ResolutionCode,
  Status,
} from '../../../../../src/features/tickets/rules/vocabulary.ts';
import type { activityView, TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { timelineQuery } from '../../../api/tickets.ts';
import { LoadError, Loading } from '../../../components/QueryStates.tsx';
import {
  CHANNEL_LABELS,
  formatWhen,
  LINK_LABELS,
  RESOLUTION_LABELS,
  STATUS_LABELS,
  TIER_LABELS,
} from '../../../components/ticketWords.ts';
import { VENDOR_MOVE_LABELS } from './VendorCasePanel.tsx';

type Activity = z.infer<typeof activityView>;

const pick = <T extends string>(labels: Record<T, string>, value: unknown) =>
  typeof value === 'string' && value in labels ? labels[value as T] : String(value ?? '');

/** One sentence per kind of activity; an unknown kind still shows, in plain words. */
export function describeActivity({ kind, data }: Activity): string {
  switch (kind) {
    case 'opened':
      return `Opened by ${pick<Channel>(CHANNEL_LABELS, data.channel).toLowerCase()} as P${data.priority}`;
    case 'assigned':
      return `Assigned to ${data.to ?? 'nobody'}${data.group ? ` (${data.group})` : ''}`;
    case 'status':
      return `Status: ${pick<Status>(STATUS_LABELS, data.from)} → ${pick<Status>(STATUS_LABELS, data.to)}${data.why ? `, ${data.why}` : ''}`;
    case 'resolved':
      return `Resolved: ${pick<ResolutionCode>(RESOLUTION_LABELS, data.code)}${data.onOpen ? ', on first contact' : ''}`;
    case 'reopened':
      return data.byRequester ? 'Reopened: the requester says it is still broken' : 'Reopened';
    case 'closed':
      return data.byRequester ? 'Closed: the requester confirmed the fix' : 'Closed';
    case 'escalated':
      return `Escalated ${pick<Tier>(TIER_LABELS, data.from)} → ${pick<Tier>(TIER_LABELS, data.to)}${data.group ? ` (${data.group})` : ''}`;
    case 'commented':
      if (data.visibility === 'vendor') return 'Reply shared with the vendor';
      return data.visibility === 'internal' ? 'Internal note added' : 'Public reply sent';
    case 'vendor_state': {
      const to = pick<VendorMove>(VENDOR_MOVE_LABELS, data.to);
      const version = typeof data.version === 'string' ? ` in version ${data.version}` : '';
      return `Vendor case: ${to}${version}${data.why ? `, ${data.why}` : ''}`;
    }
    case 'linked':
      // A phone call linked to the ticket (routing), or another ticket.
      if (typeof data.contactId === 'string') {
        return data.relation === 'opened' ? 'Opened during a phone call' : 'Phone call about this ticket';
      }
      return `${pick<LinkKind>(LINK_LABELS, data.kind)} ${data.other}${data.incoming ? ' (linked from there)' : ''}`;
    case 'attached':
      return `File attached: ${data.filename}`;
    case 'callback_requested':
      return 'Callback requested';
    case 'priority':
      return `Priority P${data.from} → P${data.to}${data.reason ? ` (${data.reason})` : ''}`;
    default:
      return kind.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
  }
}

export function TicketTimeline({ ticket }: { ticket: TicketDetail }) {
  const timeline = useQuery(timelineQuery(ticket.number));
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="ticket-timeline">
      <Stack gap="sm">
        <Title order={2} size="h5" id="ticket-timeline">
          Timeline
        </Title>
        {ticket.reopenCount > 0 && (
          <Text size="sm" c="var(--mantine-color-orange-light-color)">
            Reopened {ticket.reopenCount} time{ticket.reopenCount === 1 ? '' : 's'}.
          </Text>
        )}
        {timeline.isPending && <Loading label="Loading the timeline…" />}
        {timeline.isError && (
          <LoadError what="the timeline" error={timeline.error} retry={() => void timeline.refetch()} />
        )}
        {timeline.data && (
          <Timeline bulletSize={12} lineWidth={2} active={timeline.data.length - 1}>
            {timeline.data.map((entry) => (
              <Timeline.Item
                key={entry.id}
                title={
                  <Text size="sm" fw={600}>
                    {describeActivity(entry)}
                  </Text>
                }
              >
                <Text size="xs" c="dimmed">
                  {formatWhen(entry.at)}
                  {entry.actor ? ` · ${entry.actor}` : ''}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Stack>
    </Paper>
  );
}
