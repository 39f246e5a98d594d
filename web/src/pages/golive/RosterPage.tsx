// The go-live roster: who is on the floor now in each zone, the shifts of the day around now by zone and time with
// check-in and check-out, and (managers) adding and removing shifts. An overlapping shift is refused by the server,
// whose message says which shift it collides with.
import {
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EARLY_CHECK_IN_MS, SHIFT_ROLES, type ShiftRole } from '../../../../src/features/golive/rules.ts';
import { myPersonQuery, peopleSearchQuery } from '../../api/directory.ts';
import {
  addShift,
  checkShift,
  type GoLiveEvent,
  goLiveKeys,
  removeShift,
  rosterQuery,
  type ShiftView,
} from '../../api/golive.ts';
import { useAbilities } from '../../app/useAbilities.ts';
import { ActionError, Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { ScrollBox } from '../incidents/ScrollBox.tsx';
import { GoLiveFrame } from './GoLiveFrame.tsx';
import { hourOf, ROLE_WORDS, when } from './goLiveWords.ts';

const COMMAND_CENTER = 'Command center';

export function RosterPage() {
  return (
    <GoLiveFrame title="Roster" intro="Who is on the floor now, and the shifts 12 hours either side.">
      {(event) => <Roster event={event} />}
    </GoLiveFrame>
  );
}

function Roster({ event }: { event: GoLiveEvent }) {
  const may = useAbilities();
  const roster = useQuery(rosterQuery(event.id));
  const [adding, setAdding] = useState(false);
  if (roster.isPending) return <Loading label="Loading the roster…" />;
  if (roster.isError) return <LoadError what="the roster" error={roster.error} retry={() => void roster.refetch()} />;
  const byZone = new Map<string, ShiftView[]>();
  for (const s of roster.data.shifts) {
    const zone = s.zone ?? COMMAND_CENTER;
    byZone.set(zone, [...(byZone.get(zone) ?? []), s]);
  }
  const zoneOrder = [...event.zones.map((z) => z.name), COMMAND_CENTER].filter((z) => byZone.has(z));
  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="roster-now">
        <Title order={2} size="h4" id="roster-now" mb="xs">
          On the floor now
        </Title>
        {roster.data.onFloor.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nobody is checked in now.
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            {roster.data.onFloor.map((z) => (
              <div key={z.zone ?? COMMAND_CENTER}>
                <Text fw={600} size="sm">
                  {z.zone ?? COMMAND_CENTER} ({z.people.length})
                </Text>
                <Text size="sm">{z.people.map((p) => `${p.person.name} (${ROLE_WORDS[p.role]})`).join(', ')}</Text>
              </div>
            ))}
          </SimpleGrid>
        )}
      </Paper>
      <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="roster-shifts">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="roster-shifts">
            Shifts
          </Title>
          {may.manageGoLive && !adding && (
            <Button size="compact-md" onClick={() => setAdding(true)}>
              Add a shift
            </Button>
          )}
        </Group>
        {adding && <AddShiftForm event={event} onDone={() => setAdding(false)} />}
        {zoneOrder.length === 0 ? (
          <Empty title="No shifts around now">Shifts added to the roster appear here by zone and time.</Empty>
        ) : (
          <Stack gap="md">
            {zoneOrder.map((zone) => (
              <ShiftTable key={zone} event={event} zone={zone} shifts={byZone.get(zone)!} />
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}

function ShiftTable({ event, zone, shifts }: { event: GoLiveEvent; zone: string; shifts: ShiftView[] }) {
  const may = useAbilities();
  const me = useQuery(myPersonQuery);
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: goLiveKeys.roster(event.id) });
  const check = useMutation({
    mutationFn: ({ shift, what }: { shift: ShiftView; what: 'in' | 'out' }) => checkShift(event.id, shift.id, what),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: (shift: ShiftView) => removeShift(event.id, shift.id), onSuccess: refresh });
  const now = Date.now();
  const tz = event.timeZone;
  const sorted = [...shifts].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <ScrollBox label={`Shifts in ${zone}`}>
      <Table striped verticalSpacing="xs">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600 }}>{zone}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Person</Table.Th>
            <Table.Th scope="col">Shift</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Check in or out</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((s) => {
            const mine = me.data?.id === s.person.id;
            const mayCheck = mine || may.manageGoLive;
            const canIn =
              mayCheck &&
              !s.checkedInAt &&
              now >= Date.parse(s.startsAt) - EARLY_CHECK_IN_MS &&
              now < Date.parse(s.endsAt);
            const canOut = mayCheck && Boolean(s.checkedInAt) && !s.checkedOutAt;
            return (
              <Table.Tr key={s.id}>
                <Table.Th scope="row" fw="normal">
                  {s.person.name}
                  <Text size="xs" c="dimmed">
                    {[ROLE_WORDS[s.role], s.provider].filter(Boolean).join(' · ')}
                  </Text>
                </Table.Th>
                <Table.Td>
                  <Text size="sm">
                    {when(s.startsAt, tz)} – {hourOf(s.endsAt, tz)}
                  </Text>
                  {s.onFloor ? (
                    <Badge color="green" variant="light" mt={2}>
                      On the floor since {hourOf(s.checkedInAt!, tz)}
                    </Badge>
                  ) : s.checkedOutAt ? (
                    <Text size="xs" c="dimmed">
                      Was there {hourOf(s.checkedInAt!, tz)} – {hourOf(s.checkedOutAt, tz)}
                    </Text>
                  ) : (
                    <Text size="xs" c="dimmed">
                      Not checked in
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {canIn && (
                      <Button
                        size="compact-sm"
                        loading={check.isPending && check.variables?.shift.id === s.id}
                        onClick={() => check.mutate({ shift: s, what: 'in' })}
                        aria-label={`Check in ${s.person.name}`}
                      >
                        Check in
                      </Button>
                    )}
                    {canOut && (
                      <Button
                        size="compact-sm"
                        variant="default"
                        loading={check.isPending && check.variables?.shift.id === s.id}
                        onClick={() => check.mutate({ shift: s, what: 'out' })}
                        aria-label={`Check out ${s.person.name}`}
                      >
                        Check out
                      </Button>
                    )}
                    {may.manageGoLive && !s.checkedInAt && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        loading={remove.isPending && remove.variables?.id === s.id}
                        onClick={() => remove.mutate(s)}
                        aria-label={`Remove ${s.person.name}'s shift ${when(s.startsAt, tz)}`}
                      >
                        Remove
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <ActionError error={check.error} title="Not checked" />
      <ActionError error={remove.error} title="Not removed" />
    </ScrollBox>
  );
}

/** A datetime-local value ("2026-07-13T07:00") for a time, in the viewer's clock. */
function localInput(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

function AddShiftForm({ event, onDone }: { event: GoLiveEvent; onDone: () => void }) {
  const queryClient = useQueryClient();
  const nextHour = new Date();
  nextHour.setMinutes(0, 0, 0);
  nextHour.setHours(nextHour.getHours() + 1);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const people = useQuery(peopleSearchQuery(debounced));
  const [person, setPerson] = useState<{ value: string; label: string } | null>(null);
  const [zoneId, setZoneId] = useState<string>(event.zones[0]?.id ?? 'command-center');
  const [role, setRole] = useState<ShiftRole>('at_the_elbow');
  const [startsAt, setStartsAt] = useState(localInput(nextHour));
  const [endsAt, setEndsAt] = useState(localInput(new Date(nextHour.getTime() + 12 * 3_600_000)));
  const add = useMutation({
    mutationFn: () =>
      addShift(event.id, {
        personId: person!.value,
        zoneId: zoneId === 'command-center' ? null : zoneId,
        role,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: goLiveKeys.roster(event.id) });
      onDone();
    },
  });
  const options = [
    ...(person ? [person] : []),
    ...(people.data?.items ?? [])
      .filter((p) => p.id !== person?.value)
      .map((p) => ({ value: p.id, label: p.displayName })),
  ];
  const missing = !person || !startsAt || !endsAt;
  return (
    <Paper withBorder radius="md" p="sm" mb="sm" component="section" aria-labelledby="add-shift-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!missing) add.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5" id="add-shift-title">
            Add a shift
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            <Select
              label="Person"
              placeholder="Type a name"
              required
              searchable
              data={options}
              filter={({ options: o }) => o}
              searchValue={search}
              onSearchChange={setSearch}
              value={person?.value ?? null}
              onChange={(_, option) => setPerson(option ? { value: option.value, label: option.label } : null)}
              nothingFoundMessage={debounced.trim().length < 2 ? 'Type two letters or more' : 'Nobody found'}
            />
            <Select
              label="Where"
              allowDeselect={false}
              data={[
                ...event.zones.map((z) => ({ value: z.id, label: z.name })),
                { value: 'command-center', label: COMMAND_CENTER },
              ]}
              value={zoneId}
              onChange={(v) => v && setZoneId(v)}
            />
            <Select
              label="Role"
              allowDeselect={false}
              data={SHIFT_ROLES.map((r) => ({ value: r, label: ROLE_WORDS[r] }))}
              value={role}
              onChange={(v) => v && setRole(v as ShiftRole)}
            />
            <TextInput
              type="datetime-local"
              label="Starts"
              required
              value={startsAt}
              onChange={(e) => setStartsAt(e.currentTarget.value)}
            />
            <TextInput
              type="datetime-local"
              label="Ends"
              required
              value={endsAt}
              onChange={(e) => setEndsAt(e.currentTarget.value)}
            />
          </SimpleGrid>
          <ActionError error={add.error} title="Shift not added" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending} disabled={missing}>
              Add the shift
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
