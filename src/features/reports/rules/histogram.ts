// Time figures that can be added up: a duration is filed in a bucket under 0.8 % wide (exact below 256 ms), and a
// report's median or p90 is read from the buckets' counts instead of sorting every value of the range. The figure
// is the largest value in the bucket that holds the nearest-rank percentile: always a real ticket's value, never
// below the exact nearest-rank value and less than 0.8 % above it. Pure; the facts store a ticket's buckets, so the
// database and these rules file every value alike.

/** Values below this are their own bucket (exact). */
const EXACT_BELOW = 256;
/** Each power of two above it is cut into this many buckets (7 significant bits: width ≤ 1/128 of the value). */
const PER_OCTAVE = 128;

/** The bucket of a non-negative duration in ms (whole ms; fractions are floored). Monotone in the value. */
export function timeBucket(ms: number): number {
  const v = Math.max(0, Math.floor(ms));
  if (v < EXACT_BELOW) return v;
  let e = 1;
  while (Math.floor(v / 2 ** e) >= EXACT_BELOW) e++;
  return PER_OCTAVE * e + Math.floor(v / 2 ** e);
}

/** One bucket's share of a set of durations: how many, and the largest. */
export type BucketCount = { bucket: number; n: number; max: number };

/** Merge bucket counts (of groups, days, facilities) into one histogram, by bucket. */
export function mergeBuckets(parts: Iterable<BucketCount>): BucketCount[] {
  const by = new Map<number, BucketCount>();
  for (const p of parts) {
    const seen = by.get(p.bucket);
    if (seen) by.set(p.bucket, { bucket: p.bucket, n: seen.n + p.n, max: Math.max(seen.max, p.max) });
    else by.set(p.bucket, { ...p });
  }
  return [...by.values()].sort((a, b) => a.bucket - b.bucket);
}

/** The buckets of a list of durations. */
export function bucketsOf(values: readonly number[]): BucketCount[] {
  return mergeBuckets(values.map((v) => ({ bucket: timeBucket(v), n: 1, max: v })));
}

/**
 * The p-th percentile (0–100) of the durations the buckets count: the largest value of the bucket holding the
 * nearest-rank position. Null when the buckets are empty.
 */
export function percentileOfBuckets(buckets: readonly BucketCount[], p: number): number | null {
  const sorted = [...buckets].filter((b) => b.n > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((s, b) => s + b.n, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const b of sorted) {
    seen += b.n;
    if (seen >= rank) return b.max;
  }
  return sorted[sorted.length - 1]!.max;
}

/** One more than the largest bucket a whole number of ms can fall in (Number.MAX_SAFE_INTEGER's). */
export const BUCKET_LIMIT = timeBucket(Number.MAX_SAFE_INTEGER) + 1;

/**
 * Buckets added up in place, for reading many groups' figures from many parts (a year of a key's months): a count
 * and a largest value per bucket in flat arrays, reused group after group (clear), so adding a part costs a few
 * array writes instead of a Map entry and an object. `buckets()` gives what mergeBuckets gives over the same parts.
 */
export class BucketSum {
  private readonly present = new Uint8Array(BUCKET_LIMIT);
  private readonly count = new Float64Array(BUCKET_LIMIT);
  private readonly largest = new Float64Array(BUCKET_LIMIT);
  private readonly touched: number[] = [];

  add(bucket: number, n: number, max: number): void {
    if (!(Number.isInteger(bucket) && bucket >= 0 && bucket < BUCKET_LIMIT)) throw new RangeError(`bucket ${bucket}`);
    if (this.present[bucket] === 0) {
      this.present[bucket] = 1;
      this.touched.push(bucket);
      this.count[bucket] = n;
      this.largest[bucket] = max;
      return;
    }
    this.count[bucket]! += n;
    if (max > this.largest[bucket]!) this.largest[bucket] = max;
  }

  /** The buckets added since the last clear, by bucket. */
  buckets(): BucketCount[] {
    return [...this.touched]
      .sort((a, b) => a - b)
      .map((bucket) => ({ bucket, n: this.count[bucket]!, max: this.largest[bucket]! }));
  }

  clear(): void {
    for (const b of this.touched) this.present[b] = 0;
    this.touched.length = 0;
  }
}
