// The label on a queue row a support provider holds: where the vendor's case stands, orange when the desk has
// something to do (answer the vendor, confirm a fix with the clinician).
import { Badge } from '@mantine/core';
import type { TicketSummary } from '../../../../../src/features/tickets/schemas.ts';
import { vendorCaseLabel } from './vendorCaseFilter.ts';

export function VendorCaseBadge({ ticket }: { ticket: Pick<TicketSummary, 'tier' | 'vendorState'> }) {
  const label = vendorCaseLabel(ticket);
  if (!label) return null;
  return (
    <Badge
      size="xs"
      radius="sm"
      tt="none"
      variant={label.attention ? 'filled' : 'outline'}
      color={label.attention ? '#a34a00' : 'gray.7'}
      style={{ whiteSpace: 'normal', height: 'auto' }}
    >
      {label.text}
    </Badge>
  );
}
