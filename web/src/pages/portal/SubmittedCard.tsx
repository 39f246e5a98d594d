// After asking for help: the ticket number to quote, its status, and where to follow it.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import type { TicketDetail } from '../../../../src/features/tickets/schemas.ts';
import { StatusBadge } from '../../components/TicketBadges.tsx';

export function SubmittedCard({ ticket, onAnother }: { ticket: TicketDetail; onAnother: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="green"
      variant="light"
      title={`Your request is ${ticket.number}`}
      role="status"
      style={{ outline: 'none' }}
    >
      <Stack gap="sm">
        <Group gap="xs">
          <Text size="sm">Status:</Text>
          <StatusBadge status={ticket.status} />
        </Group>
        <Text size="sm">
          The service desk has it. Quote {ticket.number} if you call. You will see replies under My tickets.
        </Text>
        <Group gap="sm">
          <Button
            renderRoot={(props) => <Link {...props} to="/portal/tickets/$number" params={{ number: ticket.number }} />}
          >
            View {ticket.number}
          </Button>
          <Button variant="default" onClick={onAnother}>
            Ask for something else
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
