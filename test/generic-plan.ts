// Statements with parameters run as prepared statements on both databases, and after a few runs PostgreSQL may plan
// them once for any parameter values (a generic plan): one that cannot see the parameters' values, e.g. how small a
// LIMIT is or which statuses a condition names. Plan tests look at that plan.
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { expect } from 'vitest';
import { type Database, rowsOf } from '../src/platform/db/connect.ts';

/**
 * The generic plan of `query` (prepared, then explained with these parameter values), table scans discouraged. The
 * query is built SQL, or the text a store function sent (test/recording-db.ts) with its `$1`… placeholders.
 */
export async function genericPlan(database: Database, query: SQL | string, values: string[] = []): Promise<string> {
  let plan = '';
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL plan_cache_mode = force_generic_plan`);
    await tx.execute(sql`SET LOCAL enable_seqscan = off`);
    const text = typeof query === 'string' ? query : new PgDialect().sqlToQuery(query).sql;
    expect(new Set(text.match(/\$\d+/g)).size).toBe(values.length);
    await tx.execute(sql.raw(`PREPARE generic_plan_check AS ${text}`));
    const args = values.map((v) => `'${v}'`).join(', ');
    const rows = await tx.execute(sql.raw(`EXPLAIN (COSTS OFF) EXECUTE generic_plan_check${args ? `(${args})` : ''}`));
    plan = rowsOf<Record<string, string>>(rows)
      .map((r) => Object.values(r)[0])
      .join('\n');
    await tx.execute(sql.raw('DEALLOCATE generic_plan_check'));
  });
  return plan;
}
