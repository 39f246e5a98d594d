// Knowledge: search how-to articles; staff also write, review and see gaps. One page, the article open in place.
import { Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { can } from '../../../../src/platform/auth/roles.ts';
import { useSession } from '../../app/session.ts';
import { ArticleEditor } from './ArticleEditor.tsx';
import { ArticleReader } from './ArticleReader.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';
import { SearchPanel } from './SearchPanel.tsx';

type View = { kind: 'list' } | { kind: 'read'; number: string } | { kind: 'edit'; number: string | null };

export function KnowledgePage() {
  useDocumentTitle('Knowledge — Clinidesk');
  const session = useSession();
  const role = session?.user.role ?? 'requester';
  const writer = can(role, 'knowledge:write');
  const publisher = can(role, 'knowledge:publish');
  const [tab, setTab] = useState<string>('search');
  // A link such as /knowledge#KB-00012 (from agent assist) opens that article.
  const [view, setView] = useState<View>(() => {
    const hash = window.location.hash.slice(1);
    return /^KB-\d+$/i.test(hash) ? { kind: 'read', number: hash } : { kind: 'list' };
  });
  // The open article is kept in the address (#KB-00012), so a reload or a shared link opens it again.
  const open = (number: string) => {
    window.history.replaceState(null, '', `#${number}`);
    setView({ kind: 'read', number });
  };
  const back = () => {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    setView({ kind: 'list' });
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Knowledge
          </Title>
          <Text c="dimmed">How-to articles, troubleshooting scripts, known issues and downtime procedures.</Text>
        </div>
        {writer ? <Button onClick={() => setView({ kind: 'edit', number: null })}>Write an article</Button> : null}
      </Group>
      {view.kind === 'read' ? (
        <ArticleReader
          number={view.number}
          onBack={back}
          onEdit={(number) => setView({ kind: 'edit', number })}
          onOpen={open}
          staff={writer}
        />
      ) : view.kind === 'edit' ? (
        <Stack gap="sm">
          <Button variant="subtle" onClick={back} w="fit-content">
            ← Back to articles
          </Button>
          <ArticleEditor number={view.number} onDone={open} />
        </Stack>
      ) : (
        <Tabs value={tab} onChange={(t) => setTab(t ?? 'search')} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="search">Search</Tabs.Tab>
            {publisher ? <Tabs.Tab value="review">Review, gaps & deflection</Tabs.Tab> : null}
          </Tabs.List>
          <Tabs.Panel value="search" pt="md">
            <SearchPanel onOpen={open} staff={writer} />
          </Tabs.Panel>
          {publisher ? (
            <Tabs.Panel value="review" pt="md">
              <ReviewPanel onOpen={open} />
            </Tabs.Panel>
          ) : null}
        </Tabs>
      )}
    </Stack>
  );
}
