// A new ticket from the call on the screen pop, drafted from what the phone system knew: the caller (or the person
// the agent finds for an unknown number), a type, a summary — and the fix, when it was resolved on the call.
import { Button, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type ContactDetail, linkContactTicket } from '../../../api/routing.ts';
import { openTicket } from '../../../api/tickets.ts';
import { RequesterSearch } from '../intake/RequesterSearch.tsx';
import { ResolveFields, type ResolveValue } from '../intake/ResolveFields.tsx';

const TYPES = [
  { value: 'how_to', label: 'How-to question' },
  { value: 'incident', label: 'Something is broken' },
  { value: 'service_request', label: 'Request (access, equipment…)' },
];
type TicketType = 'how_to' | 'incident' | 'service_request';
type Person = { id: string; displayName: string };

type Props = { contact: ContactDetail; contactId: string; onOpened: (what: string) => void };

export function TicketFromCall({ contact: c, contactId, onOpened }: Props) {
  const [summary, setSummary] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<TicketType>('how_to');
  const [resolveNow, setResolveNow] = useState(false);
  const [resolution, setResolution] = useState<ResolveValue>({ code: null, note: '' });
  // An unknown or shared number: the agent finds the caller in the directory.
  const [chosen, setChosen] = useState<Person | null>(null);
  const requesterId = c.draft.requesterId ?? chosen?.id ?? null;

  useEffect(() => setSummary((s) => s || c.draft.summary), [c]);

  const create = useMutation({
    mutationFn: async () => {
      if (!requesterId) throw new Error('Find the caller in the directory first (unknown number).');
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
    onSuccess: (ticket) => onOpened(`${ticket.number} ${resolveNow ? 'opened and resolved on this call' : 'opened'}.`),
  });

  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        New ticket from this call
      </Title>
      {!c.draft.requesterId && <UnknownCaller chosen={chosen} onChoose={setChosen} />}
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
      <ResolveFields enabled={resolveNow} onEnabledChange={setResolveNow} value={resolution} onChange={setResolution} />
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
  );
}

/** A number the directory does not know (or shares): the agent finds the caller by name. */
function UnknownCaller({ chosen, onChoose }: { chosen: Person | null; onChoose: (person: Person | null) => void }) {
  if (!chosen) return <RequesterSearch onSelect={(p) => onChoose({ id: p.id, displayName: p.displayName })} />;
  return (
    <Group justify="space-between">
      <Text size="sm">
        Requester: <strong>{chosen.displayName}</strong>
      </Text>
      <Button size="xs" variant="subtle" onClick={() => onChoose(null)}>
        Change
      </Button>
    </Group>
  );
}
