// A calendar's weekly opening periods: a day, when it opens and when it closes; several periods a day are fine.
import { Button, Group, Select, Table, TextInput, VisuallyHidden } from '@mantine/core';
import type { WeeklyHours } from '../../../../../src/features/sla/rules/calendar.ts';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DAY_CHOICES = DAYS.map((d, j) => ({ value: String(j + 1), label: d }));

type Props = { weekly: WeeklyHours[]; onChange: (weekly: WeeklyHours[]) => void };

export function WeeklyHoursTable({ weekly, onChange }: Props) {
  const setRow = (i: number, row: Partial<WeeklyHours>) =>
    onChange(weekly.map((w, j) => (j === i ? { ...w, ...row } : w)));
  return (
    <>
      <Table verticalSpacing={4} withRowBorders={false} maw={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Day</Table.Th>
            <Table.Th scope="col">Opens</Table.Th>
            <Table.Th scope="col">Closes</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Remove</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {weekly.map((w, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
            <Table.Tr key={i}>
              <Table.Td>
                <Select
                  aria-label={`Day of opening period ${i + 1}`}
                  data={DAY_CHOICES}
                  value={String(w.day)}
                  onChange={(v) => v && setRow(i, { day: Number(v) })}
                  allowDeselect={false}
                  w={150}
                />
              </Table.Td>
              {(['start', 'end'] as const).map((edge) => (
                <Table.Td key={edge}>
                  <TextInput
                    aria-label={`${edge === 'start' ? 'Opens' : 'Closes'} (period ${i + 1})`}
                    value={w[edge]}
                    w={90}
                    onChange={(e) => setRow(i, { [edge]: e.currentTarget.value })}
                  />
                </Table.Td>
              ))}
              <Table.Td>
                <Button variant="subtle" size="xs" onClick={() => onChange(weekly.filter((_, j) => j !== i))}>
                  Remove
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button
          variant="default"
          size="xs"
          onClick={() => onChange([...weekly, { day: 6, start: '08:00', end: '12:00' }])}
        >
          Add opening period
        </Button>
      </Group>
    </>
  );
}
