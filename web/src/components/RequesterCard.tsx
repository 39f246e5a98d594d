// Who needs help: role, unit, phones on file, open tickets, and the flags that change how the desk treats them.
import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { plural } from './plural.ts';
import { ProviderBadge, SensitiveBadge } from './TicketBadges.tsx';
import { CLINICAL_ROLE_LABELS, formatPhone, telHref } from './ticketWords.ts';

export type RequesterFacts = {
  name: string;
  clinicalRole: string;
  specialty: string | null;
  unit: string | null;
  facility: string | null;
  phones: string[];
  provider: boolean;
  sensitive: boolean;
  /** The requester's other open tickets; absent or null when the viewer may not know. */
  openTickets?: number | null;
};

export function RequesterCard({ requester, action }: { requester: RequesterFacts; action?: ReactNode }) {
  const role = CLINICAL_ROLE_LABELS[requester.clinicalRole] ?? requester.clinicalRole;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={`Requester: ${requester.name}`}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Group gap={6}>
              <Text fw={700}>{requester.name}</Text>
              {requester.provider && <ProviderBadge />}
              {requester.sensitive && <SensitiveBadge />}
            </Group>
            <Text size="sm" c="dimmed">
              {role}
              {requester.specialty ? ` · ${requester.specialty}` : ''}
            </Text>
          </div>
          {action}
        </Group>
        <Text size="sm">{[requester.unit, requester.facility].filter(Boolean).join(', ') || 'No unit on file'}</Text>
        <Group gap="md">
          {requester.phones.length === 0 && (
            <Text size="sm" c="dimmed">
              No phone on file
            </Text>
          )}
          {requester.phones.map((phone) => (
            <Anchor key={phone} href={telHref(phone)} size="sm">
              {formatPhone(phone)}
            </Anchor>
          ))}
        </Group>
        {typeof requester.openTickets === 'number' && (
          <Text size="sm" c="dimmed">
            {requester.openTickets === 0 ? 'No other open tickets' : plural(requester.openTickets, 'other open ticket')}
          </Text>
        )}
        {requester.sensitive && (
          <Text size="xs" c="red.9">
            Verify identity out of band (callback to the number on file) before any password or MFA change.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
