// Where and what: facility, unit, place, device, application and module, error text and the clinical answers.
import { Code, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { TicketDetail } from '../../../../../src/features/tickets/schemas.ts';
import { DEVICE_LABELS, SCOPE_LABELS } from '../../../components/ticketWords.ts';

const yesNo = (value: boolean | null) => (value === null ? 'Not known' : value ? 'Yes' : 'No');

export function ClinicalContextPanel({ ticket }: { ticket: TicketDetail }) {
  const facts: [string, string][] = [
    ['Facility', ticket.facility ?? '—'],
    ['Unit', ticket.unit ?? '—'],
    ['Place', ticket.location ?? '—'],
    ['Device', ticket.deviceType ? DEVICE_LABELS[ticket.deviceType] : '—'],
    ['Asset tag', ticket.assetTag ?? '—'],
    ['Application', ticket.service ?? '—'],
    ['Module', ticket.module ?? '—'],
    ['Patient care affected', ticket.patientCareAffected ? 'Yes, now' : 'No'],
    ['Who is affected', SCOPE_LABELS[ticket.scope]],
    ['Workaround', yesNo(ticket.workaroundAvailable)],
    ['Impact × urgency', `${ticket.impact} × ${ticket.urgency}`],
  ];
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="clinical-context">
      <Stack gap="sm">
        <Title order={2} size="h5" id="clinical-context">
          Clinical context
        </Title>
        <SimpleGrid cols={2} spacing="xs" verticalSpacing={6} component="dl" m={0}>
          {facts.map(([label, value]) => (
            <div key={label}>
              <Text component="dt" size="xs" c="dimmed" fw={600}>
                {label}
              </Text>
              <Text component="dd" size="sm" m={0}>
                {value}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {ticket.errorText && (
          <div>
            <Text size="xs" c="dimmed" fw={600}>
              Error message
            </Text>
            <Code block>{ticket.errorText}</Code>
          </div>
        )}
      </Stack>
    </Paper>
  );
}
