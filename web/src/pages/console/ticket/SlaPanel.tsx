// The ticket's SLA: the hospital's clocks with time left (or how late), the policy that applied, and who used the
// time; and beside them, when a provider with a contract holds or held the ticket, that provider's contract clocks
// (one per holding period, docs/decisions.md "Two clocks"). A vendor's read carries only its own contract's.
import { Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { formatSpan, SlaBadge, slaLook, useNow } from '../../../components/SlaCountdown.tsx';
import { formatWhen, TIER_SHORT } from '../../../components/ticketWords.ts';

type Sla = NonNullable<TicketDetail['slaDetail']>;
type ClockView = NonNullable<Sla['response']>;

function ClockRow({ name, clock, now }: { name: 'response' | 'resolution'; clock: ClockView; now: number }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <div>
        <Text size="sm" fw={600}>
          {name === 'response' ? 'First response' : 'Resolution'}
        </Text>
        <Text size="xs" c="dimmed">
          Target {formatSpan(clock.targetMinutes * 60_000)}
          {clock.breachedAt ? ` · missed ${formatWhen(clock.breachedAt)}` : ''}
          {clock.state === 'running' && clock.dueAt && !clock.breached ? ` · due ${formatWhen(clock.dueAt)}` : ''}
        </Text>
      </div>
      <SlaBadge look={slaLook(name, clock, now)} />
    </Group>
  );
}

function ContractClocks({ contracts, now }: { contracts: Sla['contracts']; now: number }) {
  return (
    <Stack gap="xs" component="section" aria-labelledby="sla-contract-heading">
      <Title order={3} size="h6" id="sla-contract-heading">
        Provider contract
      </Title>
      {contracts.map((c) => (
        <Stack key={`${c.providerId}-${c.from}`} gap={4} data-testid="contract-clock">
          <Text size="xs" c="dimmed">
            {c.provider ?? 'Provider'} · {c.policy} · held {formatWhen(c.from)}
            {c.to ? ` to ${formatWhen(c.to)}` : ', still holds it'}
            {c.timeZone !== 'UTC' ? ` · hours in ${c.timeZone}` : ''}
          </Text>
          <ClockRow name="response" clock={c.response} now={now} />
          <ClockRow name="resolution" clock={c.resolution} now={now} />
        </Stack>
      ))}
    </Stack>
  );
}

function holderLabel(key: string, ticket: TicketDetail): string {
  if (key === 'paused') return 'Paused (waiting on requester)';
  const [tier] = key.split('/');
  const short = TIER_SHORT[tier as keyof typeof TIER_SHORT] ?? tier;
  return tier === 'vendor' && ticket.provider ? `${short} · ${ticket.provider.name}` : String(short);
}

export function SlaPanel({ ticket }: { ticket: TicketDetail }) {
  const now = useNow();
  const sla = ticket.slaDetail;
  const contracts = sla?.contracts ?? [];
  if (!sla || (!sla.response && !sla.resolution && !contracts.length)) {
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
        {contracts.length > 0 && (sla.response || sla.resolution) && (
          <Title order={3} size="h6">
            Hospital (the clinician’s wait)
          </Title>
        )}
        {(['response', 'resolution'] as const).map((name) => {
          const clock = sla[name];
          return clock ? <ClockRow key={name} name={name} clock={clock} now={now} /> : null;
        })}
        {sla.policy && (
          <Text size="xs" c="dimmed">
            Policy: {sla.policy}
            {sla.timeZone && sla.timeZone !== 'UTC' ? ` · hours in ${sla.timeZone}` : ''}
          </Text>
        )}
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
        {contracts.length > 0 && <ContractClocks contracts={contracts} now={now} />}
      </Stack>
    </Paper>
  );
}
