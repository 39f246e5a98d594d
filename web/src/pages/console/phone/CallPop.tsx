// The screen pop: the caller's card (person, provider flag, unit, open tickets) and a pre-filled draft ticket.
// One click links the call to an open ticket (a status check); or create the ticket from the draft — resolved on the
// call if it was — and the call is linked as the contact that opened it (first-contact resolution counts it).
import { Alert, Badge, Button, Drawer, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { contactQuery, linkContactTicket, routingKeys } from '../../../api/routing.ts';
import { openTicket, ticketKeys } from '../../../api/tickets.ts';
import { LoadError, Loading } from '../../../components/QueryStates.tsx';
import { CLINICAL_ROLE_LABELS, formatPhone, lineLabel } from '../../../components/ticketWords.ts';
import { RequesterSearch } from '../intake/RequesterSearch.tsx';
import { ResolveFields, type ResolveValue } from '../intake/ResolveFields.tsx';

const TYPES = [
  { value: 'how_to', label: 'How-to question' },
  { value: 'incident', label: 'Something is broken' },
  { value: 'service_request', label: 'Request (access, equipment…)' },
];
type TicketType = 'how_to' | 'incident' | 'service_request';

export function CallPop({ contactId, onClose }: { contactId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const contact = useQuery(contactQuery(contactId));
  const c = contact.data;
  const [summary, setSummary] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<TicketType>('how_to');
  const [resolveNow, setResolveNow] = useState(false);
  const [resolution, setResolution] = useState<ResolveValue>({ code: null, note: '' });
  const [done, setDone] = useState<string | null>(null);
  // An unknown or shared number: the agent finds the caller in the directory.
  const [chosen, setChosen] = useState<{ id: string; displayName: string } | null>(null);
  const requesterId = c?.draft.requesterId ?? chosen?.id ?? null;

  useEffect(() => {
    if (c) setSummary((s) => s || c.draft.summary);
  }, [c]);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: routingKeys.contact(contactId) });
    void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
  };
  const link = useMutation({
    mutationFn: (number: string) => linkContactTicket(contactId, number, 'linked'),
    onSuccess: (_r, number) => {
      setDone(`Call linked to ${number}.`);
      refresh();
    },
  });
  const create = useMutation({
    mutationFn: async () => {
      if (!c || !requesterId) throw new Error('Find the caller in the directory first (unknown number).');
      if (resolveNow && (!resolution.code || !resolution.note.trim()))
        throw new Error('Give a resolution code and note.');
      const ticket = await openTicket({
        type,
        assignToMe: true,
        summary,
        description: description.trim() || summary,
        requesterId,
        channel: 'phone',
        patientCareAffected: c.draft.patientCareAffected,
        ...(c.draft.serviceId ? { serviceId: c.draft.serviceId } : {}),
        ...(resolveNow && resolution.code ? { resolveNow: { code: resolution.code, note: resolution.note } } : {}),
      });
      await linkContactTicket(contactId, ticket.number, 'opened');
      return ticket;
    },
    onSuccess: (ticket) => {
      setDone(`${ticket.number} ${resolveNow ? 'opened and resolved on this call' : 'opened'}.`);
      refresh();
    },
  });

  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="lg"
      title="Incoming call"
      closeButtonProps={{ 'aria-label': 'Close the call card' }}
      data-testid="call-pop"
    >
      {contact.isPending && <Loading label="Loading the caller…" />}
      {contact.isError && <LoadError what="the caller" error={contact.error} retry={() => void contact.refetch()} />}
      {c && (
        <Stack gap="md">
          <Stack gap={4}>
            <Group gap="xs">
              <Title order={2} size="h3" data-testid="caller-name">
                {c.caller.displayName ?? 'Unknown caller'}
              </Title>
              {c.caller.provider && <Badge color="grape.9">Provider</Badge>}
              {c.patientCareAffected && <Badge color="red.9">Patient care affected</Badge>}
              <Badge variant="outline" color="dark">
                {lineLabel(c.line)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {[
                c.caller.clinicalRole ? (CLINICAL_ROLE_LABELS[c.caller.clinicalRole] ?? c.caller.clinicalRole) : null,
                c.caller.unit,
                c.caller.facility,
                c.callerNumber ? formatPhone(c.callerNumber) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            {c.caller.sensitive && (
              <Alert color="orange" title="Sensitive account">
                Verify identity out of band before any credential change.
              </Alert>
            )}
          </Stack>
          {done && (
            <Alert color="green" role="status" data-testid="call-pop-done">
              {done}
            </Alert>
          )}
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
          <Stack gap="xs">
            <Title order={3} size="h5">
              New ticket from this call
            </Title>
            {!c.draft.requesterId &&
              (chosen ? (
                <Group justify="space-between">
                  <Text size="sm">
                    Requester: <strong>{chosen.displayName}</strong>
                  </Text>
                  <Button size="xs" variant="subtle" onClick={() => setChosen(null)}>
                    Change
                  </Button>
                </Group>
              ) : (
                <RequesterSearch onSelect={(p) => setChosen({ id: p.id, displayName: p.displayName })} />
              ))}
            <Select
              label="Type"
              data={TYPES}
              value={type}
              onChange={(v) => setType((v as TicketType | null) ?? 'how_to')}
              allowDeselect={false}
            />
            <TextInput label="Summary" value={summary} onChange={(e) => setSummary(e.currentTarget.value)} required />
            <Textarea
              label="What they need"
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <ResolveFields
              enabled={resolveNow}
              onEnabledChange={setResolveNow}
              value={resolution}
              onChange={setResolution}
            />
            {create.isError && (
              <Text size="sm" c="red.9" role="alert">
                {create.error.message}
              </Text>
            )}
            <Group justify="flex-end">
              <Button
                onClick={() => create.mutate()}
                loading={create.isPending}
                disabled={!summary.trim() || create.isSuccess}
              >
                {resolveNow ? 'Create and resolve' : 'Create ticket'}
              </Button>
            </Group>
          </Stack>
        </Stack>
      )}
    </Drawer>
  );
}
