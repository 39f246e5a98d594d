// A calendar's holidays and closures: the first 30 listed (each removable), and more imported from CSV or
// iCalendar. An import saves at once, so edits not yet saved must be saved or discarded first.
import { Button, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { type CalendarView, importClosures } from '../../../api/sla.ts';
import { ActionError } from '../../../components/QueryStates.tsx';

type Closure = CalendarView['closures'][number];
const SHOWN = 30;

type Props = {
  calendar: CalendarView;
  closures: Closure[];
  onChange: (closures: Closure[]) => void;
  /** The calendar has unsaved edits. */
  edited: boolean;
  onImported: () => void;
};

export function ClosuresSection({ calendar, closures, onChange, edited, onImported }: Props) {
  return (
    <>
      <Title order={3} size="h6">
        Holidays and closures ({closures.length})
      </Title>
      {closures.length > 0 && (
        <Table verticalSpacing={2} fz="sm" maw={720}>
          <Table.Tbody>
            {closures.slice(0, SHOWN).map((c) => (
              <Table.Tr key={`${c.name}|${c.start}`}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>
                  {c.start.replace('T', ' ')} → {c.end.replace('T', ' ')}
                </Table.Td>
                <Table.Td>
                  <Button
                    variant="subtle"
                    size="xs"
                    onClick={() => onChange(closures.filter((x) => x !== c))}
                    aria-label={`Remove closure ${c.name} ${c.start}`}
                  >
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {closures.length > SHOWN && <Text size="xs">…and {closures.length - SHOWN} more.</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ClosuresImport calendar={calendar} edited={edited} onImported={onImported} />
      </SimpleGrid>
    </>
  );
}

function ClosuresImport({ calendar, edited, onImported }: Pick<Props, 'calendar' | 'edited' | 'onImported'>) {
  const [format, setFormat] = useState<'csv' | 'ical'>('csv');
  const [content, setContent] = useState('');
  const upload = useMutation({
    mutationFn: () => importClosures(calendar.id, { format, content, version: calendar.version }),
    onSuccess: onImported,
  });
  return (
    <Stack gap={6}>
      <SegmentedControl
        value={format}
        onChange={(v) => setFormat(v as 'csv' | 'ical')}
        data={[
          { value: 'csv', label: 'CSV' },
          { value: 'ical', label: 'iCalendar (.ics)' },
        ]}
      />
      <Textarea
        label="Import closures"
        description={
          format === 'csv'
            ? 'One per line: name,YYYY-MM-DD or name,YYYY-MM-DDTHH:MM,YYYY-MM-DDTHH:MM'
            : 'Paste an exported calendar; yearly holidays are expanded for three years'
        }
        autosize
        minRows={3}
        maxRows={10}
        value={content}
        onChange={(e) => setContent(e.currentTarget.value)}
      />
      <ActionError error={upload.error} title="Nothing imported" />
      {upload.isSuccess && (
        <Text size="sm" c="green.9" role="status">
          Added {upload.data.added} closures.
        </Text>
      )}
      <Group>
        <Button
          variant="default"
          onClick={() => upload.mutate()}
          disabled={!content.trim() || edited}
          loading={upload.isPending}
        >
          Import
        </Button>
        {edited && <Text size="xs">Save or discard your edits before importing.</Text>}
      </Group>
    </Stack>
  );
}
