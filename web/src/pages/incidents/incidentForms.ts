// Pure helpers of the incident screens: what the "known outage" check asks while an agent takes a call, what the
// declare form is prefilled with from a ticket, and which of an incident's scope and roles an edit changes (only
// those are sent, with the version read). Tested without a browser.
import { INCIDENT_TEXT_MAX } from '../../../../src/features/incidents/schemas.ts';
import type { IncidentView, MatchingIncident } from '../../api/incidents.ts';

/** What the agent has picked so far on a new ticket (or what the phone system knows of the caller). */
export type OutageFacts = {
  serviceId?: string | null;
  moduleId?: string | null;
  facilityId?: string | null;
  unitId?: string | null;
  /** What the caller says (summary, error): an incident's match terms in it make a suggestion. */
  text?: string;
};

/** The words sent for matching: the server takes at most 2,000 characters. */
const TEXT_MAX = 2000;

/**
 * The query string of GET /api/v1/incidents/matching for what is known, or null when nothing could match yet: a
 * ticket links or is suggested by its application or module, or by words; a place alone never matches.
 */
export function matchingQueryString(facts: OutageFacts): string | null {
  const text = (facts.text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, TEXT_MAX)
    .replace(/[\uD800-\uDBFF]$/, '')
    .trim();
  if (!facts.serviceId && !facts.moduleId && text.length < 2) return null;
  const params = new URLSearchParams();
  for (const key of ['serviceId', 'moduleId', 'facilityId', 'unitId'] as const) {
    const value = facts[key];
    if (value) params.set(key, value);
  }
  if (text.length >= 2) params.set('text', text);
  return params.toString();
}

/** The one-click button of the notice: link and answer when the incident has an answer for callers, else link. */
export function linkOutageLabel(incident: Pick<MatchingIncident, 'number' | 'publicReply'>): string {
  return incident.publicReply.trim()
    ? `Link to ${incident.number} and answer with the known-outage message`
    : `Link to ${incident.number}`;
}

/** Whether the one-click link also sends the incident's public reply (the server refuses a reply it does not have). */
export const repliesWith = (incident: Pick<MatchingIncident, 'publicReply'>) => incident.publicReply.trim() !== '';

/** What the ticket says about itself that the declare form starts from. */
export type TicketFacts = {
  number: string;
  summary: string;
  serviceId: string | null;
  moduleId: string | null;
  facilityId: string | null;
  unitId: string | null;
};

export type ScopeDraft = { serviceIds: string[]; moduleIds: string[]; facilityIds: string[]; unitIds: string[] };
export type DeclareDraft = ScopeDraft & { title: string; fromTicket: string | null };

export const EMPTY_DECLARE_DRAFT: DeclareDraft = {
  title: '',
  fromTicket: null,
  serviceIds: [],
  moduleIds: [],
  facilityIds: [],
  unitIds: [],
};

/**
 * The declare form from a ticket's page: its summary as the title, its application and module, facility and unit as
 * the scope (the declarer widens it before declaring), and the ticket as the first child.
 */
export function declareDraftFromTicket(ticket: TicketFacts): DeclareDraft {
  const list = (id: string | null) => (id ? [id] : []);
  return {
    title: ticket.summary.trim().slice(0, INCIDENT_TEXT_MAX.title),
    fromTicket: ticket.number,
    serviceIds: list(ticket.serviceId),
    moduleIds: list(ticket.moduleId),
    facilityIds: list(ticket.facilityId),
    unitIds: list(ticket.unitId),
  };
}

export function scopeOf(incident: IncidentView): ScopeDraft {
  const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
  return {
    serviceIds: ids(incident.services),
    moduleIds: ids(incident.modules),
    facilityIds: ids(incident.facilities),
    unitIds: ids(incident.units),
  };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Only the lists the edit changed, so an unchanged list is not sent (and not written to the timeline). */
export function scopeChanges(before: ScopeDraft, after: ScopeDraft): Partial<ScopeDraft> {
  const out: Partial<ScopeDraft> = {};
  for (const key of ['serviceIds', 'moduleIds', 'facilityIds', 'unitIds'] as const) {
    if (!sameSet(before[key], after[key])) out[key] = after[key];
  }
  return out;
}

export const ROLE_FIELDS = [
  { field: 'commanderId', view: 'commander', label: 'Incident commander' },
  { field: 'clinicalLeadId', view: 'clinicalLead', label: 'Clinical operations lead' },
  { field: 'itLeadId', view: 'itLead', label: 'IT lead' },
  { field: 'commsLeadId', view: 'commsLead', label: 'Communications lead' },
] as const;

export type RoleField = (typeof ROLE_FIELDS)[number]['field'];
export type RolesDraft = Record<RoleField, string | null>;

export function rolesOf(incident: IncidentView): RolesDraft {
  return {
    commanderId: incident.commander?.id ?? null,
    clinicalLeadId: incident.clinicalLead?.id ?? null,
    itLeadId: incident.itLead?.id ?? null,
    commsLeadId: incident.commsLead?.id ?? null,
  };
}

/** Only the roles the edit changed (null: nobody named). */
export function roleChanges(before: RolesDraft, after: RolesDraft): Partial<RolesDraft> {
  const out: Partial<RolesDraft> = {};
  for (const { field } of ROLE_FIELDS) if (before[field] !== after[field]) out[field] = after[field];
  return out;
}

export type WordsDraft = { title: string; publicSummary: string; publicReply: string; noticeHoursBefore: number };

export function wordsOf(incident: IncidentView): WordsDraft {
  return {
    title: incident.title,
    publicSummary: incident.publicSummary,
    publicReply: incident.publicReply,
    noticeHoursBefore: incident.noticeHoursBefore,
  };
}

/** Only the words the edit changed, trimmed (a title or summary left as it was is not sent, nor written down). */
export function wordsChanges(before: WordsDraft, after: WordsDraft): Partial<WordsDraft> {
  const out: Partial<WordsDraft> = {};
  for (const key of ['title', 'publicSummary', 'publicReply'] as const) {
    const next = after[key].trim();
    if (next !== before[key]) out[key] = next;
  }
  if (after.noticeHoursBefore !== before.noticeHoursBefore) out.noticeHoursBefore = after.noticeHoursBefore;
  return out;
}
