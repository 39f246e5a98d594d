// How incidents are named on screen: kinds, severities and states in the desk's words.
import type { IncidentKind, IncidentState, Severity } from '../../../../src/features/incidents/rules/vocabulary.ts';

export const KIND_WORDS: Record<IncidentKind, string> = {
  major_incident: 'Major incident',
  ehr_downtime: 'EHR downtime',
};

export const SEVERITY_WORDS: Record<Severity, { label: string; color: string }> = {
  sev1: { label: 'Severity 1 — patient care affected widely', color: 'red' },
  sev2: { label: 'Severity 2 — several units affected', color: 'orange' },
  sev3: { label: 'Severity 3 — limited impact', color: 'yellow' },
};

export const STATE_WORDS: Record<IncidentState, { label: string; color: string }> = {
  scheduled: { label: 'Scheduled', color: 'blue' },
  declared: { label: 'Under way', color: 'red' },
  monitoring: { label: 'Monitoring', color: 'orange' },
  resolved: { label: 'Resolved', color: 'green' },
  closed: { label: 'Closed', color: 'gray' },
};

/** The button that moves an incident to a state, as the commander reads it. */
export const MOVE_WORDS: Record<IncidentState, string> = {
  scheduled: 'Schedule',
  declared: 'Mark under way',
  monitoring: 'Start monitoring',
  resolved: 'Resolve…',
  closed: 'Close',
};

export function shortTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
