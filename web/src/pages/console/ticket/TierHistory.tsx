// Who held the ticket at each step: tier, provider, group and agent, with the reason and any vendor case number.
import { Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { formatWhen, TIER_SHORT } from '../../../components/ticketWords.ts';

type Handoff = TicketDetail['handoffs'][number];

const KIND_LABELS: Record<Handoff['kind'], string> = {
  assign: 'Assigned',
  escalate: 'Escalated',
  transfer: 'Transferred',
  return: 'Returned',
};

function holder(tier: Handoff['fromTier'], provider: string | null, group: string | null, user: string | null) {
  if (!tier) return '—';
  return [TIER_SHORT[tier], provider, group, user].filter(Boolean).join(' · ');
}

export function TierHistory({ ticket }: { ticket: TicketDetail }) {
  // On a phone each step is a card; the six-column table needs about 640 px.
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="tier-history">
      <Stack gap="sm">
        <Title order={2} size="h5" id="tier-history">
          Tier history
        </Title>
        {ticket.handoffs.length === 0 ? (
          <Text size="sm" c="dimmed">
            Still with the first tier that took it; no hand-offs yet.
          </Text>
        ) : narrow ? (
          <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {ticket.handoffs.map((step) => (
              <HandoffCard key={step.id} step={step} />
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={6} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">When</Table.Th>
                  <Table.Th scope="col">Step</Table.Th>
                  <Table.Th scope="col">From</Table.Th>
                  <Table.Th scope="col">To</Table.Th>
                  <Table.Th scope="col">Reason</Table.Th>
                  <Table.Th scope="col">Vendor case</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ticket.handoffs.map((step) => (
                  <Table.Tr key={step.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatWhen(step.at)}</Table.Td>
                    <Table.Td>
                      {KIND_LABELS[step.kind]}
                      {step.actor && (
                        <Text size="xs" c="dimmed">
                          by {step.actor}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{holder(step.fromTier, step.fromProvider, step.fromGroup, step.fromUser)}</Table.Td>
                    <Table.Td>{holder(step.toTier, step.toProvider, step.toGroup, step.toUser)}</Table.Td>
                    <Table.Td>{step.reason ?? '—'}</Table.Td>
                    <Table.Td>{step.vendorReference ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

function HandoffCard({ step }: { step: Handoff }) {
  const facts: [string, string][] = [
    ['From', holder(step.fromTier, step.fromProvider, step.fromGroup, step.fromUser)],
    ['To', holder(step.toTier, step.toProvider, step.toGroup, step.toUser)],
    ['Reason', step.reason ?? '—'],
  ];
  if (step.vendorReference) facts.push(['Vendor case', step.vendorReference]);
  return (
    <Paper component="li" withBorder radius="sm" p="xs">
      <Text size="sm" fw={600}>
        {KIND_LABELS[step.kind]} · {formatWhen(step.at)}
      </Text>
      {step.actor && (
        <Text size="xs" c="gray.8">
          by {step.actor}
        </Text>
      )}
      <SimpleGrid component="dl" cols={1} spacing={2} mt={4} mb={0}>
        {facts.map(([label, value]) => (
          <Text key={label} size="sm" component="div">
            <Text component="dt" span fw={600}>
              {label}:{' '}
            </Text>
            <Text component="dd" span m={0}>
              {value}
            </Text>
          </Text>
        ))}
      </SimpleGrid>
    </Paper>
  );
}
