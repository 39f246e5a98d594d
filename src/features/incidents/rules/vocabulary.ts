// The words of major incidents and declared EHR downtime (docs/incidents.md): kinds, severities, states, how a
// ticket came to be a child, what the timeline records, and the INC-000012 numbers.

export const INCIDENT_KINDS = ['major_incident', 'ehr_downtime'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** sev1: patient care is affected across a facility or more; sev2: a unit or a clinical workflow; sev3: degraded. */
export const SEVERITIES = ['sev1', 'sev2', 'sev3'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** scheduled: a planned downtime not started yet; declared: under way; monitoring: fixed, being watched. */
export const INCIDENT_STATES = ['scheduled', 'declared', 'monitoring', 'resolved', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
/** The states in which new tickets attach themselves and the incident counts as open. */
export const OPEN_STATES = ['scheduled', 'declared', 'monitoring'] as const satisfies readonly IncidentState[];

/** linked: a child of the incident; suggested: only the text is similar, an agent decides; dismissed: not it. */
export const CHILD_STATUSES = ['linked', 'suggested', 'dismissed'] as const;
export type ChildStatus = (typeof CHILD_STATUSES)[number];
/** Who made the link: the matching rules on intake, an agent, or an agent accepting a suggestion. */
export const LINK_SOURCES = ['auto', 'agent', 'accepted_suggestion'] as const;
export type LinkSource = (typeof LINK_SOURCES)[number];

/** What resolving an incident does to its open children. */
export const FAN_OUTS = ['resolve', 'message'] as const;
export type FanOut = (typeof FAN_OUTS)[number];

export const TIMELINE_KINDS = ['declared', 'decision', 'event', 'state', 'change', 'children'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Declared from a ticket: the roles next to the commander. */
export const ROLE_FIELDS = ['commanderId', 'clinicalLeadId', 'itLeadId', 'commsLeadId'] as const;

const PREFIX = 'INC-';

export function formatIncidentNumber(n: number): string {
  return `${PREFIX}${String(n).padStart(6, '0')}`;
}

/** Accepts "INC-000012", "inc-12" or "12"; returns the number or null. */
export function parseIncidentNumber(s: string): number | null {
  const m = /^(?:inc-)?0*(\d{1,15})$/i.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function isOpenState(state: IncidentState): boolean {
  return (OPEN_STATES as readonly IncidentState[]).includes(state);
}
