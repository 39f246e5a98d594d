// SLA policies (targets per priority, the calendar they run on, when they apply) and service calendars (weekly
// hours, holidays and closures, imported from CSV or iCalendar). Checked with the same rules the server applies.
import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { slaCalendarsQuery, slaPoliciesQuery } from '../../../api/sla.ts';
import { LoadError, Loading } from '../../../components/QueryStates.tsx';
import { CalendarEditor } from './CalendarEditor.tsx';
import { NewCalendar } from './NewCalendar.tsx';
import { NewPolicy } from './NewPolicy.tsx';
import { PolicyEditor } from './PolicyEditor.tsx';

export function SlaTab() {
  const policies = useQuery(slaPoliciesQuery);
  const calendars = useQuery(slaCalendarsQuery);
  if (policies.isError) return <LoadError what="SLA policies" error={policies.error} />;
  if (calendars.isError) return <LoadError what="SLA calendars" error={calendars.error} />;
  if (!policies.data || !calendars.data) return <Loading label="Loading SLA settings…" />;
  return (
    <Stack gap="xl" maw={980}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Policies
        </Title>
        <Text size="sm">
          Tried in order; the first active policy whose conditions all hold applies. Changing a policy recomputes the
          due times of every open ticket within seconds.
        </Text>
        {policies.data.map((p) => (
          <PolicyEditor key={`${p.id}:${p.version}`} policy={p} policies={policies.data} calendars={calendars.data} />
        ))}
        <NewPolicy calendars={calendars.data} />
      </Stack>
      <Stack gap="sm">
        <Title order={2} size="h4">
          Calendars
        </Title>
        {calendars.data.map((c) => (
          <CalendarEditor key={`${c.id}:${c.version}`} calendar={c} />
        ))}
        <NewCalendar />
      </Stack>
    </Stack>
  );
}
