// The date range every report page starts with: "from" included, "to" not (the API's half-open range).
import { TextInput } from '@mantine/core';
import type { DateRange } from './reportsSearch.ts';

/** The two date fields, to sit in a page's filter row. */
export function RangeInputs({ range, onChange }: { range: DateRange; onChange: (patch: Partial<DateRange>) => void }) {
  return (
    <>
      <TextInput
        type="date"
        label="From"
        value={range.from}
        onChange={(e) => onChange({ from: e.currentTarget.value })}
      />
      <TextInput
        type="date"
        label="To (not included)"
        value={range.to}
        onChange={(e) => onChange({ to: e.currentTarget.value })}
      />
    </>
  );
}
