// A go-live's zones on its setup page: add, rename or remove a zone, pick its units (only units of the go-live's
// facilities; a unit is in at most one zone: the server's refusal shows under the field) and its zone leader.
// Each zone saves on its own, with the version read (someone else's save in between: the page reloads it).
import { Button, Group, MultiSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { zoneBody } from '../../../../src/features/golive/schemas.ts';
import {
  createZone,
  deleteZone,
  type GoLiveEvent,
  goLiveEventQuery,
  goLiveKeys,
  goLiveUnitsQuery,
  updateZone,
  type ZoneView,
} from '../../api/golive.ts';
import { ActionError } from '../../components/QueryStates.tsx';
import { serverErrors, type Wording, zodResolver } from '../../forms/schemaErrors.ts';
import { isStale } from './EventForm.tsx';
import { PersonPicker, type Picked } from './PersonPicker.tsx';
import { useVersioned } from './useVersioned.ts';

type Props = { event: GoLiveEvent; onStale: (zone: string) => void; onSaved: () => void };

const WORDING: Wording = {
  fields: { leaderPersonId: 'leader' },
  labels: { name: 'Zone name', unitIds: 'Units' },
  required: { name: 'Give the zone a name, such as “Zone A — Med-Surg”.' },
};

export function ZonesEditor({ event, onStale, onSaved }: Props) {
  const [adding, setAdding] = useState(event.zones.length === 0);
  const units = useQuery(goLiveUnitsQuery(event.facilities.map((f) => f.id)));
  const facilityName = new Map(event.facilities.map((f) => [f.id, f.name]));
  const zoneOfUnit = new Map(event.zones.flatMap((z) => z.units.map((u) => [u.id, z.name] as const)));
  // Units grouped by facility; a unit already in another zone says which.
  const unitOptions = (own?: string): UnitOptions =>
    event.facilities.map((f) => ({
      group: facilityName.get(f.id) ?? '',
      items: (units.data ?? [])
        .filter((u) => u.facilityId === f.id)
        .map((u) => {
          const zone = zoneOfUnit.get(u.id);
          return { value: u.id, label: zone && zone !== own ? `${u.name} (${zone})` : u.name };
        }),
    }));
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="golive-zones-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="golive-zones-title">
          Zones
        </Title>
        <Text size="sm" c="dimmed">
          A zone groups units of the facilities going live, with a zone leader. A unit belongs to one zone only. Issues
          are logged on the units of the zones.
        </Text>
        {event.zones.map((z) => (
          <ZoneCard
            key={z.id}
            event={event}
            zone={z}
            unitOptions={unitOptions(z.name)}
            onStale={onStale}
            onSaved={onSaved}
          />
        ))}
        {adding ? (
          <ZoneCard
            event={event}
            unitOptions={unitOptions()}
            onStale={onStale}
            onSaved={() => {
              setAdding(false);
              onSaved();
            }}
            onCancel={event.zones.length > 0 ? () => setAdding(false) : undefined}
          />
        ) : (
          <Button variant="default" w="fit-content" onClick={() => setAdding(true)}>
            Add a zone
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

type Values = { name: string; leader: Picked; unitIds: string[] };

function zoneValues(zone: ZoneView): Values {
  return {
    name: zone.name,
    leader: zone.leader ? { value: zone.leader.id, label: zone.leader.name } : null,
    unitIds: zone.units.map((u) => u.id),
  };
}
type UnitOptions = { group: string; items: { value: string; label: string }[] }[];

function ZoneCard(props: {
  event: GoLiveEvent;
  zone?: ZoneView;
  unitOptions: UnitOptions;
  onStale: (zone: string) => void;
  onSaved: () => void;
  onCancel?: (() => void) | undefined;
}) {
  const { event, zone, unitOptions, onStale, onSaved, onCancel } = props;
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const toBody = (v: Values) => ({ name: v.name.trim(), leaderPersonId: v.leader?.value ?? null, unitIds: v.unitIds });
  const form = useForm<Values>({
    initialValues: zone ? zoneValues(zone) : { name: '', leader: null, unitIds: [] },
    validate: zodResolver<Values>(zoneBody, toBody, WORDING),
  });
  const versioned = useVersioned(form, zone, zoneValues);
  const refresh = () => queryClient.invalidateQueries({ queryKey: goLiveKeys.all });
  // After a 409 the newest version of the zone is loaded into the form (someone else's changes).
  const reloadZone = async () => {
    const latest = await queryClient.fetchQuery({ ...goLiveEventQuery(event.id), staleTime: 0 });
    const now = latest.zones.find((z) => z.id === zone?.id);
    if (now) versioned.load(now);
    onStale(zone?.name ?? '');
  };
  const save = useMutation({
    mutationFn: (v: Values) =>
      zone ? updateZone(event.id, zone.id, { ...toBody(v), version: versioned.base }) : createZone(event.id, toBody(v)),
    onSuccess: (saved) => {
      if (zone) versioned.load(saved);
      void refresh();
      onSaved();
    },
    onError: (error) => (isStale(error) ? void reloadZone() : form.setErrors(serverErrors(error, WORDING))),
  });
  const remove = useMutation({
    mutationFn: () => deleteZone(event.id, zone!.id, versioned.base ?? zone!.version),
    onSuccess: () => void refresh(),
    onError: (error) => (isStale(error) ? void reloadZone() : undefined),
  });
  const otherProblem = Object.keys(serverErrors(save.error, WORDING)).length === 0 ? save.error : null;
  const titleId = `zone-${zone?.id ?? 'new'}-title`;
  return (
    <Paper withBorder radius="sm" p="sm" bg={zone ? undefined : 'gray.0'} component="section" aria-labelledby={titleId}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="sm">
          <Title order={3} size="h5" id={titleId}>
            {zone ? zone.name : 'New zone'}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Zone name" required maxLength={100} {...form.getInputProps('name')} />
            <PersonPicker
              label="Zone leader"
              value={form.values.leader}
              onChange={(p) => form.setFieldValue('leader', p)}
              error={form.errors.leader as string | undefined}
            />
          </SimpleGrid>
          <MultiSelect
            label="Units"
            description="Units of the facilities going live"
            placeholder={form.values.unitIds.length === 0 ? 'Pick the zone’s units' : undefined}
            searchable
            data={unitOptions}
            {...form.getInputProps('unitIds')}
          />
          <ActionError error={otherProblem} title="Zone not saved" />
          <ActionError error={remove.error && !isStale(remove.error) ? remove.error : null} title="Zone not removed" />
          <Group justify="space-between" gap="sm">
            <Group gap="xs">
              {zone &&
                (confirming ? (
                  <>
                    <Button color="red" variant="light" loading={remove.isPending} onClick={() => remove.mutate()}>
                      Yes, remove {zone.name}
                    </Button>
                    <Button variant="subtle" onClick={() => setConfirming(false)}>
                      Keep it
                    </Button>
                  </>
                ) : (
                  <Button color="red" variant="subtle" onClick={() => setConfirming(true)}>
                    Remove zone
                  </Button>
                ))}
            </Group>
            <Group gap="xs">
              {onCancel && (
                <Button variant="default" onClick={onCancel}>
                  Cancel
                </Button>
              )}
              <Button type="submit" loading={save.isPending}>
                {zone ? 'Save the zone' : 'Add the zone'}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
