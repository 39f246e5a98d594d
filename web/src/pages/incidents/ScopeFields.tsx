// What an incident affects, as the declare and edit forms pick it: applications, modules (an application with some
// modules listed is affected only in those), facilities and units (none: everywhere).
import { MultiSelect, SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogueQuery } from '../../api/directory.ts';
import type { ScopeDraft } from './incidentForms.ts';

export function ScopeFields({ value, onChange }: { value: ScopeDraft; onChange: (scope: ScopeDraft) => void }) {
  const catalogue = useQuery(catalogueQuery);
  const applications = catalogue.data?.applications ?? [];
  const facilities = catalogue.data?.facilities ?? [];
  const set = (key: keyof ScopeDraft) => (ids: string[]) => onChange({ ...value, [key]: ids });
  const loading = catalogue.isPending ? 'Loading…' : undefined;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <MultiSelect
        label="Applications affected"
        placeholder={value.serviceIds.length ? undefined : (loading ?? 'Pick one or more')}
        data={applications.map((a) => ({ value: a.id, label: a.name }))}
        value={value.serviceIds}
        onChange={set('serviceIds')}
        searchable
      />
      <MultiSelect
        label="Modules affected"
        description="Only these modules of their application"
        placeholder={value.moduleIds.length ? undefined : (loading ?? 'The whole application')}
        data={applications
          .filter((a) => a.modules.length > 0)
          .map((a) => ({ group: a.name, items: a.modules.map((m) => ({ value: m.id, label: m.name })) }))}
        value={value.moduleIds}
        onChange={set('moduleIds')}
        searchable
      />
      <MultiSelect
        label="Facilities affected"
        placeholder={value.facilityIds.length ? undefined : (loading ?? 'All facilities')}
        data={facilities.map((f) => ({ value: f.id, label: f.name }))}
        value={value.facilityIds}
        onChange={set('facilityIds')}
        searchable
      />
      <MultiSelect
        label="Units affected"
        description="Leave empty for every unit of those facilities"
        placeholder={value.unitIds.length ? undefined : (loading ?? 'All units')}
        data={facilities
          .filter((f) => f.units.length > 0)
          .map((f) => ({ group: f.name, items: f.units.map((u) => ({ value: u.id, label: u.name })) }))}
        value={value.unitIds}
        onChange={set('unitIds')}
        searchable
      />
    </SimpleGrid>
  );
}
