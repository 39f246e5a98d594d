// A rate as the desk reads it: the percentage, its n, and its interval — or "too few to compare".
import { Text, Tooltip } from '@mantine/core';
import type { Rate } from '../../api/reports.ts';

export function RateText({ rate }: { rate: Rate }) {
  if (rate.pct === null)
    return (
      <Text span c="dimmed">
        — (n 0)
      </Text>
    );
  const ci = rate.ci ? `95% interval ${rate.ci[0]}–${rate.ci[1]}%` : '';
  return (
    <Tooltip label={`${rate.numerator} of ${rate.n}. ${ci}`}>
      <Text span c={rate.tooFewToCompare ? 'dimmed' : undefined}>
        {rate.pct}%{' '}
        <Text span size="xs" c="dimmed">
          n {rate.n}
          {rate.tooFewToCompare ? ' · too few to compare' : rate.ci ? ` · ${rate.ci[0]}–${rate.ci[1]}` : ''}
        </Text>
      </Text>
    </Tooltip>
  );
}
