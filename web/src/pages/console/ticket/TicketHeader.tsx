// The ticket at a glance: number, summary, status, priority and why, tier, who holds it.
import { Anchor, Breadcrumbs, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { PatientCareBadge, PriorityBadge, StatusBadge } from '../../../components/TicketBadges.tsx';
import { CHANNEL_LABELS, formatAgo, formatWhen, TIER_LABELS } from '../../../components/ticketWords.ts';

export function TicketHeader({ ticket }: { ticket: TicketDetail }) {
  return (
    <Stack gap="sm">
      <Breadcrumbs separator="›">
        <Anchor component={Link} to="/console" size="sm">
          Console
        </Anchor>
        <Text size="sm" c="dimmed">
          {ticket.number}
        </Text>
      </Breadcrumbs>
      <Paper withBorder radius="md" p="md">
        <Stack gap="xs">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <PriorityBadge priority={ticket.priority} size="lg" mt={4} />
            <div>
              <Text size="sm" ff="monospace" fw={600} c="desk.8">
                {ticket.number}
              </Text>
              <Title order={1} size="h3">
                {ticket.summary}
              </Title>
            </div>
          </Group>
          <Group gap="xs">
            <StatusBadge status={ticket.status} size="md" />
            {ticket.patientCareAffected && <PatientCareBadge size="md" />}
            {ticket.patientSafety && (
              <Text size="sm" fw={600} c="red.9">
                Patient-safety risk{ticket.safetyReportRef ? ` (report ${ticket.safetyReportRef})` : ''}
              </Text>
            )}
          </Group>
          <Text size="sm">
            <Text span fw={600}>
              Why P{ticket.priority}:
            </Text>{' '}
            {ticket.priorityReason}
          </Text>
          <Group gap="lg">
            <Fact label="Tier" value={TIER_LABELS[ticket.tier]} />
            <Fact label="Group" value={ticket.group ?? '—'} />
            <Fact label="Assignee" value={ticket.assignee?.name ?? 'Unassigned'} />
            <Fact label="Provider" value={ticket.provider?.name ?? '—'} />
            <Fact label="Opened" value={`${formatWhen(ticket.createdAt)} (${formatAgo(ticket.ageMinutes)})`} />
            <Fact label="Channel" value={CHANNEL_LABELS[ticket.channel]} />
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}
