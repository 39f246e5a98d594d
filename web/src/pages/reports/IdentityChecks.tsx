// Identity checks before credential changes (HHS HC3 2024), for desk managers and security: how many requests were
// checked and changed, failed or left open, which checks the desk relies on and how often they fail or are refused
// (a call-back to a number not on file, someone vouching for themselves), and the accounts to look at first.
import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { METHOD_LABELS, REQUEST_LABELS } from '../../../../src/features/verification/rules/vocabulary.ts';
import { identityCheckReportQuery } from '../../api/verification.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { CLINICAL_ROLE_LABELS } from '../../components/ticketWords.ts';
import { RangeInputs } from './RangeInputs.tsx';
import { type ReportsSearch, rangeOf } from './reportsSearch.ts';
import type { UpdateReportsSearch } from './useReportsSearch.ts';

const count = new Intl.NumberFormat('en-US');

function Tile({ label, value, note }: { label: string; value: number; note?: string }) {
  return (
    <Paper withBorder p="sm" component="article" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {count.format(value)}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Paper>
  );
}

type CountRow = { key: string; name: string; cells: ReactNode[] };

/**
 * A table of counts, one row per thing named in its row header, in a frame that scrolls sideways on a phone (a region
 * the keyboard can reach). Named by its caption, or by a heading elsewhere (`labelledBy`).
 */
function CountTable({
  name,
  caption = name,
  labelledBy,
  columns,
  rows,
  empty,
}: {
  name: string;
  caption?: string;
  labelledBy?: string;
  columns: string[];
  rows: CountRow[];
  empty?: string;
}) {
  return (
    <Paper
      withBorder
      p="md"
      style={{ overflowX: 'auto' }}
      tabIndex={0}
      role="region"
      aria-label={`${name}, scrolls sideways`}
    >
      <Table striped fz="sm" captionSide="top" aria-label={labelledBy ? undefined : name} aria-labelledby={labelledBy}>
        {!labelledBy && <Table.Caption style={{ textAlign: 'left', fontWeight: 600 }}>{caption}</Table.Caption>}
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c} scope="col">
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row">{r.name}</Table.Th>
              {r.cells.map((cell, i) => (
                <Table.Td key={columns[i + 1]}>{cell}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length === 0 && empty && (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      )}
    </Paper>
  );
}

export function IdentityChecks({ search, update }: { search: ReportsSearch; update: UpdateReportsSearch }) {
  const range = rangeOf(search);
  const report = useQuery(identityCheckReportQuery(range));
  return (
    <Stack gap="md">
      <Group align="end" className="no-print">
        <RangeInputs range={range} onChange={(patch) => update(patch, { replace: true })} />
      </Group>
      {report.isPending && <Loading label="Counting identity checks…" />}
      {report.isError && (
        <LoadError what="the identity checks" error={report.error} retry={() => void report.refetch()} />
      )}
      {report.data && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <Tile label="Checks started" value={report.data.totals.started} />
            <Tile
              label="Changes made"
              value={report.data.totals.changed}
              note={`${count.format(report.data.totals.highRisk)} high-risk accounts or signals`}
            />
            <Tile
              label="Failed"
              value={report.data.totals.failed}
              note={`${count.format(report.data.totals.open)} never completed`}
            />
            <Tile label="Alerts to security" value={report.data.totals.alerts} />
          </SimpleGrid>

          <CountTable
            name="Requests"
            columns={[
              'Request',
              'Checks started',
              'High risk',
              'Urgent-care fast path',
              'Changed',
              'Failed',
              'Not completed',
            ]}
            rows={report.data.byRequest.map((r) => ({
              key: r.request,
              name: REQUEST_LABELS[r.request],
              cells: [r.started, r.highRisk, r.fastPath, r.changed, r.failed, r.open].map((n) => count.format(n)),
            }))}
            empty="No identity checks in this range."
          />

          <CountTable
            name="Checks by method"
            caption="Checks by method (refused: stopped before they counted, such as a call-back to a number not on file)"
            columns={['Method', 'Passed', 'Failed', 'Refused']}
            rows={report.data.byMethod.map((m) => ({
              key: m.method,
              name: METHOD_LABELS[m.method],
              cells: [
                count.format(m.passed),
                count.format(m.failed),
                m.refused > 0 ? (
                  <Badge key="refused" color="red.9">
                    {count.format(m.refused)}
                  </Badge>
                ) : (
                  0
                ),
              ],
            }))}
          />

          <Stack gap="xs" component="section" aria-labelledby="accounts-to-watch">
            <Title order={2} size="h5" id="accounts-to-watch">
              Accounts to look at first
            </Title>
            <Text size="sm" c="dimmed">
              More than one change, a failed check or an alert in this range. Reading this list is recorded in the audit
              trail.
            </Text>
            {report.data.accounts.length === 0 ? (
              <Text size="sm">None in this range.</Text>
            ) : (
              <CountTable
                name="Accounts"
                labelledBy="accounts-to-watch"
                columns={['Account owner', 'Role', 'Changes', 'Failed checks', 'Alerts']}
                rows={report.data.accounts.map((a) => ({
                  key: a.personId,
                  name: a.displayName,
                  cells: [
                    CLINICAL_ROLE_LABELS[a.clinicalRole] ?? a.clinicalRole,
                    ...[a.changes, a.failedChecks, a.alerts].map((n) => count.format(n)),
                  ],
                }))}
              />
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
}
