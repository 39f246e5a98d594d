// Warns the administrator when a P1 (or a patient-care or safety ticket) could fall under a policy on a
// business-hours calendar, with the policy as being edited. Such tickets run on 24x7 anyway (the clock's rule);
// the warning keeps the settings honest about it. Same pure rule as the server's warnings.
import { Alert, Text } from '@mantine/core';
import { businessHoursWarnings } from '../../../../../src/features/sla/rules/around-the-clock.ts';
import type { CalendarView, PolicyView } from '../../../api/sla.ts';

export function PatientCareCalendarWarning({
  edited,
  policies,
  calendars,
}: {
  edited: PolicyView;
  policies: PolicyView[];
  calendars: CalendarView[];
}) {
  const withEdit = policies.map((p) => (p.id === edited.id ? edited : p));
  const warning = businessHoursWarnings(withEdit, calendars).get(edited.id);
  if (!warning) return null;
  return (
    <Alert color="orange" variant="light" title="A P1 could fall on business hours" role="status">
      <Text size="sm">{warning}</Text>
    </Alert>
  );
}
