// The go-live scorecard: one go-live (picked from the list, kept in the address as ?event=), per provider — the
// at-the-elbow firms, the in-house desk, the vendor — the issues logged, resolved on the spot, FCR (credited to the
// provider that took the contact), escalated, time to resolve, patient care affected and CSAT; then satisfaction at
// the go-live's facilities month by month since it started, beside the three months before.
import { Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import {
  type GoLiveScorecard as Card,
  type GoLiveFigures,
  goLiveEventsQuery,
  goLiveScorecardQueryOf,
} from '../../api/reports.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { WideTable } from '../../components/WideTable.tsx';
import { RateText } from './RateText.tsx';
import type { ReportsSearch } from './reportsSearch.ts';
import type { UpdateReportsSearch } from './useReportsSearch.ts';

/** Minutes as the desk reads them: "45 min", "3.5 h", "2.1 days". */
function duration(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 90) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 6) / 10} h`;
  return `${Math.round(minutes / 144) / 10} days`;
}

const ROWS: [string, (f: GoLiveFigures) => React.ReactNode][] = [
  ['Issues taken first', (f) => f.issuesTaken],
  ['Issues held at any point', (f) => f.issuesHeld],
  ['Resolved on the spot', (f) => <RateText rate={f.resolvedOnSpot} />],
  ['First-contact resolution', (f) => <RateText rate={f.fcr} />],
  ['Escalated', (f) => <RateText rate={f.escalated} />],
  [
    'Time to resolve (median · p90)',
    (f) => (
      <Text span c={f.timeToResolve.tooFewToCompare ? 'dimmed' : undefined}>
        {duration(f.timeToResolve.median)} · {duration(f.timeToResolve.p90)}{' '}
        <Text span size="xs" c="dimmed">
          n {f.timeToResolve.n}
          {f.timeToResolve.n > 0 && f.timeToResolve.tooFewToCompare ? ' · too few to compare' : ''}
        </Text>
      </Text>
    ),
  ],
  ['Patient care affected', (f) => f.patientCareAffected],
  ['CSAT (4–5 of 5)', (f) => (f.csat.n ? <RateText rate={f.csat.satisfied} /> : 'no survey answers yet')],
];

const dateOf = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleDateString(undefined, { timeZone, day: 'numeric', month: 'short', year: 'numeric' });

export function GoLiveScorecard({ search, update }: { search: ReportsSearch; update: UpdateReportsSearch }) {
  const events = useQuery(goLiveEventsQuery);
  const eventId = search.event ?? events.data?.[0]?.id;
  const card = useQuery({ ...goLiveScorecardQueryOf(eventId ?? ''), enabled: eventId !== undefined });
  if (events.isPending) return <Loading label="Finding the go-lives…" />;
  if (events.isError) return <LoadError what="the go-lives" error={events.error} retry={() => void events.refetch()} />;
  if (!events.data.length) return <Text>No go-live has been set up yet (Console → Go-live).</Text>;
  return (
    <Stack gap="md">
      <Group align="end" className="no-print">
        <Select
          label="Go-live"
          allowDeselect={false}
          data={events.data.map((e) => ({
            value: e.id,
            label: `${e.name} (${dateOf(e.startsAt, e.timeZone)})`,
          }))}
          value={eventId ?? null}
          onChange={(v) => update({ event: v ?? undefined })}
          maw={420}
          w="100%"
        />
      </Group>
      {card.isPending && <Loading label="Building the go-live scorecard…" />}
      {card.isError && <LoadError what="the go-live scorecard" error={card.error} retry={() => void card.refetch()} />}
      {card.data && <Sheet card={card.data} />}
    </Stack>
  );
}

function Sheet({ card }: { card: Card }) {
  const { event } = card;
  const columns = [
    ...card.providers.map((p) => ({ key: p.id, name: p.name, kind: p.kind.replace('_', ' '), figures: p.figures })),
    { key: 'total', name: 'Whole go-live', kind: 'each issue once', figures: card.total },
  ];
  return (
    <Stack gap="md">
      <div>
        <Title order={2} size="h3">
          {event.name}
        </Title>
        <Text size="sm" c="dimmed">
          {event.facilities.join(', ')} · {dateOf(event.startsAt, event.timeZone)} to{' '}
          {dateOf(event.endsAt, event.timeZone)}
          {card.factsAsOf ? ` · figures as of ${new Date(card.factsAsOf).toLocaleTimeString()}` : ''}
        </Text>
      </div>
      {card.total.issuesHeld === 0 ? (
        <Text>No issue has been logged through this go-live yet.</Text>
      ) : (
        <WideTable label="Go-live scorecard by provider">
          <Table striped fz="sm" data-testid="golive-scorecard-table">
            <Table.Caption>
              An issue counts for the provider that took it first (the at-the-elbow firm when fixed on the spot) and for
              every provider that held it. Groups under n 30 are too few to compare.
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Measure</Table.Th>
                {columns.map((c) => (
                  <Table.Th scope="col" key={c.key}>
                    {c.name}
                    <Text size="xs" c="dimmed">
                      {c.kind}
                    </Text>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ROWS.map(([label, cell]) => (
                <Table.Tr key={label}>
                  <Table.Th scope="row">{label}</Table.Th>
                  {columns.map((c) => (
                    <Table.Td key={c.key}>{cell(c.figures)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </WideTable>
      )}
      <WideTable label="Satisfaction at the go-live's facilities, month by month">
        <Title order={3} size="h4" mb="xs">
          Satisfaction at {event.facilities.join(', ')} since the go-live
        </Title>
        <Table fz="sm" data-testid="golive-satisfaction-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Month</Table.Th>
              <Table.Th scope="col">CSAT (4–5 of 5)</Table.Th>
              <Table.Th scope="col">Mean (of 5)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {card.satisfaction.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Th scope="row">
                  {m.month === 0 ? 'The 3 months before' : `Month ${m.month}`}
                  <Text size="xs" c="dimmed">
                    from {dateOf(m.from, event.timeZone)}
                  </Text>
                </Table.Th>
                <Table.Td>{m.csat.n ? <RateText rate={m.csat.satisfied} /> : 'no answers'}</Table.Td>
                <Table.Td>{m.csat.mean ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </WideTable>
    </Stack>
  );
}
