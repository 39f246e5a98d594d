// One webhook's delivery log: each message with its event, state, attempts, the receiver's last answer and the next
// try; opened, what was sent and every attempt's answer. "Send again" re-sends a delivered or failed message now.
import { Badge, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import {
  type DeliveryView,
  deliveriesQuery,
  redeliver,
  type SubscriptionView,
  webhookKeys,
} from '../../api/webhooks.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { formatWhen } from '../../components/ticketWords.ts';
import { WideTable } from '../../components/WideTable.tsx';
import { eventLabel } from './webhookForms.ts';

const STATUS: Record<DeliveryView['status'], { label: string; color: string }> = {
  delivered: { label: 'Delivered', color: 'green' },
  pending: { label: 'Waiting to retry', color: 'orange' },
  failed: { label: 'Failed', color: 'red' },
};

function statusOf(d: DeliveryView) {
  // Never tried yet is not a retry.
  return d.status === 'pending' && d.attempts === 0 ? { label: 'Waiting to be sent', color: 'gray' } : STATUS[d.status];
}

function answerOf(d: { statusCode: number | null; error: string | null }): string {
  if (d.statusCode !== null) return `Answered ${d.statusCode}`;
  return d.error ?? 'No answer';
}

export function WebhookDeliveries({ subscription }: { subscription: SubscriptionView }) {
  const log = useQuery(deliveriesQuery(subscription.id));
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const again = useMutation({
    mutationFn: (deliveryId: string) => redeliver(subscription.id, deliveryId),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(subscription.id) });
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all, exact: true });
    },
  });
  if (log.isPending) return <Loading label="Loading the delivery log…" />;
  if (log.isError) return <LoadError what="the delivery log" error={log.error} retry={() => void log.refetch()} />;
  const deliveries = log.data.deliveries;
  if (!deliveries.length)
    return (
      <Text size="sm" c="dimmed">
        Nothing sent yet: a message appears here as soon as one of its events happens.
      </Text>
    );
  return (
    <Stack gap="xs">
      <ActionError error={again.error} title="Not sent again" />
      <WideTable label={`Delivery log of ${subscription.name}`}>
        <Table verticalSpacing={4} fz="sm" miw={820}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Event</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">Attempts</Table.Th>
              <Table.Th scope="col">Last answer</Table.Th>
              <Table.Th scope="col">Next try</Table.Th>
              <Table.Th scope="col">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deliveries.map((d) => {
              const status = statusOf(d);
              const isOpen = open === d.id;
              const last = d.log[d.log.length - 1];
              return (
                <Fragment key={d.id}>
                  <Table.Tr data-delivery={d.id}>
                    <Table.Th scope="row" fw="normal">
                      {eventLabel(d.eventType)}
                      <Text size="xs" c="dimmed">
                        {formatWhen(d.createdAt)}
                      </Text>
                    </Table.Th>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={status.color} style={{ overflow: 'visible' }}>
                        {status.label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td>{last ? answerOf(last) : 'Not tried yet'}</Table.Td>
                    <Table.Td>{d.nextAttemptAt ? formatWhen(d.nextAttemptAt) : '—'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Group gap={6} wrap="nowrap">
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => setOpen(isOpen ? null : d.id)}
                          aria-expanded={isOpen}
                          aria-label={`${isOpen ? 'Hide' : 'Show'} what was sent for ${eventLabel(d.eventType)}, ${formatWhen(d.createdAt)}`}
                        >
                          {isOpen ? 'Hide' : 'Details'}
                        </Button>
                        {d.status !== 'pending' && (
                          <Button
                            size="xs"
                            variant="default"
                            disabled={!subscription.active}
                            title={subscription.active ? undefined : 'Switch the webhook on to send again'}
                            loading={again.isPending && again.variables === d.id}
                            onClick={() => again.mutate(d.id)}
                          >
                            Send again
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {isOpen && (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <DeliveryDetail d={d} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </WideTable>
    </Stack>
  );
}

function DeliveryDetail({ d }: { d: DeliveryView }) {
  return (
    <Stack gap="xs">
      <Text size="sm">
        Message id <Code>{d.id}</Code> (the same on every attempt, so the receiver can ignore one it already has)
        {d.deliveredAt ? ` · delivered ${formatWhen(d.deliveredAt)}` : ''}
      </Text>
      <Text size="sm" fw={500}>
        What was sent
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 200, overflow: 'auto' }}>
        {d.requestExcerpt}
      </Code>
      {d.log.length > 0 && (
        <Text size="sm" fw={500}>
          Attempts
        </Text>
      )}
      {d.log.map((a) => (
        <Stack key={`${a.at}-${a.durationMs}-${a.statusCode}`} gap={2}>
          <Text size="sm">
            {formatWhen(a.at)} — {answerOf(a)} after {a.durationMs} ms
          </Text>
          {a.responseExcerpt && (
            <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 120, overflow: 'auto' }}>
              {a.responseExcerpt}
            </Code>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
