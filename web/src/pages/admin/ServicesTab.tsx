// The service catalogue: applications and their modules, devices, infrastructure; which are clinical-critical.
import { Badge, Button, Group, Paper, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { createService, updateService } from '../../api/admin.ts';
import { catalogueQuery, directoryKeys } from '../../api/directory.ts';
import { ActionError, fieldErrorsOf, LoadError, Loading } from '../../components/QueryStates.tsx';

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

function AddServiceForm({ applications }: { applications: { id: string; name: string }[] }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState('application');
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState<string | null>(null);
  const [critical, setCritical] = useState(false);
  const create = useMutation({
    mutationFn: createService,
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: directoryKeys.catalogue });
    },
  });
  const errors = fieldErrorsOf(create.error);
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      kind: kind as 'application' | 'module' | 'device' | 'infrastructure',
      name: name.trim(),
      parentId: kind === 'module' ? parentId : null,
      clinicalCritical: critical,
    });
  }
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
            onChange={(v) => v && setKind(v)}
            allowDeselect={false}
            w={220}
          />
          {kind === 'module' && (
            <Select
              label="Application"
              data={applications.map((a) => ({ value: a.id, label: a.name }))}
              value={parentId}
              onChange={setParentId}
              error={errors.parentId}
              w={220}
              searchable
              required
            />
          )}
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            w={260}
            required
          />
          <Switch
            label="Clinical-critical"
            checked={critical}
            onChange={(e) => setCritical(e.currentTarget.checked)}
            mb={8}
          />
          <Button type="submit" loading={create.isPending} disabled={!name.trim() || (kind === 'module' && !parentId)}>
            Add
          </Button>
        </Group>
        {Object.keys(errors).length === 0 && <ActionError error={create.error} title="Not added" />}
      </Stack>
    </Paper>
  );
}
