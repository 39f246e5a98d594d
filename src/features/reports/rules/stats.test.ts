import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationFigures, rate, wilson } from './stats.ts';

describe('honest rates', () => {
  it('gives the Wilson interval a statistics text gives for 8 of 10 (0.490–0.943)', () => {
    const [lo, hi] = wilson(8, 10)!;
    expect(lo).toBeCloseTo(0.4902, 3);
    expect(hi).toBeCloseTo(0.9433, 3);
  });

  it('keeps the interval inside 0–100% and around the rate, for any count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const k = Math.round(n * share);
        const [lo, hi] = wilson(k, n)!;
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(k / n + 1e-12);
        expect(hi).toBeGreaterThanOrEqual(k / n - 1e-12);
      }),
    );
  });

  it('says "too few to compare" below the minimum n, and shows its numerator and n always', () => {
    expect(rate(20, 29)).toMatchObject({ numerator: 20, n: 29, pct: 69, tooFewToCompare: true });
    expect(rate(20, 30)).toMatchObject({ numerator: 20, n: 30, tooFewToCompare: false });
    expect(rate(3, 5, 5).tooFewToCompare).toBe(false);
    expect(rate(0, 0)).toMatchObject({ pct: null, ci: null, n: 0 });
  });

  it('takes median and p90 of durations by nearest rank, in minutes', () => {
    const d = durationFigures([5, 1, 4, 2, 3, 6, 7, 8, 9, 10].map((m) => m * 60_000));
    expect(d).toMatchObject({ n: 10, median: 5, p90: 9, mean: 5.5 });
  });
});
