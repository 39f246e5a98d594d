// Agent assist: while the agent types the summary or the caller's words, the best articles for them (ranked with the
// ticket's context) appear here; "Use" sends the steps as a public reply and links the article.
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type SuggestParams, suggestQueryOptions } from '../../api/knowledge.ts';
import { ARTICLE_TYPE_LABELS } from './words.ts';

type Props = Omit<SuggestParams, 'text'> & {
  text: string;
  /** Called with the chosen article; the caller sends it (now, or when the ticket is opened). */
  onUse: (article: { number: string; title: string }) => void;
  chosen?: string | null;
  busy?: string | null;
};

export function AssistPanel({ text, onUse, chosen, busy, ...context }: Props) {
  // The API takes up to 1,000 characters; the first words (the summary) matter most.
  const [debounced] = useDebouncedValue(text.trim().slice(0, 1000), 300);
  const enabled = debounced.length >= 3;
  const params: SuggestParams = { text: debounced, ...context };
  const suggestions = useQuery({ ...suggestQueryOptions(params), enabled });
  if (!enabled) return null;
  const items = suggestions.data?.items ?? [];
  return (
    <Paper withBorder p="sm" radius="sm" aria-label="Suggested articles" role="region" data-testid="kb-assist">
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          Suggested articles
        </Text>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {suggestions.isFetching ? 'Looking…' : 'No matching article yet.'}
          </Text>
        ) : (
          items.slice(0, 3).map((a) => (
            <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} truncate>
                  <a href={`/knowledge#${a.number}`} target="_blank" rel="noreferrer">
                    {a.title}
                  </a>
                </Text>
                <Group gap={4}>
                  <Badge size="xs" variant="light">
                    {ARTICLE_TYPE_LABELS[a.type]}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {a.number}
                    {a.module ? ` · ${a.module.name}` : ''}
                  </Text>
                </Group>
              </div>
              <Button
                size="xs"
                variant={chosen === a.number ? 'filled' : 'light'}
                onClick={() => onUse({ number: a.number, title: a.title })}
                loading={busy === a.number}
                aria-label={`Use ${a.number}: ${a.title}`}
                // In a narrow side panel the title shrinks, never the button ("Use" was clipped to "U…").
                style={{ flexShrink: 0 }}
              >
                {chosen === a.number ? 'Chosen' : 'Use'}
              </Button>
            </Group>
          ))
        )}
      </Stack>
    </Paper>
  );
}
