// One incident: what is down and since when, who leads it (both changeable after declaring, with its title, public
// summary and answer for callers), its state (moves the
// commander may make, resolving with what to do to the linked tickets), the linked tickets with counts by unit and
// the suggested ones to accept or dismiss, the downtime procedures, the communications and recovery sections
// (features/incident-comms), the post-incident review once it is over, and the internal timeline of decisions.
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { nextStates } from '../../../../src/features/incidents/rules/lifecycle.ts';
import { INCIDENT_TEXT_MAX } from '../../../../src/features/incidents/schemas.ts';
import { incidentCommsKeys } from '../../api/incidentComms.ts';
import {
  addDecision,
  type ChildView,
  dismissIncidentChild,
  type IncidentView,
  incidentChildrenQuery,
  incidentKeys,
  incidentQuery,
  linkIncidentChild,
  updateIncident,
} from '../../api/incidents.ts';
import { useAbilities } from '../../app/useAbilities.ts';
import { LoadError, Loading, problemText } from '../../components/QueryStates.tsx';
import { IncidentReviewSection } from '../incident-comms/IncidentReviewSection.tsx';
import { IncidentUpdatesSection } from '../incident-comms/IncidentUpdatesSection.tsx';
import { RecoveryChecklistSection } from '../incident-comms/RecoveryChecklistSection.tsx';
import { DowntimeProceduresSection } from './DowntimeProceduresSection.tsx';
import { IncidentBadges } from './IncidentBadges.tsx';
import { RolesForm, ScopeForm, WordsForm } from './IncidentEditForms.tsx';
import { KIND_WORDS, MOVE_WORDS, shortTime } from './incidentWords.ts';
import { ResolveIncidentForm } from './ResolveIncidentForm.tsx';
import { ScrollBox } from './ScrollBox.tsx';
import { UnlinkChild } from './UnlinkChild.tsx';

const route = getRouteApi('/signed-in/console/incidents/$number');

export function IncidentPage() {
  const { number } = route.useParams();
  useDocumentTitle(`${number} — Clinidesk`);
  const incident = useQuery(incidentQuery(number));
  if (incident.isPending) return <Loading label={`Loading ${number}…`} />;
  if (incident.isError) return <LoadError what={number} error={incident.error} retry={() => void incident.refetch()} />;
  return <IncidentDetail incident={incident.data} />;
}

function IncidentDetail({ incident }: { incident: IncidentView }) {
  const may = useAbilities();
  const queryClient = useQueryClient();
  const [resolving, setResolving] = useState(false);
  const [editing, setEditing] = useState<'roles' | 'scope' | 'words' | null>(null);
  const refresh = (view: IncidentView) => {
    queryClient.setQueryData(incidentKeys.one(view.number), view);
    void queryClient.invalidateQueries({ queryKey: incidentKeys.list });
    void queryClient.invalidateQueries({ queryKey: incidentKeys.children(view.number) });
  };
  const move = useMutation({
    mutationFn: (state: IncidentView['state']) => updateIncident(incident.number, { version: incident.version, state }),
    onSuccess: refresh,
  });
  const open = incident.state !== 'resolved' && incident.state !== 'closed';
  const canEdit = may.manageIncidents && incident.state !== 'closed';
  const edited = (view: IncidentView) => {
    setEditing(null);
    refresh(view);
    // What it affects decides its banner's downtime procedures.
    void queryClient.invalidateQueries({ queryKey: incidentCommsKeys.banners });
  };
  const people: [string, IncidentView['commander']][] = [
    ['Incident commander', incident.commander],
    ['Clinical operations lead', incident.clinicalLead],
    ['IT lead', incident.itLead],
    ['Communications lead', incident.commsLead],
  ];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Text size="sm" c="dimmed">
            <Link to="/console/incidents">Major incidents</Link> › {incident.number}
          </Text>
          <Title order={1} size="h2">
            {KIND_WORDS[incident.kind]}: {incident.title}
          </Title>
          <IncidentBadges state={incident.state} severity={incident.severity} planned={incident.planned} />
        </div>
        {may.manageIncidents && (
          <Group gap="xs">
            {nextStates(incident.state).map((state) =>
              state === 'resolved' ? (
                <Button key={state} onClick={() => setResolving(true)} disabled={resolving}>
                  {MOVE_WORDS[state]}
                </Button>
              ) : (
                <Button key={state} variant="default" loading={move.isPending} onClick={() => move.mutate(state)}>
                  {state === 'declared' && incident.state === 'resolved' ? 'Reopen' : MOVE_WORDS[state]}
                </Button>
              ),
            )}
          </Group>
        )}
      </Group>
      {move.isError && (
        <Alert color="red" variant="light" role="alert" title="Not changed">
          {problemText(move.error)}
        </Alert>
      )}
      {resolving && (
        <ResolveIncidentForm
          incident={incident}
          onDone={(view) => {
            setResolving(false);
            refresh(view);
          }}
          onCancel={() => setResolving(false)}
        />
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="incident-facts">
          <Group justify="space-between" gap="xs">
            <Title order={2} size="h4" id="incident-facts">
              What and where
            </Title>
            {canEdit && (
              <Group gap={6}>
                <Button size="xs" variant="default" onClick={() => setEditing('words')} disabled={editing === 'words'}>
                  Change the title and summary…
                </Button>
                <Button size="xs" variant="default" onClick={() => setEditing('scope')} disabled={editing === 'scope'}>
                  Change what it affects…
                </Button>
              </Group>
            )}
          </Group>
          <Text size="sm" mt="xs">
            {incident.publicSummary}
          </Text>
          <Table mt="xs" variant="vertical" withRowBorders={false}>
            <Table.Tbody>
              <Fact label="Applications">{incident.services.map((s) => s.name).join(', ') || 'Any'}</Fact>
              <Fact label="Modules">{incident.modules.map((s) => s.name).join(', ') || '—'}</Fact>
              <Fact label="Facilities">{incident.facilities.map((s) => s.name).join(', ') || 'All'}</Fact>
              <Fact label="Units">{incident.units.map((s) => s.name).join(', ') || 'All'}</Fact>
              <Fact label={incident.planned ? 'Scheduled' : 'Started'}>
                {incident.planned && incident.state === 'scheduled'
                  ? `${shortTime(incident.scheduledStart)} – ${shortTime(incident.scheduledEnd)}`
                  : shortTime(incident.startedAt)}
              </Fact>
              {incident.planned && (
                <Fact label="Notice to the units">{`${incident.noticeHoursBefore} hours before the start`}</Fact>
              )}
              {incident.resolvedAt && <Fact label="Resolved">{shortTime(incident.resolvedAt)}</Fact>}
              {incident.declaredFrom && (
                <Fact label="Declared from">
                  <Link to="/console/tickets/$number" params={{ number: incident.declaredFrom }}>
                    {incident.declaredFrom}
                  </Link>
                </Fact>
              )}
              {incident.resolutionNote && <Fact label="What was fixed">{incident.resolutionNote}</Fact>}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="incident-people">
          <Group justify="space-between" gap="xs">
            <Title order={2} size="h4" id="incident-people">
              Who leads it
            </Title>
            {canEdit && (
              <Button size="xs" variant="default" onClick={() => setEditing('roles')} disabled={editing === 'roles'}>
                Change who leads it…
              </Button>
            )}
          </Group>
          <Table mt="xs" variant="vertical" withRowBorders={false}>
            <Table.Tbody>
              {people.map(([label, person]) => (
                <Fact key={label} label={label}>
                  {person?.displayName ?? 'Not named yet'}
                </Fact>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>
      {editing === 'words' && <WordsForm incident={incident} onDone={edited} onCancel={() => setEditing(null)} />}
      {editing === 'scope' && <ScopeForm incident={incident} onDone={edited} onCancel={() => setEditing(null)} />}
      {editing === 'roles' && <RolesForm incident={incident} onDone={edited} onCancel={() => setEditing(null)} />}
      <Paper withBorder radius="md" p="sm">
        <IncidentUpdatesSection number={incident.number} canPost={may.manageIncidents && open} />
      </Paper>
      <DowntimeProceduresSection incident={incident} />
      <ChildrenSection incident={incident} canDecide={canEdit} onChanged={refresh} />
      <Paper withBorder radius="md" p="sm">
        <RecoveryChecklistSection number={incident.number} canManage={may.manageIncidents} />
      </Paper>
      {!open && (
        <Paper withBorder radius="md" p="sm">
          <IncidentReviewSection incident={incident} canManage={may.manageIncidents} />
        </Paper>
      )}
      <TimelineSection incident={incident} canAdd={may.manageIncidents} onAdded={refresh} />
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={180}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

function ChildrenSection({
  incident,
  canDecide,
  onChanged,
}: {
  incident: IncidentView;
  canDecide: boolean;
  onChanged: (view: IncidentView) => void;
}) {
  const number = incident.number;
  const children = useQuery(incidentChildrenQuery(number));
  const linked = children.data?.items.filter((c) => c.status === 'linked') ?? [];
  const suggested = children.data?.items.filter((c) => c.status === 'suggested') ?? [];
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="incident-children">
      <Title order={2} size="h4" id="incident-children">
        Linked tickets
      </Title>
      {children.isPending ? (
        <Loading label="Loading the linked tickets…" />
      ) : children.isError ? (
        <LoadError what="the linked tickets" error={children.error} retry={() => void children.refetch()} />
      ) : (
        <Stack gap="sm" mt="xs">
          <Text size="sm">
            {linked.length} linked, {suggested.length} suggested (similar only: an agent decides).
          </Text>
          {children.data.byUnit.length > 0 && (
            <ScrollBox label="Linked tickets by unit">
              <Table>
                <Table.Caption>Linked tickets by unit</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Facility</Table.Th>
                    <Table.Th scope="col">Unit</Table.Th>
                    <Table.Th scope="col">Tickets</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {children.data.byUnit.map((u) => (
                    <Table.Tr key={`${u.facility}-${u.unit}`}>
                      <Table.Td>{u.facility ?? '—'}</Table.Td>
                      <Table.Td>{u.unit ?? '—'}</Table.Td>
                      <Table.Td>{u.count}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollBox>
          )}
          {suggested.length > 0 && (
            <SuggestedTickets incident={incident} items={suggested} canDecide={canDecide} onChanged={onChanged} />
          )}
          {linked.length > 0 && (
            <ScrollBox label="Tickets linked to this incident">
              <Table striped>
                <Table.Caption>Tickets linked to this incident</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Ticket</Table.Th>
                    <Table.Th scope="col">Summary</Table.Th>
                    <Table.Th scope="col">Unit</Table.Th>
                    <Table.Th scope="col">Ticket status</Table.Th>
                    {canDecide && <Table.Th scope="col">Not part of it?</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {linked.map((c) => (
                    <Table.Tr key={c.ticket}>
                      <ChildCells child={c} />
                      <Table.Td>{c.ticketStatus.replaceAll('_', ' ')}</Table.Td>
                      {canDecide && (
                        <Table.Td>
                          <UnlinkChild incident={incident.number} ticket={c.ticket} onDone={onChanged} />
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollBox>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function ChildCells({ child: c }: { child: ChildView }) {
  return (
    <>
      <Table.Th scope="row" fw="normal">
        <Link to="/console/tickets/$number" params={{ number: c.ticket }}>
          {c.ticket}
        </Link>
      </Table.Th>
      <Table.Td>{c.summary}</Table.Td>
      <Table.Td>{[c.facility, c.unit].filter(Boolean).join(' · ') || '—'}</Table.Td>
    </>
  );
}

/** Tickets that only look similar (same application with no place, or the incident's words): link them or say no. */
function SuggestedTickets({
  incident,
  items,
  canDecide,
  onChanged,
}: {
  incident: IncidentView;
  items: ChildView[];
  canDecide: boolean;
  onChanged: (view: IncidentView) => void;
}) {
  const decide = useMutation({
    mutationFn: ({ ticket, accept }: { ticket: string; accept: boolean }) =>
      accept
        ? linkIncidentChild(incident.number, { ticket, reply: false }).then((r) => r.incident)
        : dismissIncidentChild(incident.number, ticket),
    onSuccess: onChanged,
  });
  const busy = (ticket: string, accept: boolean) =>
    decide.isPending && decide.variables?.ticket === ticket && decide.variables.accept === accept;
  return (
    <Stack gap="xs">
      <ScrollBox label="Suggested tickets">
        <Table striped>
          <Table.Caption>Suggested tickets: similar to this incident, not linked yet</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Ticket</Table.Th>
              <Table.Th scope="col">Summary</Table.Th>
              <Table.Th scope="col">Unit</Table.Th>
              <Table.Th scope="col">Why</Table.Th>
              {canDecide && <Table.Th scope="col">Decide</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.ticket}>
                <ChildCells child={c} />
                <Table.Td>{c.reason}</Table.Td>
                {canDecide && (
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Button
                        size="xs"
                        aria-label={`Link ${c.ticket}`}
                        loading={busy(c.ticket, true)}
                        disabled={decide.isPending}
                        onClick={() => decide.mutate({ ticket: c.ticket, accept: true })}
                      >
                        Link
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Not related: ${c.ticket}`}
                        loading={busy(c.ticket, false)}
                        disabled={decide.isPending}
                        onClick={() => decide.mutate({ ticket: c.ticket, accept: false })}
                      >
                        Not related
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollBox>
      {decide.isError && (
        <Alert color="red" variant="light" role="alert" title="Not changed">
          {problemText(decide.error)}
        </Alert>
      )}
    </Stack>
  );
}

function TimelineSection({
  incident,
  canAdd,
  onAdded,
}: {
  incident: IncidentView;
  canAdd: boolean;
  onAdded: (view: IncidentView) => void;
}) {
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: () => addDecision(incident.number, { kind: 'decision', body: text.trim() }),
    onSuccess: (view) => {
      setText('');
      onAdded(view);
    },
  });
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="incident-timeline">
      <Title order={2} size="h4" id="incident-timeline">
        Timeline (desk only)
      </Title>
      {canAdd && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) add.mutate();
          }}
        >
          <Group align="flex-end" mt="xs">
            <Textarea
              label="Record a decision"
              style={{ flex: 1 }}
              autosize
              minRows={1}
              maxLength={INCIDENT_TEXT_MAX.decision}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
            <Button type="submit" variant="default" loading={add.isPending} disabled={!text.trim()}>
              Add to the timeline
            </Button>
          </Group>
          {add.isError && (
            <Text c="red" size="sm" role="alert">
              {problemText(add.error)}
            </Text>
          )}
        </form>
      )}
      <Stack gap={6} mt="sm" component="ol" style={{ listStyle: 'none', padding: 0 }}>
        {[...incident.timeline].reverse().map((t) => (
          <li key={t.id}>
            <Text size="sm">
              <Text span c="dimmed">
                {shortTime(t.at)}
                {t.author ? ` · ${t.author.displayName}` : ''}:
              </Text>{' '}
              {t.body}
            </Text>
          </li>
        ))}
      </Stack>
    </Paper>
  );
}
