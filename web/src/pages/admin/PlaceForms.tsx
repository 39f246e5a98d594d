// Adding a facility or a unit. The server checks codes and time zones; its words are shown beside the field.
import { Button, Checkbox, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { UNIT_KINDS, type UnitKind } from '../../../../src/domain/vocabulary.ts';
import type { CatalogueView } from '../../../../src/features/directory/schemas.ts';
import { createFacility, createUnit } from '../../api/admin.ts';
import { directoryKeys } from '../../api/directory.ts';
import { ActionError, fieldErrorsOf } from '../../components/QueryStates.tsx';

export function AddFacilityForm() {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ code: '', name: '', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
  const create = useMutation({
    mutationFn: createFacility,
    onSuccess: () => {
      setForm((current) => ({ ...current, code: '', name: '' }));
      void queryClient.invalidateQueries({ queryKey: directoryKeys.catalogue });
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-labelledby="add-facility">
      <Stack gap="sm">
        <Title order={2} size="h5" id="add-facility">
          Add a facility
        </Title>
        <Group grow align="flex-start">
          <TextInput
            label="Code"
            value={form.code}
            onChange={(e) => setForm({ ...form, code: e.currentTarget.value })}
            error={errors.code}
            required
          />
          <TextInput
            label="Name"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            error={errors.name}
            required
          />
        </Group>
        <TextInput
          label="Time zone"
          description="IANA name, e.g. America/Chicago"
          value={form.timeZone}
          onChange={(e) => setForm({ ...form, timeZone: e.currentTarget.value })}
          error={errors.timeZone}
          required
        />
        {Object.keys(errors).length === 0 && <ActionError error={create.error} title="Not added" />}
        <Group>
          <Button type="submit" loading={create.isPending} disabled={!form.code.trim() || !form.name.trim()}>
            Add facility
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function AddUnitForm({ facilities }: { facilities: CatalogueView['facilities'] }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    facilityId: '',
    code: '',
    name: '',
    kind: 'inpatient' as UnitKind,
    clinical: true,
  });
  const create = useMutation({
    mutationFn: createUnit,
    onSuccess: () => {
      setForm((current) => ({ ...current, code: '', name: '' }));
      void queryClient.invalidateQueries({ queryKey: directoryKeys.catalogue });
    },
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-labelledby="add-unit">
      <Stack gap="sm">
        <Title order={2} size="h5" id="add-unit">
          Add a unit
        </Title>
        <Group grow align="flex-start">
          <Select
            label="Facility"
            data={facilities.map((f) => ({ value: f.id, label: f.name }))}
            value={form.facilityId || null}
            onChange={(value) => setForm({ ...form, facilityId: value ?? '' })}
            error={errors.facilityId}
            required
          />
          <Select
            label="Kind"
            data={[...UNIT_KINDS]}
            value={form.kind}
            onChange={(value) => value && setForm({ ...form, kind: value as UnitKind })}
            allowDeselect={false}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="Code"
            value={form.code}
            onChange={(e) => setForm({ ...form, code: e.currentTarget.value })}
            error={errors.code}
            required
          />
          <TextInput
            label="Name"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            error={errors.name}
            required
          />
        </Group>
        <Checkbox
          label="Patient-care area"
          checked={form.clinical}
          onChange={(e) => setForm({ ...form, clinical: e.currentTarget.checked })}
        />
        {Object.keys(errors).length === 0 && <ActionError error={create.error} title="Not added" />}
        <Group>
          <Button
            type="submit"
            loading={create.isPending}
            disabled={!form.facilityId || !form.code.trim() || !form.name.trim()}
          >
            Add unit
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
