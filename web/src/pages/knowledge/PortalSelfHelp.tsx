// Portal self-service: before asking for help, search the published portal articles. A search that ends here,
// without a ticket, counts as deflected; one followed by a ticket does not.
import { Button, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { searchQueryOptions } from '../../api/knowledge.ts';
import { ArticleList } from './ArticleList.tsx';
import { ArticleReader } from './ArticleReader.tsx';

export function PortalSelfHelp() {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 400);
  const [open, setOpen] = useState<string | null>(null);
  const results = useQuery({ ...searchQueryOptions({ q }), enabled: q.length >= 3 });
  return (
    <Paper withBorder p="md" radius="sm" role="search" aria-label="Search how-to articles">
      <Stack gap="sm">
        <TextInput
          label="Search how-to articles first"
          description="Many answers are here already: sign-in, printing, scanners, orders, the MAR…"
          placeholder="e.g. wristband printer blank"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setOpen(null);
          }}
          maxLength={200}
        />
        {open ? (
          <ArticleReader number={open} onBack={() => setOpen(null)} staff={false} />
        ) : q.length >= 3 && results.data ? (
          results.data.items.length ? (
            <ArticleList items={results.data.items.slice(0, 5)} onOpen={setOpen} />
          ) : (
            <Text size="sm" c="dimmed">
              No article matches. Ask for help below.
            </Text>
          )
        ) : null}
        {open ? (
          <Text size="sm" c="dimmed">
            Still stuck? Ask for help below.{' '}
            <Button variant="subtle" size="compact-sm" onClick={() => setOpen(null)}>
              Back to results
            </Button>
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
