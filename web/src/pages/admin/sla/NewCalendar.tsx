// Adding a service calendar: open 24x7, or business hours that start as Monday to Friday 08:00–17:00.
import { Button, Group, Paper, Stack, Switch, Text, TextInput } from '@mantine/core';
import { calendarBody } from '../../../../../src/features/sla/schemas.ts';
import { createCalendar, slaKeys } from '../../../api/sla.ts';
import { ActionError } from '../../../components/QueryStates.tsx';
import { useAddForm } from '../useAddForm.ts';

const WEEKDAYS_8_TO_5 = [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '17:00' }));

type NewCalendarValues = { name: string; timeZone: string; alwaysOpen: boolean };

function calendarOf({ name, timeZone, alwaysOpen }: NewCalendarValues) {
  return {
    name,
    timeZone: timeZone.trim() || null,
    alwaysOpen,
    weekly: alwaysOpen ? [] : WEEKDAYS_8_TO_5,
    closures: [],
  };
}

export function NewCalendar() {
  const { form, submit, adding, otherProblem } = useAddForm({
    initialValues: { name: '', timeZone: '', alwaysOpen: false } as NewCalendarValues,
    schema: calendarBody,
    toBody: calendarOf,
    create: createCalendar,
    refresh: slaKeys.calendars,
    clearAfterAdd: ['name'],
  });
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-label="New calendar">
      <Stack gap="sm">
        <Text fw={600}>New calendar</Text>
        <Group align="flex-end">
          <TextInput label="Name" {...form.getInputProps('name')} w={260} />
          <TextInput
            label="Time zone"
            description="Empty: each ticket's facility's zone"
            {...form.getInputProps('timeZone')}
            w={240}
          />
          <Switch label="Open 24x7" {...form.getInputProps('alwaysOpen', { type: 'checkbox' })} />
        </Group>
        <ActionError error={otherProblem} title="Not created" />
        <Group>
          <Button type="submit" disabled={!form.values.name.trim()} loading={adding}>
            Add calendar
          </Button>
          <Text size="xs" c="dimmed">
            Business hours start as Monday to Friday 08:00–17:00; edit them once it is added.
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
