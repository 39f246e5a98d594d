// Honest rates: every rate carries its numerator, its n and a 95% Wilson score interval, and groups below a
// minimum n say "too few to compare" instead of showing a figure that invites a false comparison. Pure.
import { bucketsOf, percentileOfBuckets } from './histogram.ts';

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

/**
 * Mean, median and p90 of durations given in ms, in minutes (one decimal). The median and p90 come from the
 * durations' buckets (rules/histogram.ts): the same figure the database gives by adding the buckets up, a real
 * duration under 0.8 % above the exact nearest-rank value.
 */
export function durationFigures(ms: readonly number[], minN = DEFAULT_MIN_N): Distribution {
  const mean = ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : null;
  const buckets = bucketsOf(ms);
  const minutes = (x: number | null) => (x === null ? null : round1(x / 60_000));
  return {
    n: ms.length,
    mean: minutes(mean),
    median: minutes(percentileOfBuckets(buckets, 50)),
    p90: minutes(percentileOfBuckets(buckets, 90)),
    tooFewToCompare: ms.length < minN,
  };
}
