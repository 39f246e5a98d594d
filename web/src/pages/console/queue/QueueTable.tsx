// The queue: one row per ticket (cards on a phone, QueueCards.tsx), sortable by priority and age; j/k move the selection, Enter opens it.
import { Stack, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { TicketSummary } from '../../../../../src/features/tickets/schemas.ts';
import { SlaCountdown } from '../../../components/SlaCountdown.tsx';
import {
  PatientCareBadge,
  PriorityBadge,
  ProviderBadge,
  StatusBadge,
  TierBadge,
} from '../../../components/TicketBadges.tsx';
import { formatAge } from '../../../components/ticketWords.ts';
import type { ConsoleSearch } from './consoleSearch.ts';
import { QueueCards } from './QueueCards.tsx';
import classes from './QueueTable.module.css';
import { TicketLink } from './TicketLink.tsx';
import { VendorCaseBadge } from './VendorCaseBadge.tsx';

type Sort = NonNullable<ConsoleSearch['sort']>;

// Ticket, priority, summary (the rest), requester, unit, application, status, SLA, tier, assignee, age.
const COLUMN_WIDTHS = [100, 84, undefined, 120, 110, 120, 104, 150, 66, 100, 72];

type Props = {
  tickets: TicketSummary[];
  selected: number;
  onSelect: (index: number) => void;
  sort: Sort;
  onSort: (sort: Sort) => void;
};

/** Below this width the queue is a list of cards: the table needs about 1,150 px. */
export const NARROW_QUERY = '(max-width: 48em)';

export function QueueTable({ tickets, selected, onSelect, sort, onSort }: Props) {
  const narrow = useMediaQuery(NARROW_QUERY, false, { getInitialValueInEffect: false });
  if (narrow) return <QueueCards tickets={tickets} selected={selected} onSelect={onSelect} />;
  return (
    <Table.ScrollContainer minWidth={1150}>
      <Table highlightOnHover verticalSpacing={6} className={classes.table} layout="fixed">
        <colgroup>
          {COLUMN_WIDTHS.map((width, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
            <col key={index} style={width ? { width } : undefined} />
          ))}
        </colgroup>
        <Table.Caption>
          <VisuallyHidden>Tickets in this queue. Use j and k to move, Enter to open.</VisuallyHidden>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Ticket</Table.Th>
            <SortableTh
              label="Priority"
              active={sort === 'priority'}
              direction="ascending"
              onClick={() => onSort('priority')}
            />
            <Table.Th scope="col">Summary</Table.Th>
            <Table.Th scope="col">Requester</Table.Th>
            <Table.Th scope="col">Unit</Table.Th>
            <Table.Th scope="col">Application</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">SLA</Table.Th>
            <Table.Th scope="col">Tier</Table.Th>
            <Table.Th scope="col">Assignee</Table.Th>
            <SortableTh
              label="Age"
              active={sort === 'oldest' || sort === 'newest'}
              direction={sort === 'newest' ? 'ascending' : 'descending'}
              onClick={() => onSort(sort === 'oldest' ? 'newest' : 'oldest')}
            />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tickets.map((ticket, index) => (
            <QueueRow key={ticket.id} ticket={ticket} selected={index === selected} onSelect={() => onSelect(index)} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function SortableTh(props: {
  label: string;
  active: boolean;
  direction: 'ascending' | 'descending';
  onClick: () => void;
}) {
  return (
    <Table.Th scope="col" aria-sort={props.active ? props.direction : 'none'}>
      <UnstyledButton onClick={props.onClick} className={classes.sortButton}>
        {props.label}
        <span aria-hidden="true">{props.active ? (props.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
        <VisuallyHidden>, sort</VisuallyHidden>
      </UnstyledButton>
    </Table.Th>
  );
}

function QueueRow({ ticket, selected, onSelect }: { ticket: TicketSummary; selected: boolean; onSelect: () => void }) {
  return (
    <Table.Tr className={classes.row} data-selected={selected || undefined} onClick={onSelect}>
      <Table.Td>
        <TicketLink number={ticket.number} onFocus={onSelect} />
      </Table.Td>
      <Table.Td>
        <PriorityBadge priority={ticket.priority} />
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <Text size="sm" fw={500} lineClamp={2}>
            {ticket.summary}
          </Text>
          {ticket.patientCareAffected && <PatientCareBadge />}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <Text size="sm" lineClamp={2}>
            {ticket.requester.name}
          </Text>
          {ticket.requesterIsProvider && <ProviderBadge />}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={2} title={[ticket.unit, ticket.facility].filter(Boolean).join(', ')}>
          {ticket.unit ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={ticket.module ? 1 : 2} title={ticket.service ?? undefined}>
          {ticket.service ?? '—'}
        </Text>
        {ticket.module && (
          <Text size="xs" c="dimmed" lineClamp={2} title={ticket.module}>
            {ticket.module}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <StatusBadge status={ticket.status} wrap />
          <VendorCaseBadge ticket={ticket} />
        </Stack>
      </Table.Td>
      <Table.Td>
        <SlaCountdown sla={ticket.sla} />
      </Table.Td>
      <Table.Td>
        <TierBadge tier={ticket.tier} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={ticket.assignee ? undefined : 'dimmed'} lineClamp={2}>
          {ticket.assignee?.name ?? 'Unassigned'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatAge(ticket.ageMinutes)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
