// Email received by the desk: the quarantine (messages the intake could not or would not turn into tickets, each
// with its reason) to release or discard, the other states to look back at, and the mailboxes polled over IMAP
// (last poll, last error, messages taken, which instance polls). Setting up: docs/email.md.
import { Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  discardMessage,
  emailKeys,
  emailMailboxesQuery,
  emailMessagesQuery,
  type MailboxView,
  type MessageState,
  type MessageView,
  releaseMessage,
} from '../../api/email.ts';
import { ActionError, Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { formatWhen } from '../../components/ticketWords.ts';
import { WideTable } from '../../components/WideTable.tsx';

const STATES: { value: MessageState; label: string }[] = [
  { value: 'quarantined', label: 'Quarantine' },
  { value: 'ignored', label: 'Ignored or refused' },
  { value: 'processed', label: 'Turned into tickets' },
  { value: 'discarded', label: 'Discarded' },
];

const FLAG_WORDS: Record<MessageView['flags'][number], string> = {
  unverified_sender: 'unverified sender',
  identity_verification: 'identity check needed',
  phi_suspected: 'may hold PHI',
};

export function EmailTab() {
  const [state, setState] = useState<MessageState>('quarantined');
  const messages = useQuery(emailMessagesQuery(state));
  return (
    <Stack gap="md" maw={1200}>
      <Text size="sm" c="dimmed">
        Mail the hospital&apos;s relay hands to the desk. Messages that could not become a ticket wait in the quarantine
        with the reason: release one to process it again (past the sender&apos;s rate limit), or discard it (its content
        is deleted). Out-of-office replies and bounces are never answered. Setting up the relay is described in{' '}
        <code>docs/email.md</code>.
      </Text>
      <SegmentedControl
        value={state}
        onChange={(v) => setState(v as MessageState)}
        data={STATES}
        aria-label="Which messages"
      />
      {messages.isPending && <Loading label="Loading messages…" />}
      {messages.isError && <LoadError what="messages" error={messages.error} retry={() => void messages.refetch()} />}
      {messages.data?.messages.length === 0 && (
        <Empty title={state === 'quarantined' ? 'The quarantine is empty' : 'No messages'}>
          {state === 'quarantined' ? 'Every message received has been handled.' : 'Nothing here yet.'}
        </Empty>
      )}
      {messages.data && messages.data.messages.length > 0 && (
        <MessageTable messages={messages.data.messages} quarantine={state === 'quarantined'} />
      )}
      <Mailboxes />
    </Stack>
  );
}

const HEALTH: Record<MailboxView['health'], { label: string; color: string }> = {
  polling: { label: 'Polling', color: 'green' },
  failing: { label: 'Failing', color: 'red' },
  late: { label: 'Not polled lately', color: 'orange' },
  not_polled_yet: { label: 'Not polled yet', color: 'gray' },
};

/** The mailboxes polled over IMAP: is mail still being taken, and if not, why. */
function Mailboxes() {
  const mailboxes = useQuery(emailMailboxesQuery());
  return (
    <Stack gap="xs" component="section" aria-labelledby="imap-mailboxes">
      <Title order={3} size="h4" id="imap-mailboxes">
        Mailboxes polled over IMAP
      </Title>
      {mailboxes.isPending && <Loading label="Loading mailboxes…" />}
      {mailboxes.isError && (
        <LoadError what="mailboxes" error={mailboxes.error} retry={() => void mailboxes.refetch()} />
      )}
      {mailboxes.data?.mailboxes.length === 0 && (
        <Text size="sm" c="dimmed">
          No mailbox is polled: mail reaches the desk through the relay only. Polling a mailbox is described in{' '}
          <code>docs/email.md</code>.
        </Text>
      )}
      {mailboxes.data && mailboxes.data.mailboxes.length > 0 && (
        <WideTable label="Mailboxes polled over IMAP">
          <Table verticalSpacing={4} fz="sm" miw={860}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Mailbox</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Last poll</Table.Th>
                <Table.Th>Messages taken</Table.Th>
                <Table.Th>Last error</Table.Th>
                <Table.Th>Polled by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mailboxes.data.mailboxes.map((m) => (
                <Table.Tr key={m.mailbox}>
                  <Table.Th scope="row" fw="normal" style={{ overflowWrap: 'anywhere' }}>
                    {m.mailbox}
                  </Table.Th>
                  <Table.Td style={{ minWidth: 170 }}>
                    <Badge size="sm" variant="light" color={HEALTH[m.health].color} style={{ overflow: 'visible' }}>
                      {HEALTH[m.health].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{m.lastPollAt ? formatWhen(m.lastPollAt) : 'never'}</Table.Td>
                  <Table.Td>{m.taken.toLocaleString()}</Table.Td>
                  <Table.Td>
                    {m.lastError ? (
                      <>
                        {m.lastError}
                        {m.lastErrorAt && (
                          <Text size="xs" c="dimmed">
                            failed {formatWhen(m.lastErrorAt)}; it tries again by itself
                          </Text>
                        )}
                      </>
                    ) : (
                      'none'
                    )}
                  </Table.Td>
                  <Table.Td>
                    {m.holder ?? 'no instance'}
                    {m.configuredHere && (
                      <Text size="xs" c="dimmed">
                        configured on this server
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </WideTable>
      )}
    </Stack>
  );
}

function MessageTable({ messages, quarantine }: { messages: MessageView[]; quarantine: boolean }) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: emailKeys.all });
  const release = useMutation({ mutationFn: releaseMessage, onSuccess: () => void refresh() });
  const discard = useMutation({ mutationFn: discardMessage, onSuccess: () => void refresh() });
  return (
    <Stack gap="sm">
      <ActionError error={release.error ?? discard.error} title="Not done" />
      <WideTable label="Email messages">
        <Table verticalSpacing={4} fz="sm" miw={900}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Received</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>What happened</Table.Th>
              <Table.Th>Ticket</Table.Th>
              {quarantine && <Table.Th>Decide</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {messages.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{formatWhen(m.receivedAt)}</Table.Td>
                <Table.Td>
                  {m.sender ?? '(no sender)'}
                  {m.relay && (
                    <Text size="xs" c="dimmed">
                      via relay {m.relay}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{m.subject || '(no subject)'}</Table.Td>
                <Table.Td>
                  {m.reason ?? m.outcome ?? ''}
                  <Group gap={4} mt={2}>
                    {m.flags.map((f) => (
                      <Badge key={f} size="xs" color={f === 'phi_suspected' ? 'gray' : 'orange'}>
                        {FLAG_WORDS[f]}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{m.ticket ?? ''}</Table.Td>
                {quarantine && (
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        loading={release.isPending && release.variables === m.id}
                        onClick={() => release.mutate(m.id)}
                      >
                        Release
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        loading={discard.isPending && discard.variables === m.id}
                        onClick={() => discard.mutate(m.id)}
                      >
                        Discard
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </WideTable>
    </Stack>
  );
}
