// One service calendar: its time zone, weekly opening hours, and holidays and closures (edited here or imported).
// Checked with the server's own calendar rules before it can be saved. A 24x7 calendar has nothing to edit.
import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { calendarProblems, type WeeklyHours } from '../../../../../src/features/sla/rules/calendar.ts';
import { type CalendarView, slaKeys, updateCalendar } from '../../../api/sla.ts';
import { ActionError } from '../../../components/QueryStates.tsx';
import { CannotBeSaved } from './CannotBeSaved.tsx';
import { ClosuresSection } from './ClosuresSection.tsx';
import { WeeklyHoursTable } from './WeeklyHoursTable.tsx';

export function CalendarEditor({ calendar }: { calendar: CalendarView }) {
  const queryClient = useQueryClient();
  const [weekly, setWeekly] = useState<WeeklyHours[]>(calendar.weekly);
  const [timeZone, setTimeZone] = useState(calendar.timeZone ?? '');
  const [closures, setClosures] = useState(calendar.closures);
  useEffect(() => setClosures(calendar.closures), [calendar.closures]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: slaKeys.calendars });
  const save = useMutation({
    mutationFn: () =>
      updateCalendar(calendar.id, { version: calendar.version, weekly, closures, timeZone: timeZone.trim() || null }),
    onSuccess: refresh,
  });
  const problems = calendarProblems({
    alwaysOpen: calendar.alwaysOpen,
    timeZone: timeZone.trim() || 'UTC',
    weekly,
    closures,
  });
  const changed =
    JSON.stringify(weekly) !== JSON.stringify(calendar.weekly) ||
    JSON.stringify(closures) !== JSON.stringify(calendar.closures) ||
    (timeZone.trim() || null) !== calendar.timeZone;

  return (
    <Paper withBorder radius="md" p="md" aria-label={`Calendar ${calendar.name}`}>
      <Stack gap="sm">
        <CalendarHeading calendar={calendar} />
        {!calendar.alwaysOpen && (
          <>
            <TextInput
              label="Time zone"
              description="IANA name such as America/Chicago; leave empty to use each ticket's facility's zone"
              value={timeZone}
              onChange={(e) => setTimeZone(e.currentTarget.value)}
              w={420}
            />
            <WeeklyHoursTable weekly={weekly} onChange={setWeekly} />
            <ClosuresSection
              calendar={calendar}
              closures={closures}
              onChange={setClosures}
              edited={changed}
              onImported={refresh}
            />
          </>
        )}
        <CannotBeSaved
          what="calendar"
          problems={problems.map((p) => ({ key: p.field + p.message, text: `${p.field}: ${p.message}` }))}
        />
        <ActionError error={save.error} title="Not saved" />
        {!calendar.alwaysOpen && (
          <Group>
            <Button onClick={() => save.mutate()} disabled={!changed || problems.length > 0} loading={save.isPending}>
              Save calendar
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function CalendarHeading({ calendar }: { calendar: CalendarView }) {
  return (
    <div>
      <Text fw={600}>{calendar.name}</Text>
      <Text size="sm" c="dimmed">
        {calendar.alwaysOpen ? 'Open 24 hours, 7 days: the clock always runs.' : 'Business hours.'}{' '}
        {calendar.usedBy.length ? `Used by: ${calendar.usedBy.join(', ')}.` : 'No policy uses it.'}
      </Text>
    </div>
  );
}
