// Search with filters: application/module, clinical role, type (and status for staff); ranked results with snippets.
import { Group, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { searchQueryOptions } from '../../api/knowledge.ts';
import { Empty, LoadError, Loading } from '../../components/QueryStates.tsx';
import { type ServiceChoice, ServicePicker } from '../../components/ServicePicker.tsx';
import { ArticleList } from './ArticleList.tsx';
import { ROLE_CHOICES, STATUS_LABELS, TYPE_CHOICES } from './words.ts';

export function SearchPanel({ onOpen, staff }: { onOpen: (number: string) => void; staff: boolean }) {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const [service, setService] = useState<ServiceChoice>({ serviceId: null, moduleId: null });
  const [role, setRole] = useState<string | null>(null);
  const [type, setType] = useState<string[]>([]);
  const [status, setStatus] = useState<string[]>([]);
  const results = useQuery(
    searchQueryOptions({ q: q || undefined, ...service, role, type, ...(staff ? { status } : {}) }),
  );
  return (
    <Stack gap="md">
      <TextInput
        label="Search articles"
        placeholder="e.g. wristband printer blank, sign orders, citrix frozen"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-autofocus
        maxLength={200}
      />
      <ServicePicker {...service} onChange={setService} />
      <Group grow align="flex-start">
        <Select label="For role" data={ROLE_CHOICES} value={role} onChange={setRole} clearable placeholder="Any role" />
        <MultiSelect
          label="Type"
          data={TYPE_CHOICES}
          value={type}
          onChange={setType}
          clearable
          placeholder="Any type"
        />
        {staff ? (
          <MultiSelect
            label="Status"
            data={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
            value={status}
            onChange={setStatus}
            clearable
            placeholder="Published"
          />
        ) : null}
      </Group>
      {results.isPending ? (
        <Loading label="Searching" />
      ) : results.isError ? (
        <LoadError what="the articles" error={results.error} retry={() => void results.refetch()} />
      ) : results.data.items.length === 0 ? (
        <Empty title="No articles found">Try other words, or fewer filters.</Empty>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {results.data.total} {results.data.total === 1 ? 'article' : 'articles'}
          </Text>
          <ArticleList items={results.data.items} onOpen={onOpen} showStatus={staff && status.length > 0} />
        </>
      )}
    </Stack>
  );
}
