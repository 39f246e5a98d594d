// The public status page: no sign-in, no patient details, no names. It depends on the desk alone (not on the EHR
// nor the hospital's single sign-on), so it keeps answering during the very outages it reports.
import { Alert, Badge, Card, Center, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { PublicIncidentView } from '../../../../src/features/incident-comms/schemas.ts';
import { statusPageQuery } from '../../api/incidentComms.ts';
import { BrandMark } from '../../app/BrandMark.tsx';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { affects, OVERALL_WORDS, stateWords, timing, when } from './statusWords.ts';

function IncidentCard({ incident }: { incident: PublicIncidentView }) {
  const headingId = `status-${incident.number}`;
  return (
    <Card withBorder radius="md" p="md" component="article" aria-labelledby={headingId}>
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <Badge
            variant="light"
            color={incident.state === 'scheduled' ? 'blue' : incident.resolvedAt ? 'green' : 'red'}
          >
            {stateWords(incident.state)}
          </Badge>
          <Text size="sm" c="dimmed">
            {incident.kindLabel} · {incident.number}
          </Text>
        </Group>
        <Title order={3} size="h4" id={headingId}>
          {incident.title}
        </Title>
        <Text size="sm">{affects(incident)}</Text>
        {incident.summary && <Text size="sm">{incident.summary}</Text>}
        {incident.latestUpdate && (
          <Text size="sm">
            <b>Latest update ({when(incident.latestUpdate.postedAt)}):</b> {incident.latestUpdate.text}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {timing(incident)}
        </Text>
      </Stack>
    </Card>
  );
}

function Section({ title, incidents }: { title: string; incidents: PublicIncidentView[] }) {
  if (incidents.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-label={title}>
      <Title order={2} size="h3">
        {title}
      </Title>
      {incidents.map((i) => (
        <IncidentCard key={i.number} incident={i} />
      ))}
    </Stack>
  );
}

export function StatusPage() {
  useDocumentTitle('System status — Clinidesk');
  const status = useQuery(statusPageQuery);
  const page = status.data;
  return (
    <Container size={720} px="sm" py="lg">
      <main id="main">
        <Stack gap="lg">
          <Center>
            <BrandMark />
          </Center>
          <Title order={1} size="h2">
            System status
          </Title>
          {status.isPending && <Loading label="Checking the systems…" />}
          {status.isError && <LoadError what="the system status" error={status.error} retry={() => status.refetch()} />}
          {page && (
            <>
              <Alert
                color={OVERALL_WORDS[page.overall].color}
                variant="light"
                title={OVERALL_WORDS[page.overall].title}
              >
                Updated {when(page.generatedAt)}. This page refreshes itself every minute.
              </Alert>
              <Section title="Happening now" incidents={page.open} />
              <Section title="Planned downtime" incidents={page.planned} />
              <Section title="Resolved in the last 7 days" incidents={page.recentlyResolved} />
            </>
          )}
          <Text size="xs" c="dimmed">
            During a downtime, follow your unit's downtime procedures. To report a problem, call the service desk.
          </Text>
        </Stack>
      </main>
    </Container>
  );
}
