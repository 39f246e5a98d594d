// The intake for a unit super-user during one of their go-live shifts, reached from the portal: the same form as the
// ATE staff's (IntakeForm.tsx) with only what the server gives them (GET /api/v1/golive/my-intake): their go-live(s)
// now and their own unit. They send issues to the command center; resolving on the spot is for support staff.
import { Alert, Button, Container, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { currentKnownIssuesQuery, type MyIntake, myIntakeQuery } from '../../api/golive.ts';
import { Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { hourOf } from './goLiveWords.ts';
import { IntakeForm, type IntakeZone } from './IntakeForm.tsx';

export function PortalIntakePage() {
  useDocumentTitle('Log a go-live issue — Clinidesk');
  const mine = useQuery(myIntakeQuery);
  return (
    <Container size="xs" px={0}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          <Link to="/portal">Get help</Link> › Go-live
        </Text>
        <Title order={1} size="h3">
          Log a go-live issue
        </Title>
        {mine.isPending ? (
          <Loading label="Looking for your go-live shift…" />
        ) : mine.isError ? (
          <LoadError what="your go-live shift" error={mine.error} retry={() => void mine.refetch()} />
        ) : mine.data.goLives.length === 0 ? (
          <NoShift />
        ) : (
          <OnShift goLives={mine.data.goLives} />
        )}
      </Stack>
    </Container>
  );
}

function NoShift() {
  return (
    <Empty title="You have no go-live shift now">
      You can log go-live issues here during your go-live shifts (from 30 minutes before one starts). Until then, ask
      for help in the portal or call the command center.
    </Empty>
  );
}

function OnShift({ goLives }: { goLives: MyIntake['goLives'] }) {
  const [chosenId, setChosenId] = useState(goLives[0]!.id);
  const known = useQuery(currentKnownIssuesQuery);
  const goLive = goLives.find((g) => g.id === chosenId) ?? goLives[0]!;
  const zones: IntakeZone[] = [...new Set(goLive.units.map((u) => u.zone))].map((zone) => ({
    id: zone,
    name: zone,
    units: goLive.units.filter((u) => u.zone === zone),
  }));
  return (
    <Stack gap="sm">
      {goLives.length > 1 && (
        <NativeSelect
          size="lg"
          label="Go-live"
          value={goLive.id}
          onChange={(e) => setChosenId(e.currentTarget.value)}
          data={goLives.map((g) => ({ value: g.id, label: g.name }))}
        />
      )}
      <Text size="sm">
        <strong>{goLive.name}</strong> · your shift {goLive.shift.zone ? `in ${goLive.shift.zone} ` : ''}until{' '}
        {hourOf(goLive.shift.endsAt, goLive.timeZone)}
      </Text>
      {zones.length === 0 ? (
        <Alert color="orange" variant="light" title="Your unit is not part of this go-live">
          Issues can be logged here only for a unit in one of the go-live’s zones. Ask your go-live lead to add your
          unit to a zone, or call the command center.
        </Alert>
      ) : (
        <IntakeForm
          key={goLive.id}
          eventId={goLive.id}
          zones={zones}
          knownIssues={(known.data ?? []).filter((k) => k.eventId === goLive.id)}
          mayResolve={false}
          afterLink={
            <Button size="lg" variant="default" fullWidth component={Link} to="/portal">
              Back to Get help
            </Button>
          }
        />
      )}
    </Stack>
  );
}
