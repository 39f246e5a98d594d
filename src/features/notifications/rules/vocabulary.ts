// What Clinidesk tells people outside the open app, and by which channel.

/** The notifications: four to the requester, six to desk staff, four to a provider's engineers, and the rest. */
export const NOTIFICATION_KINDS = [
  'ticket_received',
  'public_reply',
  'ticket_resolved',
  'ticket_reopened',
  'assigned_to_you',
  'new_urgent_in_group',
  'sla_at_risk',
  'sla_breached',
  'vendor_case_updated',
  // The holding vendor needs information from the hospital: to the staff assignee, else the desk group it came from.
  'vendor_needs_info',
  // To the engineers of a support provider (role vendor), about the cases their provider holds: never any ticket text.
  'vendor_new_case',
  'vendor_desk_reply',
  'vendor_clock_at_risk',
  'vendor_clock_breached',
  // The answer to an email that asked for a password, MFA or access change (email in asks for it): always sent.
  'sensitive_request_by_email',
  // The answer to a vendor engineer (or an integration account) who emailed the desk: vendor work happens in
  // Clinidesk, never by email (email in refuses the message and asks for it). Always sent; only a link to the queue.
  'vendor_email_refused',
  // Several failed identity checks or credential changes for one account: to desk managers and administrators
  // (security), always sent (features/verification).
  'verification_alert',
  // Incidents and planned downtime, to the unit leaders and super-users of the affected units (public text only).
  'incident_declared',
  'incident_update',
  'incident_resolved',
  'planned_downtime_notice',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const REQUESTER_KINDS: readonly NotificationKind[] = [
  'ticket_received',
  'public_reply',
  'ticket_resolved',
  'ticket_reopened',
];
export const STAFF_KINDS: readonly NotificationKind[] = [
  'assigned_to_you',
  'new_urgent_in_group',
  'sla_at_risk',
  'sla_breached',
  'vendor_case_updated',
  'vendor_needs_info',
];

/** What a provider's engineers are told (by email or not at all): ticket number, what happened, a link. */
export const VENDOR_KINDS: readonly NotificationKind[] = [
  'vendor_new_case',
  'vendor_desk_reply',
  'vendor_clock_at_risk',
  'vendor_clock_breached',
];

export function isVendorKind(kind: NotificationKind): boolean {
  return VENDOR_KINDS.includes(kind);
}

/** What unit leaders and super-users are told of the incidents on their units (each may choose email or none). */
export const INCIDENT_KINDS: readonly NotificationKind[] = [
  'incident_declared',
  'incident_update',
  'incident_resolved',
  'planned_downtime_notice',
];

export function isIncidentKind(kind: NotificationKind): boolean {
  return INCIDENT_KINDS.includes(kind);
}

/** Channels a person may choose: email, nothing, or the pager (desk staff only). */
export const CHANNELS = ['email', 'none', 'pager'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a delivery goes through. */
export const DELIVERY_CHANNELS = ['email', 'pager'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The urgent ones, which may go to the pager: a new P1 and an SLA breach. */
export function mayPage(kind: NotificationKind, priority: number): boolean {
  return kind === 'sla_breached' || (kind === 'new_urgent_in_group' && priority === 1);
}

export const KIND_LABELS: Record<NotificationKind, string> = {
  ticket_received: 'Your ticket was received',
  public_reply: 'The desk replied on your ticket',
  ticket_resolved: 'Your ticket was resolved',
  ticket_reopened: 'Your ticket was reopened',
  assigned_to_you: 'A ticket was assigned to you',
  new_urgent_in_group: 'A P1 or P2 ticket in your group (new, raised or moved to it)',
  sla_at_risk: 'A ticket you watch is close to its SLA target',
  sla_breached: 'A ticket you watch missed its SLA target',
  vendor_case_updated: 'The vendor updated a case you hold',
  vendor_needs_info: 'The vendor needs information from the hospital',
  vendor_new_case: 'A ticket was escalated to your company',
  vendor_desk_reply: 'The hospital replied on the shared thread of your case',
  vendor_clock_at_risk: "Your company's contract clock on a case is close to its target",
  vendor_clock_breached: "Your company's contract clock on a case missed its target",
  sensitive_request_by_email: 'Answer to an email asking for a password, MFA or access change',
  vendor_email_refused: 'Answer to a vendor engineer who emailed the desk: reply in Clinidesk',
  verification_alert: 'Repeated failed identity checks or resets for one account',
  incident_declared: 'An outage or downtime was declared on a unit you lead or support',
  incident_update: 'An update on an outage or downtime affecting your unit',
  incident_resolved: 'An outage or downtime affecting your unit is over',
  planned_downtime_notice: 'A planned downtime is coming up on your unit',
};
