// Satisfaction surveys (admin): the policies that decide who is asked after a resolution, pulse runs, and who
// answers versus who was asked.
import { Button, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  deleteSurveyPolicy,
  pulsesQuery,
  runPulse,
  type SurveyPolicyView,
  surveyKeys,
  surveyPoliciesQuery,
} from '../../api/surveys.ts';
import { plural } from '../../components/plural.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { serverErrors } from '../../forms/schemaErrors.ts';
import { PulseLinks } from './PulseLinks.tsx';
import { PolicyForm } from './SurveyPolicyForm.tsx';
import { pct, ResponseRates } from './SurveyRates.tsx';
import { NEW_PULSE, PULSE_GROUPS, type PulseValues, pulseProblems, pulseRequest } from './surveyForms.ts';

function Policies() {
  const queryClient = useQueryClient();
  const policies = useQuery(surveyPoliciesQuery);
  const [editing, setEditing] = useState<SurveyPolicyView | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: deleteSurveyPolicy,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: surveyKeys.policies }),
  });
  if (policies.isPending) return <Loading label="Loading survey policies…" />;
  if (policies.isError)
    return <LoadError what="survey policies" error={policies.error} retry={() => void policies.refetch()} />;
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Survey policies
      </Title>
      <Text size="sm" c="dimmed">
        After a ticket is resolved, the first active policy whose conditions match decides whether the requester is
        asked. Duplicate and cancelled tickets are never surveyed.
      </Text>
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Position</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Asked</Table.Th>
            <Table.Th>Once in</Table.Th>
            <Table.Th>Delay</Table.Th>
            <Table.Th>Active</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {policies.data.policies.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{p.position}</Table.Td>
              <Table.Td>{p.name}</Table.Td>
              <Table.Td>{pct(p.probability)}</Table.Td>
              <Table.Td>{p.repeatIntervalDays} days</Table.Td>
              <Table.Td>{p.delayMinutes} min</Table.Td>
              <Table.Td>{p.active ? 'Yes' : 'No'}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Button size="xs" variant="default" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                    Edit
                  </Button>
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => remove.mutate(p.id)}
                    aria-label={`Remove ${p.name}`}
                  >
                    Remove
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ActionError error={remove.error} title="The policy was not removed" />
      {editing ? (
        <Paper withBorder p="md">
          <PolicyForm
            key={editing === 'new' ? 'new' : editing.id}
            policy={editing === 'new' ? undefined : editing}
            onDone={() => setEditing(null)}
          />
        </Paper>
      ) : (
        <Group>
          <Button variant="light" onClick={() => setEditing('new')}>
            Add a policy
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Pulses() {
  const queryClient = useQueryClient();
  const pulses = useQuery(pulsesQuery);
  const form = useForm<PulseValues>({ initialValues: NEW_PULSE, validate: pulseProblems });
  const [linksFor, setLinksFor] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (values: PulseValues) => runPulse(pulseRequest(values)),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: surveyKeys.pulses });
      if (result.withoutAccount > 0) setLinksFor(result.id);
    },
    onError: (error) => form.setErrors(serverErrors(error)),
  });
  // A refusal about particular fields shows under them; any other shows once, below the form.
  const otherProblem = Object.keys(serverErrors(run.error)).length === 0 ? run.error : null;
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Pulse survey
      </Title>
      <Text size="sm" c="dimmed">
        Asks “How satisfied are you with IT support?” of a random sample per role group; answers are attributed to the
        providers that served each person in the last 90 days.
      </Text>
      <form onSubmit={form.onSubmit((values) => run.mutate(values))} noValidate aria-label="Run a pulse survey">
        <Stack gap="sm">
          <TextInput label="Name" {...form.getInputProps('name')} required />
          <Group grow align="flex-start">
            {PULSE_GROUPS.map(([key, label]) => (
              <NumberInput
                key={key}
                label={label}
                min={0}
                {...form.getInputProps(`sample.${key}`)}
                onChange={(value) => {
                  form.setFieldValue(`sample.${key}`, value);
                  form.clearFieldError('sample');
                }}
              />
            ))}
          </Group>
          {form.errors.sample && (
            <Text size="sm" c="red.9" role="alert">
              {form.errors.sample}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={run.isPending}>
              Run the pulse
            </Button>
          </Group>
          <ActionError error={otherProblem} title="The pulse did not run" />
          {run.data && (
            <Text role="status" size="sm">
              Asked {plural(run.data.invited, 'person', 'people')}.{' '}
              {run.data.withoutAccount > 0
                ? `${plural(run.data.withoutAccount, 'person has', 'people have')} no portal account: get their links below and send them.`
                : 'Everyone asked answers in the portal.'}
            </Text>
          )}
        </Stack>
      </form>
      {pulses.data && pulses.data.pulses.length > 0 && (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Pulse</Table.Th>
              <Table.Th>Asked</Table.Th>
              <Table.Th>Answered</Table.Th>
              <Table.Th>Without a portal account</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pulses.data.pulses.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{p.invited}</Table.Td>
                <Table.Td>
                  {p.answered} ({pct(p.invited ? p.answered / p.invited : null)})
                </Table.Td>
                <Table.Td>
                  {p.withoutAccount === 0 ? (
                    '0'
                  ) : (
                    <Button
                      size="compact-sm"
                      variant={linksFor === p.id ? 'light' : 'default'}
                      onClick={() => setLinksFor(linksFor === p.id ? null : p.id)}
                      aria-expanded={linksFor === p.id}
                      aria-label={`${p.withoutAccount} without a portal account in ${p.name}: their links`}
                    >
                      Links ({p.withoutAccount})
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {linksFor && <PulseLinks key={linksFor} pulseId={linksFor} />}
    </Stack>
  );
}

export function SurveysTab() {
  return (
    <Stack gap="xl">
      <Policies />
      <Pulses />
      <ResponseRates />
    </Stack>
  );
}
