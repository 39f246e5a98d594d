// The desk's phone numbers: the main line, the provider line for physicians and APPs, and one per facility. The
// portal shows each requester their facility's number where it says to call the desk.
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { DeskPhonesView } from '../../../../src/features/directory/desk-phones-schemas.ts';
import { deskPhonesKeys, deskPhonesQuery, saveDeskPhones } from '../../api/admin.ts';
import { catalogueQuery } from '../../api/directory.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { formatPhone, formatWhen } from '../../components/ticketWords.ts';
import { serverErrors } from '../../forms/schemaErrors.ts';
import { type DeskPhonesValues, deskPhonesProblems, deskPhonesRequest, deskPhonesWording } from './deskPhonesForm.ts';

type Facility = { id: string; name: string };

/** The saved numbers as the form shows them, in a common format. */
function valuesOf(saved: DeskPhonesView): DeskPhonesValues {
  return {
    main: saved.main ? formatPhone(saved.main) : '',
    providerLine: saved.providerLine ? formatPhone(saved.providerLine) : '',
    facilities: Object.fromEntries(saved.facilities.map((f) => [f.facilityId, formatPhone(f.phone)])),
  };
}

export function DeskPhonesTab() {
  const saved = useQuery(deskPhonesQuery);
  const catalogue = useQuery(catalogueQuery);
  if (saved.isError) return <LoadError what="the desk's phone numbers" error={saved.error} />;
  if (catalogue.isError) return <LoadError what="the facilities" error={catalogue.error} />;
  if (!saved.data || !catalogue.data) return <Loading label="Loading…" />;
  return <DeskPhonesForm saved={saved.data} facilities={catalogue.data.facilities} />;
}

function DeskPhonesForm({ saved, facilities }: { saved: DeskPhonesView; facilities: Facility[] }) {
  const queryClient = useQueryClient();
  const form = useForm<DeskPhonesValues>({
    initialValues: valuesOf(saved),
    validate: (values) => deskPhonesProblems(values, facilities),
  });
  // Once saved, the numbers show as the server keeps them (in a common format).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the saved numbers change, not the form
  useEffect(() => form.setValues(valuesOf(saved)), [saved]);
  const save = useMutation({
    mutationFn: (values: DeskPhonesValues) => saveDeskPhones(deskPhonesRequest(values, facilities)),
    onSuccess: (view) => {
      queryClient.setQueryData(deskPhonesKeys.all, view);
      void queryClient.invalidateQueries({ queryKey: deskPhonesKeys.mine });
    },
    // The server's field errors name a facility by its position in the list sent: shown under that facility.
    onError: (error, values) => form.setErrors(serverErrors(error, deskPhonesWording(values, facilities))),
  });
  const submit = form.onSubmit((values) => save.mutate(values));

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      maw={720}
      component="form"
      onSubmit={submit}
      noValidate
      aria-label="Desk phone numbers"
    >
      <Stack gap="md">
        <Text size="sm">
          The portal shows these where it tells people to call the desk: each requester sees their facility's number (or
          the main line when their facility has none); physicians and APPs also see the provider line.
        </Text>
        <TextInput
          label="Main desk number"
          description="Used for facilities without a number of their own"
          {...form.getInputProps('main')}
          type="tel"
        />
        <TextInput
          label="Provider line"
          description="The priority line for physicians and APPs"
          {...form.getInputProps('providerLine')}
          type="tel"
        />
        <Title order={2} size="h5">
          Each facility's desk number
        </Title>
        {facilities.map((f) => (
          <TextInput
            key={f.id}
            label={f.name}
            {...form.getInputProps(`facilities.${f.id}`)}
            value={form.values.facilities[f.id] ?? ''}
            type="tel"
          />
        ))}
        <ActionError error={save.error} title="The numbers were not saved" />
        {save.isSuccess && (
          <Alert color="green" variant="light" role="status">
            Saved. The portal shows the new numbers.
          </Alert>
        )}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {saved.updatedAt ? `Last saved ${formatWhen(saved.updatedAt)}.` : 'Never saved.'} Any common format: (312)
            555-0100, +44 20 7946 0000, or an extension.
          </Text>
          <Button type="submit" loading={save.isPending}>
            Save numbers
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
