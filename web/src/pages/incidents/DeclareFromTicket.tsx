// "Declare major incident" on a ticket's page: the declare form, prefilled from the ticket (incidentForms.ts), in a
// dialog; the ticket becomes the incident's first linked ticket. Not offered for a ticket already part of an outage.
import { Button, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ticketOutageQuery } from '../../api/incidents.ts';
import { DeclareIncidentForm } from './DeclareIncidentForm.tsx';
import { declareDraftFromTicket, type TicketFacts } from './incidentForms.ts';

export function DeclareFromTicket({ ticket }: { ticket: TicketFacts }) {
  const [open, setOpen] = useState(false);
  const outage = useQuery(ticketOutageQuery(ticket.number));
  if (!outage.isSuccess || outage.data.outage) return null;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="declare-from-ticket">
      <Stack gap="xs">
        <Title order={2} size="h5" id="declare-from-ticket">
          Major incident
        </Title>
        <Text size="sm" c="dimmed">
          Many callers with the same problem? Declare it once: their new tickets attach to it.
        </Text>
        <Button variant="default" onClick={() => setOpen(true)}>
          Declare major incident…
        </Button>
      </Stack>
      <Modal opened={open} onClose={() => setOpen(false)} size="xl" withCloseButton={false}>
        {open && <DeclareIncidentForm draft={declareDraftFromTicket(ticket)} onCancel={() => setOpen(false)} />}
      </Modal>
    </Paper>
  );
}
