// What Clinidesk tells people outside the open app, and by which channel.

/** The notifications: four to the requester, five to desk staff. */
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
  // The answer to an email that asked for a password, MFA or access change (email in asks for it): always sent.
  'sensitive_request_by_email',
  // Several failed identity checks or credential changes for one account: to desk managers and administrators
  // (security), always sent (features/verification).
  'verification_alert',
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
];

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
  sensitive_request_by_email: 'Answer to an email asking for a password, MFA or access change',
  verification_alert: 'Repeated failed identity checks or resets for one account',
};
