// The incident page's "Post-incident review" section, once the incident is resolved or closed: the impact computed
// from the data (with its formula and the overhead, a stated assumption), the cause as a SAFER dimension and words,
// contributing factors, the summary of the timeline, and the actions with owner, due date and done. A link opens the
// printable review. Free text that looks like patient information is warned about here and refused by the server.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { IncidentReviewView } from '../../../../src/features/incident-comms/schemas.ts';
import {
  addReviewAction,
  incidentReviewQuery,
  reviewKeys,
  startIncidentReview,
  updateIncidentReview,
  updateReviewAction,
} from '../../api/incidentComms.ts';
import type { IncidentView } from '../../api/incidents.ts';
import { useSession } from '../../app/session.ts';
import { LoadError, Loading, problemText } from '../../components/QueryStates.tsx';
import { when } from '../status/statusWords.ts';
import { actionsWords, durationWords, reviewPhiHint, SAFER_OPTIONS } from './reviewWords.ts';

type Review = NonNullable<IncidentReviewView['review']>;
type Dimension = Review['causeDimension'];

export function IncidentReviewSection({ incident, canManage }: { incident: IncidentView; canManage: boolean }) {
  const number = incident.number;
  const queryClient = useQueryClient();
  const review = useQuery(incidentReviewQuery(number));
  const refresh = (data: IncidentReviewView) => queryClient.setQueryData(reviewKeys(number), data);
  const start = useMutation({ mutationFn: () => startIncidentReview(number), onSuccess: refresh });
  const data = review.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby="review-title">
      <Group justify="space-between">
        <Title order={2} size="h4" id="review-title">
          Post-incident review
        </Title>
        <Group gap="xs">
          {data?.review && (
            <Badge color={data.review.completedAt ? 'green' : 'yellow'} variant="light">
              {data.review.completedAt ? 'Completed' : 'In progress'}
            </Badge>
          )}
          {data?.review && (
            <Text size="sm">
              <Link to="/console/incidents/$number/review" params={{ number }}>
                Printable review
              </Link>
            </Text>
          )}
        </Group>
      </Group>
      {review.isPending && <Loading label="Loading the review…" />}
      {review.isError && <LoadError what="the review" error={review.error} />}
      {data && <ImpactFacts impact={data.impact} />}
      {data && !data.review && (
        <Group>
          <Text size="sm" c="dimmed">
            No review yet.
          </Text>
          {canManage && data.canStart && (
            <Button size="xs" onClick={() => start.mutate()} loading={start.isPending}>
              Start the review
            </Button>
          )}
        </Group>
      )}
      {start.error && (
        <Alert color="red" variant="light" role="alert">
          {problemText(start.error)}
        </Alert>
      )}
      {data?.review &&
        (canManage ? (
          <ReviewForm key={data.review.version} number={number} review={data.review} onSaved={refresh} />
        ) : (
          <ReviewText review={data.review} />
        ))}
      {data?.review && (
        <ActionsTable
          number={number}
          incident={incident}
          review={data.review}
          canManage={canManage}
          onSaved={refresh}
        />
      )}
    </Stack>
  );
}

export function ImpactFacts({ impact }: { impact: IncidentReviewView['impact'] }) {
  const facts: [string, string][] = [
    ['Downtime', durationWords(impact.durationMinutes)],
    ['Linked tickets', String(impact.childTickets)],
    ['Patient care affected', String(impact.patientCareAffected)],
    ['Calls', String(impact.calls)],
    ['Units affected', String(impact.units)],
    ['Clinician time lost', `${impact.clinicianHoursLost} h`],
  ];
  return (
    <Paper withBorder radius="md" p="sm">
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="xs">
        {facts.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={600}>{value}</Text>
          </div>
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="xs">
        Estimate: {impact.formula}. Units: {impact.unitNames.join(', ') || 'none named'}.
      </Text>
    </Paper>
  );
}

function ReviewText({ review }: { review: Review }) {
  return (
    <Stack gap="xs">
      <Text size="sm">
        <b>Cause:</b> {review.causeLabel ?? 'Not chosen yet'}
        {review.causeText ? ` — ${review.causeText}` : ''}
      </Text>
      {review.contributingFactors.length > 0 && (
        <div>
          <Text size="sm" fw={600}>
            Contributing factors
          </Text>
          <FactorList factors={review.contributingFactors} />
        </div>
      )}
      {review.timelineSummary && <Text size="sm">{review.timelineSummary}</Text>}
    </Stack>
  );
}

type FormValues = {
  timelineSummary: string;
  causeDimension: Dimension;
  causeText: string;
  factors: { dimension: Dimension; text: string }[];
  overhead: number;
  overheadBasis: string;
};

function Hint({ text, id }: { text: string; id: string }) {
  const hint = reviewPhiHint(text);
  return (
    <Text id={id} size="sm" c="var(--mantine-color-orange-light-color)" aria-live="polite">
      {hint ?? ''}
    </Text>
  );
}

function ReviewForm({
  number,
  review,
  onSaved,
}: {
  number: string;
  review: Review;
  onSaved: (v: IncidentReviewView) => void;
}) {
  const [v, setV] = useState<FormValues>({
    timelineSummary: review.timelineSummary,
    causeDimension: review.causeDimension,
    causeText: review.causeText,
    factors: review.contributingFactors.map((f) => ({ dimension: f.dimension, text: f.text })),
    overhead: review.overhead,
    overheadBasis: review.overheadBasis,
  });
  const save = useMutation({
    mutationFn: (completed?: boolean) =>
      updateIncidentReview(number, {
        version: review.version,
        timelineSummary: v.timelineSummary,
        causeDimension: v.causeDimension,
        causeText: v.causeText,
        contributingFactors: v.factors.filter((f) => f.text.trim() !== ''),
        overhead: v.overhead,
        overheadBasis: v.overheadBasis,
        ...(completed === undefined ? {} : { completed }),
      }),
    onSuccess: onSaved,
  });
  const setFactor = (i: number, f: Partial<FormValues['factors'][number]>) =>
    setV({ ...v, factors: v.factors.map((x, j) => (j === i ? { ...x, ...f } : x)) });
  return (
    <Stack gap="xs">
      <Textarea
        label="What happened (summary of the timeline)"
        value={v.timelineSummary}
        onChange={(e) => setV({ ...v, timelineSummary: e.currentTarget.value })}
        aria-describedby="review-summary-hint"
        autosize
        minRows={3}
      />
      <Hint text={v.timelineSummary} id="review-summary-hint" />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Select
          label="Cause (SAFER dimension)"
          data={SAFER_OPTIONS}
          value={v.causeDimension}
          onChange={(d) => setV({ ...v, causeDimension: d as Dimension })}
          placeholder="Choose a dimension"
          clearable
        />
        <Group align="end" gap="xs" wrap="nowrap">
          <NumberInput
            label="Downtime overhead"
            description="Share of each clinician’s time lost (0.25 = a quarter)"
            min={0}
            max={1}
            step={0.05}
            decimalScale={2}
            value={v.overhead}
            onChange={(n) => setV({ ...v, overhead: typeof n === 'number' ? n : Number(n) || 0 })}
          />
        </Group>
      </SimpleGrid>
      <Textarea
        label="Cause, in words"
        value={v.causeText}
        onChange={(e) => setV({ ...v, causeText: e.currentTarget.value })}
        aria-describedby="review-cause-hint"
        autosize
        minRows={2}
      />
      <Hint text={v.causeText} id="review-cause-hint" />
      <TextInput
        label="Why this overhead"
        value={v.overheadBasis}
        onChange={(e) => setV({ ...v, overheadBasis: e.currentTarget.value })}
      />
      <Text size="sm" fw={600} mt="xs" id="review-factors-title">
        Contributing factors
      </Text>
      {v.factors.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the rows are edited in place and have no id of their own
        <Group key={i} gap="xs" align="start" wrap="wrap">
          <Select
            aria-label={`Factor ${i + 1}: SAFER dimension`}
            data={SAFER_OPTIONS}
            value={f.dimension}
            onChange={(d) => setFactor(i, { dimension: d as Dimension })}
            placeholder="Dimension"
            clearable
            w={230}
          />
          <TextInput
            aria-label={`Factor ${i + 1}`}
            value={f.text}
            onChange={(e) => setFactor(i, { text: e.currentTarget.value })}
            style={{ flex: 1, minWidth: 200 }}
            error={reviewPhiHint(f.text) ?? undefined}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove factor ${i + 1}`}
            onClick={() => setV({ ...v, factors: v.factors.filter((_, j) => j !== i) })}
            mt={6}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group gap="xs">
        <Button
          size="xs"
          variant="default"
          onClick={() => setV({ ...v, factors: [...v.factors, { dimension: null, text: '' }] })}
        >
          Add a contributing factor
        </Button>
      </Group>
      {save.error && (
        <Alert color="red" variant="light" role="alert" title="Not saved">
          {problemText(save.error)}
        </Alert>
      )}
      <Group gap="xs">
        <Button onClick={() => save.mutate(undefined)} loading={save.isPending}>
          Save the review
        </Button>
        <Button variant="default" onClick={() => save.mutate(!review.completedAt)} loading={save.isPending}>
          {review.completedAt ? 'Reopen the review' : 'Save and mark complete'}
        </Button>
        {review.completedAt && (
          <Text size="sm" c="dimmed">
            Completed {when(review.completedAt)}
            {review.completedBy ? ` by ${review.completedBy.displayName}` : ''}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function ActionsTable({
  number,
  incident,
  review,
  canManage,
  onSaved,
}: {
  number: string;
  incident: IncidentView;
  review: Review;
  canManage: boolean;
  onSaved: (v: IncidentReviewView) => void;
}) {
  const session = useSession();
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  const tick = useMutation({
    mutationFn: (a: { id: string; done: boolean }) => updateReviewAction(number, a.id, { done: a.done }),
    onSuccess: onSaved,
  });
  const add = useMutation({
    mutationFn: () => addReviewAction(number, { title, ownerId, dueOn: dueOn || null }),
    onSuccess: (data) => {
      setTitle('');
      setOwnerId(null);
      setDueOn('');
      onSaved(data);
    },
  });
  // Who may own an action from here: the incident's leads and the person writing the review.
  const owners = new Map<string, string>();
  for (const p of [incident.commander, incident.clinicalLead, incident.itLead, incident.commsLead]) {
    if (p) owners.set(p.id, p.displayName);
  }
  if (session) owners.set(session.user.id, session.user.displayName);
  for (const a of review.actions) if (a.owner) owners.set(a.owner.id, a.owner.displayName);
  return (
    <Stack gap="xs" aria-labelledby="review-actions-title" component="section">
      <Group justify="space-between">
        <Title order={3} size="h5" id="review-actions-title">
          Actions
        </Title>
        <Text size="sm">{actionsWords(review.actionProgress)}</Text>
      </Group>
      {review.actions.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Done</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Owner</Table.Th>
                <Table.Th scope="col">Due</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {review.actions.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Checkbox
                      checked={a.doneAt !== null}
                      disabled={!canManage || tick.isPending}
                      onChange={(e) => tick.mutate({ id: a.id, done: e.currentTarget.checked })}
                      aria-label={`Done: ${a.title}`}
                    />
                  </Table.Td>
                  <Table.Td>{a.title}</Table.Td>
                  <Table.Td>{a.owner?.displayName ?? '—'}</Table.Td>
                  <Table.Td>
                    {a.dueOn ?? '—'}{' '}
                    {a.overdue && (
                      <Badge color="red" variant="light" size="sm">
                        Overdue
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {(tick.error || add.error) && (
        <Alert color="red" variant="light" role="alert">
          {problemText(tick.error ?? add.error)}
        </Alert>
      )}
      {canManage && (
        <Group align="end" gap="xs" wrap="wrap">
          <TextInput
            label="New action"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={reviewPhiHint(title) ?? undefined}
            style={{ flex: 1, minWidth: 220 }}
          />
          <Select
            label="Owner"
            data={[...owners].map(([value, label]) => ({ value, label }))}
            value={ownerId}
            onChange={setOwnerId}
            clearable
            w={200}
          />
          <TextInput label="Due" type="date" value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} w={160} />
          <Button variant="default" onClick={() => add.mutate()} loading={add.isPending} disabled={!title.trim()}>
            Add the action
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** The contributing factors, each with its SAFER dimension when it has one (the section and the printable page). */
export function FactorList({ factors }: { factors: { label: string | null; text: string }[] }) {
  return (
    <ul style={{ margin: 0 }}>
      {factors.map((f) => (
        <li key={`${f.label}:${f.text}`}>
          <Text size="sm">
            {f.label ? `${f.label}: ` : ''}
            {f.text}
          </Text>
        </li>
      ))}
    </ul>
  );
}
