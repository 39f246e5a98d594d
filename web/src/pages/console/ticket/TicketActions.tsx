// Quick actions: take it, move it along its workflow, resolve, escalate, link, attach.
import { Button, FileButton, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Status } from '../../../../../src/features/tickets/rules/vocabulary.ts';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from '../../../../../src/features/tickets/schemas.ts';
import { useSession } from '../../../app/session.ts';
import { ActionError } from '../../../components/QueryStates.tsx';
import { STATUS_LABELS } from '../../../components/ticketWords.ts';
import { StaleTicketAlert } from './StaleTicketAlert.tsx';
import type { TicketDialog } from './TicketDialogs.tsx';
import { isStale, type useTicketActions } from './useTicketActions.ts';

type Actions = ReturnType<typeof useTicketActions>;
type Props = { ticket: TicketDetail; actions: Actions; onDialog: (dialog: TicketDialog) => void };

export function TicketActions({ ticket, actions, onDialog }: Props) {
  const session = useSession();
  const me = session?.user.id;
  const may = ticket.actions;
  const { update, attach } = actions;
  const statusChoices = ticket.allowedStatuses.filter((status) => status !== 'resolved');
  const [fileProblem, setFileProblem] = useState<string>();

  async function attachChosen(file: File | null) {
    if (!file) return;
    const read = await readAttachment(file);
    setFileProblem(typeof read === 'string' ? read : undefined);
    if (typeof read !== 'string') attach.mutate(read);
  }

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="ticket-actions">
      <Stack gap="sm">
        <Title order={2} size="h5" id="ticket-actions">
          Actions
        </Title>
        {isStale(update.error) ? (
          <StaleTicketAlert onReload={() => void actions.reload().then(() => update.reset())} />
        ) : (
          <ActionError error={update.error} title="Not saved" />
        )}
        {may.assignToMe && (
          <Button
            variant="default"
            onClick={() => me && update.mutate({ assigneeId: me })}
            loading={update.isPending && update.variables?.assigneeId === me}
            aria-keyshortcuts="a"
          >
            Assign to me
          </Button>
        )}
        {statusChoices.length > 0 && (
          <Select
            label="Change status"
            placeholder={STATUS_LABELS[ticket.status]}
            data={statusChoices.map((status) => ({ value: status, label: STATUS_LABELS[status] }))}
            value={null}
            onChange={(status) => status && update.mutate({ status: status as Status })}
          />
        )}
        {may.resolve && (
          <Button onClick={() => onDialog('resolve')} aria-keyshortcuts="r">
            Resolve…
          </Button>
        )}
        {may.escalate && (
          <Button variant="default" onClick={() => onDialog('escalate')} aria-keyshortcuts="e">
            Escalate…
          </Button>
        )}
        <Button variant="default" onClick={() => onDialog('link')}>
          Link ticket…
        </Button>
        <FileButton accept={ATTACHMENT_TYPES.join(',')} onChange={(file) => void attachChosen(file)}>
          {(props) => (
            <Button variant="default" loading={attach.isPending} {...props}>
              Attach file…
            </Button>
          )}
        </FileButton>
        <ActionError error={attach.error ?? (fileProblem && new Error(fileProblem))} title="File not attached" />
        {attach.isSuccess && (
          <Text size="sm" c="green.9" role="status">
            File attached.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The file as the API takes it, or why it cannot be attached. */
async function readAttachment(file: File) {
  if (file.size > ATTACHMENT_MAX_BYTES) return 'That file is larger than 5 MiB. Attach a smaller one.';
  const type = ATTACHMENT_TYPES.find((allowed) => allowed === file.type);
  if (!type) return 'Attach an image, PDF, text, CSV, JSON or ZIP file.';
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return {
    filename: file.name,
    contentType: type satisfies AttachmentType,
    dataBase64: btoa(binary),
  };
}
