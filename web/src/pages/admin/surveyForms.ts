// What the survey admin forms send, checked first by the server's own schemas (policyBody, pulseBody), with each
// problem said in the manager's words under the field it is about. Pure, so the words are tested without a browser.
import { type PolicyInput, type PulseInput, policyBody, pulseBody } from '../../../../src/features/surveys/schemas.ts';
import { type FormErrors, schemaErrors, type Wording } from '../../forms/schemaErrors.ts';

/** A number field as Mantine's NumberInput leaves it: a number, or '' once emptied. */
type NumberField = number | string;

/** A number field's value as the server takes it: an emptied field is left out (and so reported as required). */
const numberOf = (value: NumberField): number | undefined => (value === '' ? undefined : Number(value));

export type PolicyValues = {
  name: string;
  active: boolean;
  position: NumberField;
  /** The share asked as the form shows it, in per cent (the server takes 0–1). */
  sharePercent: NumberField;
  repeatIntervalDays: NumberField;
  delayMinutes: NumberField;
  expiresAfterDays: NumberField;
  conditions: PolicyInput['conditions'];
};

export const NEW_POLICY: PolicyValues = {
  name: '',
  active: true,
  position: 10,
  conditions: {},
  sharePercent: 100,
  repeatIntervalDays: 14,
  delayMinutes: 30,
  expiresAfterDays: 14,
};

/** A saved policy as the form edits it (its id and timestamps are not sent: the server refuses unknown fields). */
export function policyValues(policy: PolicyInput): PolicyValues {
  const { probability, ...rest } = policy;
  return { ...rest, sharePercent: Math.round(probability * 100) };
}

export function policyRequest(values: PolicyValues) {
  const { sharePercent, position, repeatIntervalDays, delayMinutes, expiresAfterDays, ...rest } = values;
  const share = numberOf(sharePercent);
  return {
    ...rest,
    name: values.name.trim(),
    position: numberOf(position),
    probability: share === undefined ? undefined : share / 100,
    repeatIntervalDays: numberOf(repeatIntervalDays),
    delayMinutes: numberOf(delayMinutes),
    expiresAfterDays: numberOf(expiresAfterDays),
  } as PolicyInput;
}

const POLICY_WORDING: Wording = {
  fields: { probability: 'sharePercent' },
  labels: {
    name: 'Name',
    position: 'Position',
    probability: 'Share asked',
    repeatIntervalDays: 'Days before asking the same person again',
    delayMinutes: 'Delay after resolution (minutes)',
    expiresAfterDays: 'Days it can be answered for',
  },
  required: { name: 'Give the policy a name' },
};

export function policyProblems(values: PolicyValues): FormErrors {
  const errors = schemaErrors(policyBody, policyRequest(values), POLICY_WORDING);
  // The server counts the share from 0 to 1; the form asks it in per cent.
  if (errors.sharePercent && values.sharePercent !== '') errors.sharePercent = 'Share asked must be from 0 to 100%';
  return errors;
}

/** The server's field messages for a refused policy, under the form's fields. */
export const POLICY_SERVER_WORDING: Wording = { fields: POLICY_WORDING.fields };

export const PULSE_GROUPS = [
  ['physicians', 'Physicians'],
  ['advanced_practice', 'Advanced practice'],
  ['nurses', 'Nurses'],
  ['others', 'Others'],
] as const;
type RoleGroup = (typeof PULSE_GROUPS)[number][0];

export type PulseValues = { name: string; sample: Record<RoleGroup, NumberField> };

export const NEW_PULSE: PulseValues = {
  name: 'IT support pulse',
  sample: { physicians: 50, advanced_practice: 20, nurses: 100, others: 50 },
};

/** The pulse asks about the last 90 days of support, and can be answered for 14 days. */
export function pulseRequest(values: PulseValues): PulseInput {
  const sample = Object.fromEntries(PULSE_GROUPS.map(([group]) => [group, numberOf(values.sample[group]) ?? 0]));
  return { name: values.name.trim(), sample, periodDays: 90, expiresAfterDays: 14 };
}

const PULSE_WORDING: Wording = {
  labels: { name: 'Name', ...Object.fromEntries(PULSE_GROUPS.map(([group, label]) => [`sample.${group}`, label])) },
  required: { name: 'Give the pulse a name' },
};

export function pulseProblems(values: PulseValues): FormErrors {
  const errors = schemaErrors(pulseBody, pulseRequest(values), PULSE_WORDING);
  if (errors.sample) errors.sample = 'Ask at least one person: give a number for at least one group';
  return errors;
}
