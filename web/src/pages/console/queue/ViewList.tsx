// The built-in views down the side of the console, each with its live count of open tickets.
import { Badge, Group, NavLink, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { viewCountsQuery } from '../../../api/tickets.ts';
import { useLiveStatus } from '../../../app/liveUpdates.ts';
import { problemText } from '../../../components/QueryStates.tsx';
import { type ConsoleSearch, DEFAULT_VIEW } from './consoleSearch.ts';
import { EXACT, NAV_STYLES } from './navLinks.ts';
import { useCurrentSavedView } from './SavedViewList.tsx';

export function ViewList({ search }: { search: ConsoleSearch }) {
  const views = useQuery(viewCountsQuery);
  // When the console shows one of the person's saved views, that view (listed below) is the current page.
  const selected = useCurrentSavedView(search) ? undefined : (search.view ?? DEFAULT_VIEW);

  return (
    <Stack component="nav" aria-label="Queues" gap={4}>
      <Group justify="space-between" px="sm" pb={4}>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
          Queues
        </Text>
        <LiveIndicator />
      </Group>
      {views.isPending && [1, 2, 3, 4].map((n) => <Skeleton key={n} h={36} radius="sm" />)}
      {views.isError && (
        <Text size="sm" c="red.9" px="sm" role="alert">
          Counts unavailable: {problemText(views.error)}
        </Text>
      )}
      {views.data?.map((view) => (
        <NavLink
          key={view.id}
          renderRoot={(props) => <Link {...props} to="/console" search={{ view: view.id }} activeOptions={EXACT} />}
          label={view.name}
          active={selected === view.id}
          aria-current={selected === view.id ? 'page' : undefined}
          variant="light"
          styles={NAV_STYLES}
          rightSection={
            <Badge size="sm" variant={selected === view.id ? 'filled' : 'default'} radius="sm">
              {view.count}
            </Badge>
          }
        />
      ))}
      <NavLink
        renderRoot={(props) => <Link {...props} to="/console" search={{ view: 'everything' }} activeOptions={EXACT} />}
        label="All tickets"
        description="Including resolved and closed"
        active={selected === 'everything'}
        aria-current={selected === 'everything' ? 'page' : undefined}
        variant="light"
        styles={NAV_STYLES}
      />
    </Stack>
  );
}

function LiveIndicator() {
  const status = useLiveStatus();
  const label = status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Offline';
  const color = status === 'live' ? 'green.9' : status === 'connecting' ? 'yellow.9' : 'red.9';
  return (
    <Group gap={4} wrap="nowrap" title="Live updates: new and changed tickets appear without reloading">
      <svg width="8" height="8" aria-hidden="true">
        <circle cx="4" cy="4" r="4" fill={`var(--mantine-color-${color.replace('.', '-')})`} />
      </svg>
      <Text size="xs" c="gray.8" fw={600}>
        {label}
      </Text>
    </Group>
  );
}
