// Phone figures over the chosen range, per line: ASA mean and p80, % answered within the line's target,
// abandonment (calls that hung up within 5 s not counted) and average handle time.
import { Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { callReportQuery } from '../../api/reports.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { lineLabel } from '../../components/ticketWords.ts';
import { WideTable } from '../../components/WideTable.tsx';
import { Bars } from './Bars.tsx';
import { RangeInputs } from './RangeInputs.tsx';
import { RateText } from './RateText.tsx';
import { type ReportsSearch, rangeOf } from './reportsSearch.ts';
import type { UpdateReportsSearch } from './useReportsSearch.ts';

const seconds = (s: number | null) => (s === null ? '—' : `${s} s`);

export function PhoneReport({ search, update }: { search: ReportsSearch; update: UpdateReportsSearch }) {
  const range = rangeOf(search);
  const report = useQuery(callReportQuery({ ...range, groupBy: 'line', period: 'month' }));
  return (
    <Stack gap="md">
      <Group align="end" className="no-print">
        <RangeInputs range={range} onChange={(patch) => update(patch, { replace: true })} />
      </Group>
      {report.isPending && <Loading label="Counting calls…" />}
      {report.isError && (
        <LoadError what="the phone figures" error={report.error} retry={() => void report.refetch()} />
      )}
      {report.data && (
        <>
          <Text size="sm" c="dimmed">
            {report.data.scope === 'own' ? 'Your own calls only. ' : ''}
            {report.data.total.offered} calls offered · {report.data.total.answered} answered · AHT{' '}
            {seconds(report.data.total.ahtSeconds)}
          </Text>
          <Paper withBorder p="md">
            <Bars
              title="Average speed of answer by line (seconds)"
              unit=" s"
              bars={report.data.groups.map((g) => ({
                label: lineLabel(g.key),
                value: g.figures.asaSeconds,
                n: g.figures.answered,
              }))}
            />
          </Paper>
          <WideTable label="Phone figures by line">
            <Table striped fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Line</Table.Th>
                  <Table.Th scope="col">Offered</Table.Th>
                  <Table.Th scope="col">ASA · p80</Table.Th>
                  <Table.Th scope="col">Answered within target</Table.Th>
                  <Table.Th scope="col">Abandoned (&gt; 5 s)</Table.Th>
                  <Table.Th scope="col">AHT</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.data.groups.map((g) => (
                  <Table.Tr key={g.key}>
                    <Table.Th scope="row">{lineLabel(g.key)}</Table.Th>
                    <Table.Td>{g.figures.offered}</Table.Td>
                    <Table.Td>
                      {g.figures.asaSeconds ?? '—'} s · {g.figures.asaP80Seconds ?? '—'} s
                    </Table.Td>
                    <Table.Td>
                      <RateText rate={g.figures.answeredWithinTarget} /> (≤ {report.data.targets[g.key]} s)
                    </Table.Td>
                    <Table.Td>
                      <RateText rate={g.figures.abandonment} />
                    </Table.Td>
                    <Table.Td>{seconds(g.figures.ahtSeconds)}</Table.Td>
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
