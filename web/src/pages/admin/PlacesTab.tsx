// Facilities and their units. A unit marked clinical is a patient-care area: device faults there are at least P2.
import { Badge, Group, Paper, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { updateUnit } from '../../api/admin.ts';
import { catalogueQuery, directoryKeys } from '../../api/directory.ts';
import { plural } from '../../components/plural.ts';
import { ActionError, Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { AddFacilityForm, AddUnitForm } from './PlaceForms.tsx';

export function PlacesTab() {
  const catalogue = useQuery(catalogueQuery);
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: ({ id, clinical }: { id: string; clinical: boolean }) => updateUnit(id, { clinical }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: directoryKeys.catalogue }),
  });

  if (catalogue.isPending) return <Loading label="Loading facilities…" />;
  if (catalogue.isError)
    return <LoadError what="facilities" error={catalogue.error} retry={() => void catalogue.refetch()} />;
  const { facilities } = catalogue.data;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <AddFacilityForm />
        <AddUnitForm facilities={facilities} />
      </SimpleGrid>
      <ActionError error={toggle.error} title="Unit not changed" />
      {facilities.length === 0 && (
        <Empty title="No facilities yet">Add one above, or import them from a CSV file.</Empty>
      )}
      {facilities.map((facility) => (
        <Paper
          key={facility.id}
          withBorder
          radius="md"
          p="md"
          component="section"
          aria-labelledby={`facility-${facility.id}`}
        >
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h5" id={`facility-${facility.id}`}>
              {facility.name}
            </Title>
            <Text size="sm" c="dimmed">
              {facility.code} · {facility.timeZone} · {plural(facility.units.length, 'unit')}
            </Text>
          </Group>
          {facility.units.length === 0 ? (
            <Text size="sm" c="dimmed">
              No units yet.
            </Text>
          ) : (
            <Table verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Code</Table.Th>
                  <Table.Th scope="col">Unit</Table.Th>
                  <Table.Th scope="col">Kind</Table.Th>
                  <Table.Th scope="col">Patient-care area</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {facility.units.map((unit) => (
                  <Table.Tr key={unit.id}>
                    <Table.Td ff="monospace">{unit.code}</Table.Td>
                    <Table.Td>{unit.name}</Table.Td>
                    <Table.Td>
                      <Badge variant="default" radius="sm" tt="none">
                        {unit.kind}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        aria-label={`${unit.name} is a patient-care area`}
                        checked={
                          toggle.isPending && toggle.variables.id === unit.id
                            ? toggle.variables.clinical
                            : unit.clinical
                        }
                        onChange={(event) => toggle.mutate({ id: unit.id, clinical: event.currentTarget.checked })}
                        disabled={toggle.isPending && toggle.variables?.id === unit.id}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
