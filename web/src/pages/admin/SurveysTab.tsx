// Satisfaction surveys (admin): the policies that decide who is asked after a resolution, pulse runs, and who
// answers versus who was asked.
import {
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { PolicyInput } from '../../../../src/features/surveys/schemas.ts';
import {
  createSurveyPolicy,
  deleteSurveyPolicy,
  pulsesQuery,
  runPulse,
  type SurveyPolicyView,
  surveyKeys,
  surveyPoliciesQuery,
  updateSurveyPolicy,
} from '../../api/surveys.ts';
import { plural } from '../../components/plural.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { PulseLinks } from './PulseLinks.tsx';
import { pct, ResponseRates } from './SurveyRates.tsx';

/** What the form edits and sends: the policy without its id and timestamps (the server refuses unknown fields). */
function inputOf({ id: _id, createdAt: _c, updatedAt: _u, ...input }: SurveyPolicyView): PolicyInput {
  return input;
}

function PolicyForm({ policy, onDone }: { policy?: SurveyPolicyView; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [v, setV] = useState<PolicyInput>(
    policy
      ? inputOf(policy)
      : {
          name: '',
          active: true,
          position: 10,
          conditions: {},
          probability: 1,
          repeatIntervalDays: 14,
          delayMinutes: 30,
          expiresAfterDays: 14,
        },
  );
  const save = useMutation({
    mutationFn: () => (policy ? updateSurveyPolicy(policy.id, v) : createSurveyPolicy(v)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: surveyKeys.policies });
      onDone();
    },
  });
  const num = (key: keyof PolicyInput) => (x: string | number) => setV({ ...v, [key]: Number(x) });
  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} aria-label={policy ? `Edit ${policy.name}` : 'New survey policy'}>
      <Stack gap="sm">
        <TextInput label="Name" required value={v.name} onChange={(e) => setV({ ...v, name: e.currentTarget.value })} />
        <Group grow>
          <NumberInput label="Position (lowest tried first)" min={0} value={v.position} onChange={num('position')} />
          <NumberInput
            label="Share asked (%)"
            min={0}
            max={100}
            value={Math.round(v.probability * 100)}
            onChange={(x) => setV({ ...v, probability: Number(x) / 100 })}
          />
        </Group>
        <Group grow>
          <NumberInput
            label="Ask nobody more than once in (days)"
            min={0}
            value={v.repeatIntervalDays}
            onChange={num('repeatIntervalDays')}
          />
          <NumberInput
            label="Delay after resolution (minutes)"
            min={0}
            value={v.delayMinutes}
            onChange={num('delayMinutes')}
          />
          <NumberInput
            label="Can be answered for (days)"
            min={1}
            value={v.expiresAfterDays}
            onChange={num('expiresAfterDays')}
          />
        </Group>
        <Switch label="Active" checked={v.active} onChange={(e) => setV({ ...v, active: e.currentTarget.checked })} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save policy
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
        <ActionError error={save.error} title="The policy was not saved" />
      </Stack>
    </form>
  );
}

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
  const [name, setName] = useState('IT support pulse');
  const [sample, setSample] = useState({ physicians: 50, advanced_practice: 20, nurses: 100, others: 50 });
  const [linksFor, setLinksFor] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: () => runPulse({ name, sample, periodDays: 90, expiresAfterDays: 14 }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: surveyKeys.pulses });
      if (result.withoutAccount > 0) setLinksFor(result.id);
    },
  });
  const groups = [
    ['physicians', 'Physicians'],
    ['advanced_practice', 'Advanced practice'],
    ['nurses', 'Nurses'],
    ['others', 'Others'],
  ] as const;
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Pulse survey
      </Title>
      <Text size="sm" c="dimmed">
        Asks “How satisfied are you with IT support?” of a random sample per role group; answers are attributed to the
        providers that served each person in the last 90 days.
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
        aria-label="Run a pulse survey"
      >
        <Stack gap="sm">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          <Group grow>
            {groups.map(([key, label]) => (
              <NumberInput
                key={key}
                label={label}
                min={0}
                value={sample[key]}
                onChange={(x) => setSample({ ...sample, [key]: Number(x) })}
              />
            ))}
          </Group>
          <Group>
            <Button type="submit" loading={run.isPending}>
              Run the pulse
            </Button>
          </Group>
          <ActionError error={run.error} title="The pulse did not run" />
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
