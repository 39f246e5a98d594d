// Each person's choice per notification: email (the default), nothing, or the pager (desk staff for the urgent
// ticket notices; unit leaders and super-users for a declared unplanned outage on their unit).
import {
  type Channel,
  INCIDENT_KINDS,
  mayPage,
  type NotificationKind,
  REQUESTER_KINDS,
  STAFF_KINDS,
  VENDOR_KINDS,
} from './vocabulary.ts';

/**
 * The kinds a person may set: the requester's four, the staff's as well for desk staff, the incident notices for the
 * unit leaders and super-users (who are told of incidents on their units), and a provider's engineers' own four
 * (a vendor engineer opens no tickets and gets nothing else).
 */
export function kindsFor(staff: boolean, incidentAudience = false, vendor = false): readonly NotificationKind[] {
  if (vendor) return VENDOR_KINDS;
  const base = staff ? [...REQUESTER_KINDS, ...STAFF_KINDS] : REQUESTER_KINDS;
  return incidentAudience ? [...base, ...INCIDENT_KINDS] : base;
}

/**
 * Whether a person may choose this channel for this kind: the pager for a new P1 or a breach (staff), and for a
 * declared outage (the incident notices' audience; a planned downtime starting still goes by email).
 */
export function channelAllowed(kind: NotificationKind, channel: Channel, staff: boolean): boolean {
  if (channel !== 'pager') return true;
  if (kind === 'incident_declared') return true;
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

/**
 * The channel of an incident notice. No choice: email. The pager only for an unplanned outage declared (the
 * secure-messaging webhook); a planned downtime starting, an update, the end and the planned notice go by email.
 */
export function incidentChannelFor(kind: NotificationKind, planned: boolean, chosen: Channel | undefined): Channel {
  const c = chosen ?? 'email';
  if (c !== 'pager') return c;
  return kind === 'incident_declared' && !planned ? 'pager' : 'email';
}
