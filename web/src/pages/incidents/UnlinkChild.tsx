// Unlinking a linked ticket from an incident: the agent says why (it goes on the incident's internal timeline); the
// ticket's requester is not messaged. The ticket's page stops showing the outage, and the lists refresh.
import { Button, Group, Popover, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { dismissIncidentChild, type IncidentView, incidentKeys } from '../../api/incidents.ts';
import { ticketKeys } from '../../api/tickets.ts';
import { problemText } from '../../components/QueryStates.tsx';

const REASON_MAX = 500;

export function UnlinkChild({
  incident,
  ticket,
  onDone,
}: {
  incident: string;
  ticket: string;
  onDone: (view: IncidentView) => void;
}) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const unlink = useMutation({
    mutationFn: () => dismissIncidentChild(incident, ticket, reason.trim()),
    onSuccess: (view) => {
      setOpened(false);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: incidentKeys.outage(ticket) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket) });
      onDone(view);
    },
  });
  const short = reason.trim().length < 3;
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow trapFocus shadow="md" width={320}>
      <Popover.Target>
        <Button size="xs" variant="default" aria-label={`Unlink ${ticket}…`} onClick={() => setOpened((o) => !o)}>
          Unlink…
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!short) unlink.mutate();
          }}
        >
          <Stack gap="xs">
            <Textarea
              label={`Why is ${ticket} not part of ${incident}?`}
              description="Goes on the incident's timeline (desk only). The requester is not told."
              autosize
              minRows={2}
              maxLength={REASON_MAX}
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            {unlink.isError && (
              <Text c="red" size="sm" role="alert">
                {problemText(unlink.error)}
              </Text>
            )}
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setOpened(false)}>
                Cancel
              </Button>
              <Button size="xs" type="submit" loading={unlink.isPending} disabled={short}>
                Unlink {ticket}
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
