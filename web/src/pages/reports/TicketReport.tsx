// The ticket report: filters, the headline figures, a chart of one metric per group (with a table alternative),
// every group's figures with links into the tickets behind them, and the CSV export.
import { Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CHANNELS } from '../../../../src/features/tickets/rules/vocabulary.ts';
import {
  type DrillTarget,
  exportUrl,
  type TicketReport as Report,
  type ReportFilters,
  reportFacilitiesQuery,
  ticketReportQuery,
} from '../../api/reports.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { WideTable } from '../../components/WideTable.tsx';
import { Bars } from './Bars.tsx';
import { DrillList } from './DrillList.tsx';
import { RangeInputs } from './RangeInputs.tsx';
import { RateText } from './RateText.tsx';
import { type CHART_METRICS, type ReportsSearch, ticketFiltersOf } from './reportsSearch.ts';
import type { UpdateReportsSearch } from './useReportsSearch.ts';

const DIMENSIONS: [string, string][] = [
  ['period', 'Period'],
  ['facility', 'Facility'],
  ['unit', 'Unit'],
  ['clinical_role', 'Clinical role'],
  ['service', 'Application / service'],
  ['module', 'Module'],
  ['channel', 'Channel'],
  ['priority', 'Priority'],
  ['provider', 'Provider'],
  ['tier', 'Highest tier'],
  ['group', 'Group'],
  ['agent', 'Agent'],
];
type ChartMetric = (typeof CHART_METRICS)[number];
type ReportGroup = Report['groups'][number];
const METRICS: [ChartMetric, string, (g: ReportGroup) => ReportGroup['figures']['fcrGross']][] = [
  ['fcrGross', 'First-contact resolution (gross)', (g) => g.figures.fcrGross],
  ['fcrNet', 'First-contact resolution (net)', (g) => g.figures.fcrNet],
  ['reopenRate', 'Reopened within 7 days', (g) => g.figures.reopenRate],
  ['escalationVendor', 'Escalated to a vendor', (g) => g.figures.escalationRate.vendor],
  ['responseAttainment', 'Response SLA met', (g) => g.figures.responseAttainment],
  ['resolutionAttainment', 'Resolution SLA met', (g) => g.figures.resolutionAttainment],
  ['csat', 'Satisfied (CSAT 4–5 of 5)', (g) => g.csat.satisfied],
];

export function TicketReport({ search, update }: { search: ReportsSearch; update: UpdateReportsSearch }) {
  const f = ticketFiltersOf(search);
  const metric = search.metric ?? 'fcrGross';
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const facilities = useQuery(reportFacilitiesQuery);
  const report = useQuery(ticketReportQuery(f));
  const set = (patch: Partial<ReportFilters>, options?: { replace?: boolean }) => {
    setDrill(null);
    update(patch as Partial<ReportsSearch>, options);
  };
  const pick = METRICS.find((m) => m[0] === metric)!;

  return (
    <Stack gap="md">
      <Paper withBorder p="md" className="no-print">
        <Group align="end" gap="sm" wrap="wrap">
          <RangeInputs range={f} onChange={(patch) => set(patch, { replace: true })} />
          <Select
            label="Group by"
            data={DIMENSIONS.map(([value, label]) => ({ value, label }))}
            value={f.groupBy}
            onChange={(v) => set({ groupBy: v ?? 'period' })}
            allowDeselect={false}
          />
          {f.groupBy === 'period' && (
            <Select
              label="Period"
              data={[
                { value: 'day', label: 'Day' },
                { value: 'week', label: 'Week' },
                { value: 'month', label: 'Month' },
              ]}
              value={f.period}
              onChange={(v) => set({ period: (v ?? 'month') as ReportFilters['period'] })}
              allowDeselect={false}
            />
          )}
          <Select
            label="Facility"
            placeholder="All facilities"
            clearable
            data={(facilities.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
            value={f.facilityId ?? null}
            onChange={(v) => set({ facilityId: v ?? undefined })}
          />
          <Select
            label="Channel"
            placeholder="All channels"
            clearable
            data={['phone', 'chat', 'walk_up', 'portal', 'email', 'go_live']}
            value={f.channel ?? null}
            onChange={(v) => set({ channel: (v ?? undefined) as (typeof CHANNELS)[number] | undefined })}
          />
          <Button component="a" href={exportUrl(f)} download variant="light">
            Export CSV
          </Button>
        </Group>
      </Paper>
      {report.isPending && <Loading label="Counting tickets…" />}
      {report.isError && <LoadError what="the report" error={report.error} retry={() => void report.refetch()} />}
      {report.data && (
        <>
          <Text size="sm" c="dimmed">
            {report.data.scope === 'own' ? 'Your own tickets only. ' : ''}
            {report.data.total.tickets} tickets · periods in {report.data.timeZone} · groups under n {report.data.minN}{' '}
            are too few to compare · figures as of{' '}
            {report.data.factsAsOf ? new Date(report.data.factsAsOf).toLocaleString() : 'not built yet'}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
            <Headline
              label="FCR (gross)"
              onDrill={() => setDrill({ metric: 'fcrGross', outcome: 'hit', label: 'Resolved on first contact' })}
            >
              <RateText rate={report.data.total.fcrGross} />
            </Headline>
            <Headline label="FCR (net)">
              <RateText rate={report.data.total.fcrNet} />
            </Headline>
            <Headline label="FCR as requesters answered (survey)">
              <RateText rate={report.data.csat.customerVerifiedFcr} />
            </Headline>
            <Headline label="First-touch (portal, email)">
              <RateText rate={report.data.total.firstTouch} />
            </Headline>
            <Headline label={`CSAT (4–5 of 5) · mean ${report.data.csat.mean ?? '—'} of 5`}>
              <RateText rate={report.data.csat.satisfied} />
            </Headline>
            <Headline
              label="Reopened within 7 days"
              onDrill={() => setDrill({ metric: 'reopenRate', outcome: 'hit', label: 'Reopened within 7 days' })}
            >
              <RateText rate={report.data.total.reopenRate} />
            </Headline>
            <Headline
              label="Resolution SLA met"
              onDrill={() =>
                setDrill({ metric: 'resolutionAttainment', outcome: 'miss', label: 'Resolution SLA missed' })
              }
              drillLabel="Show misses"
            >
              <RateText rate={report.data.total.resolutionAttainment} />
            </Headline>
            <Headline label="Time to resolve (median · p90)">
              <Text span>
                {hours(report.data.total.timeToResolveWall.median)} · {hours(report.data.total.timeToResolveWall.p90)}
              </Text>
            </Headline>
            <Headline label="…on the SLA calendar">
              <Text span>
                {hours(report.data.total.timeToResolveCalendar.median)} ·{' '}
                {hours(report.data.total.timeToResolveCalendar.p90)}
              </Text>
            </Headline>
            <Headline
              label="Patient care affected"
              onDrill={() =>
                setDrill({ metric: 'patientCareAffected', outcome: 'counted', label: 'Patient care affected' })
              }
            >
              <Text span>
                {report.data.total.patientCareAffected.tickets} tickets ·{' '}
                {hoursText(report.data.total.patientCareAffected.clinicianHoursLost)} clinician hours lost
              </Text>
            </Headline>
            <Headline
              label="Still open (backlog)"
              onDrill={() => setDrill({ metric: 'open', outcome: 'counted', label: 'Still open' })}
            >
              <Text span>{report.data.total.open}</Text>
            </Headline>
          </SimpleGrid>
          {drill && <DrillList filters={f} target={drill} onClose={() => setDrill(null)} />}
          <Paper withBorder p="md">
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4">
                {pick[1]} by {DIMENSIONS.find((d) => d[0] === f.groupBy)?.[1].toLowerCase()}
              </Title>
              <Select
                aria-label="Metric to chart"
                data={METRICS.map(([value, label]) => ({ value, label }))}
                value={metric}
                onChange={(v) => update({ metric: (v ?? 'fcrGross') as ChartMetric })}
                allowDeselect={false}
                w={300}
              />
            </Group>
            <Bars
              title={pick[1]}
              max={100}
              bars={report.data.groups.map((g) => {
                const r = pick[2](g);
                return { label: g.label, value: r.pct, ci: r.ci, n: r.n, tooFew: r.tooFewToCompare };
              })}
            />
          </Paper>
          <WideTable label={`Figures by ${DIMENSIONS.find((d) => d[0] === f.groupBy)?.[1].toLowerCase()}`}>
            <Table striped highlightOnHover fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{DIMENSIONS.find((d) => d[0] === f.groupBy)?.[1]}</Table.Th>
                  <Table.Th scope="col">Tickets</Table.Th>
                  <Table.Th scope="col">FCR gross</Table.Th>
                  <Table.Th scope="col">FCR net</Table.Th>
                  <Table.Th scope="col">Reopened ≤ 7 d</Table.Th>
                  <Table.Th scope="col">Resolution SLA met</Table.Th>
                  <Table.Th scope="col">Median to resolve</Table.Th>
                  <Table.Th scope="col">CSAT (4–5)</Table.Th>
                  <Table.Th scope="col">CSAT mean (of 5)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.data.groups.map((g) => (
                  <Table.Tr key={g.key}>
                    <Table.Th scope="row">{g.label}</Table.Th>
                    <Table.Td>
                      <Anchor
                        component="button"
                        onClick={() =>
                          setDrill({
                            metric: 'tickets',
                            outcome: 'counted',
                            group: g.key,
                            label: `${g.label}: all tickets`,
                          })
                        }
                      >
                        {g.figures.tickets}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        component="button"
                        aria-label={`${g.label}: tickets resolved on first contact`}
                        onClick={() =>
                          setDrill({
                            metric: 'fcrGross',
                            outcome: 'hit',
                            group: g.key,
                            label: `${g.label}: resolved on first contact`,
                          })
                        }
                      >
                        <RateText rate={g.figures.fcrGross} />
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <RateText rate={g.figures.fcrNet} />
                    </Table.Td>
                    <Table.Td>
                      <RateText rate={g.figures.reopenRate} />
                    </Table.Td>
                    <Table.Td>
                      <RateText rate={g.figures.resolutionAttainment} />
                    </Table.Td>
                    <Table.Td>{hours(g.figures.timeToResolveWall.median)}</Table.Td>
                    <Table.Td>
                      <RateText rate={g.csat.satisfied} />
                    </Table.Td>
                    <Table.Td>{g.csat.mean === null ? '—' : g.csat.mean.toFixed(2)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </WideTable>
        </>
      )}
    </Stack>
  );
}

function hours(minutes: number | null) {
  if (minutes === null) return '—';
  return minutes < 120 ? `${Math.round(minutes)} min` : `${(minutes / 60).toFixed(1)} h`;
}

function Headline(props: { label: string; children: React.ReactNode; onDrill?: () => void; drillLabel?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
      <Text fw={700} size="lg">
        {props.children}
      </Text>
      {props.onDrill && (
        <Anchor component="button" size="sm" onClick={props.onDrill} className="no-print">
          {props.drillLabel ?? 'Show tickets'}
        </Anchor>
      )}
    </Paper>
  );
}

/** "30,042" rather than "30041.7": whole hours once there are many, one decimal below 100. */
function hoursText(hours: number): string {
  return hours.toLocaleString('en-US', { maximumFractionDigits: hours < 100 ? 1 : 0 });
}
