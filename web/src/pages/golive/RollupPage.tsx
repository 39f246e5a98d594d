// The hourly roll-up: issues logged per hour by zone, category or application over the last hours, their totals,
// and the trend per go-live day since the start. It refreshes live as issues are logged.
import { Group, Paper, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ROLLUP_DIMENSIONS, type RollupDimension } from '../../../../src/features/golive/rules.ts';
import { type GoLiveEvent, type RollupView, rollupQuery } from '../../api/golive.ts';
import { Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { ScrollBox } from '../incidents/ScrollBox.tsx';
import { GoLiveFrame } from './GoLiveFrame.tsx';
import { DIMENSION_WORDS, when } from './goLiveWords.ts';
import { CountsTable, TrendTable } from './RollupTables.tsx';
import './print.css';

const SPANS = [
  { value: '12', label: 'Last 12 hours' },
  { value: '24', label: 'Last 24 hours' },
  { value: '72', label: 'Last 3 days' },
  { value: '168', label: 'Last 7 days' },
];

export function RollupPage() {
  return (
    <GoLiveFrame title="Hourly roll-up" intro="Issues logged per hour, and the trend since go-live.">
      {(event) => <Rollup event={event} />}
    </GoLiveFrame>
  );
}

/** Each value's rows added up over the hours shown. */
function totalsOf(view: RollupView) {
  const rows = new Map<string, { key: string; logged: number; resolvedOnSpot: number; patientCareAffected: number }>();
  for (const h of view.hours)
    for (const r of h.rows) {
      const t = rows.get(r.key) ?? { key: r.key, logged: 0, resolvedOnSpot: 0, patientCareAffected: 0 };
      t.logged += r.logged;
      t.resolvedOnSpot += r.resolvedOnSpot;
      t.patientCareAffected += r.patientCareAffected;
      rows.set(r.key, t);
    }
  return [...rows.values()].sort((a, b) => b.logged - a.logged || a.key.localeCompare(b.key));
}

function Rollup({ event }: { event: GoLiveEvent }) {
  const [by, setBy] = useState<RollupDimension>('zone');
  const [hours, setHours] = useState('24');
  const rollup = useQuery(rollupQuery(event.id, by, Number(hours)));
  return (
    <Stack gap="md">
      <Group gap="md" align="flex-end" className="no-print">
        <div>
          <Text size="sm" fw={500} id="rollup-by" mb={4}>
            Count by
          </Text>
          <SegmentedControl
            aria-labelledby="rollup-by"
            data={ROLLUP_DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_WORDS[d] }))}
            value={by}
            onChange={(v) => setBy(v as RollupDimension)}
          />
        </div>
        <Select
          label="Hours"
          data={SPANS}
          value={hours}
          onChange={(v) => v && setHours(v)}
          allowDeselect={false}
          w={180}
        />
      </Group>
      {rollup.isPending ? (
        <Loading label="Counting the issues…" />
      ) : rollup.isError ? (
        <LoadError what="the roll-up" error={rollup.error} retry={() => void rollup.refetch()} />
      ) : (
        <RollupBody view={rollup.data} by={by} tz={event.timeZone} />
      )}
    </Stack>
  );
}

function RollupBody({ view, by, tz }: { view: RollupView; by: RollupDimension; tz: string }) {
  const totals = totalsOf(view);
  const keys = totals.map((t) => t.key);
  const logged = totals.reduce((s, t) => s + t.logged, 0);
  return (
    <>
      <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="rollup-hours">
        <Title order={2} size="h4" id="rollup-hours">
          Per hour
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {logged} {logged === 1 ? 'issue' : 'issues'} logged from {when(view.from, tz)} to {when(view.to, tz)}. Hours
          with no issue are left out.
        </Text>
        {view.hours.length === 0 ? (
          <Empty title="No issues in these hours">Issues logged at the elbow are counted here within the hour.</Empty>
        ) : (
          <ScrollBox label="Issues per hour">
            <Table striped withColumnBorders className="golive-table">
              <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600 }}>
                Issues logged per hour by {DIMENSION_WORDS[by].toLowerCase()}
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Hour</Table.Th>
                  {keys.map((k) => (
                    <Table.Th scope="col" key={k} ta="right">
                      {k}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col" ta="right">
                    All
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...view.hours].reverse().map((h) => (
                  <Table.Tr key={h.hour}>
                    <Table.Th scope="row" fw="normal" style={{ whiteSpace: 'nowrap' }}>
                      {when(h.hour, tz)}
                    </Table.Th>
                    {keys.map((k) => (
                      <Table.Td key={k} ta="right">
                        {h.rows.find((r) => r.key === k)?.logged ?? ''}
                      </Table.Td>
                    ))}
                    <Table.Td ta="right" fw={700}>
                      {h.total}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollBox>
        )}
      </Paper>
      <Paper withBorder radius="md" p="sm" component="section" aria-label="Totals">
        <CountsTable
          caption={`In these hours, by ${DIMENSION_WORDS[by].toLowerCase()}`}
          what={DIMENSION_WORDS[by]}
          rows={totals}
        />
      </Paper>
      <Paper withBorder radius="md" p="sm" component="section" aria-label="Trend since go-live">
        <TrendTable trend={view.trend} />
      </Paper>
    </>
  );
}
