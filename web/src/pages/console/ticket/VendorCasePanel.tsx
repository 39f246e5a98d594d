// The vendor's case state on the ticket (docs/vendors.md): the desk sees it with what it is asked to do (answer the
// vendor, or confirm a proposed fix with the clinician); the holding vendor's engineer moves it. What is offered is
// the server's answer (vendorCase.moves), never worked out again here.
import { Alert, Badge, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { formatWhen } from '../../../components/ticketWords.ts';
import type { useTicketActions } from './useTicketActions.ts';

type Move = TicketDetail['vendorCase']['moves'][number];

export const VENDOR_MOVE_LABELS: Record<Move, string> = {
  working: 'Working on it',
  needs_info: 'Needs information from the hospital',
  fix_proposed: 'Fix proposed',
  fix_released: 'Fix released in a version',
  returned: 'Return to the desk',
};

const STATE_COLOR: Record<NonNullable<TicketDetail['vendorCase']['state']>, string> = {
  working: 'blue',
  needs_info: 'orange',
  fix_proposed: 'green',
  fix_released: 'green',
};

function stateText(c: TicketDetail['vendorCase']): string {
  if (!c.label) return 'Not updated yet';
  return c.state === 'fix_released' && c.fixVersion ? `${c.label} in version ${c.fixVersion}` : c.label;
}

export function VendorCasePanel({
  ticket,
  actions,
}: {
  ticket: TicketDetail;
  actions: ReturnType<typeof useTicketActions>;
}) {
  const c = ticket.vendorCase;
  const [to, setTo] = useState<Move | null>(null);
  const [version, setVersion] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const mutation = actions.vendorCase;
  if (!c.state && c.moves.length === 0) return null;

  const save = () => {
    if (!to) return;
    mutation.mutate(
      {
        state: to,
        ...(to === 'fix_released' ? { version } : {}),
        ...(to === 'returned' ? { reason } : {}),
        ...(message.trim() ? { message } : {}),
      },
      {
        onSuccess: () => {
          setTo(null);
          setVersion('');
          setReason('');
          setMessage('');
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="vendor-case-heading">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h5" id="vendor-case-heading">
            Vendor case
          </Title>
          {c.state && (
            <Badge color={STATE_COLOR[c.state]} variant="light" data-testid="vendor-state">
              {stateText(c)}
            </Badge>
          )}
        </Group>
        {!c.state && (
          <Text size="sm" c="dimmed">
            Not updated yet
          </Text>
        )}
        {c.since && (
          <Text size="xs" c="dimmed">
            Since {formatWhen(c.since)}
          </Text>
        )}
        {c.deskCue === 'answer_vendor' && (
          <Alert color="orange" variant="light" role="note" title="The vendor needs information from the hospital">
            Answer on the thread shared with the vendor (Reply to vendor). Their contract clock waits meanwhile if their
            contract says so.
          </Alert>
        )}
        {c.deskCue === 'confirm_fix' && (
          <Alert color="green" variant="light" role="note" title="Vendor proposed a fix — confirm with the clinician">
            {c.state === 'fix_released' && c.fixVersion
              ? `Released in version ${c.fixVersion}. `
              : 'Not released yet. '}
            Ask the clinician whether it works before resolving the ticket.
          </Alert>
        )}
        {c.moves.length > 0 && (
          <Stack gap="xs">
            <Select
              label="Update the case"
              placeholder="Choose the new state"
              data={c.moves.map((m) => ({ value: m, label: VENDOR_MOVE_LABELS[m] }))}
              value={to}
              onChange={(v) => setTo(v as Move | null)}
              allowDeselect={false}
            />
            {to === 'fix_released' && (
              <TextInput
                label="Version"
                description="The version the fix is released in, e.g. 2026.11.3"
                value={version}
                onChange={(e) => setVersion(e.currentTarget.value)}
                required
                maxLength={40}
              />
            )}
            {to === 'returned' && (
              <Textarea
                label="Why it goes back to the desk"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                required
                autosize
                minRows={2}
              />
            )}
            {to && (
              <Textarea
                label="Reply to the desk (optional)"
                description="Goes on the thread shared with the desk. Never write patient details."
                value={message}
                onChange={(e) => setMessage(e.currentTarget.value)}
                autosize
                minRows={2}
              />
            )}
            {mutation.isError && (
              <Text size="sm" c="red.9" role="alert">
                {mutation.error.message}
              </Text>
            )}
            <Group justify="flex-end">
              <Button onClick={save} disabled={!to} loading={mutation.isPending}>
                Update case
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
