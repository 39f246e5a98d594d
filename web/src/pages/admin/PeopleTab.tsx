// People in the directory: find by name or phone, set the flags that change how the desk treats them, and the units
// each one leads (unit leaders and super-users are told of outages on their units).
import { Group, MultiSelect, Pagination, Paper, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { PersonPatch, PersonView } from '../../../../src/features/directory/people-schemas.ts';
import { adminPeopleQuery, PEOPLE_PAGE, updatePerson } from '../../api/admin.ts';
import { catalogueQuery, directoryKeys } from '../../api/directory.ts';
import { plural } from '../../components/plural.ts';
import { ActionError, Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { CLINICAL_ROLE_LABELS, formatPhone } from '../../components/ticketWords.ts';

type Flag = 'provider' | 'sensitive' | 'superUser' | 'active';
const FLAGS: { key: Flag; label: string }[] = [
  { key: 'provider', label: 'Provider' },
  { key: 'sensitive', label: 'Sensitive' },
  { key: 'superUser', label: 'Super-user' },
  { key: 'active', label: 'Active' },
];

export function PeopleTab() {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const [page, setPage] = useState(1);
  const queryClient = useQueryClient();
  const people = useQuery({ ...adminPeopleQuery(q, (page - 1) * PEOPLE_PAGE), placeholderData: keepPreviousData });
  const catalogue = useQuery(catalogueQuery);
  const unitChoices = useMemo(
    () =>
      (catalogue.data?.facilities ?? []).map((f) => ({
        group: f.name,
        items: f.units.map((u) => ({ value: u.id, label: `${u.name} (${f.name})` })),
      })),
    [catalogue.data],
  );
  const change = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: PersonPatch }) => updatePerson(id, patch),
    onSuccess: (saved) => {
      // Put the saved person into every loaded page at once, so the switch never flips back while refetching.
      queryClient.setQueriesData<{ items: PersonView[]; total: number }>(
        { queryKey: ['directory', 'people'] },
        (page) => (page?.items ? { ...page, items: page.items.map((p) => (p.id === saved.id ? saved : p)) } : page),
      );
      void queryClient.invalidateQueries({ queryKey: directoryKeys.all });
    },
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <TextInput
          type="search"
          label="Find people"
          placeholder="Name, or the last digits of a phone number"
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setPage(1);
          }}
          w={360}
        />
        <Text size="sm" c="dimmed" role="status">
          {people.data ? plural(people.data.total, 'person', 'people') : ''}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        Provider: physician or APP, answered on the priority line. Sensitive: finance or privileged account; identity is
        verified out of band before credential changes. Super-user: may open tickets for their unit. Leads: the units
        this person leads. Leaders and super-users are told when an outage or a planned downtime affects their unit.
      </Text>
      <ActionError error={change.error} title="Not changed" />
      {people.isPending && <Loading label="Loading people…" />}
      {people.isError && <LoadError what="people" error={people.error} retry={() => void people.refetch()} />}
      {people.data && people.data.items.length === 0 && <Empty title="Nobody matches">Try part of the name.</Empty>}
      {people.data && people.data.items.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing={6} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Role</Table.Th>
                  <Table.Th scope="col">Unit</Table.Th>
                  <Table.Th scope="col">Phones</Table.Th>
                  {FLAGS.map((flag) => (
                    <Table.Th scope="col" key={flag.key}>
                      {flag.label}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col">Leads</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {people.data.items.map((person) => (
                  <PersonRow
                    key={person.id}
                    person={person}
                    unitChoices={unitChoices}
                    onChange={(patch) => change.mutate({ id: person.id, patch })}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {people.data && people.data.total > PEOPLE_PAGE && (
        <Pagination
          total={Math.ceil(people.data.total / PEOPLE_PAGE)}
          value={page}
          onChange={setPage}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
        />
      )}
    </Stack>
  );
}

type UnitChoices = { group: string; items: { value: string; label: string }[] }[];

function PersonRow({
  person,
  unitChoices,
  onChange,
}: {
  person: PersonView;
  unitChoices: UnitChoices;
  onChange: (patch: PersonPatch) => void;
}) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {person.displayName}
        </Text>
        {person.employeeId && (
          <Text size="xs" c="dimmed">
            {person.employeeId}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{CLINICAL_ROLE_LABELS[person.clinicalRole] ?? person.clinicalRole}</Table.Td>
      <Table.Td>{[person.unit, person.facility].filter(Boolean).join(', ') || '—'}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {person.phones.length === 0 ? '—' : person.phones.map((phone) => <div key={phone}>{formatPhone(phone)}</div>)}
      </Table.Td>
      {FLAGS.map((flag) => (
        <Table.Td key={flag.key}>
          <Switch
            aria-label={`${person.displayName}: ${flag.label}`}
            checked={person[flag.key]}
            onChange={(event) => onChange({ [flag.key]: event.currentTarget.checked })}
          />
        </Table.Td>
      ))}
      <Table.Td miw={220}>
        <MultiSelect
          aria-label={`${person.displayName}: units led`}
          placeholder={person.leadsUnitIds.length ? undefined : 'None'}
          data={unitChoices}
          value={person.leadsUnitIds}
          onChange={(leadsUnitIds) => onChange({ leadsUnitIds })}
          searchable
          clearable
          size="xs"
          nothingFoundMessage="No unit by that name"
        />
      </Table.Td>
    </Table.Tr>
  );
}
