// Adding a facility or a unit. Codes and time zones are checked by the server's own schema (the same words as the
// server's), before sending and again by the server.
import { Button, Checkbox, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { UNIT_KINDS, type UnitKind } from '../../../../src/domain/vocabulary.ts';
import { type CatalogueView, facilityBody, unitBody } from '../../../../src/features/directory/schemas.ts';
import { createFacility, createUnit } from '../../api/admin.ts';
import { directoryKeys } from '../../api/directory.ts';
import { ActionError } from '../../components/QueryStates.tsx';
import { useAddForm } from './useAddForm.ts';

export function AddFacilityForm() {
  const { form, submit, adding, otherProblem } = useAddForm({
    initialValues: { code: '', name: '', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    schema: facilityBody,
    toBody: (values) => values,
    create: createFacility,
    refresh: directoryKeys.catalogue,
    clearAfterAdd: ['code', 'name'],
  });
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-labelledby="add-facility">
      <Stack gap="sm">
        <Title order={2} size="h5" id="add-facility">
          Add a facility
        </Title>
        <Group grow align="flex-start">
          <TextInput label="Code" {...form.getInputProps('code')} required />
          <TextInput label="Name" {...form.getInputProps('name')} required />
        </Group>
        <TextInput
          label="Time zone"
          description="IANA name, e.g. America/Chicago"
          {...form.getInputProps('timeZone')}
          required
        />
        <ActionError error={otherProblem} title="Not added" />
        <Group>
          <Button type="submit" loading={adding} disabled={!form.values.code.trim() || !form.values.name.trim()}>
            Add facility
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function AddUnitForm({ facilities }: { facilities: CatalogueView['facilities'] }) {
  const { form, submit, adding, otherProblem } = useAddForm({
    initialValues: { facilityId: '', code: '', name: '', kind: 'inpatient' as UnitKind, clinical: true },
    schema: unitBody,
    toBody: (values) => values,
    create: createUnit,
    refresh: directoryKeys.catalogue,
    clearAfterAdd: ['code', 'name'],
  });
  const { facilityId, code, name } = form.values;
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
            value={facilityId || null}
            onChange={(value) => form.setFieldValue('facilityId', value ?? '')}
            error={form.errors.facilityId}
            required
          />
          <Select
            label="Kind"
            data={[...UNIT_KINDS]}
            value={form.values.kind}
            onChange={(value) => value && form.setFieldValue('kind', value as UnitKind)}
            allowDeselect={false}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="Code" {...form.getInputProps('code')} required />
          <TextInput label="Name" {...form.getInputProps('name')} required />
        </Group>
        <Checkbox label="Patient-care area" {...form.getInputProps('clinical', { type: 'checkbox' })} />
        <ActionError error={otherProblem} title="Not added" />
        <Group>
          <Button type="submit" loading={adding} disabled={!facilityId || !code.trim() || !name.trim()}>
            Add unit
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
