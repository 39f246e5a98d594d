// Maintaining the facts table as data changes. Every ticket change bumps tickets.updated_at and every clock
// recomputation bumps ticket_sla.computed_at; the refresh re-judges the tickets changed since its watermark (with a
// few minutes of overlap, because a transaction may commit after a later one). Rebuild starts from scratch.
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { exclusively, holdJobLock, type Job } from '../../platform/jobs/runner.ts';
import { callTargets } from './call-targets.ts';
import {
  callMonthsChangedSince,
  callRollupState,
  rebuildAllCallMonths,
  rebuildCallMonths,
  sameTargets,
} from './calls-store.ts';
import {
  databaseNow,
  judgeTickets,
  readWatermark,
  ticketIdsAfter,
  ticketsChangedSince,
  truncateFacts,
  upsertFacts,
  writeWatermark,
} from './facts-store.ts';
import { reportTimeZone } from './report-store.ts';
import {
  csatMonths,
  monthsOfTickets,
  rebuildAllMonths,
  rebuildCsatMonths,
  rebuildMonths,
  rollupTimeZone,
} from './rollup-store.ts';

const BATCH = 500;
/** Longer than any ticket transaction: a change that committed late is still picked up. */
const OVERLAP_MS = 5 * 60_000;

async function refreshIds(db: Queryable, ids: string[]) {
  for (let i = 0; i < ids.length; i += BATCH) await upsertFacts(db, await judgeTickets(db, ids.slice(i, i + BATCH)));
}

/** Re-judges the tickets changed since the watermark; returns how many. One instance at a time. */
export async function refreshChangedFacts(ctx: AppContext): Promise<number> {
  let refreshed = 0;
  await exclusively(ctx, 'reports-refresh', async (tx) => {
    const started = await databaseNow(tx);
    const mark = await readWatermark(tx);
    const ids = await ticketsChangedSince(tx, mark === null ? null : new Date(mark.getTime() - OVERLAP_MS));
    await refreshIds(tx, ids);
    await writeWatermark(tx, started);
    await refreshRollup(tx, ids, mark === null ? null : new Date(mark.getTime() - OVERLAP_MS));
    await refreshCallRollup(tx, mark === null ? null : new Date(mark.getTime() - OVERLAP_MS));
    refreshed = ids.length;
  });
  return refreshed;
}

/**
 * Recomputes the months of the rollup the refreshed tickets were opened in, and the CSAT months of answers that came
 * in since the last refresh or are about those tickets (all months on the first refresh, or when the hospital's time
 * zone is not the one the rollup was cut in).
 */
async function refreshRollup(tx: Queryable, ids: string[], since: Date | null) {
  const timeZone = await reportTimeZone(tx);
  if (since === null || (await rollupTimeZone(tx)) !== timeZone) {
    await rebuildAllMonths(tx, timeZone);
    return;
  }
  await rebuildMonths(tx, await monthsOfTickets(tx, ids, timeZone), timeZone);
  // Answers that came in since the last refresh, and answers about tickets whose facts changed.
  await rebuildCsatMonths(tx, await csatMonths(tx, ids, since, timeZone), timeZone);
}

/**
 * Recomputes the phone rollup's months of calls added or changed since the last refresh (every month on the first
 * refresh, or when the hospital's time zone or a line's answer target is not what the rollup was cut with).
 */
async function refreshCallRollup(tx: Queryable, since: Date | null) {
  const [timeZone, targets, built] = [await reportTimeZone(tx), await callTargets(tx), await callRollupState(tx)];
  if (since === null || built.timeZone !== timeZone || !sameTargets(built.targets, targets)) {
    await rebuildAllCallMonths(tx, timeZone, targets);
    return;
  }
  await rebuildCallMonths(tx, await callMonthsChangedSince(tx, since, timeZone), timeZone, targets);
}

/**
 * Throws the facts away and judges every ticket again (`clinidesk reports rebuild`), in batches by id so memory
 * stays flat at a million tickets. Each step holds the refresh job's lock, so a refresh (on this or another instance)
 * never interleaves with a batch (they would deadlock on the same rows). The watermark is set to the start together
 * with the truncation, so a refresh between batches only looks at what changed since, and changes during the rebuild
 * are caught. The monthly rollup is rebuilt from the new facts at the end.
 */
export async function rebuildFacts(
  ctx: Pick<AppContext, 'database'>,
  onProgress?: (done: number) => void,
): Promise<number> {
  const db = ctx.database.db;
  await db.transaction(async (tx) => {
    await holdJobLock(tx, 'reports-refresh');
    const started = await databaseNow(tx);
    await truncateFacts(tx);
    await writeWatermark(tx, started);
  });
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const ids = await ticketIdsAfter(db, after, BATCH);
    if (!ids.length) break;
    await db.transaction(async (tx) => {
      await holdJobLock(tx, 'reports-refresh');
      await refreshIds(tx, ids);
    });
    after = ids[ids.length - 1]!;
    done += ids.length;
    onProgress?.(done);
  }
  await rebuildRollup(ctx);
  return done;
}

/**
 * Recomputes the whole monthly rollup from the facts, and the phone rollup from the contacts (`clinidesk reports
 * rebuild --rollup-only`); returns the ticket rollup's months.
 */
export async function rebuildRollup(ctx: Pick<AppContext, 'database'>): Promise<number> {
  return ctx.database.db.transaction(async (tx) => {
    await holdJobLock(tx, 'reports-refresh');
    const timeZone = await reportTimeZone(tx);
    await rebuildAllCallMonths(tx, timeZone, await callTargets(tx));
    return rebuildAllMonths(tx, timeZone);
  });
}

export async function factsAsOf(db: Queryable): Promise<string | null> {
  return (await readWatermark(db))?.toISOString() ?? null;
}

export const reportJobs: Job[] = [
  { name: 'reports-refresh', everyMs: 30_000, run: async (ctx) => void (await refreshChangedFacts(ctx)) },
];
