// Who delivers each tier of each service: support providers, their groups, and coverage (service × tier → group).
import { Badge, Grid, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TIERS, type Tier } from '../../../../src/domain/vocabulary.ts';
import { adminKeys, coverageQuery, removeCoverage, setCoverage } from '../../api/admin.ts';
import { catalogueQuery } from '../../api/directory.ts';
import { ActionError, LoadError, Loading } from '../../components/QueryStates.tsx';
import { TIER_LABELS, TIER_SHORT } from '../../components/ticketWords.ts';

const PROVIDER_KINDS: Record<string, string> = {
  in_house: 'In-house',
  outsourcer: 'Outsourcer',
  ehr_vendor: 'EHR vendor',
  other_vendor: 'Other vendor',
};

type ServiceRow = { id: string; name: string; parentId: string | null; parentName?: string };

export function CoverageTab() {
  const catalogue = useQuery(catalogueQuery);
  const coverage = useQuery(coverageQuery);
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: ({ serviceId, tier, groupId }: { serviceId: string; tier: Tier; groupId: string | null }) =>
      groupId ? setCoverage({ serviceId, tier, groupId }).then(() => undefined) : removeCoverage(serviceId, tier),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.coverage }),
  });

  if (catalogue.isPending || coverage.isPending) return <Loading label="Loading coverage…" />;
  if (catalogue.isError) return <LoadError what="the catalogue" error={catalogue.error} />;
  if (coverage.isError) return <LoadError what="coverage" error={coverage.error} />;
  const { providers, groups, applications, devices, infrastructure } = catalogue.data;
  const entries = coverage.data.items;
  const groupName = (id: string | undefined) => groups.find((g) => g.id === id)?.name;
  const covered = (serviceId: string, tier: Tier) =>
    entries.find((e) => e.serviceId === serviceId && e.tier === tier)?.groupId;
  const rows: ServiceRow[] = [
    ...applications.flatMap((app) => [
      { id: app.id, name: app.name, parentId: null },
      ...app.modules.map((m) => ({ id: m.id, name: m.name, parentId: app.id, parentName: app.name })),
    ]),
    ...[...devices, ...infrastructure].map((s) => ({ id: s.id, name: s.name, parentId: null })),
  ];

  return (
    <Stack gap="md">
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="providers" h="100%">
            <Title order={2} size="h5" id="providers" mb="xs">
              Support providers
            </Title>
            <Stack gap={6}>
              {providers.map((provider) => (
                <Group key={provider.id} justify="space-between" wrap="nowrap">
                  <Text size="sm">{provider.name}</Text>
                  <Badge variant="default" radius="sm" tt="none" style={{ minWidth: 'max-content' }}>
                    {PROVIDER_KINDS[provider.kind] ?? provider.kind}
                  </Badge>
                </Group>
              ))}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="groups">
            <Title order={2} size="h5" id="groups" mb="xs">
              Support groups
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing={8}>
              {groups.map((group) => (
                <div key={group.id}>
                  <Text size="sm" fw={500}>
                    {group.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {TIER_LABELS[group.tier]} · {providers.find((p) => p.id === group.providerId)?.name}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
          </Paper>
        </Grid.Col>
      </Grid>
      <Text size="sm" c="dimmed">
        Escalating to a tier goes to the group that covers the service there. A module without its own entry uses its
        application's.
      </Text>
      <ActionError error={change.error} title="Coverage not changed" />
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Service</Table.Th>
                {TIERS.map((tier) => (
                  <Table.Th scope="col" key={tier}>
                    {TIER_LABELS[tier]}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Th scope="row" pl={row.parentId ? 'xl' : undefined} fw={row.parentId ? 400 : 600}>
                    {row.name}
                  </Table.Th>
                  {TIERS.map((tier) => {
                    const inherited = row.parentId ? groupName(covered(row.parentId, tier)) : undefined;
                    return (
                      <Table.Td key={tier}>
                        <Select
                          aria-label={`${row.name}, ${TIER_SHORT[tier]}`}
                          data={groups.filter((g) => g.tier === tier).map((g) => ({ value: g.id, label: g.name }))}
                          value={covered(row.id, tier) ?? null}
                          placeholder={inherited ? `As application: ${inherited}` : 'Nobody'}
                          onChange={(groupId) => change.mutate({ serviceId: row.id, tier, groupId })}
                          clearable
                          size="xs"
                        />
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}
