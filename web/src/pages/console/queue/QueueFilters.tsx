// Search and filters above the queue. Every change goes into the address, which drives the query.
import { Button, Checkbox, Collapse, Group, Kbd, MultiSelect, Paper, Select, TextInput } from '@mantine/core';
import { useDebouncedCallback, useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, type Ref, useEffect, useState } from 'react';
import { TIERS } from '../../../../../src/domain/vocabulary.ts';
import { STATUSES } from '../../../../../src/features/tickets/rules/vocabulary.ts';
import { catalogueQuery } from '../../../api/directory.ts';
import { STATUS_LABELS, TIER_LABELS } from '../../../components/ticketWords.ts';
import { type ConsoleSearch, hasFilters } from './consoleSearch.ts';
import { VENDOR_CASE_FILTER_LABELS, VENDOR_CASE_FILTERS } from './vendorCaseFilter.ts';

type Props = {
  search: ConsoleSearch;
  onChange: (patch: Partial<ConsoleSearch>) => void;
  searchRef: Ref<HTMLInputElement>;
  /** Buttons that act on the filters as a whole, such as "Save view". */
  actions?: ReactNode;
};

const STATUS_OPTIONS = STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] }));
const PRIORITY_OPTIONS = ['1', '2', '3', '4'].map((value) => ({ value, label: `P${value}` }));
const TIER_OPTIONS = TIERS.map((value) => ({ value, label: TIER_LABELS[value] }));
const VENDOR_CASE_OPTIONS = VENDOR_CASE_FILTERS.map((value) => ({ value, label: VENDOR_CASE_FILTER_LABELS[value] }));
const ASSIGNEE_OPTIONS = [
  { value: 'me', label: 'Assigned to me' },
  { value: 'none', label: 'Unassigned' },
];

export function QueueFilters({ search, onChange, searchRef, actions }: Props) {
  const catalogue = useQuery(catalogueQuery);
  const [text, setText] = useState(search.q ?? '');
  const commitText = useDebouncedCallback((q: string) => onChange({ q: q.trim() || undefined }), 350);
  useEffect(() => setText(search.q ?? ''), [search.q]);
  const placeFilters = [search.facilityId, search.unitId, search.serviceId, search.moduleId, search.tier].filter(
    Boolean,
  );
  const [moreOpen, more] = useDisclosure(placeFilters.length > 0);

  const facilities = catalogue.data?.facilities ?? [];
  const units = facilities.find((f) => f.id === search.facilityId)?.units ?? facilities.flatMap((f) => f.units);
  const applications = catalogue.data?.applications ?? [];
  const serviceOptions = [
    { group: 'Applications', items: applications.map((a) => ({ value: a.id, label: a.name })) },
    { group: 'Devices', items: (catalogue.data?.devices ?? []).map((d) => ({ value: d.id, label: d.name })) },
  ].filter((group) => group.items.length > 0);
  const modules = applications.find((a) => a.id === search.serviceId)?.modules ?? [];

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label="Search and filters">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          ref={searchRef}
          type="search"
          label="Search tickets"
          placeholder="Words, error text or CSD-number"
          w={210}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            commitText(event.currentTarget.value);
          }}
          // Leaving the field (say, for "Save view") applies what was typed without waiting for the pause.
          onBlur={() => commitText.flush()}
          onKeyDown={(event) => {
            if (event.key === 'Enter') onChange({ q: text.trim() || undefined });
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
          aria-keyshortcuts="/"
          rightSection={<Kbd size="xs">/</Kbd>}
        />
        <MultiSelect
          label="Status"
          data={STATUS_OPTIONS}
          value={search.status ?? []}
          onChange={(value) => onChange({ status: value.length ? (value as ConsoleSearch['status']) : undefined })}
          w={160}
          clearable
        />
        <MultiSelect
          label="Priority"
          data={PRIORITY_OPTIONS}
          value={(search.priority ?? []).map(String)}
          onChange={(value) => onChange({ priority: value.length ? value.map(Number) : undefined })}
          w={120}
          clearable
        />
        <Select
          label="Assignee"
          data={ASSIGNEE_OPTIONS}
          value={search.assignee === 'me' || search.assignee === 'none' ? search.assignee : null}
          onChange={(value) => onChange({ assignee: (value as 'me' | 'none' | null) ?? undefined })}
          placeholder="Anyone"
          w={140}
          clearable
        />
        <Select
          label="Vendor case"
          data={VENDOR_CASE_OPTIONS}
          value={search.vendorCase ?? null}
          onChange={(value) => onChange({ vendorCase: (value as ConsoleSearch['vendorCase']) ?? undefined })}
          placeholder="Any"
          w={200}
          clearable
        />
        <Checkbox
          label="Patient care affected"
          checked={search.care ?? false}
          onChange={(event) => onChange({ care: event.currentTarget.checked || undefined })}
          mb={8}
        />
        <Button variant="default" onClick={more.toggle} aria-expanded={moreOpen} aria-controls="more-filters">
          {moreOpen ? 'Fewer filters' : 'More filters'}
          {placeFilters.length > 0 && ` (${placeFilters.length})`}
        </Button>
        {hasFilters(search) && (
          <Button
            variant="subtle"
            onClick={() => {
              setText('');
              onChange(CLEARED);
            }}
          >
            Clear filters
          </Button>
        )}
        {actions}
      </Group>
      <Collapse expanded={moreOpen} id="more-filters">
        <Group gap="sm" align="flex-end" wrap="wrap" pt="sm">
          <Select
            label="Facility"
            data={facilities.map((f) => ({ value: f.id, label: f.name }))}
            value={search.facilityId ?? null}
            onChange={(value) => onChange({ facilityId: value ?? undefined, unitId: undefined })}
            w={180}
            clearable
            searchable
          />
          <Select
            label="Unit"
            data={units.map((u) => ({ value: u.id, label: u.name }))}
            value={search.unitId ?? null}
            onChange={(value) => onChange({ unitId: value ?? undefined })}
            w={180}
            clearable
            searchable
          />
          <Select
            label="Application or device"
            data={serviceOptions}
            value={search.serviceId ?? null}
            onChange={(value) => onChange({ serviceId: value ?? undefined, moduleId: undefined })}
            w={180}
            clearable
            searchable
          />
          <Select
            label="Module"
            data={modules.map((m) => ({ value: m.id, label: m.name }))}
            value={search.moduleId ?? null}
            onChange={(value) => onChange({ moduleId: value ?? undefined })}
            w={180}
            disabled={!search.serviceId}
            clearable
            searchable
          />
          <Select
            label="Tier"
            data={TIER_OPTIONS}
            value={search.tier ?? null}
            onChange={(value) => onChange({ tier: (value as ConsoleSearch['tier']) ?? undefined })}
            w={200}
            clearable
          />
        </Group>
      </Collapse>
    </Paper>
  );
}

const CLEARED: Partial<ConsoleSearch> = {
  q: undefined,
  status: undefined,
  priority: undefined,
  facilityId: undefined,
  unitId: undefined,
  serviceId: undefined,
  moduleId: undefined,
  tier: undefined,
  assignee: undefined,
  care: undefined,
  vendorCase: undefined,
};
