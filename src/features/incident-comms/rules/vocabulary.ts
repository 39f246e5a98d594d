// The words incident communications share with the incident core (features/incidents): its states, and which of
// them count as open, planned or over. Kept here as plain values so the pure rules need nothing else.

export const INCIDENT_STATES = ['scheduled', 'declared', 'monitoring', 'resolved', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** Happening now: the commander owes updates and the banner shows. */
export const OPEN_STATES: readonly IncidentState[] = ['declared', 'monitoring'];
/** Over: no reminders, no banner; the status page keeps it under "recently resolved" for a while. */
export const OVER_STATES: readonly IncidentState[] = ['resolved', 'closed'];

export const isOpen = (s: IncidentState) => OPEN_STATES.includes(s);
export const isOver = (s: IncidentState) => OVER_STATES.includes(s);

export const INCIDENT_KIND_LABELS = { major_incident: 'Major incident', ehr_downtime: 'EHR downtime' } as const;
export type IncidentKind = keyof typeof INCIDENT_KIND_LABELS;
