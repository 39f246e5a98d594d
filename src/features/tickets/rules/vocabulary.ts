// The ticket's vocabulary: every enumerated value of a ticket, in one place, shared by rules, schemas and the web app.
// What every feature shares (tiers, clinical roles, unit kinds, device types) is in src/domain/vocabulary.ts.

export const TICKET_TYPES = ['incident', 'service_request', 'how_to'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const CHANNELS = ['phone', 'portal', 'email', 'chat', 'walk_up', 'go_live'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels where a person reaches the desk live: on the line, in a chat, or at the walk-up counter (the desk's own contacts). */
export const LIVE_CHANNELS: readonly Channel[] = ['phone', 'chat', 'walk_up'];
/**
 * The FCR denominator: a live contact with the desk, or an at-the-elbow contact during a go-live (the ATE person is
 * in front of the clinician, and an issue resolved on the spot counts as first contact, credited to the ATE's
 * provider; docs/decisions.md). Not LIVE_CHANNELS: a go-live issue is no call, chat or walk-up at the desk.
 */
export const FIRST_CONTACT_CHANNELS: readonly Channel[] = [...LIVE_CHANNELS, 'go_live'];

export const STATUSES = [
  'new',
  'in_progress',
  'pending_requester',
  'pending_vendor',
  'pending_change',
  'resolved',
  'closed',
] as const;
export type Status = (typeof STATUSES)[number];
export const CLOSED_STATUSES: Status[] = ['resolved', 'closed'];
export const OPEN_STATUSES: readonly Status[] = STATUSES.filter((s) => !CLOSED_STATUSES.includes(s));
export const PENDING_STATUSES: readonly Status[] = ['pending_requester', 'pending_vendor', 'pending_change'];

export const SCOPES = ['me', 'unit', 'facility', 'enterprise'] as const;
export type Scope = (typeof SCOPES)[number];

export const RESOLUTION_CODES = [
  'answered_how_to',
  'password_reset',
  'account_unlocked',
  'access_granted',
  'configuration_fixed',
  'hardware_replaced',
  'software_fixed',
  'workaround_given',
  'vendor_fix',
  'duplicate',
  'no_fault_found',
  'cancelled',
  // Part of a major incident or EHR downtime, resolved with it (features/incidents).
  'known_outage',
] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

export const LINK_KINDS = ['duplicate_of', 'caused_by', 'parent_of', 'related'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const HANDOFF_KINDS = ['assign', 'escalate', 'transfer', 'return'] as const;
export type HandoffKind = (typeof HANDOFF_KINDS)[number];

/**
 * What a ticket's history (ticket_activity) records, one row per thing that happened. FCR, first-touch resolution,
 * the SLA timeline and the reports read these kinds, in rules and in SQL: one list, so a kind is never misspelt.
 */
export const ACTIVITY_KINDS = [
  'opened',
  'assigned',
  'escalated',
  'status',
  'priority',
  'commented',
  'callback_requested',
  'linked',
  'attached',
  'resolved',
  'reopened',
  'closed',
  'vendor_state',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

const NUMBER_PREFIX = 'CSD-';

export function formatTicketNumber(n: number): string {
  return `${NUMBER_PREFIX}${String(n).padStart(6, '0')}`;
}

/** Accepts "CSD-001234", "csd-1234" or "1234"; returns the number or null. */
export function parseTicketNumber(s: string): number | null {
  const m = /^(?:csd-)?0*(\d{1,15})$/i.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * The three threads on a ticket: public (the desk and the requester), internal (the desk only) and vendor (shared
 * between the desk and the outside provider that holds or held the ticket; PHI masked for the provider).
 */
export const COMMENT_VISIBILITIES = ['public', 'internal', 'vendor'] as const;
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];
