// A vendor engineer's landing queue (docs/vendors.md): the tickets their provider holds now, breached contract
// clocks first, then the soonest due, with the case state. Text is masked by the server as in every vendor read.
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { z } from 'zod';
import type { vendorQueueItem } from '../../../../../src/features/tickets/schemas.ts';
import { vendorQueueQuery } from '../../../api/tickets.ts';
import { Empty, LoadError, Loading } from '../../../components/QueryStates.tsx';
import { formatSpan, useNow } from '../../../components/SlaCountdown.tsx';
import { PriorityBadge, StatusBadge } from '../../../components/TicketBadges.tsx';
import { VENDOR_MOVE_LABELS } from '../ticket/VendorCasePanel.tsx';

type Item = z.infer<typeof vendorQueueItem>;

function clockText(item: Item, now: number): { text: string; color: string } {
  const c = item.contractClock;
  if (!c) return { text: 'No contract clock', color: 'dimmed' };
  if (c.breachedAt)
    return { text: `Contract missed ${formatSpan(now - Date.parse(c.breachedAt))} ago`, color: 'red.9' };
  if (c.paused) return { text: 'Contract clock waiting (needs information)', color: 'dimmed' };
  if (c.dueAt) {
    const left = Date.parse(c.dueAt) - now;
    return left > 0
      ? { text: `Contract due in ${formatSpan(left)}`, color: 'inherit' }
      : { text: `Contract due ${formatSpan(left)} ago`, color: 'red.9' };
  }
  return { text: 'Contract clock stopped', color: 'dimmed' };
}

export function VendorQueue() {
  const queue = useQuery(vendorQueueQuery);
  const now = useNow();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="vendor-queue-heading">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="vendor-queue-heading">
            Your company's queue
          </Title>
          <Text size="sm" c="dimmed">
            Tickets your company holds now, the most urgent contract clock first. Patient details are hidden.
          </Text>
        </div>
        {queue.isPending && <Loading label="Loading your queue…" />}
        {queue.isError && <LoadError what="your queue" error={queue.error} retry={() => void queue.refetch()} />}
        {queue.data && queue.data.items.length === 0 && (
          <Empty title="Nothing held by your company">Tickets escalated to your company appear here.</Empty>
        )}
        {queue.data && queue.data.items.length > 0 && (
          <Stack gap={0} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {queue.data.items.map((item) => {
              const clock = clockText(item, now);
              return (
                <li key={item.id} data-testid="vendor-queue-item" data-number={item.number}>
                  <Group
                    justify="space-between"
                    wrap="wrap"
                    gap="xs"
                    py="xs"
                    style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                  >
                    <Stack gap={2} style={{ flex: '1 1 320px', minWidth: 0 }}>
                      <Group gap="xs" wrap="nowrap">
                        <Link to="/console/tickets/$number" params={{ number: item.number }}>
                          {item.number}
                        </Link>
                        <PriorityBadge priority={item.priority} />
                        <StatusBadge status={item.status} />
                      </Group>
                      <Text size="sm" lineClamp={2}>
                        {item.summary}
                      </Text>
                    </Stack>
                    <Stack gap={2} align="flex-end" style={{ flex: '0 1 auto' }}>
                      <Badge variant="light" color={item.vendorState === 'needs_info' ? 'orange' : 'blue'}>
                        {item.vendorState
                          ? item.vendorState === 'fix_released' && item.fixVersion
                            ? `Fix released in ${item.fixVersion}`
                            : VENDOR_MOVE_LABELS[item.vendorState]
                          : 'Not updated yet'}
                      </Badge>
                      <Text size="xs" c={clock.color}>
                        {clock.text}
                      </Text>
                    </Stack>
                  </Group>
                </li>
              );
            })}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
