// Tables the roll-up and the huddle report share: issues per value (logged, resolved on the spot, patient care) and
// the trend per go-live day since the start.
import { Box, Table, Text } from '@mantine/core';
import type { RollupView } from '../../api/golive.ts';
import { ScrollBox } from '../incidents/ScrollBox.tsx';
import { percent } from './goLiveWords.ts';

type Row = RollupView['hours'][number]['rows'][number];

export function CountsTable({ caption, what, rows }: { caption: string; what: string; rows: Row[] }) {
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {caption}: no issues.
      </Text>
    );
  return (
    <ScrollBox label={caption}>
      <Table striped className="golive-table">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600 }}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{what}</Table.Th>
            <Table.Th scope="col" ta="right">
              Logged
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Resolved on the spot
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Patient care affected
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row" fw="normal">
                {r.key}
              </Table.Th>
              <Table.Td ta="right">{r.logged}</Table.Td>
              <Table.Td ta="right">{r.resolvedOnSpot}</Table.Td>
              <Table.Td ta="right">{r.patientCareAffected}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollBox>
  );
}

export function TrendTable({ trend }: { trend: RollupView['trend'] }) {
  const most = Math.max(1, ...trend.map((d) => d.logged));
  return (
    <ScrollBox label="Trend since go-live">
      <Table striped className="golive-table">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600 }}>
          Trend since go-live, per day
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Day</Table.Th>
            <Table.Th scope="col" ta="right">
              Logged
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Resolved on the spot
            </Table.Th>
            <Table.Th scope="col" ta="right">
              On-the-spot rate
            </Table.Th>
            <Table.Th scope="col" w="35%">
              <Text span size="sm" fw={700}>
                Issues logged
              </Text>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {trend.map((d) => (
            <Table.Tr key={d.day}>
              <Table.Th scope="row" fw="normal">
                Day {d.day + 1}
              </Table.Th>
              <Table.Td ta="right">{d.logged}</Table.Td>
              <Table.Td ta="right">{d.resolvedOnSpot}</Table.Td>
              <Table.Td ta="right">{percent(d.onSpotRate)}</Table.Td>
              <Table.Td aria-hidden="true">
                <Box h={10} w={`${(d.logged / most) * 100}%`} bg="desk.6" style={{ borderRadius: 2 }} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollBox>
  );
}
