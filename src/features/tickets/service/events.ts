// Ticket events: written with the change (outbox), delivered live to desk staff and the people on the ticket.
import { STAFF_ROLES } from '../../../platform/auth/roles.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { userIdOfPerson } from '../../directory/service.ts';
import { seesComment } from '../rules/policy.ts';
import { type CommentVisibility, formatTicketNumber } from '../rules/vocabulary.ts';
import type { TicketRow } from '../store.ts';

export type TicketEventType =
  | 'ticket.opened'
  | 'ticket.updated'
  | 'ticket.commented'
  | 'ticket.escalated'
  | 'ticket.resolved';

export async function emitTicketEvent(
  tx: Queryable,
  type: TicketEventType,
  t: TicketRow,
  actorId: string | null,
  extra: Record<string, unknown> = {},
  known: { requesterUserId?: string | null; thread?: CommentVisibility } = {},
) {
  const requesterUser =
    known.requesterUserId !== undefined ? known.requesterUserId : await userIdOfPerson(tx, t.requesterId);
  // A comment's event reaches only those who read its thread (the same rule as the ticket page), so a vendor never
  // learns that an internal note was written.
  const thread = known.thread;
  const toRequester = thread === undefined || seesComment({ role: 'requester' }, thread);
  const toVendor = thread === undefined || seesComment({ role: 'vendor' }, thread);
  const userIds = toRequester ? [requesterUser, t.openedByUserId].filter((x): x is string => Boolean(x)) : [];
  await appendEvent(tx, {
    type,
    subjectType: 'ticket',
    subjectId: t.id,
    actorId,
    // Numbers and states only: no free text (it may hold PHI) travels in events.
    payload: { number: formatTicketNumber(t.number), status: t.status, priority: t.priority, ...extra },
    audience: {
      roles: STAFF_ROLES,
      userIds,
      vendorProviderIds: toVendor ? t.providerIds : [],
    },
  });
}
