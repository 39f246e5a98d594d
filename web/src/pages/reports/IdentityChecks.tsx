// Identity checks before credential changes (HHS HC3 2024), for desk managers and security: how many requests were
// checked and changed, failed or left open, which checks the desk relies on and how often they fail or are refused
// (a call-back to a number not on file, someone vouching for themselves), and the accounts to look at first.
import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
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

          <Paper
            withBorder
            p="md"
            style={{ overflowX: 'auto' }}
            tabIndex={0}
            role="region"
            aria-label="Requests, scrolls sideways"
          >
            <Table striped fz="sm" captionSide="top" aria-label="Requests">
              <Table.Caption style={{ textAlign: 'left', fontWeight: 600 }}>Requests</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Request</Table.Th>
                  <Table.Th scope="col">Checks started</Table.Th>
                  <Table.Th scope="col">High risk</Table.Th>
                  <Table.Th scope="col">Urgent-care fast path</Table.Th>
                  <Table.Th scope="col">Changed</Table.Th>
                  <Table.Th scope="col">Failed</Table.Th>
                  <Table.Th scope="col">Not completed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.data.byRequest.map((r) => (
                  <Table.Tr key={r.request}>
                    <Table.Th scope="row">{REQUEST_LABELS[r.request]}</Table.Th>
                    <Table.Td>{count.format(r.started)}</Table.Td>
                    <Table.Td>{count.format(r.highRisk)}</Table.Td>
                    <Table.Td>{count.format(r.fastPath)}</Table.Td>
                    <Table.Td>{count.format(r.changed)}</Table.Td>
                    <Table.Td>{count.format(r.failed)}</Table.Td>
                    <Table.Td>{count.format(r.open)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {report.data.byRequest.length === 0 && (
              <Text size="sm" c="dimmed">
                No identity checks in this range.
              </Text>
            )}
          </Paper>

          <Paper
            withBorder
            p="md"
            style={{ overflowX: 'auto' }}
            tabIndex={0}
            role="region"
            aria-label="Checks by method, scrolls sideways"
          >
            <Table striped fz="sm" captionSide="top" aria-label="Checks by method">
              <Table.Caption style={{ textAlign: 'left', fontWeight: 600 }}>
                Checks by method (refused: stopped before they counted, such as a call-back to a number not on file)
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Method</Table.Th>
                  <Table.Th scope="col">Passed</Table.Th>
                  <Table.Th scope="col">Failed</Table.Th>
                  <Table.Th scope="col">Refused</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.data.byMethod.map((m) => (
                  <Table.Tr key={m.method}>
                    <Table.Th scope="row">{METHOD_LABELS[m.method]}</Table.Th>
                    <Table.Td>{count.format(m.passed)}</Table.Td>
                    <Table.Td>{count.format(m.failed)}</Table.Td>
                    <Table.Td>{m.refused > 0 ? <Badge color="red.9">{count.format(m.refused)}</Badge> : 0}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>

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
              <Paper
                withBorder
                p="md"
                style={{ overflowX: 'auto' }}
                tabIndex={0}
                role="region"
                aria-label="Accounts, scrolls sideways"
              >
                <Table striped fz="sm" aria-labelledby="accounts-to-watch">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Account owner</Table.Th>
                      <Table.Th scope="col">Role</Table.Th>
                      <Table.Th scope="col">Changes</Table.Th>
                      <Table.Th scope="col">Failed checks</Table.Th>
                      <Table.Th scope="col">Alerts</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {report.data.accounts.map((a) => (
                      <Table.Tr key={a.personId}>
                        <Table.Th scope="row">{a.displayName}</Table.Th>
                        <Table.Td>{CLINICAL_ROLE_LABELS[a.clinicalRole] ?? a.clinicalRole}</Table.Td>
                        <Table.Td>{count.format(a.changes)}</Table.Td>
                        <Table.Td>{count.format(a.failedChecks)}</Table.Td>
                        <Table.Td>{count.format(a.alerts)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
            )}
          </Stack>
        </>
      )}
    </Stack>
  );
}
