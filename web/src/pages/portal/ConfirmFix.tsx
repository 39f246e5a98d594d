// "Did this fix it?": yes closes the ticket; no reopens it with what is still wrong.
import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { TicketDetail } from '../../../../src/features/tickets/schemas.ts';
import { confirmFix, ticketKeys } from '../../api/tickets.ts';
import { PhiHint } from '../../components/PhiHint.tsx';
import { ActionError } from '../../components/QueryStates.tsx';

export function ConfirmFix({ ticket }: { ticket: TicketDetail }) {
  const queryClient = useQueryClient();
  const [stillBroken, setStillBroken] = useState(false);
  const [comment, setComment] = useState('');
  const confirm = useMutation({
    mutationFn: (body: { fixed: boolean; comment?: string }) => confirmFix(ticket.number, body),
    onSuccess: (next) => {
      queryClient.setQueryData(ticketKeys.detail(next.number), next);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });

  function reopen(event: FormEvent) {
    event.preventDefault();
    if (comment.trim()) confirm.mutate({ fixed: false, comment: comment.trim() });
  }

  return (
    <Alert
      color="green"
      variant="light"
      role="region"
      aria-label="Did this fix it?"
      title="The desk has resolved this. Did this fix it?"
    >
      <Stack gap="sm">
        {!stillBroken ? (
          <Group gap="sm">
            <Button onClick={() => confirm.mutate({ fixed: true })} loading={confirm.isPending}>
              Yes, it is fixed
            </Button>
            <Button variant="default" onClick={() => setStillBroken(true)}>
              No, still broken
            </Button>
          </Group>
        ) : (
          <form onSubmit={reopen}>
            <Stack gap="sm">
              <Textarea
                label="What is still wrong?"
                value={comment}
                onChange={(event) => setComment(event.currentTarget.value)}
                autosize
                minRows={2}
                data-autofocus
                required
              />
              <PhiHint text={comment} id="confirm-fix-phi-hint" />
              <Group gap="sm">
                <Button type="submit" loading={confirm.isPending} disabled={!comment.trim()}>
                  Reopen the ticket
                </Button>
                <Button variant="default" onClick={() => setStillBroken(false)}>
                  Back
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        <ActionError error={confirm.error} title="Your answer was not saved" />
      </Stack>
    </Alert>
  );
}
