// Phone figures over the chosen range, per line and per month: ASA mean and p80, % answered within the line's
// target, abandonment (calls that hung up within 5 s not counted) and average handle time. By month, a bad stretch
// (a go-live, a short-staffed season) shows against the rest of the year.
import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { type CallReport, callReportQuery } from '../../api/reports.ts';
import { plural } from '../../components/plural.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { LINE_LABELS, lineLabel } from '../../components/ticketWords.ts';
import { Bars } from './Bars.tsx';
import { RangeInputs } from './RangeInputs.tsx';
import { RateText } from './RateText.tsx';
import { type ReportsSearch, rangeOf } from './reportsSearch.ts';
import type { UpdateReportsSearch } from './useReportsSearch.ts';

const count = new Intl.NumberFormat('en-US');
const seconds = (s: number | null) => (s === null ? '—' : `${s} s`);
/** A handle time as people say it: "6 min 9 s" (under a minute: "42 s"). */
const duration = (s: number | null) => {
  if (s === null) return '—';
  const whole = Math.round(s);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
};
/** "2026-03-01" → "Mar 2026" (the month's key is its first day in the report's time zone). */
const monthLabel = (key: string) =>
  new Date(`${key}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

export function PhoneReport({ search, update }: { search: ReportsSearch; update: UpdateReportsSearch }) {
  const range = rangeOf(search);
  const byLine = useQuery(callReportQuery({ ...range, groupBy: 'line', period: 'month' }));
  const byMonth = useQuery(callReportQuery({ ...range, groupBy: 'period', period: 'month' }));
  // Lines in the desk's order (provider, clinical, general), as on the wallboard.
  const order = Object.keys(LINE_LABELS);
  const report = byLine.data && {
    ...byLine.data,
    groups: [...byLine.data.groups].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key)),
  };
  return (
    <Stack gap="md">
      <Group align="end" className="no-print">
        <RangeInputs range={range} onChange={(patch) => update(patch, { replace: true })} />
      </Group>
      {byLine.isPending && <Loading label="Counting calls…" />}
      {byLine.isError && (
        <LoadError what="the phone figures" error={byLine.error} retry={() => void byLine.refetch()} />
      )}
      {report && (
        <>
          <Text size="sm" c="dimmed">
            {report.scope === 'own' ? 'Your own calls only. ' : ''}
            {plural(report.total.offered, 'call')} offered · {count.format(report.total.answered)} answered · AHT{' '}
            {duration(report.total.ahtSeconds)}
          </Text>
          <Paper withBorder p="md">
            <Bars
              title="Average speed of answer by line (seconds)"
              unit=" s"
              bars={report.groups.map((g) => ({
                label: lineLabel(g.key),
                value: g.figures.asaSeconds,
                n: g.figures.answered,
              }))}
            />
          </Paper>
          <Figures title="Calls by line" first="Line" report={report} label={(key) => lineLabel(key)} targets />
        </>
      )}
      {byMonth.isError && (
        <LoadError what="the phone figures by month" error={byMonth.error} retry={() => void byMonth.refetch()} />
      )}
      {byMonth.data && byMonth.data.groups.length > 0 && (
        <Figures title="Calls by month" first="Month" report={byMonth.data} label={monthLabel} />
      )}
    </Stack>
  );
}

/**
 * One row per group: offered, ASA · p80, answered within target, abandoned (> 5 s), AHT. Below 48em (phones) one
 * card per group instead of a table wider than the screen.
 */
function Figures({
  title,
  first,
  report,
  label,
  targets = false,
}: {
  title: string;
  first: string;
  report: CallReport;
  label: (key: string) => string;
  /** Name each row's own target (by line); otherwise each call counted against its own line's. */
  targets?: boolean;
}) {
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const target = (key: string) => (targets && report.targets[key] !== undefined ? ` (≤ ${report.targets[key]} s)` : '');
  if (narrow) {
    return (
      <Stack gap="xs" component="section" aria-label={title}>
        <Title order={2} size="h5">
          {title}
        </Title>
        <SimpleGrid cols={1} spacing="xs">
          {report.groups.map((g) => (
            <Paper key={g.key} withBorder p="sm" component="article" aria-label={label(g.key)}>
              <Text fw={700} mb={4}>
                {label(g.key)}
              </Text>
              <Stack gap={2} fz="sm">
                <Pair name="Offered">{count.format(g.figures.offered)}</Pair>
                <Pair name="ASA · p80">
                  {seconds(g.figures.asaSeconds)} · {seconds(g.figures.asaP80Seconds)}
                </Pair>
                <Pair name={`Within target${target(g.key)}`}>
                  <RateText rate={g.figures.answeredWithinTarget} />
                </Pair>
                <Pair name="Abandoned (> 5 s)">
                  <RateText rate={g.figures.abandonment} />
                </Pair>
                <Pair name="AHT">{duration(g.figures.ahtSeconds)}</Pair>
              </Stack>
            </Paper>
          ))}
        </SimpleGrid>
      </Stack>
    );
  }
  return (
    <Paper withBorder p="md" style={{ overflowX: 'auto' }}>
      <Table striped fz="sm" captionSide="top" aria-label={title}>
        <Table.Caption style={{ textAlign: 'left', fontWeight: 600 }}>{title}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{first}</Table.Th>
            <Table.Th scope="col">Offered</Table.Th>
            <Table.Th scope="col">ASA · p80</Table.Th>
            <Table.Th scope="col">Answered within target</Table.Th>
            <Table.Th scope="col">Abandoned (&gt; 5 s)</Table.Th>
            <Table.Th scope="col">AHT</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.groups.map((g) => (
            <Table.Tr key={g.key}>
              <Table.Th scope="row" style={{ whiteSpace: 'nowrap' }}>
                {label(g.key)}
              </Table.Th>
              <Table.Td>{count.format(g.figures.offered)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {seconds(g.figures.asaSeconds)} · {seconds(g.figures.asaP80Seconds)}
              </Table.Td>
              <Table.Td>
                <RateText rate={g.figures.answeredWithinTarget} />
                {target(g.key)}
              </Table.Td>
              <Table.Td>
                <RateText rate={g.figures.abandonment} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{duration(g.figures.ahtSeconds)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function Pair({ name, children }: { name: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text span size="sm" c="dimmed">
        {name}
      </Text>
      <Text span size="sm" ta="right">
        {children}
      </Text>
    </Group>
  );
}
