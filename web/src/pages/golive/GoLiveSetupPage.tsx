// Setting up a go-live (managers and administrators: golive:manage): its name, the facilities going live, start and
// end, the command center's hours (round the clock for the first days, then daily hours, on the go-live's clock),
// and its zones (ZonesEditor.tsx). Every save carries the version read: when someone else saved in between, the
// page says so in plain words and loads their version (docs/golive.md).
import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useRouterState, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { goLiveEventQuery, goLiveKeys } from '../../api/golive.ts';
import { useAbilities } from '../../app/useAbilities.ts';
import { Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { EventForm } from './EventForm.tsx';
import { ZonesEditor } from './ZonesEditor.tsx';

export function GoLiveSetupPage() {
  const may = useAbilities();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const { event } = useSearch({ strict: false }) as { event?: string };
  const creating = pathname === '/console/golive/new';
  useDocumentTitle(`${creating ? 'New go-live' : 'Edit go-live'} — Go-live — Clinidesk`);
  if (!may.manageGoLive)
    return (
      <Empty title="Setting up a go-live is for managers">
        Ask a service desk manager or an administrator to create or change a go-live.
      </Empty>
    );
  return (
    <Stack gap="md" maw={960}>
      <Text size="sm" c="dimmed">
        <Link to="/console">Console</Link> ›{' '}
        <Link to="/console/golive" search={{ event }}>
          Go-live
        </Link>
      </Text>
      {creating || !event ? <NewGoLive /> : <EditGoLive id={event} />}
    </Stack>
  );
}

function NewGoLive() {
  const navigate = useNavigate();
  return (
    <>
      <Title order={1} size="h2">
        New go-live
      </Title>
      <Text c="dimmed" size="sm">
        Name the go-live, the facilities going live and its dates. Once it is saved, add its zones.
      </Text>
      <EventForm
        onSaved={(saved) => void navigate({ to: '/console/golive/edit', search: { event: saved.id } })}
        onStale={() => undefined}
      />
    </>
  );
}

function EditGoLive({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const event = useQuery(goLiveEventQuery(id));
  const [stale, setStale] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (event.isPending) return <Loading label="Loading the go-live…" />;
  if (event.isError) return <LoadError what="the go-live" error={event.error} retry={() => void event.refetch()} />;
  const e = event.data;
  const reload = (what: string) => {
    setSaved(false);
    setStale(
      `Someone else changed ${what} while you were editing it. Their changes are loaded below: ` +
        'check them, then make your change again.',
    );
    void queryClient.invalidateQueries({ queryKey: goLiveKeys.all });
  };
  return (
    <>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          Edit go-live: {e.name}
        </Title>
        <Anchor renderRoot={(props) => <Link {...props} to="/console/golive" search={{ event: e.id }} />}>
          Back to the board
        </Anchor>
      </Group>
      {stale && (
        <Alert
          color="orange"
          variant="light"
          role="alert"
          title="Changed by someone else"
          withCloseButton
          onClose={() => setStale(null)}
        >
          {stale}
        </Alert>
      )}
      <EventForm
        event={e}
        saved={saved}
        onSaved={() => {
          setStale(null);
          setSaved(true);
        }}
        onStale={() => reload('this go-live')}
      />
      <ZonesEditor event={e} onStale={(zone: string) => reload(`the zone ${zone}`)} onSaved={() => setStale(null)} />
      <Button
        variant="default"
        w="fit-content"
        renderRoot={(props) => <Link {...props} to="/console/golive" search={{ event: e.id }} />}
      >
        Done
      </Button>
    </>
  );
}
