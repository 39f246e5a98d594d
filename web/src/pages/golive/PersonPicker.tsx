// A person from the directory, found by typing part of the name (as on the roster's Add a shift).
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { peopleSearchQuery } from '../../api/directory.ts';

export type Picked = { value: string; label: string } | null;

type Props = {
  label: string;
  description?: string;
  value: Picked;
  onChange: (person: Picked) => void;
  error?: string | undefined;
};

export function PersonPicker({ label, description, value, onChange, error }: Props) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const people = useQuery(peopleSearchQuery(debounced));
  const options = [
    ...(value ? [value] : []),
    ...(people.data?.items ?? [])
      .filter((p) => p.id !== value?.value)
      .map((p) => ({ value: p.id, label: p.displayName })),
  ];
  return (
    <Select
      label={label}
      description={description}
      placeholder="Type a name"
      searchable
      clearable
      data={options}
      filter={({ options: o }) => o}
      searchValue={search}
      onSearchChange={setSearch}
      value={value?.value ?? null}
      onChange={(_, option) => onChange(option ? { value: option.value, label: option.label } : null)}
      nothingFoundMessage={debounced.trim().length < 2 ? 'Type two letters or more' : 'Nobody found'}
      error={error}
    />
  );
}
