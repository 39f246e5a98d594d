// A policy's targets: first response and resolution per priority, in minutes, with the span in words beside each.
import { Group, NumberInput, Table, Text } from '@mantine/core';
import type { PriorityTargets } from '../../../../../src/features/sla/rules/policy.ts';
import { formatSpan } from '../../../components/SlaCountdown.tsx';

const PRIORITIES = ['1', '2', '3', '4'] as const;
const CLOCKS = ['responseMinutes', 'resolutionMinutes'] as const;
type Clock = (typeof CLOCKS)[number];

type Props = { targets: PriorityTargets; onChange: (targets: PriorityTargets) => void };

export function PolicyTargetsTable({ targets, onChange }: Props) {
  const setTarget = (prio: (typeof PRIORITIES)[number], key: Clock, v: number) =>
    onChange({ ...targets, [prio]: { ...targets[prio], [key]: v } });
  return (
    <Table verticalSpacing={4} withRowBorders={false} maw={620}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Priority</Table.Th>
          <Table.Th scope="col">First response (minutes)</Table.Th>
          <Table.Th scope="col">Resolution (minutes)</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {PRIORITIES.map((prio) => (
          <Table.Tr key={prio}>
            <Table.Th scope="row">P{prio}</Table.Th>
            {CLOCKS.map((key) => (
              <Table.Td key={key}>
                <Group gap="xs" wrap="nowrap">
                  <NumberInput
                    aria-label={`P${prio} ${key === 'responseMinutes' ? 'first response' : 'resolution'} minutes`}
                    value={targets[prio][key]}
                    min={1}
                    max={525600}
                    w={110}
                    onChange={(v) => typeof v === 'number' && setTarget(prio, key, v)}
                  />
                  <Text size="xs" c="dimmed">
                    {formatSpan(targets[prio][key] * 60_000)}
                  </Text>
                </Group>
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
