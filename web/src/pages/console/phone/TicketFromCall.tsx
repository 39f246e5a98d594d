// A new ticket from the call on the screen pop, drafted from what the phone system knew: the caller (or the person
// the agent finds for an unknown number), a type, a summary — and the fix, when it was resolved on the call. When the
// call matches an open incident (the caller's facility and unit, the line's application, the words of the summary),
// the known-outage notice creates the ticket, links it and answers with the incident's message in one click.
import { Button, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { linkIncidentChild, type MatchingIncident } from '../../../api/incidents.ts';
import { type ContactDetail, linkContactTicket } from '../../../api/routing.ts';
import { openTicket } from '../../../api/tickets.ts';
import { serverErrors } from '../../../forms/schemaErrors.ts';
import { repliesWith } from '../../incidents/incidentForms.ts';
import { KnownOutageNotice } from '../../incidents/KnownOutageNotice.tsx';
import { RequesterSearch } from '../intake/RequesterSearch.tsx';
import { ResolveFields } from '../intake/ResolveFields.tsx';
import {
  CALL_SERVER_WORDING,
  type CallTicketValues,
  callTicketProblems,
  callTicketRequest,
  EMPTY_CALL_TICKET,
  type TicketType,
} from './callTicketForm.ts';

const TYPES = [
  { value: 'how_to', label: 'How-to question' },
  { value: 'incident', label: 'Something is broken' },
  { value: 'service_request', label: 'Request (access, equipment…)' },
];
type Person = { id: string; displayName: string };

type Props = { contact: ContactDetail; contactId: string; onOpened: (what: string, ticketNumber: string) => void };

export function TicketFromCall({ contact: c, contactId, onOpened }: Props) {
  // Checked by the server's own schema before it is sent (callTicketForm.ts); problems show under their fields.
  const form = useForm<CallTicketValues>({
    initialValues: EMPTY_CALL_TICKET,
    validate: (values) => callTicketProblems(values, c.draft),
  });
  const { summary, resolveNow } = form.values;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the phone system's summary, once, when the call arrives
  useEffect(() => {
    if (!form.getValues().summary) form.setFieldValue('summary', c.draft.summary);
  }, [c]);

  const create = useMutation({
    mutationFn: async ({ values, outage }: { values: CallTicketValues; outage: MatchingIncident | null }) => {
      const ticket = await openTicket(callTicketRequest(values, c.draft));
      await linkContactTicket(contactId, ticket.number, 'opened');
      // The ticket is open either way: a refused link is said in the confirmation, and its page offers it again.
      const linked = outage
        ? await linkIncidentChild(outage.number, { ticket: ticket.number, reply: repliesWith(outage) }).then(
            (r) => r,
            () => null,
          )
        : null;
      return { ticket, outage, linked };
    },
    onSuccess: ({ ticket, outage, linked }) =>
      onOpened(
        outage
          ? linked
            ? `${ticket.number} opened and linked to ${outage.number}${linked.replied ? '; the known-outage message was sent' : ''}.`
            : `${ticket.number} opened, but it could not be linked to ${outage.number}: open the ticket to link it.`
          : `${ticket.number} ${resolveNow ? 'opened and resolved on this call' : 'opened'}.`,
        ticket.number,
      ),
    onError: (error) => form.setErrors(serverErrors(error, CALL_SERVER_WORDING)),
  });
  // A refusal about particular fields shows under them; any other shows once, below the form.
  const otherProblem = Object.keys(serverErrors(create.error, CALL_SERVER_WORDING)).length === 0 ? create.error : null;
  const submit = form.onSubmit((values) => create.mutate({ values, outage: null }));
  const openAndLink = (outage: MatchingIncident) => {
    if (!form.validate().hasErrors) create.mutate({ values: form.getValues(), outage });
  };

  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        New ticket from this call
      </Title>
      {!c.draft.requesterId && (
        <UnknownCaller
          chosen={form.values.chosen}
          onChoose={(person) => form.setFieldValue('chosen', person)}
          error={form.errors.chosen as string | undefined}
        />
      )}
      {!create.isSuccess && (
        <KnownOutageNotice
          facts={{
            serviceId: c.draft.serviceId,
            facilityId: c.caller.facilityId,
            unitId: c.caller.unitId,
            text: summary,
          }}
          onLink={openAndLink}
          linking={create.isPending ? (create.variables?.outage?.number ?? null) : null}
        />
      )}
      <Select
        label="Type"
        data={TYPES}
        value={form.values.type}
        onChange={(v) => form.setFieldValue('type', (v as TicketType | null) ?? 'how_to')}
        allowDeselect={false}
      />
      <TextInput label="Summary" {...form.getInputProps('summary')} required />
      <Textarea label="What they need" {...form.getInputProps('description')} autosize minRows={2} />
      <ResolveFields
        enabled={resolveNow}
        onEnabledChange={(enabled) => form.setFieldValue('resolveNow', enabled)}
        value={form.values.resolution}
        onChange={(resolution) => {
          form.setFieldValue('resolution', resolution);
          form.clearFieldError('resolution.note');
        }}
        error={form.errors.resolution as string | undefined}
        noteError={form.errors['resolution.note'] as string | undefined}
      />
      {otherProblem && (
        <Text size="sm" c="red.9" role="alert">
          {otherProblem.message}
        </Text>
      )}
      <Group justify="flex-end">
        <Button onClick={() => submit()} loading={create.isPending} disabled={!summary.trim() || create.isSuccess}>
          {resolveNow ? 'Create and resolve' : 'Create ticket'}
        </Button>
      </Group>
    </Stack>
  );
}

/** A number the directory does not know (or shares): the agent finds the caller by name. */
function UnknownCaller(props: { chosen: Person | null; onChoose: (person: Person | null) => void; error?: string }) {
  const { chosen, onChoose } = props;
  if (!chosen)
    return <RequesterSearch onSelect={(p) => onChoose({ id: p.id, displayName: p.displayName })} error={props.error} />;
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
