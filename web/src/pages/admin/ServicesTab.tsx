// The service catalogue: applications and their modules, devices, infrastructure; which are clinical-critical.
import { Badge, Button, Group, Paper, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { serviceBody } from '../../../../src/features/directory/schemas.ts';
import { createService, updateService } from '../../api/admin.ts';
import { catalogueQuery, directoryKeys } from '../../api/directory.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { useAddForm } from './useAddForm.ts';

type Row = { id: string; name: string; clinicalCritical: boolean; kind: string; parent?: string };

export function ServicesTab() {
  const catalogue = useQuery(catalogueQuery);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: directoryKeys.catalogue });
  const toggle = useMutation({
    mutationFn: ({ id, clinicalCritical }: { id: string; clinicalCritical: boolean }) =>
      updateService(id, { clinicalCritical }),
    onSuccess: refresh,
  });

  if (catalogue.isPending) return <Loading label="Loading services…" />;
  if (catalogue.isError)
    return <LoadError what="services" error={catalogue.error} retry={() => void catalogue.refetch()} />;
  const { applications, devices, infrastructure } = catalogue.data;
  const rows: Row[] = [
    ...applications.flatMap((app) => [
      { ...app, kind: 'Application' },
      ...app.modules.map((m) => ({ ...m, kind: 'Module', parent: app.name })),
    ]),
    ...devices.map((d) => ({ ...d, kind: 'Device' })),
    ...infrastructure.map((i) => ({ ...i, kind: 'Infrastructure' })),
  ];

  return (
    <Stack gap="md">
      <AddServiceForm applications={applications} />
      <Text size="sm" c="dimmed">
        Clinical-critical: when it is down for a whole unit, the impact is 1 (as for a facility).
      </Text>
      <ActionError error={toggle.error} title="Not changed" />
      <Paper withBorder radius="md">
        <Table verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Service</Table.Th>
              <Table.Th scope="col">Kind</Table.Th>
              <Table.Th scope="col">Clinical-critical</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td pl={row.parent ? 'xl' : undefined}>
                  <Text size="sm" fw={row.parent ? 400 : 600}>
                    {row.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="default" radius="sm" tt="none">
                    {row.parent ? `Module of ${row.parent}` : row.kind}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`${row.name} is clinical-critical`}
                    checked={
                      toggle.isPending && toggle.variables.id === row.id
                        ? toggle.variables.clinicalCritical
                        : row.clinicalCritical
                    }
                    onChange={(event) => toggle.mutate({ id: row.id, clinicalCritical: event.currentTarget.checked })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}

const KINDS = [
  { value: 'application', label: 'Application' },
  { value: 'module', label: 'Module of an application' },
  { value: 'device', label: 'Device class' },
  { value: 'infrastructure', label: 'Infrastructure' },
];

type ServiceKind = 'application' | 'module' | 'device' | 'infrastructure';

function AddServiceForm({ applications }: { applications: { id: string; name: string }[] }) {
  const { form, submit, adding, otherProblem } = useAddForm({
    initialValues: { kind: 'application' as ServiceKind, name: '', parentId: null as string | null, critical: false },
    schema: serviceBody,
    toBody: ({ kind, name, parentId, critical }) => ({
      kind,
      name: name.trim(),
      parentId: kind === 'module' ? parentId : null,
      clinicalCritical: critical,
    }),
    create: createService,
    refresh: directoryKeys.catalogue,
    clearAfterAdd: ['name'],
  });
  const { kind, name, parentId } = form.values;
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} aria-labelledby="add-service">
      <Stack gap="sm">
        <Title order={2} size="h5" id="add-service">
          Add a service
        </Title>
        <Group align="flex-end" gap="sm">
          <Select
            label="Kind"
            data={KINDS}
            value={kind}
            onChange={(v) => v && form.setFieldValue('kind', v as ServiceKind)}
            allowDeselect={false}
            w={220}
          />
          {kind === 'module' && (
            <Select
              label="Application"
              data={applications.map((a) => ({ value: a.id, label: a.name }))}
              {...form.getInputProps('parentId')}
              w={220}
              searchable
              required
            />
          )}
          <TextInput label="Name" {...form.getInputProps('name')} w={260} required />
          <Switch label="Clinical-critical" {...form.getInputProps('critical', { type: 'checkbox' })} mb={8} />
          <Button type="submit" loading={adding} disabled={!name.trim() || (kind === 'module' && !parentId)}>
            Add
          </Button>
        </Group>
        <ActionError error={otherProblem} title="Not added" />
      </Stack>
    </Paper>
  );
}
