// Maintaining the facts table as data changes. Every ticket change bumps tickets.updated_at and every clock
// recomputation bumps ticket_sla.computed_at; the refresh re-judges the tickets changed since its watermark (with a
// few minutes of overlap, because a transaction may commit after a later one). Rebuild starts from scratch.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { exclusively, type Job } from '../../platform/jobs/runner.ts';
import { judgeTickets, upsertFacts } from './facts-store.ts';

const BATCH = 500;
/** Longer than any ticket transaction: a change that committed late is still picked up. */
const OVERLAP = '5 minutes';

async function refreshIds(db: Queryable, ids: string[]) {
  for (let i = 0; i < ids.length; i += BATCH) await upsertFacts(db, await judgeTickets(db, ids.slice(i, i + BATCH)));
}

/** Re-judges the tickets changed since the watermark; returns how many. One instance at a time. */
export async function refreshChangedFacts(ctx: AppContext): Promise<number> {
  let refreshed = 0;
  await exclusively(ctx, 'reports-refresh', async (tx) => {
    const started = rowsOf<{ now: Date | string }>(await tx.execute(sql`SELECT now() AS now`))[0]!.now;
    const mark = rowsOf<{ watermark: Date | string }>(
      await tx.execute(sql`SELECT watermark FROM report_refresh WHERE id = 1`),
    )[0]?.watermark;
    const since = mark
      ? sql`${new Date(mark).toISOString()}::timestamptz - ${OVERLAP}::interval`
      : sql`'-infinity'::timestamptz`;
    const ids = rowsOf<{ id: string }>(
      await tx.execute(sql`
        SELECT id FROM tickets WHERE updated_at > ${since}
        UNION SELECT ticket_id FROM ticket_sla WHERE computed_at > ${since}`),
    ).map((r) => r.id);
    await refreshIds(tx, ids);
    await tx.execute(sql`
      INSERT INTO report_refresh (id, watermark) VALUES (1, ${new Date(started).toISOString()}::timestamptz)
      ON CONFLICT (id) DO UPDATE SET watermark = excluded.watermark`);
    refreshed = ids.length;
  });
  return refreshed;
}

/**
 * Throws the facts away and judges every ticket again (`clinidesk reports rebuild`), in batches by id so memory
 * stays flat at a million tickets. The watermark is set to the start, so changes during the rebuild are caught.
 */
export async function rebuildFacts(ctx: AppContext, onProgress?: (done: number) => void): Promise<number> {
  const db = ctx.database.db;
  const started = rowsOf<{ now: Date | string }>(await db.execute(sql`SELECT now() AS now`))[0]!.now;
  await db.execute(sql`TRUNCATE report_ticket_facts`);
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const ids = rowsOf<{ id: string }>(
      await db.execute(sql`SELECT id FROM tickets WHERE id > ${after}::uuid ORDER BY id LIMIT ${BATCH}`),
    ).map((r) => r.id);
    if (!ids.length) break;
    await db.transaction((tx) => refreshIds(tx, ids));
    after = ids[ids.length - 1]!;
    done += ids.length;
    onProgress?.(done);
  }
  await db.execute(sql`
    INSERT INTO report_refresh (id, watermark) VALUES (1, ${new Date(started).toISOString()}::timestamptz)
    ON CONFLICT (id) DO UPDATE SET watermark = excluded.watermark`);
  return done;
}

export async function factsAsOf(db: Queryable): Promise<string | null> {
  const row = rowsOf<{ watermark: Date | string }>(
    await db.execute(sql`SELECT watermark FROM report_refresh WHERE id = 1`),
  )[0];
  return row ? new Date(row.watermark).toISOString() : null;
}

export const reportJobs: Job[] = [
  { name: 'reports-refresh', everyMs: 30_000, run: async (ctx) => void (await refreshChangedFacts(ctx)) },
];
