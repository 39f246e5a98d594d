// The live wallboard for a wall screen: contacts waiting by line with the longest wait, agents by state, and today's
// ASA, abandonment and answered-within-target per line, with yesterday and this week beside today. Refreshes every 3 s; big type, high contrast.
import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type Wallboard, wallboardQuery } from '../../api/routing.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { LINE_LABELS } from '../../components/ticketWords.ts';

const AGENT_LABELS: [string, string, string][] = [
  ['available', 'Available', '#1b5e20'],
  ['on_contact', 'On a call', 'blue.9'],
  ['wrap_up', 'Wrap-up', 'grape.9'],
  ['away', 'Away', 'gray.7'],
];
const ABANDON_GOAL_PCT = 5;

const seconds = (s: number | null) =>
  s === null
    ? '—'
    : s < 60
      ? `${Math.round(s)} s`
      : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;
const pct = (p: number | null) => (p === null ? '—' : `${p.toFixed(p >= 99.95 ? 0 : 1)}%`);

export function WallboardPage() {
  useDocumentTitle('Wallboard — Clinidesk');
  const board = useQuery({ ...wallboardQuery, refetchInterval: 3_000 });
  if (board.isPending) return <Loading label="Loading the wallboard…" />;
  if (board.isError) return <LoadError what="the wallboard" error={board.error} retry={() => void board.refetch()} />;
  return <Board w={board.data} stale={board.isRefetchError} />;
}

function Board({ w, stale }: { w: Wallboard; stale: boolean }) {
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1} size="2.5rem">
          Service desk now
        </Title>
        <Text size="lg" c={stale ? 'red.9' : 'dimmed'} role="status">
          {stale ? 'Connection lost — figures may be old' : `Updated ${new Date(w.at).toLocaleTimeString()}`}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        {w.waiting.map((l) => {
          // Red once the longest wait is past the line's own target (routing settings).
          const target = w.today.find((f) => f.line === l.line)?.targetSeconds ?? 30;
          const over = l.longestWaitSeconds !== null && l.longestWaitSeconds > target;
          return (
            <Paper
              key={l.line}
              withBorder
              radius="md"
              p="lg"
              bg={over ? 'red.0' : undefined}
              data-testid={`waiting-${l.line}`}
            >
              <Text size="xl" fw={700}>
                {LINE_LABELS[l.line]}
              </Text>
              <Text fz="4.5rem" fw={800} lh={1.1} aria-label={`${l.count} waiting`}>
                {l.count}
              </Text>
              <Text size="xl">waiting · longest {seconds(l.longestWaitSeconds)}</Text>
            </Paper>
          );
        })}
      </SimpleGrid>
      <Group gap="md">
        {AGENT_LABELS.map(([state, label, color]) => (
          <Badge key={state} color={color} size="xl" radius="sm" variant="filled" data-testid={`agents-${state}`}>
            {label}: {w.agents[state] ?? 0}
          </Badge>
        ))}
      </Group>
      <Figures title="Today" lines={w.today} big />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Figures title="Yesterday" lines={w.yesterday} />
        <Figures title="This week" lines={w.thisWeek} />
      </SimpleGrid>
    </Stack>
  );
}

function Figures({ title, lines, big = false }: { title: string; lines: Wallboard['today']; big?: boolean }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h2" mb="sm">
        {title}
      </Title>
      <Table
        fz={big ? '1.6rem' : '1.1rem'}
        verticalSpacing={big ? 'md' : 'xs'}
        striped
        aria-label={`${title}: calls by line`}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th>Calls</Table.Th>
            <Table.Th>ASA</Table.Th>
            <Table.Th>ASA p80</Table.Th>
            <Table.Th>Answered within target</Table.Th>
            <Table.Th>Abandoned</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.line}>
              <Table.Td fw={700}>{LINE_LABELS[l.line]}</Table.Td>
              <Table.Td>{l.offered}</Table.Td>
              <Table.Td c={l.asaSeconds !== null && l.asaSeconds > l.targetSeconds ? 'red.9' : undefined}>
                {seconds(l.asaSeconds)}
              </Table.Td>
              <Table.Td>{seconds(l.asaP80Seconds)}</Table.Td>
              <Table.Td>
                {pct(l.answeredWithinTargetPct)}{' '}
                <Text span c="dimmed" fz="1rem">
                  (≤ {l.targetSeconds} s)
                </Text>
              </Table.Td>
              <Table.Td c={l.abandonmentPct !== null && l.abandonmentPct > ABANDON_GOAL_PCT ? 'red.9' : undefined}>
                {pct(l.abandonmentPct)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
