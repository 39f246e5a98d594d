// The clinical questions that set priority: is care affected, who is affected, is there a workaround, any safety risk.
import { Checkbox, Group, Radio, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { OpenTicketInput } from '../../../../../src/features/tickets/schemas.ts';

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

const SCOPE_CHOICES = [
  { value: 'me', label: 'One person' },
  { value: 'unit', label: 'A unit' },
  { value: 'facility', label: 'A whole facility' },
  { value: 'enterprise', label: 'Several facilities' },
] as const;

const yesNo = (value: boolean | null) => (value === null ? 'unknown' : value ? 'yes' : 'no');
const fromYesNo = (value: string) => (value === 'unknown' ? null : value === 'yes');

type Props = { value: ClinicalAnswers; onChange: (value: ClinicalAnswers) => void };

export function ClinicalQuestions({ value, onChange }: Props) {
  const set = (patch: Partial<ClinicalAnswers>) => onChange({ ...value, ...patch });
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Radio.Group
          label="Is patient care affected right now?"
          value={value.patientCareAffected ? 'yes' : 'no'}
          onChange={(choice) => set({ patientCareAffected: choice === 'yes' })}
        >
          <Group gap="md" mt={6}>
            <Radio value="yes" label="Yes, care is waiting" />
            <Radio value="no" label="No" />
          </Group>
        </Radio.Group>
        <Radio.Group
          label="Is there a workaround?"
          value={yesNo(value.workaroundAvailable)}
          onChange={(choice) => set({ workaroundAvailable: fromYesNo(choice) })}
        >
          <Group gap="md" mt={6}>
            <Radio value="yes" label="Yes" />
            <Radio value="no" label="No" />
            <Radio value="unknown" label="Not known" />
          </Group>
        </Radio.Group>
      </SimpleGrid>
      <Radio.Group
        label="Who is affected?"
        value={value.scope}
        onChange={(choice) => set({ scope: choice as ClinicalAnswers['scope'] })}
      >
        <Group gap="md" mt={6}>
          {SCOPE_CHOICES.map((choice) => (
            <Radio key={choice.value} value={choice.value} label={choice.label} />
          ))}
        </Group>
      </Radio.Group>
      <Checkbox
        label="Patient-safety risk"
        description="Raises the ticket to at least P2. Record the safety event report number, never patient details."
        checked={value.patientSafety}
        onChange={(event) => set({ patientSafety: event.currentTarget.checked })}
      />
      {value.patientSafety && (
        <TextInput
          label="Safety event report number"
          placeholder="e.g. SE-2026-0412"
          value={value.safetyReportRef}
          onChange={(event) => set({ safetyReportRef: event.currentTarget.value })}
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
