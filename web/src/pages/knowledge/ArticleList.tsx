// A list of articles: title, type, application/module, and the highlighted snippet (server-sanitised: <mark> only).
import { Badge, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import type { ArticleSummary } from '../../api/knowledge.ts';
import { ARTICLE_TYPE_LABELS, STATUS_COLORS, STATUS_LABELS } from './words.ts';

export function ArticleList({
  items,
  onOpen,
  showStatus,
}: {
  items: ArticleSummary[];
  onOpen: (number: string) => void;
  showStatus?: boolean;
}) {
  return (
    <Stack gap="xs" data-testid="kb-results">
      {items.map((a) => (
        <Paper key={a.id} withBorder p="sm" radius="sm">
          <UnstyledButton onClick={() => onOpen(a.number)} w="100%" aria-label={`Open ${a.number}: ${a.title}`}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text fw={600}>{a.title}</Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {a.number}
              </Text>
            </Group>
            <Group gap={6} mt={4}>
              <Badge size="xs" variant="light">
                {ARTICLE_TYPE_LABELS[a.type]}
              </Badge>
              {showStatus || a.status !== 'published' ? (
                <Badge size="xs" variant="light" color={STATUS_COLORS[a.status]}>
                  {STATUS_LABELS[a.status]}
                </Badge>
              ) : null}
              {a.audience === 'agents' ? (
                <Badge size="xs" color="grape" variant="outline">
                  Agents only
                </Badge>
              ) : null}
              {[a.service?.name, a.module?.name].filter(Boolean).map((n) => (
                <Text key={n} size="xs" c="dimmed">
                  {n}
                </Text>
              ))}
            </Group>
            {a.snippet ? (
              <Text
                size="sm"
                mt={6}
                className="kb-snippet"
                // The server escapes the article text and adds only <mark> around matched words.
                // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised server-side (search.ts snippetHtml)
                dangerouslySetInnerHTML={{ __html: a.snippet }}
              />
            ) : null}
          </UnstyledButton>
        </Paper>
      ))}
    </Stack>
  );
}
