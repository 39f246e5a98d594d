// A go-live's own fields: name, facilities going live, start and end on the go-live's clock, and the command
// center's hours (round the clock for the first days, then daily hours). Checked by the server's own schema before
// sending, in words for a nurse-manager; the server's field messages show under the fields.
import {
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { eventBody } from '../../../../src/features/golive/schemas.ts';
import { ApiProblem } from '../../api/client.ts';
import {
  createGoLive,
  type GoLiveEvent,
  goLiveEventQuery,
  goLiveFacilitiesQuery,
  goLiveKeys,
  updateGoLive,
} from '../../api/golive.ts';
import { ActionError } from '../../components/QueryStates.tsx';
import { type FormErrors, serverErrors, type Wording, zodResolver } from '../../forms/schemaErrors.ts';
import { browserZone, hourLabel, instantOf, localOf, TIME_ZONES } from './goLiveClock.ts';
import { useVersioned } from './useVersioned.ts';

type Values = {
  name: string;
  facilityIds: string[];
  timeZone: string;
  startsAt: string;
  endsAt: string;
  roundTheClockDays: number | string;
  scaledOpenHour: string;
  scaledCloseHour: string;
  phoneLines: string[];
};

const WORDING: Wording = {
  labels: {
    name: 'Name',
    facilityIds: 'Facilities going live',
    startsAt: 'Start',
    endsAt: 'End',
    roundTheClockDays: 'Days open around the clock',
    timeZone: 'Time zone',
    phoneLines: 'Go-live phone lines',
  },
  required: {
    name: 'Give the go-live a name, such as “Lakeshore EHR go-live”.',
    startsAt: 'Say when the go-live starts.',
    endsAt: 'Say when go-live support ends.',
    roundTheClockDays: 'Say how many days the command center is open around the clock (0 for none).',
  },
};

type Props = {
  event?: GoLiveEvent;
  /** The page's last save went through (the form is rebuilt on the saved version, so the page remembers it). */
  saved?: boolean;
  onSaved: (saved: GoLiveEvent) => void;
  /** Someone else saved the go-live after it was read: the page reloads it. */
  onStale: () => void;
};

export function EventForm({ event, saved, onSaved, onStale }: Props) {
  const queryClient = useQueryClient();
  const facilities = useQuery(goLiveFacilitiesQuery);
  const zoneOf = (v: Values) =>
    v.timeZone || facilities.data?.items.find((f) => f.id === v.facilityIds[0])?.timeZone || browserZone();
  const toBody = (v: Values) => {
    const zone = zoneOf(v);
    return {
      name: v.name.trim(),
      facilityIds: v.facilityIds,
      ...(v.timeZone ? { timeZone: v.timeZone } : {}),
      startsAt: instantOf(v.startsAt, zone),
      endsAt: instantOf(v.endsAt, zone),
      roundTheClockDays: v.roundTheClockDays === '' ? undefined : Number(v.roundTheClockDays),
      scaledOpenHour: Number(v.scaledOpenHour),
      scaledCloseHour: Number(v.scaledCloseHour),
      phoneLines: v.phoneLines,
    };
  };
  const schemaCheck = zodResolver<Values>(eventBody, toBody, WORDING);
  const form = useForm<Values>({
    initialValues: event ? valuesOf(event) : EMPTY,
    validate: (v) => ({ ...schemaCheck(v), ...plainChecks(v) }),
  });
  const versioned = useVersioned(form, event, valuesOf);
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = toBody(v) as Parameters<typeof createGoLive>[0];
      return event ? updateGoLive(event.id, { ...body, version: versioned.base }) : createGoLive(body);
    },
    onSuccess: (result) => {
      if (event) versioned.load(result);
      void queryClient.invalidateQueries({ queryKey: goLiveKeys.all });
      onSaved(result);
    },
    onError: async (error) => {
      if (event && isStale(error)) {
        // Someone else saved in between: load their version into the form, and the page says so.
        versioned.load(await queryClient.fetchQuery({ ...goLiveEventQuery(event.id), staleTime: 0 }));
        return onStale();
      }
      form.setErrors(serverErrors(error, WORDING));
    },
  });
  const otherProblem = Object.keys(serverErrors(save.error, WORDING)).length === 0 ? save.error : null;
  const zone = zoneOf(form.values);
  const days = Number(form.values.roundTheClockDays) || 0;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="golive-event-title">
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="golive-event-title">
            The go-live
          </Title>
          <TextInput label="Name" required maxLength={200} {...form.getInputProps('name')} />
          <MultiSelect
            label="Facilities going live"
            required
            searchable
            placeholder={form.values.facilityIds.length === 0 ? 'Pick one or more facilities' : undefined}
            data={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))}
            {...form.getInputProps('facilityIds')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              type="datetime-local"
              label="Starts"
              description={`On the go-live’s clock (${zone})`}
              required
              {...form.getInputProps('startsAt')}
            />
            <TextInput
              type="datetime-local"
              label="Ends"
              description="When go-live support ends"
              required
              {...form.getInputProps('endsAt')}
            />
          </SimpleGrid>
          <Title order={3} size="h5" mt="xs">
            Command center hours
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <NumberInput
              label="Days open around the clock"
              description="From the first day"
              min={0}
              max={60}
              allowDecimal={false}
              {...form.getInputProps('roundTheClockDays')}
            />
            <NativeSelect
              label="Then opens at"
              data={Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: hourLabel(h) }))}
              {...form.getInputProps('scaledOpenHour')}
            />
            <NativeSelect
              label="And closes at"
              data={Array.from({ length: 24 }, (_, h) => ({ value: String(h + 1), label: hourLabel(h + 1) }))}
              {...form.getInputProps('scaledCloseHour')}
            />
            <Select
              label="Time zone"
              description={event ? undefined : 'Empty: the first facility’s'}
              searchable
              clearable={!event}
              data={TIME_ZONES}
              value={form.values.timeZone || null}
              onChange={(v) => form.setFieldValue('timeZone', v ?? '')}
              error={form.errors.timeZone}
            />
          </SimpleGrid>
          <TagsInput
            label="Go-live phone lines"
            description="The lines the phone system names for this go-live's calls (press Enter after each). While the go-live runs, a call to one of them is answered by the caller's role and the application chosen in the phone menu."
            placeholder="For example golive-support"
            clearable
            {...form.getInputProps('phoneLines')}
          />
          <Text size="sm" c="dimmed" role="note">
            {days > 0
              ? `Open 24 hours for the first ${days} day${days === 1 ? '' : 's'}, then daily from ${hourLabel(Number(form.values.scaledOpenHour))} to ${hourLabel(Number(form.values.scaledCloseHour))}.`
              : `Open daily from ${hourLabel(Number(form.values.scaledOpenHour))} to ${hourLabel(Number(form.values.scaledCloseHour))}.`}
          </Text>
          <ActionError error={otherProblem} title="Not saved" />
          <Group justify="flex-end" gap="sm">
            {saved && !form.isDirty() && (
              <Text size="sm" fw={600} role="status">
                Saved.
              </Text>
            )}
            <Button type="submit" loading={save.isPending}>
              {event ? 'Save the go-live' : 'Create the go-live'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

const EMPTY: Values = {
  name: '',
  facilityIds: [],
  timeZone: '',
  startsAt: '',
  endsAt: '',
  roundTheClockDays: 14,
  scaledOpenHour: '7',
  scaledCloseHour: '23',
  phoneLines: [],
};

function valuesOf(event: GoLiveEvent): Values {
  return {
    name: event.name,
    facilityIds: event.facilities.map((f) => f.id),
    timeZone: event.timeZone,
    startsAt: localOf(event.startsAt, event.timeZone),
    endsAt: localOf(event.endsAt, event.timeZone),
    roundTheClockDays: event.roundTheClockDays,
    scaledOpenHour: String(event.scaledOpenHour),
    scaledCloseHour: String(event.scaledCloseHour),
    phoneLines: event.phoneLines,
  };
}

/** The server refused a save based on an older version. */
export function isStale(error: unknown): boolean {
  return (
    error instanceof ApiProblem && error.status === 409 && error.fieldErrors.some((f) => f.field === 'body.version')
  );
}

/** What the schema alone cannot say: the order of dates and hours, and at least one facility. */
function plainChecks(v: Values): FormErrors {
  const errors: FormErrors = {};
  if (v.facilityIds.length === 0) errors.facilityIds = 'Pick at least one facility going live.';
  if (v.startsAt && v.endsAt && v.endsAt <= v.startsAt) errors.endsAt = 'The go-live must end after it starts.';
  if (Number(v.scaledCloseHour) <= Number(v.scaledOpenHour))
    errors.scaledCloseHour = 'The command center must close after it opens (for example 07:00 to 23:00).';
  return errors;
}
