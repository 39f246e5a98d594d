// Survey response rates by group (admin): each group's share of those asked beside its share of the answers, so a
// group that answers less (physicians, usually) is visible before anyone reads the scores.
import { Select, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ratesQueryOf } from '../../api/surveys.ts';

export const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

export function ResponseRates() {
  const [by, setBy] = useState('role_group');
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const rates = useQuery(ratesQueryOf(by, from, to));
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Who answers, and who was asked (last 12 months)
      </Title>
      <Select
        label="Group by"
        value={by}
        onChange={(x) => setBy(x ?? 'role_group')}
        allowDeselect={false}
        data={[
          { value: 'role_group', label: 'Role group' },
          { value: 'role', label: 'Clinical role' },
          { value: 'facility', label: 'Facility' },
          { value: 'unit', label: 'Unit' },
          { value: 'channel', label: 'Channel' },
        ]}
        w={220}
      />
      {rates.data && (
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th>Asked</Table.Th>
              <Table.Th>Answered</Table.Th>
              <Table.Th>Response rate</Table.Th>
              <Table.Th>Share of asked</Table.Th>
              <Table.Th>Share of answers</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rates.data.groups.map((g) => (
              <Table.Tr key={g.group}>
                <Table.Td>{g.group.replaceAll('_', ' ')}</Table.Td>
                <Table.Td>{g.asked}</Table.Td>
                <Table.Td>{g.answered}</Table.Td>
                <Table.Td>{pct(g.rate)}</Table.Td>
                <Table.Td>{pct(g.askedShare)}</Table.Td>
                <Table.Td>{pct(g.answeredShare)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
