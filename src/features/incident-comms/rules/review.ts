// The post-incident review, decided without a database: the cause in the SAFER sociotechnical dimensions (Sittig &
// Singh, the ONC SAFER guides' taxonomy), and the impact computed from the incident's data with its formula stated.
import { Invalid } from '../../../platform/errors.ts';
import { detectPhi, type PhiKind } from '../../privacy/rules.ts';

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

// --- The review itself: who may start one, what it may say, and how its actions are tracked. ---

/** A review is written once the incident is over: resolved (it may still be reopened) or closed. */
export function reviewRefusal(state: string, number: string): string | null {
  if (state === 'resolved' || state === 'closed') return null;
  return `${number} is still ${state === 'scheduled' ? 'scheduled' : 'going on'}: write its review once it is resolved.`;
}

/** Clinical roles whose time counts in the impact (the unit clerk, registration, revenue cycle and IT do not). */
export const CLINICIAN_ROLES = ['attending', 'resident', 'app', 'rn', 'pharmacist', 'tech'] as const;

/** Minutes of downtime: from the start (or the planned start) to the resolution (or `now`, while still open). */
export function downtimeMinutes(
  i: { startedAt: Date | null; scheduledStart: Date | null; resolvedAt: Date | null },
  now: Date,
): number {
  const start = i.startedAt ?? i.scheduledStart;
  if (!start) return 0;
  const end = i.resolvedAt ?? now;
  return Math.max(0, Math.round((end.getTime() - start.getTime()) / 60_000));
}

export const REVIEW_TEXT_MAX = 10_000;
export const REVIEW_LINE_MAX = 500;
export const REVIEW_FACTORS_MAX = 30;

const PHI_WORDS: Record<PhiKind, string> = {
  ssn: 'a social security number',
  mrn: 'a medical record number',
  date_of_birth: 'a date of birth',
  phone: 'a phone number',
  email: 'an email address',
  patient_name: "a patient's name",
};

/**
 * The review is shared beyond the desk (quality, safety committee, the vendor's account manager): it names no
 * patient. Every free text is run through the likely-PHI detector; a 400 names each field and what was found there.
 */
export function checkReviewTexts(fields: Record<string, string | null | undefined>): void {
  const errors: { field: string; message: string }[] = [];
  const found = new Set<PhiKind>();
  for (const [field, value] of Object.entries(fields)) {
    if (!value) continue;
    const kinds = [...new Set(detectPhi(value).map((f) => f.kind))];
    if (kinds.length === 0) continue;
    for (const k of kinds) found.add(k);
    errors.push({ field, message: `Looks like ${kinds.map((k) => PHI_WORDS[k]).join(', ')}.` });
  }
  if (errors.length === 0) return;
  const what = [...found].map((k) => PHI_WORDS[k]).join(', ');
  throw new Invalid(
    `The review looks like it contains ${what}. A review names no patient: describe what happened without who it happened to.`,
    errors,
  );
}

export type ActionFacts = { dueOn: string | null; doneAt: Date | null };

/** Done, open and overdue actions on a day (`today` as YYYY-MM-DD in the desk's time zone); an action due today is not late. */
export function actionProgress(actions: ActionFacts[], today: string) {
  const done = actions.filter((a) => a.doneAt !== null).length;
  const overdue = actions.filter((a) => a.doneAt === null && a.dueOn !== null && a.dueOn < today).length;
  return { total: actions.length, done, open: actions.length - done, overdue };
}
