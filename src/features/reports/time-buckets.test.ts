// The database files durations in the same buckets as rules/histogram.ts (migration 0018's report_time_bucket),
// so a median added up in SQL is the median the pure rules give.

import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { rowsOf } from '../../platform/db/connect.ts';
import { timeBucket } from './rules/histogram.ts';

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
