// The agent console: calls, queues and the ticket workspace.
import { AreaPlaceholder } from '../../components/AreaPlaceholder.tsx';

export function ConsolePage() {
  return (
    <AreaPlaceholder
      title="Console"
      summary="Calls, queues and tickets for the service desk."
      comingTitle="The agent console arrives with the clinical ticket"
      comingDescription="Queues, screen pops for incoming calls and the ticket workspace will appear here once clinical tickets are part of Clinidesk. Nothing is waiting for you yet."
    />
  );
}
