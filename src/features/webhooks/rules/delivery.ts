// Webhooks' vocabulary and decisions, pure: which events a subscription may ask for, whether an event matches it,
// when a failed delivery is tried again (exponential backoff with jitter for a day), when a subscription that keeps
// failing is switched off, and how long a rotated secret keeps signing.

/** The outbox events a subscription may ask for (their `type` in the outbox, unchanged). */
export const WEBHOOK_EVENT_TYPES = [
  'ticket.opened',
  'ticket.updated',
  'ticket.escalated',
  'ticket.resolved',
  'ticket.commented',
  'sla.at_risk',
  'sla.breached',
  'incident.declared',
  'incident.updated',
  'incident.resolved',
  'incident.closed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const EVENT_LABELS: Record<WebhookEventType, string> = {
  'ticket.opened': 'Ticket opened',
  'ticket.updated': 'Ticket updated',
  'ticket.escalated': 'Ticket escalated',
  'ticket.resolved': 'Ticket resolved',
  'ticket.commented': 'Comment (a vendor: on the shared thread only)',
  'sla.at_risk': 'SLA at risk (a vendor: its contract clock only)',
  'sla.breached': 'SLA breached (a vendor: its contract clock only)',
  'incident.declared': 'Major incident or downtime declared',
  'incident.updated': 'Incident updated',
  'incident.resolved': 'Incident resolved',
  'incident.closed': 'Incident closed',
};

/**
 * What a vendor's subscription may ask for: tickets, and SLA events of its own contract clock (the hospital's clock's
 * events name no vendor in their audience, so they never reach it). Incidents are desk-only events.
 */
export const VENDOR_EVENT_TYPES: readonly WebhookEventType[] = [
  'ticket.opened',
  'ticket.updated',
  'ticket.escalated',
  'ticket.resolved',
  'ticket.commented',
  'sla.at_risk',
  'sla.breached',
];

export const OWNER_KINDS = ['hospital', 'vendor'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export function isWebhookEventType(type: string): type is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

/** Event types a subscription of this kind may not ask for (empty when all are allowed). */
export function eventTypesNotAllowed(kind: OwnerKind, types: readonly WebhookEventType[]): WebhookEventType[] {
  return kind === 'vendor' ? types.filter((t) => !VENDOR_EVENT_TYPES.includes(t)) : [];
}

export type SubscriptionFilter = {
  eventTypes: readonly string[];
  providerIds: readonly string[];
  facilityIds: readonly string[];
  serviceIds: readonly string[];
};

/** What an event is about, for the filters: a ticket's facility, service and the providers that hold or held it. */
export type EventSubject =
  | { kind: 'ticket'; facilityId: string | null; serviceId: string | null; providerIds: readonly string[] }
  | { kind: 'other' };

/**
 * Does the event match the subscription's filters? Each filter left empty matches everything; a filter set matches
 * a ticket whose value is among its values (provider: a provider that holds or held the ticket). An event about
 * something other than a ticket (an incident) matches only subscriptions with no ticket filter.
 */
export function matches(f: SubscriptionFilter, type: string, subject: EventSubject): boolean {
  if (!f.eventTypes.includes(type)) return false;
  const filtered = f.providerIds.length + f.facilityIds.length + f.serviceIds.length > 0;
  if (subject.kind !== 'ticket') return !filtered;
  const inList = (list: readonly string[], v: string | null) => !list.length || (v !== null && list.includes(v));
  return (
    inList(f.facilityIds, subject.facilityId) &&
    inList(f.serviceIds, subject.serviceId) &&
    (!f.providerIds.length || subject.providerIds.some((p) => f.providerIds.includes(p)))
  );
}

// ── Retries ───────────────────────────────────────────────────────────────────────────────────────────────────────

export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 60 * 60_000;
/** A delivery is tried for a day from its first attempt (or from a manual redelivery), then listed as failed. */
export const RETRY_WINDOW_MS = 24 * 60 * 60_000;

/**
 * The wait before try number `attempts + 1`: 30 s doubling up to an hour (exponential backoff), each wait drawn
 * between half and all of it (jitter, so receivers coming back are not hit by every sender at once).
 * `random` is in [0, 1).
 */
export function retryDelayMs(attempts: number, random: number): number {
  const n = Math.max(1, Math.floor(attempts));
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(n - 1, 20));
  const r = Math.min(Math.max(random, 0), 0.999_999);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}

/** After a failed try: when to try again, or null when the day is over (the delivery is then failed). */
export function nextAttemptAt(attempts: number, windowStart: Date, now: Date, random: number): Date | null {
  const next = now.getTime() + retryDelayMs(attempts, random);
  return next > windowStart.getTime() + RETRY_WINDOW_MS ? null : new Date(next);
}

// ── Switching a failing subscription off ──────────────────────────────────────────────────────────────────────────

/** Every attempt failing for this long switches the subscription off… */
export const DISABLE_AFTER_MS = 24 * 60 * 60_000;
/** …and so do this many failures in a row, however quickly they came (a burst of events to a dead receiver). */
export const DISABLE_AFTER_FAILURES = 200;

/** Should a subscription whose attempts have all failed since `failingSince` be switched off? */
export function shouldDisable(s: { consecutiveFailures: number; failingSince: Date | null }, now: Date): boolean {
  if (s.consecutiveFailures <= 0 || !s.failingSince) return false;
  return (
    s.consecutiveFailures >= DISABLE_AFTER_FAILURES || now.getTime() - s.failingSince.getTime() >= DISABLE_AFTER_MS
  );
}

// ── Secrets ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** A rotated secret keeps signing beside the new one this long, so receivers can switch without losing events. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60_000;

/** A Standard Webhooks secret: "whsec_" and base64 of 24 to 64 random bytes. */
export function isWebhookSecret(s: string): boolean {
  if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(s)) return false;
  const b64 = s.slice('whsec_'.length);
  const bytes = Math.floor((b64.replace(/=+$/, '').length * 3) / 4);
  return bytes >= 24 && bytes <= 64;
}

/** The secrets that sign now: the current one, and the previous one while its overlap lasts. */
export function signingSecrets<T>(current: T, previous: T | null, previousUntil: Date | null, now: Date): T[] {
  return previous !== null && previousUntil !== null && previousUntil.getTime() > now.getTime()
    ? [current, previous]
    : [current];
}

// ── What is kept of a request and an answer ───────────────────────────────────────────────────────────────────────

/** At most this much of a receiver's answer is read; the rest is not waited for. */
export const RESPONSE_READ_LIMIT = 64 * 1024;
/** At most this much of it (and of the request body) is kept in the delivery log. */
export const EXCERPT_LIMIT = 4 * 1024;

/** The start of a text, cut at a character boundary, with a mark when something was left out. */
export function excerpt(text: string, limit = EXCERPT_LIMIT): string {
  if (text.length <= limit) return text;
  let cut = text.slice(0, limit);
  // Never half a character: a high surrogate at the end loses its pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}… (cut)`;
}

/** A 2xx answer is delivered; anything else (redirects included: they are not followed) is a failed try. */
export function isDelivered(status: number): boolean {
  return status >= 200 && status < 300;
}
