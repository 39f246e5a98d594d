// The clinicians' portal: ask IT for help and follow a request.
import { AreaPlaceholder } from '../../components/AreaPlaceholder.tsx';

export function PortalPage() {
  return (
    <AreaPlaceholder
      title="Get help"
      summary="Ask the IT service desk for help and follow your requests."
      comingTitle="Requesting help arrives with the clinical ticket"
      comingDescription="Soon you will be able to report a problem here and see its progress until it is resolved. Until then, please contact the service desk by phone."
    />
  );
}
