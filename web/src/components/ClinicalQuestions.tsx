// The clinical questions that set priority: is care affected, who is affected, is there a workaround, any safety
// risk. One set of questions for the desk (console) and for the people who ask for help (portal), each in its words.
import { Checkbox, Group, type MantineSpacing, Radio, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import type { OpenTicketInput } from '../../../src/features/tickets/schemas.ts';

type Scope = NonNullable<OpenTicketInput['scope']>;

export type ClinicalAnswers = Required<
  Pick<OpenTicketInput, 'patientCareAffected' | 'scope' | 'workaroundAvailable' | 'patientSafety'>
> & { safetyReportRef: string };

export const NO_CLINICAL_IMPACT: ClinicalAnswers = {
  patientCareAffected: false,
  scope: 'me',
  workaroundAvailable: null,
  patientSafety: false,
  safetyReportRef: '',
};

/** How a screen asks the questions: the desk's words to an agent, or plain words to the person who needs help. */
export type ClinicalWords = {
  care: { label: string; yes: string; required?: boolean };
  workaround: { label: string; description?: string; unknown: string };
  scope: { label: string; choices: readonly { value: Scope; label: string }[] };
  gap: MantineSpacing;
};

export const DESK_WORDS: ClinicalWords = {
  care: { label: 'Is patient care affected right now?', yes: 'Yes, care is waiting' },
  workaround: { label: 'Is there a workaround?', unknown: 'Not known' },
  scope: {
    label: 'Who is affected?',
    choices: [
      { value: 'me', label: 'One person' },
      { value: 'unit', label: 'A unit' },
      { value: 'facility', label: 'A whole facility' },
      { value: 'enterprise', label: 'Several facilities' },
    ],
  },
  gap: 'md',
};

export const REQUESTER_WORDS: ClinicalWords = {
  care: {
    label: 'Is a patient waiting, or is care affected right now?',
    yes: 'Yes, care is affected now',
    required: true,
  },
  workaround: {
    label: 'Is there a workaround?',
    description: 'Another way to get the work done for now, such as another computer or a paper downtime form',
    unknown: 'Not sure',
  },
  scope: {
    label: 'Who is affected?',
    choices: [
      { value: 'me', label: 'Just me' },
      { value: 'unit', label: 'My unit' },
      { value: 'facility', label: 'The whole hospital' },
    ],
  },
  gap: 'lg',
};

/** One answer, shaped like Mantine form's `getInputProps` so a form can spread it. */
type Answer<T> = { value: T; onChange: (value: T) => void; error?: ReactNode; words: ClinicalWords };

const yesNo = (value: boolean | null) => (value === null ? 'unknown' : value ? 'yes' : 'no');
const fromYesNo = (value: string) => (value === 'unknown' ? null : value === 'yes');

/** Unanswered (null) until chosen where the form insists on an answer. */
export function CareAffectedQuestion({ value, onChange, error, words }: Answer<boolean | null>) {
  return (
    <Radio.Group
      label={words.care.label}
      value={value === null ? '' : value ? 'yes' : 'no'}
      onChange={(choice) => onChange(choice === 'yes')}
      error={error}
      required={words.care.required}
    >
      <Group gap={words.gap} mt={6}>
        <Radio value="yes" label={words.care.yes} />
        <Radio value="no" label="No" />
      </Group>
    </Radio.Group>
  );
}

export function WorkaroundQuestion({ value, onChange, error, words }: Answer<boolean | null>) {
  return (
    <Radio.Group
      label={words.workaround.label}
      description={words.workaround.description}
      value={yesNo(value)}
      onChange={(choice) => onChange(fromYesNo(choice))}
      error={error}
    >
      <Group gap={words.gap} mt={6}>
        <Radio value="yes" label="Yes" />
        <Radio value="no" label="No" />
        <Radio value="unknown" label={words.workaround.unknown} />
      </Group>
    </Radio.Group>
  );
}

export function ScopeQuestion({ value, onChange, error, words }: Answer<Scope>) {
  return (
    <Radio.Group label={words.scope.label} value={value} onChange={(choice) => onChange(choice as Scope)} error={error}>
      <Group gap={words.gap} mt={6}>
        {words.scope.choices.map((choice) => (
          <Radio key={choice.value} value={choice.value} label={choice.label} />
        ))}
      </Group>
    </Radio.Group>
  );
}

type Props = {
  value: ClinicalAnswers;
  onChange: (value: ClinicalAnswers) => void;
  errors?: Partial<Record<keyof ClinicalAnswers, ReactNode>>;
};

/** The desk's full set, as an agent asks it on a call. */
export function ClinicalQuestions({ value, onChange, errors = {} }: Props) {
  const answer = <K extends keyof ClinicalAnswers>(key: K) => ({
    value: value[key],
    onChange: (answered: ClinicalAnswers[K]) => onChange({ ...value, [key]: answered }),
    error: errors[key],
    words: DESK_WORDS,
  });
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <CareAffectedQuestion
          {...answer('patientCareAffected')}
          onChange={(care) => onChange({ ...value, patientCareAffected: care === true })}
        />
        <WorkaroundQuestion {...answer('workaroundAvailable')} />
      </SimpleGrid>
      <ScopeQuestion {...answer('scope')} />
      <Checkbox
        label="Patient-safety risk"
        description="Raises the ticket to at least P2. Record the safety event report number, never patient details."
        checked={value.patientSafety}
        onChange={(event) => onChange({ ...value, patientSafety: event.currentTarget.checked })}
      />
      {value.patientSafety && (
        <TextInput
          label="Safety event report number"
          placeholder="e.g. SE-2026-0412"
          value={value.safetyReportRef}
          onChange={(event) => onChange({ ...value, safetyReportRef: event.currentTarget.value })}
          error={errors.safetyReportRef}
          maw={280}
        />
      )}
    </Stack>
  );
}

/** The answers as the API takes them. */
export function clinicalBody(answers: ClinicalAnswers) {
  return {
    patientCareAffected: answers.patientCareAffected,
    scope: answers.scope,
    workaroundAvailable: answers.workaroundAvailable,
    patientSafety: answers.patientSafety,
    safetyReportRef: answers.patientSafety && answers.safetyReportRef.trim() ? answers.safetyReportRef.trim() : null,
  };
}
