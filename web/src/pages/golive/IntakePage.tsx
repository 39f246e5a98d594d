// The at-the-elbow intake in the console, for support staff (golive:read and tickets:create): the form
// (IntakeForm.tsx) with every unit of the go-live's zones and the go-live's known issues.
import { Button } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type GoLiveEvent, knownIssuesQuery } from '../../api/golive.ts';
import { useAbilities } from '../../app/useAbilities.ts';
import { Empty } from '../../components/QueryStates.tsx';
import { GoLiveFrame } from './GoLiveFrame.tsx';
import { IntakeForm } from './IntakeForm.tsx';

export function IntakePage() {
  const may = useAbilities();
  return (
    <GoLiveFrame title="Log a go-live issue" compact>
      {(event) =>
        may.logGoLiveIssues ? (
          <Intake event={event} />
        ) : (
          <Empty title="Logging issues is for support staff">Ask the command center to log it for you.</Empty>
        )
      }
    </GoLiveFrame>
  );
}

function Intake({ event }: { event: GoLiveEvent }) {
  const known = useQuery(knownIssuesQuery(event.id));
  return (
    <IntakeForm
      eventId={event.id}
      zones={event.zones}
      knownIssues={known.data ?? []}
      mayResolve
      afterLink={
        <Button size="lg" variant="default" fullWidth component={Link} to="/console/golive">
          Go to the board
        </Button>
      }
    />
  );
}
