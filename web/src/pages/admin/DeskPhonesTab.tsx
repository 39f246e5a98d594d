// The desk's phone numbers: the main line, the provider line for physicians and APPs, and one per facility. The
// portal shows each requester their facility's number where it says to call the desk.
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { deskPhonesKeys, deskPhonesQuery, saveDeskPhones } from '../../api/admin.ts';
import { catalogueQuery } from '../../api/directory.ts';
import { ActionError, fieldErrorsOf, LoadError, Loading } from '../../components/QueryStates.tsx';
import { formatPhone, formatWhen } from '../../components/ticketWords.ts';

type Draft = { main: string; providerLine: string; facilities: Record<string, string> };

export function DeskPhonesTab() {
  const saved = useQuery(deskPhonesQuery);
  const catalogue = useQuery(catalogueQuery);
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>();
  useEffect(() => {
    if (!saved.data) return;
    setDraft({
      main: saved.data.main ? formatPhone(saved.data.main) : '',
      providerLine: saved.data.providerLine ? formatPhone(saved.data.providerLine) : '',
      facilities: Object.fromEntries(saved.data.facilities.map((f) => [f.facilityId, formatPhone(f.phone)])),
    });
  }, [saved.data]);
  const save = useMutation({
    mutationFn: saveDeskPhones,
    onSuccess: (view) => {
      queryClient.setQueryData(deskPhonesKeys.all, view);
      void queryClient.invalidateQueries({ queryKey: deskPhonesKeys.mine });
    },
  });

  if (saved.isError) return <LoadError what="the desk's phone numbers" error={saved.error} />;
  if (catalogue.isError) return <LoadError what="the facilities" error={catalogue.error} />;
  if (!draft || !catalogue.data) return <Loading label="Loading…" />;
  const facilities = catalogue.data.facilities;
  // Server field errors come back by position in the list sent: map them to the facility they were about.
  const sent = facilities.filter((f) => draft.facilities[f.id]?.trim());
  const errors = fieldErrorsOf(save.error);
  const facilityError = (id: string) => {
    const index = sent.findIndex((f) => f.id === id);
    return index < 0 ? undefined : (errors[`facilities.${index}.phone`] ?? errors[`facilities.${index}.facilityId`]);
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    save.mutate({
      main: draft.main.trim() || null,
      providerLine: draft.providerLine.trim() || null,
      facilities: sent.map((f) => ({ facilityId: f.id, phone: draft.facilities[f.id]!.trim() })),
    });
  }

  return (
    <Paper withBorder radius="md" p="md" maw={720} component="form" onSubmit={submit} aria-label="Desk phone numbers">
      <Stack gap="md">
        <Text size="sm">
          The portal shows these where it tells people to call the desk: each requester sees their facility's number (or
          the main line when their facility has none); physicians and APPs also see the provider line.
        </Text>
        <TextInput
          label="Main desk number"
          description="Used for facilities without a number of their own"
          value={draft.main}
          onChange={(e) => setDraft({ ...draft, main: e.currentTarget.value })}
          error={errors.main}
          type="tel"
        />
        <TextInput
          label="Provider line"
          description="The priority line for physicians and APPs"
          value={draft.providerLine}
          onChange={(e) => setDraft({ ...draft, providerLine: e.currentTarget.value })}
          error={errors.providerLine}
          type="tel"
        />
        <Title order={2} size="h5">
          Each facility's desk number
        </Title>
        {facilities.map((f) => (
          <TextInput
            key={f.id}
            label={f.name}
            value={draft.facilities[f.id] ?? ''}
            onChange={(e) => setDraft({ ...draft, facilities: { ...draft.facilities, [f.id]: e.currentTarget.value } })}
            error={facilityError(f.id)}
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
            {saved.data?.updatedAt ? `Last saved ${formatWhen(saved.data.updatedAt)}.` : 'Never saved.'} Any common
            format: (312) 555-0100, +44 20 7946 0000, or an extension.
          </Text>
          <Button type="submit" loading={save.isPending}>
            Save numbers
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
