// The agent console: queues on the left, the selected queue with search and filters, keyboard-first.
import { Box, Button, Flex, Group, Kbd, Pagination, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { ticketListQuery } from '../../api/tickets.ts';
import { useSession } from '../../app/session.ts';
import { useAbilities } from '../../app/useAbilities.ts';
import { plural } from '../../components/plural.ts';
import { Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { useShortcuts } from '../../components/useShortcuts.ts';
import { NewTicketDrawer } from './intake/NewTicketDrawer.tsx';
import { PhoneBar } from './phone/PhoneBar.tsx';
import { type ConsoleSearch, hasFilters, PAGE_SIZE, toListParams } from './queue/consoleSearch.ts';
import { QueueFilters } from './queue/QueueFilters.tsx';
import { QueueTable } from './queue/QueueTable.tsx';
import { SavedViewList } from './queue/SavedViewList.tsx';
import { SaveViewButton } from './queue/SaveViewButton.tsx';
import { useAssignToMe } from './queue/useAssignToMe.ts';
import { VendorQueue } from './queue/VendorQueue.tsx';
import { ViewList } from './queue/ViewList.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';

const route = getRouteApi('/signed-in/console');

export function ConsolePage() {
  useDocumentTitle('Console — Clinidesk');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const params = toListParams(search);
  const list = useQuery(ticketListQuery(params));
  const tickets = list.data?.items ?? [];
  const [selected, setSelected] = useState(0);
  const [helpOpen, help] = useDisclosure(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const assign = useAssignToMe();
  // Only what the viewer may do: a vendor engineer opens no tickets and takes none (they work what is handed to them).
  const may = useAbilities();
  const isVendor = useSession()?.user.role === 'vendor';

  const update = (patch: Partial<ConsoleSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, page: 'page' in patch ? patch.page : undefined }) });
  const setNewTicket = (open: boolean) =>
    void navigate({ search: (prev) => ({ ...prev, newTicket: open || undefined }) });

  useEffect(() => setSelected((index) => Math.min(index, Math.max(tickets.length - 1, 0))), [tickets.length]);

  const current = tickets[selected];
  const focusRow = (index: number) => {
    const next = Math.min(Math.max(index, 0), tickets.length - 1);
    setSelected(next);
    const number = tickets[next]?.number;
    if (number) document.querySelector<HTMLElement>(`[data-ticket-link="${number}"]`)?.focus();
  };
  const openAction = (action: 'resolve' | 'escalate' | 'comment') => {
    if (current)
      void navigate({ to: '/console/tickets/$number', params: { number: current.number }, search: { action } });
  };

  const openSelected = () => {
    if (current) void navigate({ to: '/console/tickets/$number', params: { number: current.number } });
  };

  useShortcuts({
    '/': () => searchRef.current?.focus(),
    j: () => focusRow(selected + 1),
    k: () => focusRow(selected - 1),
    Enter: openSelected,
    n: () => may.openTicketsForOthers && setNewTicket(true),
    a: () => may.assignToSelf && current && assign.mutate(current.number),
    r: () => openAction('resolve'),
    e: () => openAction('escalate'),
    c: () => openAction('comment'),
    '?': help.open,
  });

  const total = list.data?.total ?? 0;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Console
          </Title>
          <Text c="dimmed" size="sm">
            Queues update live. Press <Kbd size="xs">?</Kbd> for keyboard shortcuts.
          </Text>
        </div>
        <Group gap="sm">
          <PhoneBar />
          <Button variant="default" onClick={help.open}>
            Shortcuts
          </Button>
          {may.readIncidents && (
            <Button component={Link} to="/console/incidents" variant="default">
              Major incidents
            </Button>
          )}
          {may.readGoLive && (
            <Button component={Link} to="/console/golive" variant="default">
              Go-live
            </Button>
          )}
          {may.openTicketsForOthers && (
            <Button onClick={() => setNewTicket(true)} aria-keyshortcuts="n">
              New ticket
            </Button>
          )}
        </Group>
      </Group>
      {isVendor && <VendorQueue />}
      <Flex gap="md" align="flex-start" direction={{ base: 'column', md: 'row' }}>
        <Paper withBorder radius="md" p="xs" w={{ base: '100%', md: 184 }} style={{ flexShrink: 0 }}>
          <ViewList search={search} />
          <SavedViewList search={search} />
        </Paper>
        <Stack gap="sm" style={{ flex: 1, minWidth: 0 }} w="100%">
          <QueueFilters
            search={search}
            onChange={update}
            searchRef={searchRef}
            actions={<SaveViewButton search={search} />}
          />
          <Box role="status" aria-live="polite" aria-atomic="true">
            <Text size="sm" c={assign.isError ? 'red.9' : 'dimmed'}>
              {assign.message ??
                (list.data ? `${plural(total, 'ticket')}${list.data.totalCapped ? ' or more' : ''}` : '')}
            </Text>
          </Box>
          <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
            {list.isPending && <Loading label="Loading tickets…" />}
            {list.isError && <LoadError what="the queue" error={list.error} retry={() => void list.refetch()} />}
            {list.data && tickets.length === 0 && (
              <Empty title={hasFilters(search) ? 'No tickets match these filters' : 'Nothing waiting in this queue'}>
                {hasFilters(search) ? 'Try fewer filters or other words.' : 'New tickets appear here as they arrive.'}
              </Empty>
            )}
            {tickets.length > 0 && (
              <QueueTable
                tickets={tickets}
                selected={selected}
                onSelect={setSelected}
                sort={params.sort ?? 'priority'}
                onSort={(sort) => update({ sort })}
              />
            )}
          </Paper>
          {total > PAGE_SIZE && (
            <Pagination
              total={Math.ceil(total / PAGE_SIZE)}
              value={search.page ?? 1}
              onChange={(page) => update({ page })}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            />
          )}
        </Stack>
      </Flex>
      {may.openTicketsForOthers && (
        <NewTicketDrawer opened={search.newTicket ?? false} onClose={() => setNewTicket(false)} />
      )}
      <ShortcutHelp opened={helpOpen} onClose={help.close} />
    </Stack>
  );
}
