// Reports: service levels and trends for managers.
import { AreaPlaceholder } from '../../components/AreaPlaceholder.tsx';

export function ReportsPage() {
  return (
    <AreaPlaceholder
      title="Reports"
      summary="Service levels, satisfaction and trends."
      comingTitle="Reports arrive once tickets and calls are recorded"
      comingDescription="First-contact resolution, speed of answer, SLA attainment and satisfaction will be reported here, computed from recorded tickets and calls. There is no data to report yet."
    />
  );
}
