// A rebuild of the reports' facts walks every ticket in batches of 500, by key. Its batch statement is prepared, and
// PostgreSQL may plan it once for any "after" (a generic plan). Written as a join to the SLA clocks, that plan merged
// with every clock from the first, however far the walk had come: at a million tickets a batch near the end read
// 850,000 clocks (0.9 s) and the rebuild grew with the square of the history (docs/benchmarks.md, 2026-12-05).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import { genericPlan } from '../../../test/generic-plan.ts';
import { recordingDb } from '../../../test/recording-db.ts';
import type { Database } from '../../platform/db/connect.ts';
import { ticketsAfter } from './facts-store.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase('demo');
});
afterAll(() => database?.close());

const after = '00000000-0000-0000-0000-000000000000';

describe("a rebuild's batch under a generic plan", () => {
  it('reads each ticket of the batch and its clock by key, never the clocks from the first', async () => {
    const { db, sent } = recordingDb();
    await ticketsAfter(db, after, 500);
    expect(sent).toHaveLength(1);
    const plan = await genericPlan(database, sent[0]!, [after]);
    expect(plan).toMatch(/Index Scan using tickets_pkey on tickets t\s+Index Cond: \(id > \$1\)/);
    expect(plan).toMatch(/Index Scan using ticket_sla_pkey on ticket_sla s\s+Index Cond: \(ticket_id = t\.id\)/);
    expect(plan).not.toMatch(/Merge|Hash/);
  });

  it('(control) written as a join, the same batch merges with the clocks read from the first', async () => {
    const joined = sql`SELECT t.id, t.updated_at::text, s.computed_at::text
      FROM tickets t LEFT JOIN ticket_sla s ON s.ticket_id = t.id
      WHERE t.id > ${after}::uuid ORDER BY t.id LIMIT ${500}`;
    const plan = await genericPlan(database, joined, [after, '500']);
    expect(plan).toMatch(/Merge Left Join/);
    expect(plan).not.toMatch(/Index Cond: \(ticket_id = t\.id\)/);
  });
});
