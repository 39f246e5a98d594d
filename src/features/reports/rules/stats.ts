// Honest rates: every rate carries its numerator, its n and a 95% Wilson score interval, and groups below a
// minimum n say "too few to compare" instead of showing a figure that invites a false comparison. Pure.
import { percentile } from '../../routing/rules/metrics.ts';

export const DEFAULT_MIN_N = 30;
const Z95 = 1.959963984540054;

export type Rate = {
  numerator: number;
  n: number;
  /** Percent, one decimal; null when n is 0. */
  pct: number | null;
  /** 95% Wilson score interval in percent; null when n is 0. */
  ci: [number, number] | null;
  tooFewToCompare: boolean;
};

const round1 = (x: number) => Math.round(x * 10) / 10;
const roundOrNull = (x: number | null) => (x === null ? null : round1(x));

/** Wilson score interval for a proportion (better than the normal approximation near 0%, 100% and small n). */
export function wilson(numerator: number, n: number, z = Z95): [number, number] | null {
  if (n <= 0) return null;
  const p = numerator / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function rate(numerator: number, n: number, minN = DEFAULT_MIN_N): Rate {
  const ci = wilson(numerator, n);
  return {
    numerator,
    n,
    pct: n > 0 ? round1((100 * numerator) / n) : null,
    ci: ci ? [round1(ci[0] * 100), round1(ci[1] * 100)] : null,
    tooFewToCompare: n < minN,
  };
}

/** Count the items that pass `hit` among those that pass `inDenominator`. */
export function rateOf<T>(
  items: readonly T[],
  inDenominator: (t: T) => boolean,
  hit: (t: T) => boolean,
  minN?: number,
) {
  let n = 0;
  let k = 0;
  for (const t of items) {
    if (!inDenominator(t)) continue;
    n++;
    if (hit(t)) k++;
  }
  return rate(k, n, minN);
}

export type Distribution = {
  n: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  tooFewToCompare: boolean;
};

/** Median and p90 by nearest rank (the same percentile the phone metrics use), in the values' own unit. */
export function distribution(values: readonly number[], minN = DEFAULT_MIN_N): Distribution {
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  return {
    n: values.length,
    mean: mean === null ? null : round1(mean),
    median: roundOrNull(percentile(values, 50)),
    p90: roundOrNull(percentile(values, 90)),
    tooFewToCompare: values.length < minN,
  };
}
