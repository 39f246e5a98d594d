// The ticket's SLA: both clocks with time left (or how late), the policy that applied, and who used the time.
import { Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { formatSpan, SlaBadge, slaLook, useNow } from '../../../components/SlaCountdown.tsx';
import { formatWhen, TIER_SHORT } from '../../../components/ticketWords.ts';

function holderLabel(key: string, ticket: TicketDetail): string {
  if (key === 'paused') return 'Paused (waiting on requester)';
  const [tier] = key.split('/');
  const short = TIER_SHORT[tier as keyof typeof TIER_SHORT] ?? tier;
  return tier === 'vendor' && ticket.provider ? `${short} · ${ticket.provider.name}` : String(short);
}

export function SlaPanel({ ticket }: { ticket: TicketDetail }) {
  const now = useNow();
  const sla = ticket.slaDetail;
  if (!sla || (!sla.response && !sla.resolution)) {
    return (
      <Paper withBorder radius="md" p="md">
        <Title order={2} size="h5">
          SLA
        </Title>
        <Text size="sm" c="dimmed">
          No SLA policy applies to this ticket.
        </Text>
      </Paper>
    );
  }
  const holders = Object.entries(sla.elapsedByHolder).filter(([, minutes]) => minutes > 0);
  return (
    <Paper withBorder radius="md" p="md" aria-labelledby="sla-heading">
      <Stack gap="xs">
        <Title order={2} size="h5" id="sla-heading">
          SLA
        </Title>
        {(['response', 'resolution'] as const).map((name) => {
          const clock = sla[name];
          if (!clock) return null;
          return (
            <Group key={name} justify="space-between" wrap="nowrap" gap="xs">
              <div>
                <Text size="sm" fw={600}>
                  {name === 'response' ? 'First response' : 'Resolution'}
                </Text>
                <Text size="xs" c="dimmed">
                  Target {formatSpan(clock.targetMinutes * 60_000)}
                  {clock.breachedAt ? ` · missed ${formatWhen(clock.breachedAt)}` : ''}
                  {clock.state === 'running' && clock.dueAt && !clock.breached
                    ? ` · due ${formatWhen(clock.dueAt)}`
                    : ''}
                </Text>
              </div>
              <SlaBadge look={slaLook(name, clock, now)} />
            </Group>
          );
        })}
        <Text size="xs" c="dimmed">
          Policy: {sla.policy}
          {sla.timeZone && sla.timeZone !== 'UTC' ? ` · hours in ${sla.timeZone}` : ''}
        </Text>
        {holders.length > 0 && (
          <Table withRowBorders={false} verticalSpacing={2} fz="xs" aria-label="Time used by each holder">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Who held it</Table.Th>
                <Table.Th ta="right">Time used</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {holders.map(([key, minutes]) => (
                <Table.Tr key={key}>
                  <Table.Td>{holderLabel(key, ticket)}</Table.Td>
                  <Table.Td ta="right">{formatSpan(minutes * 60_000)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
