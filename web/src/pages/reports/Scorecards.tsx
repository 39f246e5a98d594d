// Provider scorecards side by side (system and per facility), a month-by-month trend, a go-live before/after, and
// a one-page print layout for the quarterly vendor review (print.css hides everything but the scorecard).
import { Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import {
  type Scorecards as Cards,
  goLivesQuery,
  type ProviderFigures,
  reportFacilitiesQuery,
  scorecardQueryOf,
} from '../../api/reports.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { WideTable } from '../../components/WideTable.tsx';
import { Bars } from './Bars.tsx';
import { RangeInputs } from './RangeInputs.tsx';
import { RateText } from './RateText.tsx';
import { type ReportsSearch, rangeOf } from './reportsSearch.ts';
import type { UpdateReportsSearch } from './useReportsSearch.ts';
import './print.css';

/** The two clocks (DOMAIN.md): the provider's contract, judged on its own clock each time it held a ticket, and the
 *  clinician's wait on the hospital's clock for the tickets it held. */
const contractCell = (f: ProviderFigures) =>
  f.contractSlaAttainment.n ? (
    <RateText rate={f.contractSlaAttainment} />
  ) : (
    <Text span c="dimmed">
      — none judged (n 0)
    </Text>
  );
const waitCell = (f: ProviderFigures) => <RateText rate={f.clinicianWaitMet} />;

const ROWS: [string, (f: ProviderFigures) => React.ReactNode, string?][] = [
  ['Tickets handled', (f) => f.ticketsHandled],
  ['FCR where first contact', (f) => <RateText rate={f.fcrAsFirstContact} />],
  ['Hours held (median · p90)', (f) => `${f.hoursHeldMedian ?? '—'} · ${f.hoursHeldP90 ?? '—'}`],
  ['Met the contract', contractCell, 'Each time it held a ticket, on its contract’s own clock (n = times held)'],
  ['Clinician’s wait within target', waitCell, 'Tickets it held, resolved within the hospital’s target (n = tickets)'],
  ['Reopened within 7 days', (f) => <RateText rate={f.reopenRate} />],
  ['Hand-backs to the desk', (f) => f.handBacks],
  ['CSAT (4–5 of 5)', (f) => (f.csat.n ? <RateText rate={f.csat.satisfied} /> : 'no survey answers yet')],
  ['Physician CSAT', (f) => (f.physicianCsat.n ? <RateText rate={f.physicianCsat.satisfied} /> : '—')],
  ['Nurse CSAT', (f) => (f.nurseCsat.n ? <RateText rate={f.nurseCsat.satisfied} /> : '—')],
  ['CSAT mean (of 5)', (f) => f.csat.mean ?? '—'],
  ['FCR as requesters answered', (f) => (f.csat.n ? <RateText rate={f.csat.customerVerifiedFcr} /> : '—')],
];

export function Scorecards({ search, update }: { search: ReportsSearch; update: UpdateReportsSearch }) {
  const range = rangeOf(search);
  const facilityId = search.facilityId;
  const facilities = useQuery(reportFacilitiesQuery);
  const cards = useQuery(scorecardQueryOf(range.from, range.to, facilityId));
  const goLives = useQuery(goLivesQuery);
  const goLive = goLives.data?.[0];
  return (
    <Stack gap="md" className="scorecard-page">
      <Group align="end" className="no-print">
        <RangeInputs range={range} onChange={(patch) => update(patch, { replace: true })} />
        <Select
          label="Facility"
          placeholder="Whole system"
          clearable
          data={(facilities.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={facilityId ?? null}
          onChange={(v) => update({ facilityId: v ?? undefined })}
        />
        <Button variant="light" onClick={() => window.print()}>
          Print scorecard
        </Button>
        {goLive && (
          <Button
            variant="subtle"
            // Wraps on a phone instead of running off the screen.
            h="auto"
            py={6}
            styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
            onClick={() => {
              const at = new Date(goLive.goLiveAt).getTime();
              update({
                facilityId: goLive.facilityId,
                from: day(at - 90 * 86_400_000),
                to: day(at + 90 * 86_400_000),
              });
            }}
          >
            Around {goLive.facility}’s go-live ({new Date(goLive.goLiveAt).toLocaleDateString()})
          </Button>
        )}
      </Group>
      {cards.isPending && <Loading label="Building the scorecards…" />}
      {cards.isError && <LoadError what="the scorecards" error={cards.error} retry={() => void cards.refetch()} />}
      {cards.data && <Sheet cards={cards.data} from={range.from} to={range.to} />}
    </Stack>
  );
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function Sheet({ cards, from, to }: { cards: Cards; from: string; to: string }) {
  const active = cards.providers.filter((p) => p.system.ticketsHandled > 0);
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        Provider scorecard, {from} to {to}
      </Title>
      <WideTable label="Provider scorecard, whole system">
        <Table striped fz="sm" data-testid="scorecard-table">
          <Table.Caption>Whole system. Groups under n 30 are too few to compare.</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Measure</Table.Th>
              {active.map((p) => (
                <Table.Th scope="col" key={p.id}>
                  {p.name}
                  <Text size="xs" c="dimmed">
                    {p.kind.replace('_', ' ')}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ROWS.map(([label, cell, hint]) => (
              <Table.Tr key={label}>
                <Table.Th scope="row">
                  {label}
                  {hint && (
                    <Text size="xs" c="dimmed" fw="normal">
                      {hint}
                    </Text>
                  )}
                </Table.Th>
                {active.map((p) => (
                  <Table.Td key={p.id}>{cell(p.system)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </WideTable>
      <Paper withBorder p="md">
        <Bars
          title="FCR where each provider took the first contact"
          max={100}
          bars={active.map((p) => ({
            label: p.name,
            value: p.system.fcrAsFirstContact.pct,
            ci: p.system.fcrAsFirstContact.ci,
            n: p.system.fcrAsFirstContact.n,
            tooFew: p.system.fcrAsFirstContact.tooFewToCompare,
          }))}
        />
      </Paper>
      <ByProvider
        title="Per facility: tickets handled · met the contract · clinician’s wait within target"
        first="Facility"
        providers={active}
        rows={(active[0]?.facilities ?? []).map((f) => ({ key: f.id, label: f.name }))}
        cell={(p, i) => {
          const f = p.facilities[i]!.figures;
          return (
            <>
              <div>{f.ticketsHandled} tickets</div>
              <div>
                <Text span size="xs" c="dimmed">
                  Contract{' '}
                </Text>
                {contractCell(f)}
              </div>
              <div>
                <Text span size="xs" c="dimmed">
                  Clinician’s wait{' '}
                </Text>
                {waitCell(f)}
              </div>
            </>
          );
        }}
      />
      <ByProvider
        title="Month by month: FCR where first contact"
        first="Month"
        className="trend"
        providers={active}
        rows={(active[0]?.trend ?? []).map((m) => ({ key: m.month, label: m.month.slice(0, 7) }))}
        cell={(p, i) => <RateText rate={p.trend[i]!.figures.fcrAsFirstContact} />}
      />
    </Stack>
  );
}

type Provider = Cards['providers'][number];

/** One row per facility or month, one column per provider; `cell` gets the provider and the row's index. */
function ByProvider({
  title,
  first,
  providers,
  rows,
  cell,
  className,
}: {
  title: string;
  first: string;
  providers: Provider[];
  rows: { key: string; label: string }[];
  cell: (p: Provider, row: number) => React.ReactNode;
  className?: string;
}) {
  return (
    <WideTable label={title} className={className}>
      <Title order={3} size="h4" mb="xs">
        {title}
      </Title>
      <Table fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{first}</Table.Th>
            {providers.map((p) => (
              <Table.Th scope="col" key={p.id}>
                {p.name}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            <Table.Tr key={row.key}>
              <Table.Th scope="row">{row.label}</Table.Th>
              {providers.map((p) => (
                <Table.Td key={p.id}>{cell(p, i)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </WideTable>
  );
}
