// The requester's own tickets, newest activity first, with their status in words.
import { Anchor, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ticketListQuery } from '../../api/tickets.ts';
import { Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { StatusBadge } from '../../components/TicketBadges.tsx';
import { formatWhen } from '../../components/ticketWords.ts';

export function MyTickets() {
  const list = useQuery(ticketListQuery({ view: 'my_requests', sort: 'updated', limit: 50 }));
  if (list.isPending) return <Loading label="Loading your tickets…" />;
  if (list.isError) return <LoadError what="your tickets" error={list.error} retry={() => void list.refetch()} />;
  if (list.data.items.length === 0) {
    return <Empty title="You have no tickets yet">When you ask for help, your requests appear here.</Empty>;
  }
  return (
    <Paper withBorder radius="md">
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Caption>
          {list.data.total > list.data.items.length
            ? `The ${list.data.items.length} most recently updated of ${list.data.total}`
            : `${list.data.total} ticket${list.data.total === 1 ? '' : 's'}`}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Ticket</Table.Th>
            <Table.Th scope="col">What it is about</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Last update</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.items.map((ticket) => (
            <Table.Tr key={ticket.id}>
              <Table.Td>
                <Anchor
                  renderRoot={(props) => (
                    <Link {...props} to="/portal/tickets/$number" params={{ number: ticket.number }} />
                  )}
                  fw={600}
                  ff="monospace"
                  size="sm"
                >
                  {ticket.number}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm">{ticket.summary}</Text>
                  {ticket.service && (
                    <Text size="xs" c="dimmed">
                      {[ticket.service, ticket.module].filter(Boolean).join(' · ')}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={ticket.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatWhen(ticket.updatedAt)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
