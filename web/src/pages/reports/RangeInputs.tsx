// The date range every report page starts with: "from" included, "to" not (the API's half-open range).
import { TextInput } from '@mantine/core';

export type DateRange = { from: string; to: string };

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The last year, up to and including today. */
export function defaultRange(): DateRange {
  const to = new Date(Date.now() + 86_400_000);
  const from = new Date(to.getTime() - 365 * 86_400_000);
  return { from: isoDay(from), to: isoDay(to) };
}

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
