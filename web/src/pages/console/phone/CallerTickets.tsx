// The caller's open tickets on the screen pop: one click links the call to one (a status check).
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ContactDetail, linkContactTicket } from '../../../api/routing.ts';

type Props = { contact: ContactDetail; contactId: string; onLinked: (what: string, ticketNumber: string) => void };

export function CallerTickets({ contact: c, contactId, onLinked }: Props) {
  const link = useMutation({
    mutationFn: (number: string) => linkContactTicket(contactId, number, 'linked'),
    onSuccess: (_r, number) => onLinked(`Call linked to ${number}.`, number),
  });
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Open tickets
      </Title>
      {c.caller.openTickets.length === 0 && (
        <Text size="sm" c="dimmed">
          None.
        </Text>
      )}
      {c.caller.openTickets.map((t) => {
        const isLinked = c.tickets.some((x) => x.number === t.number);
        return (
          <Group key={t.number} justify="space-between">
            <Text size="sm">
              <Link to="/console/tickets/$number" params={{ number: t.number }}>
                {t.number}
              </Link>{' '}
              · {t.status.replaceAll('_', ' ')} · P{t.priority}
            </Text>
            <Button
              size="xs"
              variant="light"
              disabled={isLinked || link.isPending}
              onClick={() => link.mutate(t.number)}
            >
              {isLinked ? 'Linked' : 'Link this call'}
            </Button>
          </Group>
        );
      })}
      {link.isError && (
        <Text size="sm" c="red.9" role="alert">
          {link.error.message}
        </Text>
      )}
    </Stack>
  );
}
