// Reading an article: the sanitised body, helpful/not votes with a comment, and for staff the lifecycle steps,
// usage figures and version history with differences.
import {
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  type ArticleDetail,
  articleQuery,
  diffOf,
  knowledgeKeys,
  moveArticle,
  versionsQuery,
  voteOn,
} from '../../api/knowledge.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { ACTION_LABELS, ARTICLE_TYPE_LABELS, STATUS_COLORS, STATUS_LABELS } from './words.ts';

export function ArticleReader({
  number,
  onBack,
  onEdit,
  onOpen,
  staff,
}: {
  number: string;
  onBack: () => void;
  onEdit?: (number: string) => void;
  /** Opens another article (a revision draft just made, or the original a revision was merged into). */
  onOpen?: (number: string) => void;
  staff: boolean;
}) {
  const article = useQuery(articleQuery(number));
  if (article.isPending) return <Loading label="Opening the article" />;
  if (article.isError)
    return <LoadError what="the article" error={article.error} retry={() => void article.refetch()} />;
  const a = article.data;
  return (
    <Stack gap="md">
      <Anchor component="button" type="button" onClick={onBack} size="sm" w="fit-content">
        ← Back to articles
      </Anchor>
      <div>
        <Title order={2}>{a.title}</Title>
        <Group gap={6} mt={4}>
          <Text size="sm" c="dimmed">
            {a.number}
          </Text>
          <Badge size="sm" variant="light">
            {ARTICLE_TYPE_LABELS[a.type]}
          </Badge>
          <Badge size="sm" variant="light" color={STATUS_COLORS[a.status]}>
            {STATUS_LABELS[a.status]}
          </Badge>
          {a.audience === 'agents' ? (
            <Badge size="sm" color="grape" variant="outline">
              Agents only
            </Badge>
          ) : null}
          {[a.service?.name, a.module?.name].filter(Boolean).map((n) => (
            <Text key={n} size="sm" c="dimmed">
              {n}
            </Text>
          ))}
        </Group>
      </div>
      {a.revisionOf ? (
        <Text size="sm" c="dimmed">
          Revision of {a.revisionOf}: approving it replaces the published article, which stays live until then.
        </Text>
      ) : null}
      <Paper withBorder p="md" radius="sm">
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitised on the server (rules/markdown.ts) */}
        <div className="kb-article" dangerouslySetInnerHTML={{ __html: a.html }} />
      </Paper>
      {a.status === 'published' ? <Votes article={a} /> : null}
      {staff ? <StaffPanel article={a} onEdit={onEdit} onOpen={onOpen} /> : null}
    </Stack>
  );
}

function Votes({ article }: { article: ArticleDetail }) {
  const queryClient = useQueryClient();
  const [comment, setComment] = useState(article.myVote?.comment ?? '');
  const vote = useMutation({
    mutationFn: (helpful: boolean) =>
      voteOn(article.number, { helpful, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.article(article.number) }),
  });
  return (
    <Paper withBorder p="md" radius="sm">
      <Stack gap="xs">
        <Text fw={600}>Was this helpful?</Text>
        <Textarea
          label="Comment (optional)"
          description="What was missing or wrong? No patient details."
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          maxLength={1000}
          autosize
          minRows={1}
        />
        <Group gap="sm">
          <Button
            variant={article.myVote?.helpful === true ? 'filled' : 'default'}
            onClick={() => vote.mutate(true)}
            loading={vote.isPending && vote.variables === true}
          >
            Helpful
          </Button>
          <Button
            variant={article.myVote?.helpful === false ? 'filled' : 'default'}
            color="red"
            onClick={() => vote.mutate(false)}
            loading={vote.isPending && vote.variables === false}
          >
            Not helpful
          </Button>
          {article.myVote ? (
            <Text size="sm" c="dimmed">
              You voted {article.myVote.helpful ? 'helpful' : 'not helpful'}.
            </Text>
          ) : null}
        </Group>
        <ActionError error={vote.error} title="Your vote was not saved" />
      </Stack>
    </Paper>
  );
}

function StaffPanel({
  article: a,
  onEdit,
  onOpen,
}: {
  article: ArticleDetail;
  onEdit?: ((number: string) => void) | undefined;
  onOpen?: ((number: string) => void) | undefined;
}) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const move = useMutation({
    mutationFn: (action: string) =>
      moveArticle(a.number, { action, version: a.version, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: (updated) => {
      queryClient.setQueryData(knowledgeKeys.article(updated.number), updated);
      void queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
      setNote('');
      if (updated.number !== a.number) onOpen?.(updated.number);
    },
  });
  return (
    <Stack gap="md">
      {a.stats ? (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {(
            [
              ['Views', a.stats.views],
              ['Used on tickets', a.stats.uses],
              ['Resolved', a.stats.resolved],
              ['First-contact', a.stats.firstContact],
              ['Portal: found it best', a.stats.portalSearches],
              ['…and no ticket', a.stats.portalDeflected],
              ['Helpful', a.stats.helpful],
              ['Not helpful', a.stats.notHelpful],
            ] as const
          ).map(([label, n]) => (
            <Paper key={label} withBorder p="xs" radius="sm">
              <Text size="xs" c="dimmed">
                {label}
              </Text>
              <Text fw={700}>{n}</Text>
            </Paper>
          ))}
        </SimpleGrid>
      ) : null}
      {a.stats?.comments.length ? (
        <Stack gap={4}>
          <Text fw={600}>Comments</Text>
          {a.stats.comments.map((c) => (
            <Text key={`${c.by}-${c.at}`} size="sm">
              <strong>
                {c.helpful ? '👍' : '👎'} {c.by}:
              </strong>{' '}
              {c.comment}
            </Text>
          ))}
        </Stack>
      ) : null}
      {a.actions.length || a.editable ? (
        <Paper withBorder p="md" radius="sm">
          <Stack gap="xs">
            <Text fw={600}>Lifecycle</Text>
            {a.actions.includes('reject') ? (
              <Textarea
                label="Note"
                description="Required when sending back"
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                maxLength={1000}
                autosize
                minRows={1}
              />
            ) : null}
            <Group gap="sm">
              {a.editable && onEdit ? (
                <Button variant="default" onClick={() => onEdit(a.number)}>
                  Edit draft
                </Button>
              ) : null}
              {a.actions.map((action) => (
                <Button
                  key={action}
                  variant={action === 'approve' || action === 'submit' ? 'filled' : 'default'}
                  color={action === 'retire' || action === 'reject' ? 'red' : undefined}
                  onClick={() => move.mutate(action)}
                  loading={move.isPending && move.variables === action}
                >
                  {ACTION_LABELS[action]}
                </Button>
              ))}
            </Group>
            <ActionError error={move.error} title="The article did not move" />
          </Stack>
        </Paper>
      ) : null}
      <Versions number={a.number} />
    </Stack>
  );
}

function Versions({ number }: { number: string }) {
  const versions = useQuery(versionsQuery(number));
  const [diff, setDiff] = useState<Awaited<ReturnType<typeof diffOf>> | null>(null);
  const show = useMutation({ mutationFn: (v: number) => diffOf(number, v - 1, v), onSuccess: setDiff });
  if (!versions.data) return null;
  return (
    <Paper withBorder p="md" radius="sm">
      <Text fw={600} mb="xs">
        Versions
      </Text>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Written by</Table.Th>
            <Table.Th>Approved by</Table.Th>
            <Table.Th>Note</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.data.map((v) => (
            <Table.Tr key={v.version}>
              <Table.Td>{v.version}</Table.Td>
              <Table.Td>{v.author ?? '—'}</Table.Td>
              <Table.Td>{v.approvedBy ?? '—'}</Table.Td>
              <Table.Td>{v.note ?? ''}</Table.Td>
              <Table.Td>
                {v.version > 1 ? (
                  <Button size="xs" variant="subtle" onClick={() => show.mutate(v.version)}>
                    Changes from {v.version - 1}
                  </Button>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {diff ? (
        <Code block mt="sm" aria-label={`Changes from version ${diff.from} to ${diff.to}`}>
          {[...diff.title, ...diff.body].map((p, i) => (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: parts have no identity besides their order
              key={i}
              style={{
                background: p.op === 'added' ? '#d3f9d8' : p.op === 'removed' ? '#ffe3e3' : undefined,
                textDecoration: p.op === 'removed' ? 'line-through' : undefined,
              }}
            >
              {p.op === 'added' ? '+ ' : p.op === 'removed' ? '- ' : ''}
              {p.text}
            </span>
          ))}
        </Code>
      ) : null}
    </Paper>
  );
}
