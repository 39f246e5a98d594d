// Which notifications an outbox event gives, and to whom: the whole "what is sent to whom" table in one pure function.
// Nobody is told about their own action (but the requester gets the receipt for a ticket she opened). Only a desk reply on the public thread reaches the requester; internal and
// vendor-thread notes never do.
import { isStaff, type Role } from '../../../platform/auth/roles.ts';
import type { NotificationKind } from './vocabulary.ts';

export type EventFacts = {
  type: string;
  payload: Record<string, unknown>;
  actorId: string | null;
  actorRole: Role | null;
  /** The event's live audience by user id (SLA events name the assignee and the group's members there). */
  audienceUserIds: string[];
};

export type TicketFacts = {
  requesterUserId: string | null;
  assigneeId: string | null;
  groupId: string | null;
  /** 1 (P1) to 4 (P4). */
  priority: number;
  /** Resolved or closed: no "P1/P2 in your group" for it. Unknown (older callers): open. */
  closed?: boolean;
  /** Whether the assignee is desk staff (a vendor engineer may hold a ticket too). Unknown: yes. */
  assigneeIsStaff?: boolean;
  /** The outside provider that holds the ticket now, if any (its engineers hear of desk replies on the shared thread). */
  holdingProviderId?: string | null;
  /** The desk group the ticket came from before its provider took it (read only for "needs information"). */
  deskGroupId?: string | null;
  /** The most urgent level (1 or 2) the ticket's current group was already told of it at; null or absent: never. */
  urgentToldAt?: number | null;
};

/**
 * Whether the ticket's group hears "a P1/P2 in your group" now: the ticket is P1 or P2, open, in a group, and that
 * group was not yet told of it at this level or a more urgent one. So a ticket opened urgent, raised to P2 or P1
 * later, or moved into another group is told once per group and level: P3 → P2 → P1 tells twice, P1 → P2 → P1 once.
 */
export function urgentNewsForGroup(t: TicketFacts): boolean {
  if (t.priority > 2 || !t.groupId || t.closed) return false;
  return t.urgentToldAt == null || t.priority < t.urgentToldAt;
}

/** The events after which the ticket's group may have a new urgent ticket: opened, changed, handed over. */
const URGENT_NEWS_EVENTS = new Set(['ticket.opened', 'ticket.updated', 'ticket.escalated']);

/**
 * Recipients: user ids, or the members of a group (read by the caller), or the requester who has no account (a
 * clinician on file with an address but no sign-in: told by mail at the directory's address, with no preferences).
 */
export type Intent = {
  kind: NotificationKind;
  userIds: string[];
  groupId?: string;
  /** The engineers (role vendor) of this support provider. */
  providerId?: string;
  requesterWithoutAccount?: true;
};

/** Whether this event says the holding vendor now needs information from the hospital (service/vendor-case.ts). */
export function isNeedsInfoEvent(e: Pick<EventFacts, 'type' | 'payload'>): boolean {
  const v = e.payload.vendorState;
  return (
    e.type === 'ticket.updated' && typeof v === 'object' && v !== null && (v as { to?: unknown }).to === 'needs_info'
  );
}

const TICKET_EVENTS = new Set([
  'ticket.opened',
  'ticket.updated',
  'ticket.commented',
  'ticket.escalated',
  'ticket.resolved',
  'sla.at_risk',
  'sla.breached',
  // From email in: an answer it asks the sender to be sent, and a bounce of a mail sent from here.
  'email.reply_requested',
  'email.bounced',
  // From caller verification: repeated failed checks or resets for one account.
  'verification.alert',
]);

/** Whether an event of this type may notify anyone (the consumer skips the rest without reading the ticket). */
export function mayNotify(type: string): boolean {
  return TICKET_EVENTS.has(type);
}

export function intentsOf(e: EventFacts, t: TicketFacts): Intent[] {
  const out: Intent[] = [];
  const toRequester = (kind: NotificationKind) => {
    if (t.requesterUserId) out.push({ kind, userIds: [t.requesterUserId] });
    else out.push({ kind, userIds: [], requesterWithoutAccount: true });
  };
  const activity = Array.isArray(e.payload.activity) ? (e.payload.activity as unknown[]) : [];
  const newAssignee = typeof e.payload.assigneeId === 'string' ? e.payload.assigneeId : null;
  switch (e.type) {
    case 'ticket.opened':
      toRequester('ticket_received');
      if (t.assigneeId) out.push({ kind: 'assigned_to_you', userIds: [t.assigneeId] });
      break;
    case 'ticket.commented':
      if (e.payload.visibility === 'public' && e.actorRole && isStaff(e.actorRole)) toRequester('public_reply');
      if (e.payload.visibility === 'vendor' && e.actorRole === 'vendor') {
        if (t.assigneeId) out.push({ kind: 'vendor_case_updated', userIds: [t.assigneeId] });
        else if (t.groupId) out.push({ kind: 'vendor_case_updated', userIds: [], groupId: t.groupId });
      }
      // The desk wrote on the shared thread: the holding provider's engineers are told (never of another thread).
      if (e.payload.visibility === 'vendor' && e.actorRole && isStaff(e.actorRole) && t.holdingProviderId)
        out.push({ kind: 'vendor_desk_reply', userIds: [], providerId: t.holdingProviderId });
      break;
    case 'ticket.resolved':
      toRequester('ticket_resolved');
      break;
    case 'ticket.updated':
      if (activity.includes('reopened')) toRequester('ticket_reopened');
      if (activity.includes('assigned') && newAssignee) out.push({ kind: 'assigned_to_you', userIds: [newAssignee] });
      // The vendor needs information: the desk person who holds the ticket, else the desk group it came from.
      if (isNeedsInfoEvent(e)) {
        if (t.assigneeId && t.assigneeIsStaff !== false)
          out.push({ kind: 'vendor_needs_info', userIds: [t.assigneeId] });
        else if (t.deskGroupId) out.push({ kind: 'vendor_needs_info', userIds: [], groupId: t.deskGroupId });
      }
      break;
    case 'ticket.escalated':
      if (newAssignee) out.push({ kind: 'assigned_to_you', userIds: [newAssignee] });
      // Handed to another support provider: its engineers hear of their new case.
      if (typeof e.payload.toProviderId === 'string')
        out.push({ kind: 'vendor_new_case', userIds: [], providerId: e.payload.toProviderId });
      break;
    case 'verification.alert':
      out.push({ kind: 'verification_alert', userIds: e.audienceUserIds });
      break;
    case 'sla.at_risk':
    case 'sla.breached':
      out.push({ kind: e.type === 'sla.breached' ? 'sla_breached' : 'sla_at_risk', userIds: e.audienceUserIds });
      // A provider's contract clock is that provider's news too (the hospital's clock never reaches a vendor).
      if (e.payload.owner === 'contract' && typeof e.payload.providerId === 'string')
        out.push({
          kind: e.type === 'sla.breached' ? 'vendor_clock_breached' : 'vendor_clock_at_risk',
          userIds: [],
          providerId: e.payload.providerId,
        });
      break;
  }
  if (URGENT_NEWS_EVENTS.has(e.type) && t.groupId && urgentNewsForGroup(t))
    out.push({ kind: 'new_urgent_in_group', userIds: [], groupId: t.groupId });
  // Nobody hears of what they did themselves, except the receipt for a ticket one opened oneself (from the portal or
  // by mail): it carries the ticket number, and a reply to it threads onto the ticket.
  return out.map((i) =>
    i.kind === 'ticket_received' ? i : { ...i, userIds: i.userIds.filter((u) => u !== e.actorId) },
  );
}

/** Drops the actor from a group's members (the same rule as for named recipients). */
export function withoutActor(userIds: string[], actorId: string | null): string[] {
  return [...new Set(userIds)].filter((u) => u !== actorId);
}
