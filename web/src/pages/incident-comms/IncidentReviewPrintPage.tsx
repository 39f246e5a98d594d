// The printable post-incident review: outside the app's frame (no navigation), one document for the safety
// committee or the vendor's account manager — what happened, the impact with its formula, the cause, the
// contributing factors, the actions and the timeline. It holds no patient information (the server refuses it).
import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { IncidentReviewView } from '../../../../src/features/incident-comms/schemas.ts';
import { incidentReviewQuery } from '../../api/incidentComms.ts';
import { LoadError, Loading } from '../../components/QueryStates.tsx';
import { IncidentBadges } from '../incidents/IncidentBadges.tsx';
import { KIND_WORDS } from '../incidents/incidentWords.ts';
import { when } from '../status/statusWords.ts';
import { FactorList, ImpactFacts } from './IncidentReviewSection.tsx';
import { actionsWords } from './reviewWords.ts';
import './reviewPrint.css';

const route = getRouteApi('/console/incidents/$number/review');

export function IncidentReviewPrintPage() {
  const { number } = route.useParams();
  useDocumentTitle(`Post-incident review ${number} — Clinidesk`);
  const query = useQuery(incidentReviewQuery(number));
  return (
    <main id="main" className="review-print">
      {query.isPending && <Loading label={`Loading the review of ${number}…`} />}
      {query.isError && <LoadError what={`the review of ${number}`} error={query.error} />}
      {query.data && <ReviewDocument data={query.data} />}
    </main>
  );
}

function ReviewDocument({ data }: { data: IncidentReviewView }) {
  const { incident, review, impact } = data;
  return (
    <Stack gap="md">
      <Group justify="space-between" className="no-print">
        <Text size="sm">
          <Link to="/console/incidents/$number" params={{ number: incident.number }}>
            ‹ Back to {incident.number}
          </Link>
        </Text>
        <Button variant="light" onClick={() => window.print()}>
          Print
        </Button>
      </Group>
      <header>
        <Text size="sm" c="dimmed">
          Post-incident review · {incident.number}
        </Text>
        <Title order={1} size="h2">
          {KIND_WORDS[incident.kind]}: {incident.title}
        </Title>
        <IncidentBadges state={incident.state} severity={incident.severity}>
          {review && (
            <Badge color={review.completedAt ? 'green' : 'yellow'} variant="light">
              {review.completedAt ? 'Review completed' : 'Review in progress'}
            </Badge>
          )}
        </IncidentBadges>
        <Table mt="xs" variant="vertical" withRowBorders={false}>
          <Table.Tbody>
            <Row label="Affected">
              {incident.applications.join(', ') || 'Several systems'} at{' '}
              {incident.facilities.join(', ') || 'every facility'}
            </Row>
            <Row label="Started">{incident.startedAt ? when(incident.startedAt) : '—'}</Row>
            <Row label="Resolved">{incident.resolvedAt ? when(incident.resolvedAt) : '—'}</Row>
            <Row label="Incident commander">{incident.commander ?? '—'}</Row>
            {incident.resolutionNote && <Row label="What was fixed">{incident.resolutionNote}</Row>}
            {review?.completedAt && (
              <Row label="Review completed">
                {when(review.completedAt)}
                {review.completedBy ? ` by ${review.completedBy.displayName}` : ''}
              </Row>
            )}
          </Table.Tbody>
        </Table>
      </header>
      {!review && (
        <Alert variant="light" color="yellow">
          This incident has no review yet: start it on the incident page.
        </Alert>
      )}
      <section aria-labelledby="print-impact">
        <Title order={2} size="h4" id="print-impact" mb="xs">
          Impact
        </Title>
        <ImpactFacts impact={impact} />
        {review?.overheadBasis && (
          <Text size="sm" mt="xs">
            Overhead assumption ({review.overhead}): {review.overheadBasis}
          </Text>
        )}
      </section>
      {review && (
        <>
          <section aria-labelledby="print-summary">
            <Title order={2} size="h4" id="print-summary">
              What happened
            </Title>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {review.timelineSummary || '—'}
            </Text>
          </section>
          <section aria-labelledby="print-cause">
            <Title order={2} size="h4" id="print-cause">
              Cause
            </Title>
            <Text size="sm">
              <b>{review.causeLabel ?? 'Not chosen yet'}</b>
              {review.causeText ? ` — ${review.causeText}` : ''}
            </Text>
            {review.contributingFactors.length > 0 && (
              <>
                <Title order={3} size="h5" mt="xs">
                  Contributing factors
                </Title>
                <FactorList factors={review.contributingFactors} />
              </>
            )}
          </section>
          <section aria-labelledby="print-actions">
            <Group justify="space-between">
              <Title order={2} size="h4" id="print-actions">
                Actions
              </Title>
              <Text size="sm">{actionsWords(review.actionProgress)}</Text>
            </Group>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Action</Table.Th>
                  <Table.Th scope="col">Owner</Table.Th>
                  <Table.Th scope="col">Due</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {review.actions.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>{a.title}</Table.Td>
                    <Table.Td>{a.owner?.displayName ?? '—'}</Table.Td>
                    <Table.Td>{a.dueOn ?? '—'}</Table.Td>
                    <Table.Td>
                      {a.doneAt
                        ? `Done ${when(a.doneAt)}${a.doneBy ? ` by ${a.doneBy.displayName}` : ''}`
                        : a.overdue
                          ? 'Overdue'
                          : 'Open'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
        </>
      )}
      <section aria-labelledby="print-timeline">
        <Title order={2} size="h4" id="print-timeline">
          Timeline
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">What</Table.Th>
              <Table.Th scope="col">Who</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.timeline.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(e.at)}</Table.Td>
                <Table.Td>{e.body}</Table.Td>
                <Table.Td>{e.author ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={180}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}
