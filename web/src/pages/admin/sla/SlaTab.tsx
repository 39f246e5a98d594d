// SLA policies (targets per priority, the calendar they run on, when they apply) and service calendars (weekly
// hours, holidays and closures, imported from CSV or iCalendar). Checked with the same rules the server applies.
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { calendarProblems, type WeeklyHours } from '../../../../src/features/sla/rules/calendar.ts';
import { DEFAULT_TARGETS, type PriorityTargets, policyProblems } from '../../../../src/features/sla/rules/policy.ts';
import { providersQuery } from '../../api/admin.ts';
import {
  type CalendarView,
  createCalendar,
  createPolicy,
  importClosures,
  type PolicyView,
  slaCalendarsQuery,
  slaKeys,
  slaPoliciesQuery,
  updateCalendar,
  updatePolicy,
} from '../../api/sla.ts';
import { plural } from '../../components/plural.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { formatSpan } from '../../components/SlaCountdown.tsx';
import { PatientCareCalendarWarning } from './PatientCareCalendarWarning.tsx';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const PRIORITIES = ['1', '2', '3', '4'] as const;

export function SlaTab() {
  const policies = useQuery(slaPoliciesQuery);
  const calendars = useQuery(slaCalendarsQuery);
  if (policies.isError) return <LoadError what="SLA policies" error={policies.error} />;
  if (calendars.isError) return <LoadError what="SLA calendars" error={calendars.error} />;
  if (!policies.data || !calendars.data) return <Loading label="Loading SLA settings…" />;
  return (
    <Stack gap="xl" maw={980}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Policies
        </Title>
        <Text size="sm">
          Tried in order; the first active policy whose conditions all hold applies. Changing a policy recomputes the
          due times of every open ticket within seconds.
        </Text>
        {policies.data.map((p) => (
          <PolicyEditor key={`${p.id}:${p.version}`} policy={p} policies={policies.data} calendars={calendars.data} />
        ))}
        <NewPolicy calendars={calendars.data} />
      </Stack>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Calendars
        </Title>
        {calendars.data.map((c) => (
          <CalendarEditor key={`${c.id}:${c.version}`} calendar={c} />
        ))}
        <NewCalendar />
      </Stack>
    </Stack>
  );
}

function conditionsOf(p: PolicyView): string {
  const parts: string[] = [];
  if (p.match.clinicalCritical !== undefined)
    parts.push(p.match.clinicalCritical ? 'clinical-critical services' : 'non-critical services');
  if (p.match.providerLine !== undefined) parts.push(p.match.providerLine ? 'provider line' : 'not provider line');
  if (p.match.ticketTypes?.length) parts.push(`types: ${p.match.ticketTypes.join(', ')}`);
  if (p.match.serviceIds?.length) parts.push(plural(p.match.serviceIds.length, 'service'));
  if (p.match.providerIds?.length) parts.push(`${plural(p.match.providerIds.length, 'provider')} holding the ticket`);
  if (p.match.patientCareOrP1 !== undefined)
    parts.push(p.match.patientCareOrP1 ? 'P1, patient care affected or safety flag' : 'not P1 nor patient care');
  return parts.length ? parts.join(' · ') : 'every ticket';
}

function PolicyEditor({
  policy,
  policies,
  calendars,
}: {
  policy: PolicyView;
  policies: PolicyView[];
  calendars: CalendarView[];
}) {
  const queryClient = useQueryClient();
  const [targets, setTargets] = useState<PriorityTargets>(policy.targets);
  const [calendarId, setCalendarId] = useState(policy.calendarId);
  const [active, setActive] = useState(policy.active);
  const [atRisk, setAtRisk] = useState(policy.atRiskPercent);
  const save = useMutation({
    mutationFn: () =>
      updatePolicy(policy.id, { version: policy.version, targets, calendarId, active, atRiskPercent: atRisk }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaKeys.policies }),
  });
  const problems = policyProblems({ targets, atRiskPercent: atRisk, pauseStatuses: policy.pauseStatuses });
  const changed =
    JSON.stringify(targets) !== JSON.stringify(policy.targets) ||
    calendarId !== policy.calendarId ||
    active !== policy.active ||
    atRisk !== policy.atRiskPercent;
  const setTarget = (prio: (typeof PRIORITIES)[number], key: 'responseMinutes' | 'resolutionMinutes', v: number) =>
    setTargets({ ...targets, [prio]: { ...targets[prio], [key]: v } });

  return (
    <Paper withBorder radius="md" p="md" aria-label={`Policy ${policy.name}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Group gap="xs">
              <Text fw={600}>{policy.name}</Text>
              <Badge variant="outline" color={policy.active ? '#1b5e2b' : 'gray.7'} tt="none">
                {policy.active ? 'Active' : 'Inactive'}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              #{policy.position} · applies to {conditionsOf(policy)} · pauses in{' '}
              {policy.pauseStatuses.join(', ').replaceAll('_', ' ') || 'no status'}
            </Text>
          </div>
          <Switch label="Active" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        </Group>
        <Table verticalSpacing={4} withRowBorders={false} maw={620}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Priority</Table.Th>
              <Table.Th scope="col">First response (minutes)</Table.Th>
              <Table.Th scope="col">Resolution (minutes)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {PRIORITIES.map((prio) => (
              <Table.Tr key={prio}>
                <Table.Th scope="row">P{prio}</Table.Th>
                {(['responseMinutes', 'resolutionMinutes'] as const).map((key) => (
                  <Table.Td key={key}>
                    <Group gap="xs" wrap="nowrap">
                      <NumberInput
                        aria-label={`P${prio} ${key === 'responseMinutes' ? 'first response' : 'resolution'} minutes`}
                        value={targets[prio][key]}
                        min={1}
                        max={525600}
                        w={110}
                        onChange={(v) => typeof v === 'number' && setTarget(prio, key, v)}
                      />
                      <Text size="xs" c="dimmed">
                        {formatSpan(targets[prio][key] * 60_000)}
                      </Text>
                    </Group>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group align="flex-end">
          <Select
            label="Calendar"
            data={calendars.map((c) => ({ value: c.id, label: c.name }))}
            value={calendarId}
            onChange={(v) => v && setCalendarId(v)}
            allowDeselect={false}
            w={320}
          />
          <NumberInput
            label="At risk after (% of target)"
            value={atRisk}
            min={1}
            max={99}
            w={200}
            onChange={(v) => typeof v === 'number' && setAtRisk(v)}
          />
        </Group>
        {problems.length > 0 && (
          <Alert color="red" variant="light" title="This policy cannot be saved" role="alert">
            <List size="sm">
              {problems.map((p) => (
                <List.Item key={p.field + p.message}>{p.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <PatientCareCalendarWarning
          edited={{ ...policy, calendarId, active }}
          policies={policies}
          calendars={calendars}
        />
        <ActionError error={save.error} title="Not saved" />
        <Group>
          <Button onClick={() => save.mutate()} disabled={!changed || problems.length > 0} loading={save.isPending}>
            Save policy
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function CalendarEditor({ calendar }: { calendar: CalendarView }) {
  const queryClient = useQueryClient();
  const [weekly, setWeekly] = useState<WeeklyHours[]>(calendar.weekly);
  const [timeZone, setTimeZone] = useState(calendar.timeZone ?? '');
  const [closures, setClosures] = useState(calendar.closures);
  const [format, setFormat] = useState<'csv' | 'ical'>('csv');
  const [content, setContent] = useState('');
  useEffect(() => setClosures(calendar.closures), [calendar.closures]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: slaKeys.calendars });
  const save = useMutation({
    mutationFn: () =>
      updateCalendar(calendar.id, { version: calendar.version, weekly, closures, timeZone: timeZone.trim() || null }),
    onSuccess: refresh,
  });
  const upload = useMutation({
    mutationFn: () => importClosures(calendar.id, { format, content, version: calendar.version }),
    onSuccess: refresh,
  });
  const problems = calendarProblems({
    alwaysOpen: calendar.alwaysOpen,
    timeZone: timeZone.trim() || 'UTC',
    weekly,
    closures,
  });
  const changed =
    JSON.stringify(weekly) !== JSON.stringify(calendar.weekly) ||
    JSON.stringify(closures) !== JSON.stringify(calendar.closures) ||
    (timeZone.trim() || null) !== calendar.timeZone;
  const setRow = (i: number, row: Partial<WeeklyHours>) =>
    setWeekly(weekly.map((w, j) => (j === i ? { ...w, ...row } : w)));

  return (
    <Paper withBorder radius="md" p="md" aria-label={`Calendar ${calendar.name}`}>
      <Stack gap="sm">
        <div>
          <Text fw={600}>{calendar.name}</Text>
          <Text size="sm" c="dimmed">
            {calendar.alwaysOpen ? 'Open 24 hours, 7 days: the clock always runs.' : 'Business hours.'}{' '}
            {calendar.usedBy.length ? `Used by: ${calendar.usedBy.join(', ')}.` : 'No policy uses it.'}
          </Text>
        </div>
        {!calendar.alwaysOpen && (
          <>
            <TextInput
              label="Time zone"
              description="IANA name such as America/Chicago; leave empty to use each ticket's facility's zone"
              value={timeZone}
              onChange={(e) => setTimeZone(e.currentTarget.value)}
              w={420}
            />
            <Table verticalSpacing={4} withRowBorders={false} maw={560}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Day</Table.Th>
                  <Table.Th scope="col">Opens</Table.Th>
                  <Table.Th scope="col">Closes</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>Remove</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {weekly.map((w, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
                  <Table.Tr key={i}>
                    <Table.Td>
                      <Select
                        aria-label={`Day of opening period ${i + 1}`}
                        data={DAYS.map((d, j) => ({ value: String(j + 1), label: d }))}
                        value={String(w.day)}
                        onChange={(v) => v && setRow(i, { day: Number(v) })}
                        allowDeselect={false}
                        w={150}
                      />
                    </Table.Td>
                    {(['start', 'end'] as const).map((edge) => (
                      <Table.Td key={edge}>
                        <TextInput
                          aria-label={`${edge === 'start' ? 'Opens' : 'Closes'} (period ${i + 1})`}
                          value={w[edge]}
                          w={90}
                          onChange={(e) => setRow(i, { [edge]: e.currentTarget.value })}
                        />
                      </Table.Td>
                    ))}
                    <Table.Td>
                      <Button variant="subtle" size="xs" onClick={() => setWeekly(weekly.filter((_, j) => j !== i))}>
                        Remove
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() => setWeekly([...weekly, { day: 6, start: '08:00', end: '12:00' }])}
              >
                Add opening period
              </Button>
            </Group>
            <Title order={3} size="h6">
              Holidays and closures ({closures.length})
            </Title>
            {closures.length > 0 && (
              <Table verticalSpacing={2} fz="sm" maw={720}>
                <Table.Tbody>
                  {closures.slice(0, 30).map((c) => (
                    <Table.Tr key={`${c.name}|${c.start}`}>
                      <Table.Td>{c.name}</Table.Td>
                      <Table.Td>
                        {c.start.replace('T', ' ')} → {c.end.replace('T', ' ')}
                      </Table.Td>
                      <Table.Td>
                        <Button
                          variant="subtle"
                          size="xs"
                          onClick={() => setClosures(closures.filter((x) => x !== c))}
                          aria-label={`Remove closure ${c.name} ${c.start}`}
                        >
                          Remove
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {closures.length > 30 && <Text size="xs">…and {closures.length - 30} more.</Text>}
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Stack gap={6}>
                <SegmentedControl
                  value={format}
                  onChange={(v) => setFormat(v as 'csv' | 'ical')}
                  data={[
                    { value: 'csv', label: 'CSV' },
                    { value: 'ical', label: 'iCalendar (.ics)' },
                  ]}
                />
                <Textarea
                  label="Import closures"
                  description={
                    format === 'csv'
                      ? 'One per line: name,YYYY-MM-DD or name,YYYY-MM-DDTHH:MM,YYYY-MM-DDTHH:MM'
                      : 'Paste an exported calendar; yearly holidays are expanded for three years'
                  }
                  autosize
                  minRows={3}
                  maxRows={10}
                  value={content}
                  onChange={(e) => setContent(e.currentTarget.value)}
                />
                <ActionError error={upload.error} title="Nothing imported" />
                {upload.isSuccess && (
                  <Text size="sm" c="green.9" role="status">
                    Added {upload.data.added} closures.
                  </Text>
                )}
                <Group>
                  <Button
                    variant="default"
                    onClick={() => upload.mutate()}
                    disabled={!content.trim() || changed}
                    loading={upload.isPending}
                  >
                    Import
                  </Button>
                  {changed && <Text size="xs">Save or discard your edits before importing.</Text>}
                </Group>
              </Stack>
            </SimpleGrid>
          </>
        )}
        {problems.length > 0 && (
          <Alert color="red" variant="light" title="This calendar cannot be saved" role="alert">
            <List size="sm">
              {problems.map((p) => (
                <List.Item key={p.field + p.message}>
                  {p.field}: {p.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        <ActionError error={save.error} title="Not saved" />
        {!calendar.alwaysOpen && (
          <Group>
            <Button onClick={() => save.mutate()} disabled={!changed || problems.length > 0} loading={save.isPending}>
              Save calendar
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

const WHEN = [
  { value: 'all', label: 'Every ticket' },
  { value: 'critical', label: 'Tickets on clinical-critical services' },
  { value: 'providerLine', label: 'Tickets from the provider line (physicians, APPs)' },
  { value: 'provider', label: 'While a given provider holds the ticket (contract SLA)' },
];

/** A new policy starts from the desk's default targets; its targets are edited above once it exists. */
function NewPolicy({ calendars }: { calendars: CalendarView[] }) {
  const queryClient = useQueryClient();
  const providers = useQuery(providersQuery);
  const [name, setName] = useState('');
  const [position, setPosition] = useState(50);
  const [when, setWhen] = useState('provider');
  const [providerId, setProviderId] = useState<string | null>(null);
  const [calendarId, setCalendarId] = useState<string | null>(calendars[0]?.id ?? null);
  const create = useMutation({
    mutationFn: () =>
      createPolicy({
        name,
        description: '',
        position,
        active: true,
        match:
          when === 'critical'
            ? { clinicalCritical: true }
            : when === 'providerLine'
              ? { providerLine: true }
              : when === 'provider' && providerId
                ? { providerIds: [providerId] }
                : {},
        calendarId: calendarId!,
        targets: DEFAULT_TARGETS,
        pauseStatuses: ['pending_requester'],
        atRiskPercent: 75,
      }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: slaKeys.policies });
    },
  });
  const ready = name.trim() && calendarId && (when !== 'provider' || providerId);
  return (
    <Paper withBorder radius="md" p="md" aria-label="New policy">
      <Stack gap="sm">
        <Text fw={600}>New policy</Text>
        <Group align="flex-end">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} w={260} />
          <NumberInput
            label="Position"
            description="Lower is tried first"
            value={position}
            min={0}
            max={100000}
            w={130}
            onChange={(v) => typeof v === 'number' && setPosition(v)}
          />
          <Select
            label="Applies to"
            data={WHEN}
            value={when}
            onChange={(v) => v && setWhen(v)}
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
              onChange={setProviderId}
              searchable
              w={320}
            />
          )}
          <Select
            label="Calendar"
            data={calendars.map((c) => ({ value: c.id, label: c.name }))}
            value={calendarId}
            onChange={setCalendarId}
            allowDeselect={false}
            w={320}
          />
        </Group>
        <ActionError error={create.error} title="Not created" />
        <Group>
          <Button onClick={() => create.mutate()} disabled={!ready} loading={create.isPending}>
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

function NewCalendar() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState('');
  const [alwaysOpen, setAlwaysOpen] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      createCalendar({
        name,
        timeZone: timeZone.trim() || null,
        alwaysOpen,
        weekly: alwaysOpen ? [] : [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '17:00' })),
        closures: [],
      }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: slaKeys.calendars });
    },
  });
  return (
    <Paper withBorder radius="md" p="md" aria-label="New calendar">
      <Stack gap="sm">
        <Text fw={600}>New calendar</Text>
        <Group align="flex-end">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} w={260} />
          <TextInput
            label="Time zone"
            description="Empty: each ticket's facility's zone"
            value={timeZone}
            onChange={(e) => setTimeZone(e.currentTarget.value)}
            w={240}
          />
          <Switch label="Open 24x7" checked={alwaysOpen} onChange={(e) => setAlwaysOpen(e.currentTarget.checked)} />
        </Group>
        <ActionError error={create.error} title="Not created" />
        <Group>
          <Button onClick={() => create.mutate()} disabled={!name.trim()} loading={create.isPending}>
            Add calendar
          </Button>
          <Text size="xs" c="dimmed">
            Business hours start as Monday to Friday 08:00–17:00; edit them once it is added.
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
