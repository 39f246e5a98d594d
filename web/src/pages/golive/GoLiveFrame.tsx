// The frame of every go-live page: which go-live (the one running now unless another is picked, kept in the address
// as ?event=), its command center's hours today, and the links between the board, roster, intake, roll-up and huddle.
// Shown only to those the server lets read the go-live (golive:read); anyone else gets a plain explanation.
import { Badge, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useRouterState, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { type GoLiveEvent, goLiveEventQuery, goLiveEventsQuery } from '../../api/golive.ts';
import { useAbilities } from '../../app/useAbilities.ts';
import { Empty, LoadError, Loading } from '../../components/QueryStates.tsx';

export type GoLivePath =
  | '/console/golive'
  | '/console/golive/roster'
  | '/console/golive/intake'
  | '/console/golive/rollup'
  | '/console/golive/huddle';

const PAGES: { to: GoLivePath; label: string; show: (may: ReturnType<typeof useAbilities>) => boolean }[] = [
  { to: '/console/golive', label: 'Board', show: () => true },
  { to: '/console/golive/roster', label: 'Roster', show: () => true },
  { to: '/console/golive/intake', label: 'Log an issue', show: (may) => may.logGoLiveIssues },
  { to: '/console/golive/rollup', label: 'Hourly roll-up', show: () => true },
  { to: '/console/golive/huddle', label: 'Huddle report', show: () => true },
];

type Props = {
  title: string;
  intro?: string;
  /** The phone intake: a smaller header, no links across the top. */
  compact?: boolean;
  children: (event: GoLiveEvent) => ReactNode;
};

export function GoLiveFrame({ title, intro, compact, children }: Props) {
  useDocumentTitle(`${title} — Go-live — Clinidesk`);
  const may = useAbilities();
  if (!may.readGoLive)
    return (
      <Empty title="The go-live command center is for support staff">
        Your account does not include the go-live board. If you are helping with a go-live, ask your go-live lead.
      </Empty>
    );
  return (
    <EventPicker title={title} intro={intro} compact={compact}>
      {children}
    </EventPicker>
  );
}

function EventPicker({ title, intro, compact, children }: Props) {
  const may = useAbilities();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname }) as GoLivePath;
  const search = useSearch({ strict: false }) as { event?: string };
  const events = useQuery(goLiveEventsQuery);
  const list = events.data ?? [];
  // Newest first: the one running now, else the newest.
  const running = list.find((e) => e.hoursToday !== 'Ended' && e.hoursToday !== 'Not started');
  const chosen = list.find((e) => e.id === search.event) ?? running ?? list[0];
  const event = useQuery({ ...goLiveEventQuery(chosen?.id ?? ''), enabled: Boolean(chosen) });

  if (events.isPending) return <Loading label="Loading the go-live…" />;
  if (events.isError) return <LoadError what="the go-lives" error={events.error} retry={() => void events.refetch()} />;
  if (!chosen)
    return (
      <Stack gap="sm" align="center">
        <Empty title="No go-live yet">
          When a go-live is set up (its dates, zones and roster), its command center appears here.
        </Empty>
        {may.manageGoLive && (
          <Button renderRoot={(props) => <Link {...props} to="/console/golive/new" />}>New go-live</Button>
        )}
      </Stack>
    );
  return (
    <Stack gap={compact ? 'sm' : 'md'}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          {!compact && (
            <Text size="sm" c="dimmed" className="no-print">
              <Link to="/console">Console</Link> › Go-live
            </Text>
          )}
          <Title order={1} size={compact ? 'h3' : 'h2'}>
            {title}
          </Title>
          <Group gap="xs" mt={4}>
            <Text size="sm" fw={600}>
              {chosen.name}
            </Text>
            {chosen.hoursToday === 'Ended' || chosen.hoursToday === 'Not started' ? (
              <Badge color="gray" variant="light">
                {chosen.hoursToday}
              </Badge>
            ) : (
              <>
                <Badge color="blue" variant="light">
                  Day {chosen.day + 1}
                </Badge>
                <Badge color={chosen.commandCenterOpen ? 'green' : 'gray'} variant="light">
                  Command center {chosen.commandCenterOpen ? 'open' : 'closed'} · {chosen.hoursToday}
                </Badge>
              </>
            )}
          </Group>
          {intro && !compact && (
            <Text c="dimmed" size="sm" mt={4}>
              {intro} Times are on the go-live’s clock ({chosen.timeZone}).
            </Text>
          )}
        </div>
        {list.length > 1 && !compact && (
          <Select
            className="no-print"
            label="Go-live"
            w={260}
            data={list.map((e) => ({ value: e.id, label: e.name }))}
            value={chosen.id}
            allowDeselect={false}
            onChange={(id) => id && void navigate({ to: pathname, search: { event: id } })}
          />
        )}
      </Group>
      {!compact && may.manageGoLive && (
        <Group gap="xs" className="no-print">
          <Button
            size="compact-md"
            variant="light"
            renderRoot={(props) => <Link {...props} to="/console/golive/edit" search={{ event: chosen.id }} />}
          >
            Edit this go-live
          </Button>
          <Button
            size="compact-md"
            variant="light"
            renderRoot={(props) => <Link {...props} to="/console/golive/new" />}
          >
            New go-live
          </Button>
        </Group>
      )}
      {!compact && (
        <Group gap="xs" component="nav" aria-label="Go-live pages" className="no-print">
          {PAGES.filter((p) => p.show(may)).map((p) => (
            <Button
              key={p.to}
              renderRoot={(props) => <Link {...props} to={p.to} search={{ event: search.event }} />}
              size="compact-md"
              variant={pathname === p.to ? 'filled' : 'default'}
              aria-current={pathname === p.to ? 'page' : undefined}
            >
              {p.label}
            </Button>
          ))}
        </Group>
      )}
      {event.isPending ? (
        <Loading label="Loading the go-live…" />
      ) : event.isError ? (
        <LoadError what={chosen.name} error={event.error} retry={() => void event.refetch()} />
      ) : (
        children(event.data)
      )}
    </Stack>
  );
}
