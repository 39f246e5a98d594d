// The database files durations in the same buckets as rules/histogram.ts (migration 0018's report_time_bucket),
// so a median added up in SQL is the median the pure rules give; and the reports' SQL percentiles (two passes over
// runs of buckets) pick the bucket the pure rule picks.

import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { rowsOf } from '../../platform/db/connect.ts';
import { addPack, PACK_BUCKETS, readPacks } from './dims-rollup-store.ts';
import { percentilesSql } from './period-times-store.ts';
import { type BucketCount, BucketSum, mergeBuckets, percentileOfBuckets, timeBucket } from './rules/histogram.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seedDemo: false });
});
afterAll(() => t?.close());

async function sqlBuckets(values: number[]): Promise<number[]> {
  const rows = rowsOf<{ b: number }>(
    await t.ctx.database.db.execute(
      sql`SELECT report_time_bucket(v) AS b FROM unnest(${`{${values.join(',')}}`}::bigint[]) WITH ORDINALITY AS u(v, i) ORDER BY i`,
    ),
  );
  return rows.map((r) => Number(r.b));
}

describe('durations filed in buckets by the database', () => {
  it('files every value at and around each power of two as the rules do', async () => {
    const values: number[] = [0, 1, 255];
    for (let e = 8; e <= 44; e++) for (const d of [-1, 0, 1]) values.push(2 ** e + d);
    expect(await sqlBuckets(values)).toEqual(values.map(timeBucket));
  });

  it('files random durations up to ten years as the rules do', async () => {
    const values = fc.sample(fc.integer({ min: 0, max: 10 * 366 * 86_400_000 }), { numRuns: 2000, seed: 11 });
    expect(await sqlBuckets(values)).toEqual(values.map(timeBucket));
  });
});

describe('median and p90 in the database', () => {
  it('are the pure rule’s over the same buckets, for every key and measure, whatever the runs of buckets hold', async () => {
    // Rows as the rollups give them: a key and measure's buckets may come several times (months, facilities).
    const row = fc.record({
      key: fc.constantFrom('a', 'b', '', '*total*'),
      measure: fc.constantFrom('wall', 'cal'),
      value: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 40 * 86_400_000 })),
      n: fc.integer({ min: 1, max: 5 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 120 }), async (rows) => {
        const buckets = rows.map((r) => ({ ...r, bucket: timeBucket(r.value) }));
        const values = (f: (r: (typeof buckets)[number]) => string | number) =>
          `{${buckets.map((r) => JSON.stringify(f(r))).join(',')}}`;
        const got = rowsOf<{
          key: string;
          measure: string;
          n: string | number;
          median: string | number;
          p90: string | number;
        }>(
          await t.ctx.database.db.execute(
            percentilesSql(sql`SELECT u.key, u.measure, u.bucket, u.n, u.max
              FROM unnest(${values((r) => r.key)}::text[], ${values((r) => r.measure)}::text[],
                ${values((r) => r.bucket)}::int[], ${values((r) => r.n)}::int[], ${values((r) => r.value)}::bigint[])
                AS u(key, measure, bucket, n, max)`),
          ),
        );
        const expected = new Map<string, BucketCount[]>();
        for (const r of buckets) {
          const k = `${r.key}|${r.measure}`;
          expected.set(k, [...(expected.get(k) ?? []), { bucket: r.bucket, n: r.n, max: r.value }]);
        }
        expect(got.length).toBe(expected.size);
        for (const g of got) {
          const b = mergeBuckets(expected.get(`${g.key}|${g.measure}`)!);
          expect(Number(g.n)).toBe(b.reduce((s, x) => s + x.n, 0));
          expect(Number(g.median)).toBe(percentileOfBuckets(b, 50));
          expect(Number(g.p90)).toBe(percentileOfBuckets(b, 90));
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe('durations packed by the database (the dimensions’ rollup)', () => {
  it('unpack to the buckets they were packed from, in bucket order, counts and largest values exact', async () => {
    const entry = fc.record({
      value: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 10 * 366 * 86_400_000 })),
      n: fc.integer({ min: 1, max: 2_000_000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(entry, { selector: (e) => timeBucket(e.value), maxLength: 60 }),
        async (entries) => {
          const buckets = entries.map((e) => ({ bucket: timeBucket(e.value), n: e.n, max: e.value }));
          const list = (f: (b: BucketCount) => number) => `{${buckets.map(f).join(',')}}`;
          const packs = await readPacks(
            t.ctx.database.db,
            sql`SELECT 'k' AS key, 'wall' AS measure, coalesce(${PACK_BUCKETS}, ''::bytea) AS buckets
            FROM unnest(${list((b) => b.bucket)}::int[], ${list((b) => b.n)}::int[], ${list((b) => b.max)}::bigint[])
              AS b(bucket, n, max)`,
          );
          const sum = new BucketSum();
          addPack(sum, packs[0]!.buckets);
          expect(sum.buckets()).toEqual(mergeBuckets(buckets));
        },
      ),
      { numRuns: 100, seed: 38 },
    );
  });
});
