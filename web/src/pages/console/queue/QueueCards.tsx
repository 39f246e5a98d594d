// The queue on a phone or small tablet: one card per ticket with what an agent at the elbow needs first (number,
// priority, summary, requester and unit, status, SLA, assignee, age), instead of a table wider than the screen.
import { Group, Paper, Stack, Text } from '@mantine/core';
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
import classes from './QueueTable.module.css';
import { TicketLink } from './TicketLink.tsx';
import { VendorCaseBadge } from './VendorCaseBadge.tsx';

type Props = { tickets: TicketSummary[]; selected: number; onSelect: (index: number) => void };

export function QueueCards({ tickets, selected, onSelect }: Props) {
  return (
    <Stack component="ul" gap={0} aria-label="Tickets in this queue" className={classes.cards}>
      {tickets.map((ticket, index) => (
        <Paper
          component="li"
          key={ticket.id}
          p="sm"
          radius={0}
          className={classes.card}
          data-selected={index === selected || undefined}
          onClick={() => onSelect(index)}
        >
          <Stack gap={6}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="xs" wrap="nowrap">
                <TicketLink number={ticket.number} onFocus={() => onSelect(index)} />
                <PriorityBadge priority={ticket.priority} />
              </Group>
              <Text size="sm" c="gray.8" style={{ whiteSpace: 'nowrap' }}>
                {formatAge(ticket.ageMinutes)}
              </Text>
            </Group>
            <Text size="sm" fw={500}>
              {ticket.summary}
            </Text>
            <Group gap={6}>
              {ticket.patientCareAffected && <PatientCareBadge />}
              <StatusBadge status={ticket.status} wrap />
              <VendorCaseBadge ticket={ticket} />
              <TierBadge tier={ticket.tier} />
            </Group>
            <Group gap={6} wrap="wrap">
              <Text size="sm">{ticket.requester.name}</Text>
              {ticket.requesterIsProvider && <ProviderBadge />}
              <Text size="sm" c="gray.8">
                {[ticket.unit, ticket.service].filter(Boolean).join(' · ') || '—'}
              </Text>
            </Group>
            <Group justify="space-between" gap="xs">
              <SlaCountdown sla={ticket.sla} />
              <Text size="sm" c={ticket.assignee ? undefined : 'gray.8'}>
                {ticket.assignee?.name ?? 'Unassigned'}
              </Text>
            </Group>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
