// Administration: accounts, roles, tokens and the audit trail.
import { AreaPlaceholder } from '../../components/AreaPlaceholder.tsx';

export function AdminPage() {
  return (
    <AreaPlaceholder
      title="Admin"
      summary="Accounts, roles, API tokens and the audit trail."
      comingTitle="Administration screens arrive with account management"
      comingDescription="Screens to manage accounts, roles, API tokens and to review the audit trail will appear here."
    />
  );
}
