// The post-incident review, decided without a database: the cause in the SAFER sociotechnical dimensions (Sittig &
// Singh, the ONC SAFER guides' taxonomy), and the impact computed from the incident's data with its formula stated.
import { Invalid } from '../../../platform/errors.ts';

export const SAFER_DIMENSIONS = [
  'hardware_software',
  'clinical_content',
  'human_computer_interface',
  'people',
  'workflow_communication',
  'internal_organization',
  'external_rules',
  'measurement_monitoring',
] as const;
export type SaferDimension = (typeof SAFER_DIMENSIONS)[number];

export const SAFER_LABELS: Record<SaferDimension, string> = {
  hardware_software: 'Hardware and software',
  clinical_content: 'Clinical content',
  human_computer_interface: 'Human–computer interface',
  people: 'People',
  workflow_communication: 'Workflow and communication',
  internal_organization: 'Internal organizational features',
  external_rules: 'External rules and regulations',
  measurement_monitoring: 'Measurement and monitoring',
};

/**
 * Share of a clinician's time lost while working on downtime procedures (paper orders, MAR, phoned results). A
 * stated assumption, editable on each review; 0.25 = a quarter of each affected clinician's time in the downtime.
 */
export const DEFAULT_DOWNTIME_OVERHEAD = 0.25;

export type ImpactFacts = {
  /** Minutes from start (declared, or the planned start) to resolution (or now, while open). */
  durationMinutes: number;
  childTickets: number;
  /** Child tickets flagged "patient care affected" by the requester or the desk. */
  patientCareAffected: number;
  /** Calls linked to the child tickets. */
  calls: number;
  /** Affected units (named on the incident, or the units of its children). */
  units: number;
  /** Active clinicians (people with a clinical role other than non-clinical staff) on the affected units. */
  cliniciansOnAffectedUnits: number;
  overhead: number;
};

export type Impact = ImpactFacts & {
  clinicianHoursLost: number;
  formula: string;
};

export function checkOverhead(overhead: number): number {
  if (!(overhead >= 0 && overhead <= 1)) {
    throw new Invalid('The downtime overhead is a share of clinicians’ time, from 0 to 1 (0.25 = a quarter).', [
      { field: 'overhead', message: 'From 0 to 1.' },
    ]);
  }
  return overhead;
}

/** clinician hours lost = clinicians on affected units × downtime hours × overhead, rounded to a tenth of an hour. */
export function impactOf(f: ImpactFacts): Impact {
  const hours = Math.max(0, f.durationMinutes) / 60;
  const lost = Math.round(f.cliniciansOnAffectedUnits * hours * checkOverhead(f.overhead) * 10) / 10;
  return {
    ...f,
    clinicianHoursLost: lost,
    formula: `${f.cliniciansOnAffectedUnits} clinicians on affected units × ${hours.toFixed(1)} h × ${f.overhead} overhead = ${lost} clinician-hours`,
  };
}
