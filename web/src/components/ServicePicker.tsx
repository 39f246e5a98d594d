// What is broken: an application (then one of its modules) or a device class — the context most tickets need first.
import { Group, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catalogueQuery } from '../api/directory.ts';

export type ServiceChoice = { serviceId: string | null; moduleId: string | null };

type Props = ServiceChoice & {
  onChange: (choice: ServiceChoice) => void;
  serviceLabel?: string;
  moduleLabel?: string;
};

export function ServicePicker({ serviceId, moduleId, onChange, serviceLabel, moduleLabel }: Props) {
  const catalogue = useQuery(catalogueQuery);
  const applications = catalogue.data?.applications ?? [];
  const devices = catalogue.data?.devices ?? [];
  const application = applications.find((a) => a.id === serviceId);
  const modules = application?.modules ?? [];
  const options = [
    { group: 'Applications', items: applications.map((a) => ({ value: a.id, label: a.name })) },
    { group: 'Devices', items: devices.map((d) => ({ value: d.id, label: d.name })) },
  ].filter((group) => group.items.length > 0);
  return (
    <Group grow align="flex-start">
      <Select
        label={serviceLabel ?? 'Application or device'}
        placeholder={catalogue.isPending ? 'Loading…' : 'Choose one'}
        data={options}
        value={serviceId}
        onChange={(value) => onChange({ serviceId: value, moduleId: null })}
        error={catalogue.isError ? 'The list could not be loaded' : undefined}
        searchable
        clearable
      />
      <Select
        label={moduleLabel ?? 'Module'}
        placeholder={
          serviceId ? (modules.length ? 'Choose a module' : 'No modules listed') : 'Choose an application first'
        }
        data={modules.map((m) => ({ value: m.id, label: m.name }))}
        value={moduleId}
        onChange={(value) => onChange({ serviceId, moduleId: value })}
        disabled={!serviceId || modules.length === 0}
        searchable
        clearable
      />
    </Group>
  );
}
