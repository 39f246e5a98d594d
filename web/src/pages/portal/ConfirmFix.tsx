// "Did this fix it?": yes closes the ticket; no reopens it with what is still wrong. What it sends and refuses is in
// confirmFixForm.ts, checked by the server's own schema.
import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ConfirmFixInput, TicketDetail } from '../../../../src/features/tickets/schemas.ts';
import { confirmFix, ticketKeys } from '../../api/tickets.ts';
import { PhiHint } from '../../components/PhiHint.tsx';
import { ActionError } from '../../components/QueryStates.tsx';
import { serverErrors } from '../../forms/schemaErrors.ts';
import { FIXED, STILL_BROKEN_WORDING, stillBrokenProblems, stillBrokenRequest } from './confirmFixForm.ts';

export function ConfirmFix({ ticket }: { ticket: TicketDetail }) {
  const queryClient = useQueryClient();
  const [stillBroken, setStillBroken] = useState(false);
  const form = useForm({ initialValues: { comment: '' }, validate: stillBrokenProblems });
  const confirm = useMutation({
    mutationFn: (body: ConfirmFixInput) => confirmFix(ticket.number, body),
    onSuccess: (next) => {
      queryClient.setQueryData(ticketKeys.detail(next.number), next);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
    onError: (error) => form.setErrors(serverErrors(error, STILL_BROKEN_WORDING)),
  });
  const reopen = form.onSubmit((values) => confirm.mutate(stillBrokenRequest(values)));
  const comment = form.values.comment;

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
            <Button onClick={() => confirm.mutate(FIXED)} loading={confirm.isPending}>
              Yes, it is fixed
            </Button>
            <Button variant="default" onClick={() => setStillBroken(true)}>
              No, still broken
            </Button>
          </Group>
        ) : (
          <form onSubmit={reopen} noValidate>
            <Stack gap="sm">
              <Textarea
                label="What is still wrong?"
                {...form.getInputProps('comment')}
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
