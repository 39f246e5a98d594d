// Console → Major incidents: the open incidents and EHR downtimes first, then the recent ones, and the form to
// declare one (from scratch; a ticket's page declares from the ticket through the same API).
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { incidentListQuery } from '../../api/incidents.ts';
import { useAbilities } from '../../app/useAbilities.ts';
import { Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { DeclareIncidentForm } from './DeclareIncidentForm.tsx';
import { KIND_WORDS, SEVERITY_WORDS, STATE_WORDS, shortTime } from './incidentWords.ts';
import { ScrollBox } from './ScrollBox.tsx';

export function IncidentsPage() {
  useDocumentTitle('Major incidents — Clinidesk');
  const may = useAbilities();
  const list = useQuery(incidentListQuery);
  const [declaring, setDeclaring] = useState(false);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Major incidents
          </Title>
          <Text c="dimmed" size="sm">
            EHR downtime and other outages: new tickets about them attach themselves.
          </Text>
        </div>
        <Group gap="sm">
          <Button component={Link} to="/console" variant="default">
            Back to the console
          </Button>
          {may.manageIncidents && !declaring && <Button onClick={() => setDeclaring(true)}>Declare an incident</Button>}
        </Group>
      </Group>
      {declaring && <DeclareIncidentForm onCancel={() => setDeclaring(false)} />}
      <Paper withBorder radius="md" p="sm">
        {list.isPending ? (
          <Loading label="Loading incidents…" />
        ) : list.isError ? (
          <LoadError what="the incidents" error={list.error} retry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty title="No incidents">Declared incidents and planned downtimes appear here.</Empty>
        ) : (
          <ScrollBox label="Incidents">
            <Table striped highlightOnHover>
              <Table.Caption>Open incidents first, then the most recent</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Incident</Table.Th>
                  <Table.Th scope="col">State</Table.Th>
                  <Table.Th scope="col">Severity</Table.Th>
                  <Table.Th scope="col">Applications</Table.Th>
                  <Table.Th scope="col">Linked tickets (open)</Table.Th>
                  <Table.Th scope="col">Started</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Th scope="row" fw="normal">
                      <Link to="/console/incidents/$number" params={{ number: i.number }}>
                        {i.number}
                      </Link>{' '}
                      <Text span size="sm">
                        {KIND_WORDS[i.kind]}: {i.title}
                      </Text>
                    </Table.Th>
                    <Table.Td>
                      <Badge color={STATE_WORDS[i.state].color} variant="light">
                        {STATE_WORDS[i.state].label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{i.severity.toUpperCase()}</Table.Td>
                    <Table.Td>{i.services.map((s) => s.name).join(', ') || 'Any'}</Table.Td>
                    <Table.Td>
                      {i.children.linked} ({i.children.open})
                    </Table.Td>
                    <Table.Td>{shortTime(i.startedAt ?? i.scheduledStart)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollBox>
        )}
      </Paper>
      <Text size="xs" c="dimmed">
        Severity:{' '}
        {Object.values(SEVERITY_WORDS)
          .map((s) => s.label)
          .join(' · ')}
      </Text>
    </Stack>
  );
}
