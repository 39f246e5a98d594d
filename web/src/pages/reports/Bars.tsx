// A small accessible bar chart: one bar per group with its 95% interval as a whisker, groups below the minimum n
// drawn hatched and labelled "too few". Screen readers get the same figures as a table (the chart is a picture).
import { Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';

export type Bar = { label: string; value: number | null; ci?: [number, number] | null; n?: number; tooFew?: boolean };

export function Bars({ title, bars, unit = '%', max }: { title: string; bars: Bar[]; unit?: string; max?: number }) {
  // On a phone the drawing is narrower rather than scaled down, so its words stay the size of the page's.
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const top = max ?? Math.max(1, ...bars.map((b) => b.ci?.[1] ?? b.value ?? 0));
  const rowH = 26;
  const labelW = narrow ? 110 : 180;
  const width = narrow ? 340 : 640;
  const labelChars = narrow ? 15 : 26;
  const barW = width - labelW - 90;
  const x = (v: number) => labelW + (v / top) * barW;
  const shown = (b: Bar) => (b.value === null ? '—' : `${b.value}${unit}`);
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${width} ${bars.length * rowH + 8}`}
        width="100%"
        role="img"
        aria-label={`${title}: ${bars.map((b) => `${b.label} ${shown(b)}`).join('; ')}`}
        style={{ maxWidth: width }}
      >
        <defs>
          <pattern id="too-few" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="3" height="6" fill="#868e96" />
          </pattern>
        </defs>
        {bars.map((b, i) => {
          const y = i * rowH + 4;
          return (
            <g key={b.label}>
              <text x={labelW - 8} y={y + 15} textAnchor="end" fontSize="12" fill="#212529">
                {b.label.length > labelChars ? `${b.label.slice(0, labelChars - 1)}…` : b.label}
              </text>
              {b.value !== null && (
                <rect
                  x={labelW}
                  y={y + 3}
                  width={Math.max(1, x(b.value) - labelW)}
                  height={rowH - 10}
                  fill={b.tooFew ? 'url(#too-few)' : '#1864ab'}
                />
              )}
              {b.ci && !b.tooFew && (
                <line x1={x(b.ci[0])} x2={x(b.ci[1])} y1={y + 11} y2={y + 11} stroke="#212529" strokeWidth="1.5" />
              )}
              <text
                x={(b.value === null ? labelW : x(b.ci?.[1] ?? b.value)) + 6}
                y={y + 15}
                fontSize="12"
                fill="#212529"
              >
                {b.tooFew ? `${shown(b)} · too few` : shown(b)}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>
          <Text span size="sm">
            {title} as a table
          </Text>
        </summary>
        <Table striped fz="sm" captionSide="top">
          <Table.Caption>{title}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Group</Table.Th>
              <Table.Th scope="col">Value</Table.Th>
              <Table.Th scope="col">95% interval</Table.Th>
              <Table.Th scope="col">n</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bars.map((b) => (
              <Table.Tr key={b.label}>
                <Table.Th scope="row">{b.label}</Table.Th>
                <Table.Td>{b.tooFew ? `${shown(b)} (too few to compare)` : shown(b)}</Table.Td>
                <Table.Td>{b.ci ? `${b.ci[0]}–${b.ci[1]}${unit}` : '—'}</Table.Td>
                <Table.Td>{b.n ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </details>
    </figure>
  );
}
