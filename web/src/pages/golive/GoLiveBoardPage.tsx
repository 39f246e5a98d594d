// The command center's board: one issue log for the go-live, grouped by category, owner or zone, patient care first;
// duplicates merged into the first report; known issues broadcast with their tip sheet. It refreshes live.
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
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
import { parseArticleNumber } from '../../../../src/features/knowledge/rules/vocabulary.ts';
import {
  type BoardItem,
  type BoardView,
  boardQuery,
  type GoLiveEvent,
  goLiveKeys,
  type KnownIssue,
  knownIssuesQuery,
  markDuplicate,
  publishKnownIssue,
  retireKnownIssue,
} from '../../api/golive.ts';
import { useAbilities } from '../../app/useAbilities.ts';
import { ActionError, Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { ScrollBox } from '../incidents/ScrollBox.tsx';
import { GoLiveFrame } from './GoLiveFrame.tsx';
import { CATEGORY_LABELS, statusWords, tipSheetHref, when } from './goLiveWords.ts';

type Grouping = 'category' | 'owner' | 'zone';
const GROUPINGS: { value: Grouping; label: string }[] = [
  { value: 'category', label: 'Category' },
  { value: 'owner', label: 'Owner' },
  { value: 'zone', label: 'Zone' },
];

function groupOf(item: BoardItem, by: Grouping): string {
  if (by === 'category') return CATEGORY_LABELS[item.category];
  if (by === 'zone') return item.zone ?? 'No zone';
  return item.owner.group ?? 'No team yet';
}

export function GoLiveBoardPage() {
  return (
    <GoLiveFrame title="Command center board" intro="One issue log for the go-live. It updates live.">
      {(event) => <Board event={event} />}
    </GoLiveFrame>
  );
}

function Board({ event }: { event: GoLiveEvent }) {
  const board = useQuery(boardQuery(event.id));
  const [by, setBy] = useState<Grouping>('category');
  if (board.isPending) return <Loading label="Loading the board…" />;
  if (board.isError) return <LoadError what="the board" error={board.error} retry={() => void board.refetch()} />;
  const { counts } = board.data;
  const groups = new Map<string, BoardItem[]>();
  for (const item of board.data.open) groups.set(groupOf(item, by), [...(groups.get(groupOf(item, by)) ?? []), item]);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 3 }} spacing="sm">
        <Counter label="Open issues" value={counts.open} />
        <Counter
          label="Patient care affected"
          value={counts.patientCareAffected}
          alert={counts.patientCareAffected > 0}
        />
        <Counter label="Resolved on the spot today" value={counts.resolvedOnSpotToday} />
      </SimpleGrid>
      <KnownIssues event={event} board={board.data} />
      <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="board-open">
        <Group justify="space-between" align="center" mb="xs">
          <Title order={2} size="h4" id="board-open">
            Open issues
          </Title>
          <Group gap="xs">
            <Text size="sm" id="board-group-by">
              Group by
            </Text>
            <SegmentedControl
              aria-labelledby="board-group-by"
              size="xs"
              data={GROUPINGS}
              value={by}
              onChange={(v) => setBy(v as Grouping)}
            />
          </Group>
        </Group>
        {board.data.open.length === 0 ? (
          <Empty title="No open issues">Issues sent to the command center from the floors appear here.</Empty>
        ) : (
          <Stack gap="md">
            {[...groups.entries()].map(([name, items]) => (
              <IssueTable
                key={name}
                caption={`${name} (${items.length})`}
                items={items}
                event={event}
                all={[...board.data.open, ...board.data.recentlyResolved]}
              />
            ))}
          </Stack>
        )}
      </Paper>
      <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="board-resolved">
        <Title order={2} size="h4" id="board-resolved" mb="xs">
          Recently resolved
        </Title>
        {board.data.recentlyResolved.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing resolved yet.
          </Text>
        ) : (
          <IssueTable caption="The 20 latest resolved issues" items={board.data.recentlyResolved} event={event} />
        )}
      </Paper>
    </Stack>
  );
}

function Counter({ label, value, alert }: { label: string; value: number; alert?: boolean }) {
  return (
    <Paper withBorder radius="md" p="sm" bg={alert ? 'red.0' : undefined}>
      <Text size="xl" fw={700} c={alert ? 'red.9' : undefined}>
        {value}
      </Text>
      <Text size="sm">{label}</Text>
    </Paper>
  );
}

function IssueTable({
  caption,
  items,
  event,
  all,
}: {
  caption: string;
  items: BoardItem[];
  event: GoLiveEvent;
  /** Issues a duplicate can be merged into; without it, no merging (resolved issues). */
  all?: BoardItem[];
}) {
  const may = useAbilities();
  const [merging, setMerging] = useState<string | null>(null);
  const canMerge = Boolean(all) && may.markGoLiveDuplicates;
  const tz = event.timeZone;
  return (
    <ScrollBox label={caption}>
      <Table striped verticalSpacing="xs">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600 }}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Issue</Table.Th>
            <Table.Th scope="col">State</Table.Th>
            <Table.Th scope="col">Zone · unit</Table.Th>
            <Table.Th scope="col">Application</Table.Th>
            <Table.Th scope="col">Owner</Table.Th>
            <Table.Th scope="col">Logged</Table.Th>
            {canMerge && <Table.Th scope="col">Duplicate</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.number}>
              <Table.Th scope="row" fw="normal" miw={240}>
                <Link to="/console/tickets/$number" params={{ number: i.number }}>
                  {i.number}
                </Link>{' '}
                <Text span size="sm">
                  {i.summary}
                </Text>
                <Group gap={4} mt={2}>
                  {i.patientCareAffected && (
                    <Badge color="red.8" variant="filled" size="sm">
                      Patient care affected
                    </Badge>
                  )}
                  <Badge color="gray" variant="light" size="sm">
                    {CATEGORY_LABELS[i.category]}
                  </Badge>
                  {i.resolvedOnSpot && (
                    <Badge color="green" variant="light" size="sm">
                      Resolved on the spot
                    </Badge>
                  )}
                  {i.duplicateOf && (
                    <Badge color="violet" variant="light" size="sm">
                      Duplicate of {i.duplicateOf}
                    </Badge>
                  )}
                  {i.duplicates > 0 && (
                    <Badge color="violet" variant="outline" size="sm">
                      {i.duplicates} more {i.duplicates === 1 ? 'report' : 'reports'}
                    </Badge>
                  )}
                </Group>
              </Table.Th>
              <Table.Td>
                {statusWords(i.status)}
                <Text size="xs" c="dimmed">
                  P{i.priority}
                </Text>
              </Table.Td>
              <Table.Td>{[i.zone, i.unit].filter(Boolean).join(' · ') || '—'}</Table.Td>
              <Table.Td>{[i.application, i.module].filter(Boolean).join(' › ') || '—'}</Table.Td>
              <Table.Td>
                {i.owner.group ?? 'No team yet'}
                {(i.owner.provider || i.owner.assignee) && (
                  <Text size="xs" c="dimmed">
                    {[i.owner.provider, i.owner.assignee].filter(Boolean).join(' · ')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {when(i.createdAt, tz)}
                {i.loggedBy && (
                  <Text size="xs" c="dimmed">
                    by {i.loggedBy}
                  </Text>
                )}
              </Table.Td>
              {canMerge && (
                <Table.Td miw={merging === i.number ? 260 : undefined}>
                  {merging === i.number ? (
                    <MergeForm event={event} item={i} others={all ?? []} onDone={() => setMerging(null)} />
                  ) : i.duplicateOf ? (
                    '—'
                  ) : (
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => setMerging(i.number)}
                      aria-label={`Mark ${i.number} as a duplicate`}
                    >
                      Mark duplicate…
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollBox>
  );
}

function MergeForm({
  event,
  item,
  others,
  onDone,
}: {
  event: GoLiveEvent;
  item: BoardItem;
  others: BoardItem[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [of, setOf] = useState<string | null>(null);
  const merge = useMutation({
    mutationFn: () => markDuplicate(event.id, item.number, of!),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: goLiveKeys.board(event.id) });
      onDone();
    },
  });
  return (
    <Stack gap={4}>
      <Select
        label={`${item.number} is a duplicate of`}
        size="xs"
        searchable
        data={others
          .filter((o) => o.number !== item.number && !o.duplicateOf)
          .map((o) => ({ value: o.number, label: `${o.number} ${o.summary}` }))}
        value={of}
        onChange={setOf}
        comboboxProps={{ withinPortal: true }}
      />
      <Group gap={4}>
        <Button size="compact-sm" disabled={!of} loading={merge.isPending} onClick={() => merge.mutate()}>
          Merge
        </Button>
        <Button size="compact-sm" variant="default" onClick={onDone}>
          Cancel
        </Button>
      </Group>
      <ActionError error={merge.error} title="Not merged" />
    </Stack>
  );
}

function KnownIssues({ event, board }: { event: GoLiveEvent; board: BoardView }) {
  const may = useAbilities();
  const queryClient = useQueryClient();
  const known = useQuery(knownIssuesQuery(event.id));
  const [publishing, setPublishing] = useState(false);
  const retire = useMutation({
    mutationFn: (k: KnownIssue) => retireKnownIssue(event.id, k.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: goLiveKeys.known(event.id) }),
  });
  const current = (known.data ?? []).filter((k) => !k.retiredAt);
  const tz = event.timeZone;
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="board-known">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="board-known">
          Known issues
        </Title>
        {may.manageGoLive && !publishing && (
          <Button size="compact-md" onClick={() => setPublishing(true)}>
            Broadcast a known issue
          </Button>
        )}
      </Group>
      {publishing && <PublishForm event={event} board={board} onDone={() => setPublishing(false)} />}
      {known.isPending ? (
        <Loading label="Loading the known issues…" />
      ) : known.isError ? (
        <LoadError what="the known issues" error={known.error} retry={() => void known.refetch()} />
      ) : current.length === 0 ? (
        <Text size="sm" c="dimmed">
          No known issue is broadcast now.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {current.map((k) => (
            <li key={k.id}>
              <Alert color="orange" variant="light" title={k.title}>
                <Text size="sm">{k.workaround}</Text>
                <Group gap="md" mt={4}>
                  {k.article && (
                    <Text size="sm">
                      Tip sheet: <a href={tipSheetHref(k.article.number)}>{k.article.title}</a>
                    </Text>
                  )}
                  {k.ticket && (
                    <Text size="sm">
                      About{' '}
                      <Link to="/console/tickets/$number" params={{ number: k.ticket }}>
                        {k.ticket}
                      </Link>
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    Broadcast {when(k.publishedAt, tz)}
                  </Text>
                  {may.manageGoLive && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      loading={retire.isPending && retire.variables?.id === k.id}
                      onClick={() => retire.mutate(k)}
                      aria-label={`Retire “${k.title}” (fixed)`}
                    >
                      Retire (fixed)
                    </Button>
                  )}
                </Group>
              </Alert>
            </li>
          ))}
        </Stack>
      )}
      <ActionError error={retire.error} title="Not retired" />
    </Paper>
  );
}

function PublishForm({ event, board, onDone }: { event: GoLiveEvent; board: BoardView; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [workaround, setWorkaround] = useState('');
  const [ticket, setTicket] = useState<string | null>(null);
  const [article, setArticle] = useState('');
  const articleNumber = article.trim() ? parseArticleNumber(article) : null;
  const badArticle = article.trim() !== '' && articleNumber === null;
  const publish = useMutation({
    mutationFn: () =>
      publishKnownIssue(event.id, {
        title: title.trim(),
        workaround: workaround.trim(),
        ticket: ticket ?? undefined,
        article: articleNumber ?? undefined,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: goLiveKeys.known(event.id) });
      onDone();
    },
  });
  const missing = !title.trim() || !workaround.trim() || badArticle;
  return (
    <Paper withBorder radius="md" p="sm" mb="sm" component="section" aria-labelledby="publish-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!missing) publish.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h5" id="publish-title">
            Broadcast a known issue
          </Title>
          <Text size="sm" c="dimmed">
            Every clinician and support person signed in sees it at once, on their phones and in the portal. No patient
            details.
          </Text>
          <TextInput
            label="What is wrong"
            required
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <Textarea
            label="What to do meanwhile"
            required
            autosize
            minRows={2}
            maxLength={4000}
            value={workaround}
            onChange={(e) => setWorkaround(e.currentTarget.value)}
          />
          <Group grow align="flex-start">
            <Select
              label="Issue on the board (optional)"
              searchable
              clearable
              data={board.open.map((o) => ({ value: o.number, label: `${o.number} ${o.summary}` }))}
              value={ticket}
              onChange={setTicket}
            />
            <TextInput
              label="Tip sheet (optional)"
              description="The knowledge article's number, such as KB-00012"
              value={article}
              onChange={(e) => setArticle(e.currentTarget.value)}
              error={badArticle ? 'Type an article number such as KB-00012' : undefined}
            />
          </Group>
          <ActionError error={publish.error} title="Not broadcast" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={publish.isPending} disabled={missing}>
              Broadcast
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
