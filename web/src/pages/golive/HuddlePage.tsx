// The huddle report for the daily meeting: the last 24 hours (by zone, category and application), open issues,
// patient-care issues still open, the known issues, the trend since go-live and where to move support staff.
// Printable: the print styles leave a clean page with no navigation.
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type GoLiveEvent, type HuddleView, huddleQuery } from '../../api/golive.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { ScrollBox } from '../incidents/ScrollBox.tsx';
import { GoLiveFrame } from './GoLiveFrame.tsx';
import { when } from './goLiveWords.ts';
import { CountsTable, TrendTable } from './RollupTables.tsx';
import './print.css';

export function HuddlePage() {
  return (
    <GoLiveFrame title="Huddle report" intro="For the daily huddle: the last 24 hours. Print it for the meeting.">
      {(event) => <Huddle event={event} />}
    </GoLiveFrame>
  );
}

function Huddle({ event }: { event: GoLiveEvent }) {
  const huddle = useQuery(huddleQuery(event.id));
  if (huddle.isPending) return <Loading label="Preparing the huddle report…" />;
  if (huddle.isError)
    return <LoadError what="the huddle report" error={huddle.error} retry={() => void huddle.refetch()} />;
  return <Report view={huddle.data} tz={event.timeZone} />;
}

function Report({ view, tz }: { view: HuddleView; tz: string }) {
  const { totals, staffing } = view;
  return (
    <Stack gap="md" className="golive-report">
      <Group justify="space-between" align="center">
        <Text size="sm">
          {when(view.from, tz)} to {when(view.to, tz)} · go-live day {view.event.day + 1} · {view.onFloor} support{' '}
          {view.onFloor === 1 ? 'person' : 'people'} on the floor now
        </Text>
        <Button className="no-print" variant="default" onClick={() => window.print()}>
          Print
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Figure label="Issues logged" value={totals.logged} />
        <Figure label="Resolved on the spot" value={totals.resolvedOnSpot} />
        <Figure label="Patient care affected" value={totals.patientCareAffected} />
        <Figure label="Open now" value={totals.openNow} />
      </SimpleGrid>
      <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="huddle-staffing">
        <Title order={2} size="h4" id="huddle-staffing" mb="xs">
          Staffing
        </Title>
        {staffing.short.length === 0 ? (
          <Text size="sm">The load is even across the zones: no zone needs more people now.</Text>
        ) : (
          <Stack gap="xs">
            {staffing.short.map((h) => (
              <Alert key={h.zoneId} color="orange" variant="light">
                {h.message}
              </Alert>
            ))}
            {staffing.slack.map((h) => (
              <Alert key={h.zoneId} color="blue" variant="light">
                {h.message}
              </Alert>
            ))}
          </Stack>
        )}
      </Paper>
      <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="huddle-patient-care">
        <Title order={2} size="h4" id="huddle-patient-care" mb="xs">
          Patient care affected, still open
        </Title>
        {view.openPatientCare.length === 0 ? (
          <Text size="sm">None.</Text>
        ) : (
          <ScrollBox label="Open issues affecting patient care">
            <Table striped className="golive-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Issue</Table.Th>
                  <Table.Th scope="col">Zone · unit</Table.Th>
                  <Table.Th scope="col">Owner</Table.Th>
                  <Table.Th scope="col">Logged</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {view.openPatientCare.map((i) => (
                  <Table.Tr key={i.number}>
                    <Table.Th scope="row" fw="normal">
                      <Link to="/console/tickets/$number" params={{ number: i.number }}>
                        {i.number}
                      </Link>{' '}
                      {i.summary}
                    </Table.Th>
                    <Table.Td>{[i.zone, i.unit].filter(Boolean).join(' · ') || '—'}</Table.Td>
                    <Table.Td>{i.owner.group ?? 'No team yet'}</Table.Td>
                    <Table.Td>{when(i.createdAt, tz)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollBox>
        )}
      </Paper>
      <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="huddle-known">
        <Title order={2} size="h4" id="huddle-known" mb="xs">
          Known issues
        </Title>
        {view.knownIssues.length === 0 ? (
          <Text size="sm">None broadcast now.</Text>
        ) : (
          <Stack gap={6} component="ul" style={{ paddingLeft: 18, margin: 0 }}>
            {view.knownIssues.map((k) => (
              <li key={k.id}>
                <Text size="sm">
                  <strong>{k.title}</strong> — {k.workaround}
                  {k.article && ` (tip sheet: ${k.article.title})`}{' '}
                  {k.ticket && (
                    <Badge size="xs" variant="light">
                      {k.ticket}
                    </Badge>
                  )}
                </Text>
              </li>
            ))}
          </Stack>
        )}
      </Paper>
      <Paper withBorder radius="md" p="sm" component="section" aria-label="The last 24 hours">
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          <CountsTable caption="By zone" what="Zone" rows={view.byZone} />
          <CountsTable caption="By category" what="Category" rows={view.byCategory} />
          <CountsTable caption="By application" what="Application" rows={view.byApplication} />
        </SimpleGrid>
      </Paper>
      <Paper withBorder radius="md" p="sm" component="section" aria-label="Trend since go-live">
        <TrendTable trend={view.trend} />
      </Paper>
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xl" fw={700}>
        {value}
      </Text>
      <Text size="sm">{label}</Text>
    </Paper>
  );
}
