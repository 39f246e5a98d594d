// Finding the caller: type a name or the number they are calling from, pick them from the directory.
import { Group, Paper, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type PersonView, peopleSearchQuery } from '../../../api/directory.ts';
import { problemText } from '../../../components/QueryStates.tsx';
import { ProviderBadge, SensitiveBadge } from '../../../components/TicketBadges.tsx';
import { CLINICAL_ROLE_LABELS, formatPhone } from '../../../components/ticketWords.ts';
import classes from './RequesterSearch.module.css';

export function RequesterSearch({ onSelect, error }: { onSelect: (person: PersonView) => void; error?: string }) {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const people = useQuery(peopleSearchQuery(q));
  const items = people.data?.items ?? [];

  return (
    <Stack gap="xs">
      <TextInput
        label="Requester"
        description="Name, or the phone number they are calling from"
        placeholder="e.g. Delgado or 555 0142"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        error={error}
        data-autofocus
        autoComplete="off"
      />
      <div role="status" aria-live="polite">
        {q.length >= 2 && people.isFetching && (
          <Text size="sm" c="dimmed">
            Searching…
          </Text>
        )}
        {people.isError && (
          <Text size="sm" c="red.9">
            Search failed: {problemText(people.error)}
          </Text>
        )}
        {people.data && !people.isFetching && (
          <Text size="sm" c="dimmed">
            {items.length === 0
              ? 'Nobody matches. Check the spelling or try the phone number.'
              : `${items.length} found`}
          </Text>
        )}
      </div>
      {items.length > 0 && (
        <Paper withBorder radius="sm">
          <ul className={classes.list} aria-label="Matching people">
            {items.slice(0, 8).map((person) => (
              <li key={person.id}>
                <UnstyledButton className={classes.option} onClick={() => onSelect(person)}>
                  <Group gap={6}>
                    <Text size="sm" fw={600}>
                      {person.displayName}
                    </Text>
                    {person.provider && <ProviderBadge />}
                    {person.sensitive && <SensitiveBadge />}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {[
                      CLINICAL_ROLE_LABELS[person.clinicalRole] ?? person.clinicalRole,
                      person.unit,
                      ...person.phones.map(formatPhone),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                </UnstyledButton>
              </li>
            ))}
          </ul>
        </Paper>
      )}
    </Stack>
  );
}
