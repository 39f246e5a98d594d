// Each person's choice per notification: email (the default), nothing, or the pager (desk staff, urgent ones only).
import { type Channel, mayPage, type NotificationKind, REQUESTER_KINDS, STAFF_KINDS } from './vocabulary.ts';

/** The kinds a person may set: the requester's four, and the staff's five as well for desk staff. */
export function kindsFor(staff: boolean): readonly NotificationKind[] {
  return staff ? [...REQUESTER_KINDS, ...STAFF_KINDS] : REQUESTER_KINDS;
}

/** Whether a person may choose this channel for this kind (the pager: staff, for a new P1 or a breach). */
export function channelAllowed(kind: NotificationKind, channel: Channel, staff: boolean): boolean {
  if (channel !== 'pager') return true;
  return staff && (kind === 'sla_breached' || kind === 'new_urgent_in_group');
}

/**
 * The channel one notice goes by. No choice: email. The pager only when it is urgent (a new P1, not a P2; a breach):
 * a P2 for someone who pages for new urgent tickets goes by email.
 */
export function channelFor(
  kind: NotificationKind,
  priority: number,
  chosen: Channel | undefined,
  staff: boolean,
): Channel {
  const c = chosen ?? 'email';
  if (c !== 'pager') return c;
  return staff && mayPage(kind, priority) ? 'pager' : 'email';
}
