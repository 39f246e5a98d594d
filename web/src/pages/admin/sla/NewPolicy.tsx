// Adding an SLA policy. It starts from the desk's default targets; its targets are edited above once it exists.
import { Button, Group, NumberInput, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DEFAULT_TARGETS } from '../../../../../src/features/sla/rules/policy.ts';
import { policyBody } from '../../../../../src/features/sla/schemas.ts';
import { providersQuery } from '../../../api/admin.ts';
import { type CalendarView, createPolicy, type PolicyView, slaKeys } from '../../../api/sla.ts';
import { ActionError } from '../../../components/QueryStates.tsx';
import { useAddForm } from '../useAddForm.ts';

const WHEN = [
  { value: 'all', label: 'Every ticket' },
  { value: 'critical', label: 'Tickets on clinical-critical services' },
  { value: 'providerLine', label: 'Tickets from the provider line (physicians, APPs)' },
  { value: 'provider', label: 'While a given provider holds the ticket (contract SLA)' },
];

type NewPolicyValues = {
  name: string;
  position: number;
  when: string;
  providerId: string | null;
  calendarId: string | null;
};

function matchOf({ when, providerId }: NewPolicyValues): PolicyView['match'] {
  if (when === 'critical') return { clinicalCritical: true };
  if (when === 'providerLine') return { providerLine: true };
  if (when === 'provider' && providerId) return { providerIds: [providerId] };
  return {};
}

function policyOf(values: NewPolicyValues) {
  return {
    name: values.name,
    description: '',
    position: values.position,
    active: true,
    match: matchOf(values),
    calendarId: values.calendarId!,
    targets: DEFAULT_TARGETS,
    pauseStatuses: ['pending_requester' as const],
    atRiskPercent: 75,
  };
}

export function NewPolicy({ calendars }: { calendars: CalendarView[] }) {
  const providers = useQuery(providersQuery);
  const { form, submit, adding, otherProblem } = useAddForm({
    initialValues: {
      name: '',
      position: 50,
      when: 'provider',
      providerId: null,
      calendarId: calendars[0]?.id ?? null,
    } as NewPolicyValues,
    schema: policyBody,
    toBody: policyOf,
    create: createPolicy,
    refresh: slaKeys.policies,
    clearAfterAdd: ['name'],
  });
  const { name, when, providerId, calendarId } = form.values;
  const ready = name.trim() && calendarId && (when !== 'provider' || providerId);
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-label="New policy">
      <Stack gap="sm">
        <Text fw={600}>New policy</Text>
        <Group align="flex-end">
          <TextInput label="Name" {...form.getInputProps('name')} w={260} />
          <NumberInput
            label="Position"
            description="Lower is tried first"
            value={form.values.position}
            error={form.errors.position}
            min={0}
            max={100000}
            w={130}
            onChange={(v) => typeof v === 'number' && form.setFieldValue('position', v)}
          />
          <Select
            label="Applies to"
            data={WHEN}
            value={when}
            onChange={(v) => v && form.setFieldValue('when', v)}
            allowDeselect={false}
            w={380}
          />
        </Group>
        <Group align="flex-end">
          {when === 'provider' && (
            <Select
              label="Provider"
              data={(providers.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={providerId}
              onChange={(v) => form.setFieldValue('providerId', v)}
              error={form.errors['match.providerIds.0']}
              searchable
              w={320}
            />
          )}
          <Select
            label="Calendar"
            data={calendars.map((c) => ({ value: c.id, label: c.name }))}
            value={calendarId}
            onChange={(v) => form.setFieldValue('calendarId', v)}
            error={form.errors.calendarId}
            allowDeselect={false}
            w={320}
          />
        </Group>
        <ActionError error={otherProblem} title="Not created" />
        <Group>
          <Button type="submit" disabled={!ready} loading={adding}>
            Add policy
          </Button>
          <Text size="xs" c="dimmed">
            Starts with the default targets (P1 15 min / 2 h … P4 4 h / 3 days); change them once it is added.
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
