import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile } from '../../routing/rules/metrics.ts';
import { BUCKET_LIMIT, BucketSum, bucketsOf, mergeBuckets, percentileOfBuckets, timeBucket } from './histogram.ts';

const durations = fc.array(fc.integer({ min: 0, max: 400 * 86_400_000 }), { minLength: 1, maxLength: 300 });

describe('time figures read from buckets', () => {
  it('files durations under 256 ms exactly and larger ones in buckets under 0.8 % wide', () => {
    expect(timeBucket(0)).toBe(0);
    expect(timeBucket(255)).toBe(255);
    expect(timeBucket(256)).toBe(256);
    expect(timeBucket(511)).not.toBe(timeBucket(512));
    fc.assert(
      fc.property(fc.integer({ min: 256, max: 2 ** 45 }), (v) => {
        // The next value that lands in another bucket is at most 1/128 of v away.
        const b = timeBucket(v);
        expect(timeBucket(Math.floor(v * (1 + 1 / 128)) + 1)).toBeGreaterThan(b);
      }),
    );
  });

  it('never files a longer duration in an earlier bucket', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 0, max: 2 ** 45 }), (a, b) => {
        if (a <= b) expect(timeBucket(a)).toBeLessThanOrEqual(timeBucket(b));
      }),
    );
  });

  it('gives a median and p90 that are real values, never below the exact nearest rank and under 0.8 % above it', () => {
    fc.assert(
      fc.property(durations, fc.constantFrom(50, 80, 90), (values, p) => {
        const exact = percentile(values, p)!;
        const fromBuckets = percentileOfBuckets(bucketsOf(values), p)!;
        expect(values).toContain(fromBuckets);
        expect(fromBuckets).toBeGreaterThanOrEqual(exact);
        expect(fromBuckets - exact).toBeLessThanOrEqual(exact / 128);
      }),
    );
  });

  it('gives the same figure from a whole range as from its parts added up (days, groups)', () => {
    fc.assert(
      fc.property(durations, durations, (a, b) => {
        const whole = percentileOfBuckets(bucketsOf([...a, ...b]), 50);
        const parts = percentileOfBuckets(mergeBuckets([...bucketsOf(a), ...bucketsOf(b)]), 50);
        expect(parts).toBe(whole);
      }),
    );
  });

  it('is exact when every duration has a bucket of its own', () => {
    expect(percentileOfBuckets(bucketsOf([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]), 50)).toBe(5);
    expect(percentileOfBuckets(bucketsOf([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]), 90)).toBe(9);
    expect(percentileOfBuckets([], 50)).toBeNull();
  });

  it('adds parts up in place to the buckets mergeBuckets gives, group after group, so the figures are the same', () => {
    const sum = new BucketSum();
    const parts = fc.array(fc.array(fc.integer({ min: 0, max: 400 * 86_400_000 }), { maxLength: 40 }), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(fc.array(parts, { minLength: 1, maxLength: 4 }), (groups) => {
        for (const group of groups) {
          const each = group.map(bucketsOf);
          for (const part of each) for (const b of part) sum.add(b.bucket, b.n, b.max);
          const merged = mergeBuckets(each.flat());
          expect(sum.buckets()).toEqual(merged);
          for (const p of [50, 90]) expect(percentileOfBuckets(sum.buckets(), p)).toBe(percentileOfBuckets(merged, p));
          sum.clear();
        }
      }),
    );
  });

  it('has room for the bucket of every whole number of ms', () => {
    expect(timeBucket(Number.MAX_SAFE_INTEGER)).toBe(BUCKET_LIMIT - 1);
    expect(() => new BucketSum().add(BUCKET_LIMIT, 1, 1)).toThrow(RangeError);
  });
});
