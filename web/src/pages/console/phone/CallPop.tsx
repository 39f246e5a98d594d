// The screen pop: the caller's card (person, provider flag, unit, open tickets) and a pre-filled draft ticket.
// One click links the call to an open ticket (a status check); or create the ticket from the draft — resolved on the
// call if it was — and the call is linked as the contact that opened it (first-contact resolution counts it).
import { Alert, Badge, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type ContactDetail, contactQuery, routingKeys } from '../../../api/routing.ts';
import { ticketKeys } from '../../../api/tickets.ts';
import { useAbilities } from '../../../app/useAbilities.ts';
import { LoadError, Loading } from '../../../components/QueryStates.tsx';
import { CLINICAL_ROLE_LABELS, formatPhone, lineLabel } from '../../../components/ticketWords.ts';
import { VerificationPanel } from '../verification/VerificationPanel.tsx';
import { CallerTickets } from './CallerTickets.tsx';
import { TicketFromCall } from './TicketFromCall.tsx';

export function CallPop({ contactId, onClose }: { contactId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const contact = useQuery(contactQuery(contactId));
  const c = contact.data;
  const [done, setDone] = useState<string | null>(null);
  const [ticketNumber, setTicketNumber] = useState<string | null>(null);
  const { verifyCallers } = useAbilities();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: routingKeys.contact(contactId) });
    void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
  };
  const finished = (what: string, number?: string) => {
    setDone(what);
    if (number) setTicketNumber(number);
    refresh();
  };

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
          <CallerCard contact={c} />
          {done && (
            <Alert color="green" role="status" data-testid="call-pop-done">
              {done}
            </Alert>
          )}
          {/* A password, MFA or access request on this call: the identity check, before any change. */}
          {ticketNumber && verifyCallers && <VerificationPanel ticketNumber={ticketNumber} />}
          <CallerTickets contact={c} contactId={contactId} onLinked={finished} />
          <TicketFromCall contact={c} contactId={contactId} onOpened={finished} />
        </Stack>
      )}
    </Drawer>
  );
}

/** Who is calling, on which line, and what the desk should know before answering. */
function CallerCard({ contact: c }: { contact: ContactDetail }) {
  const about = [
    c.caller.clinicalRole ? (CLINICAL_ROLE_LABELS[c.caller.clinicalRole] ?? c.caller.clinicalRole) : null,
    c.caller.unit,
    c.caller.facility,
    c.callerNumber ? formatPhone(c.callerNumber) : null,
  ];
  return (
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
        {about.filter(Boolean).join(' · ')}
      </Text>
      {c.caller.sensitive && (
        <Alert color="orange" title="Sensitive account">
          Verify identity out of band before any credential change.
        </Alert>
      )}
    </Stack>
  );
}
