// The live wallboard for a wall screen: contacts waiting by line with the longest wait, agents by state, and today's
// ASA, abandonment and answered-within-target per line, with yesterday and this week beside today. Refreshes every
// 3 s; big type, high contrast. On a phone (below 48em) each period's lines are cards instead of a wide table.
import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type Wallboard, wallboardQuery } from '../../api/routing.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { LINE_LABELS } from '../../components/ticketWords.ts';
import { pct, seconds } from './words.ts';

const AGENT_LABELS: [string, string, string][] = [
  ['available', 'Available', '#1b5e20'],
  ['on_contact', 'On a call', 'blue.9'],
  ['wrap_up', 'Wrap-up', 'grape.9'],
  ['away', 'Away', 'gray.7'],
];
const ABANDON_GOAL_PCT = 5;
/** Phones and small tablets. */
const NARROW = '(max-width: 48em)';

export function WallboardPage() {
  useDocumentTitle('Wallboard — Clinidesk');
  const board = useQuery({ ...wallboardQuery, refetchInterval: 3_000 });
  if (board.isPending) return <Loading label="Loading the wallboard…" />;
  if (board.isError) return <LoadError what="the wallboard" error={board.error} retry={() => void board.refetch()} />;
  return <Board w={board.data} stale={board.isRefetchError} />;
}

function Board({ w, stale }: { w: Wallboard; stale: boolean }) {
  const narrow = useMediaQuery(NARROW, false, { getInitialValueInEffect: false });
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1} size={narrow ? '1.75rem' : '2.5rem'}>
          Service desk now
        </Title>
        <Text size="lg" c={stale ? 'red.9' : 'dimmed'} role="status">
          {stale ? 'Connection lost — figures may be old' : `Updated ${new Date(w.at).toLocaleTimeString()}`}
        </Text>
      </Group>
      {/* Three across on every screen: on a phone the waiting counts still fit its first screen. */}
      <SimpleGrid cols={3} spacing={narrow ? 'xs' : 'lg'}>
        {w.waiting.map((l) => {
          // Red once the longest wait is past the line's own target (routing settings).
          const target = w.today.find((f) => f.line === l.line)?.targetSeconds ?? 30;
          const over = l.longestWaitSeconds !== null && l.longestWaitSeconds > target;
          return (
            <Paper
              key={l.line}
              withBorder
              radius="md"
              p={narrow ? 'xs' : 'lg'}
              bg={over ? 'red.0' : undefined}
              data-testid={`waiting-${l.line}`}
            >
              <Text size={narrow ? 'sm' : 'xl'} fw={700}>
                {LINE_LABELS[l.line]}
              </Text>
              <Text fz={narrow ? '2.5rem' : '4.5rem'} fw={800} lh={1.1} aria-label={`${l.count} waiting`}>
                {l.count}
              </Text>
              <Text size={narrow ? 'sm' : 'xl'}>
                waiting{narrow ? <br /> : ' · '}longest {seconds(l.longestWaitSeconds)}
              </Text>
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
  const narrow = useMediaQuery(NARROW, false, { getInitialValueInEffect: false });
  const slow = (l: Wallboard['today'][number]) => l.asaSeconds !== null && l.asaSeconds > l.targetSeconds;
  const dropped = (l: Wallboard['today'][number]) => l.abandonmentPct !== null && l.abandonmentPct > ABANDON_GOAL_PCT;
  if (narrow) {
    return (
      <Paper withBorder radius="md" p="md" component="section" aria-label={`${title}: calls by line`}>
        <Title order={2} size="h3" mb="sm">
          {title}
        </Title>
        <Stack gap="sm">
          {lines.map((l) => (
            <div key={l.line}>
              <Text fw={700} size="lg">
                {LINE_LABELS[l.line]}
              </Text>
              <SimpleGrid cols={2} spacing={4} verticalSpacing={2}>
                <Text>Calls {l.offered}</Text>
                <Text c={slow(l) ? 'red.9' : undefined}>ASA {seconds(l.asaSeconds)}</Text>
                <Text>ASA p80 {seconds(l.asaP80Seconds)}</Text>
                <Text>
                  Within {l.targetSeconds} s {pct(l.answeredWithinTargetPct)}
                </Text>
                <Text c={dropped(l) ? 'red.9' : undefined}>Abandoned {pct(l.abandonmentPct)}</Text>
              </SimpleGrid>
            </div>
          ))}
        </Stack>
      </Paper>
    );
  }
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
              <Table.Td fw={700} style={{ whiteSpace: 'nowrap' }}>
                {LINE_LABELS[l.line]}
              </Table.Td>
              <Table.Td>{l.offered}</Table.Td>
              <Table.Td c={slow(l) ? 'red.9' : undefined}>{seconds(l.asaSeconds)}</Table.Td>
              <Table.Td>{seconds(l.asaP80Seconds)}</Table.Td>
              <Table.Td>
                {pct(l.answeredWithinTargetPct)}{' '}
                <Text span c="dimmed" fz="1rem">
                  (≤ {l.targetSeconds} s)
                </Text>
              </Table.Td>
              <Table.Td c={dropped(l) ? 'red.9' : undefined}>{pct(l.abandonmentPct)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
