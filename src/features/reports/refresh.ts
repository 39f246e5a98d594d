// Maintaining the facts table as data changes. Every ticket change bumps tickets.updated_at and every clock
// recomputation bumps ticket_sla.computed_at; the refresh re-judges the tickets changed since its watermark (with a
// few minutes of overlap, because a transaction may commit after a later one). Rebuild starts from scratch.
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { declareWritesNoEvents } from '../../platform/events/outbox.ts';
import { exclusively, holdJobLock, type Job } from '../../platform/jobs/runner.ts';
import { callTargets } from './call-targets.ts';
import {
  beginCallRebuild,
  type CallTargets,
  callMonthsChangedSince,
  callRollupState,
  callsPending,
  rebuildCallMonths,
  rebuildNextCallMonth,
  sameTargets,
} from './calls-store.ts';
import {
  databaseNow,
  judgeTickets,
  readWatermark,
  stampJudged,
  ticketsAfter,
  ticketsChangedSince,
  truncateFacts,
  upsertFacts,
  writeWatermark,
} from './facts-store.ts';
import { reportTimeZone } from './report-store.ts';
import {
  beginRebuild,
  csatMonths,
  rebuildCsatMonths,
  rebuildMonthsOfTickets,
  rebuildNextMonth,
  rollupPending,
  rollupTimeZone,
} from './rollup-store.ts';

const BATCH = 500;
/** Longer than any ticket transaction: a change that committed late is still picked up. */
const OVERLAP_MS = 5 * 60_000;

/** Re-judges the tickets; returns those whose facts are new or changed. */
async function refreshIds(db: Queryable, ids: string[]): Promise<string[]> {
  const changed: string[] = [];
  for (let i = 0; i < ids.length; i += BATCH)
    changed.push(...(await upsertFacts(db, await judgeTickets(db, ids.slice(i, i + BATCH)))));
  return changed;
}

/** A hook between two steps of a rollup rebuild (tests: another request is answered there). */
export type StepHook = () => Promise<void>;

/**
 * Re-judges the tickets changed since the watermark and keeps the rollups up to date with the facts that changed;
 * returns how many tickets were re-judged. One instance at a time. A rollup rebuild this refresh starts (or finds
 * under way) is then done month by month, each month a transaction of its own (rebuildRollupSteps).
 */
export async function refreshChangedFacts(ctx: AppContext, betweenSteps?: StepHook): Promise<number> {
  // The first refresh judges every ticket: as a rebuild does, in batches that are each a transaction of their own, so
  // the database answers other requests between two (the demo's year in one transaction held PGlite's only
  // connection for ~20 s, 30 s after the first start).
  if ((await readWatermark(ctx.database.db)) === null) {
    const judged = await rebuildFacts(ctx, undefined, { firstOnly: true, betweenSteps });
    if (judged !== null) return judged;
  }
  let refreshed = 0;
  const ran = await exclusively(ctx, 'reports-refresh', async (tx) => {
    // Seconds long (minutes after a seed on a busy machine) and it writes no events: live events need not wait for it.
    await declareWritesNoEvents(tx);
    const started = await databaseNow(tx);
    const mark = await readWatermark(tx);
    const since = mark === null ? null : new Date(mark.getTime() - OVERLAP_MS);
    const due = await ticketsChangedSince(tx, since);
    const ids = due.map((d) => d.id);
    const changed = await refreshIds(tx, ids);
    await stampJudged(tx, due);
    await writeWatermark(tx, started);
    const timeZone = await reportTimeZone(tx);
    await refreshRollup(tx, changed, since, timeZone);
    await refreshCallRollup(tx, since, timeZone, await callTargets(tx));
    refreshed = ids.length;
  });
  if (ran) await rebuildRollupSteps(ctx, betweenSteps);
  return refreshed;
}

/**
 * Recomputes the months of the rollup the tickets whose facts changed were opened in (and of the daily rollup their
 * days only), and the CSAT months of answers that came in since the last refresh or are about those tickets. Starts a
 * rebuild in steps on the first refresh, or when the hospital's time zone is not the one the rollup was cut (or is
 * being rebuilt) in. While a rebuild is under way, the months it has already done are kept up to date the same way.
 */
async function refreshRollup(tx: Queryable, changed: string[], since: Date | null, timeZone: string) {
  const pending = await rollupPending(tx);
  const built = (await rollupTimeZone(tx)) === timeZone;
  if (since === null || !(built || pending?.timeZone === timeZone)) {
    await beginRebuild(tx, timeZone);
    return;
  }
  const todo = built ? [] : (pending?.months ?? []);
  await rebuildMonthsOfTickets(tx, changed, timeZone, todo);
  // Answers that came in since the last refresh, and answers about tickets whose facts changed.
  const months = (await csatMonths(tx, changed, since, timeZone)).filter((m) => !todo.includes(m));
  await rebuildCsatMonths(tx, months, timeZone);
}

/**
 * Recomputes the phone rollup's months of calls added or changed since the last refresh. Starts a rebuild in steps on
 * the first refresh, or when the hospital's time zone or a line's answer target is not what the rollup was cut (or
 * is being rebuilt) with.
 */
async function refreshCallRollup(tx: Queryable, since: Date | null, timeZone: string, targets: CallTargets) {
  const [state, pending] = [await callRollupState(tx), await callsPending(tx)];
  const built = state.timeZone === timeZone && sameTargets(state.targets, targets);
  const building = pending?.timeZone === timeZone && sameTargets(pending.targets, targets);
  if (since === null || !(built || building)) {
    await beginCallRebuild(tx, timeZone, targets);
    return;
  }
  const todo = built ? [] : (pending?.months ?? []);
  const months = (await callMonthsChangedSince(tx, since, timeZone)).filter((m) => !todo.includes(m));
  await rebuildCallMonths(tx, months, timeZone, targets);
}

/**
 * Does the rollup rebuilds under way, one month per transaction (the ticket rollups' months, then the phone
 * rollup's), each holding the refresh job's lock: between two steps the database answers other requests (PGlite has
 * one connection), and a refresh on this or another instance either keeps the months already done up to date or
 * takes the next month itself, never a half-done one. A crash leaves the months still to do recorded and the rollup
 * marked not built (reports read the facts); the next refresh goes on from there. Returns how many steps it did.
 */
export async function rebuildRollupSteps(ctx: Pick<AppContext, 'database'>, betweenSteps?: StepHook): Promise<number> {
  let steps = 0;
  for (;;) {
    const stepped = await ctx.database.db.transaction(async (tx) => {
      await declareWritesNoEvents(tx);
      await holdJobLock(tx, 'reports-refresh');
      return (await rebuildNextMonth(tx)) || (await rebuildNextCallMonth(tx));
    });
    if (!stepped) return steps;
    steps++;
    await betweenSteps?.();
  }
}

/**
 * Throws the facts away and judges every ticket again (`clinidesk reports rebuild`), in batches by id so memory
 * stays flat at a million tickets. Each step holds the refresh job's lock, so a refresh (on this or another instance)
 * never interleaves with a batch (they would deadlock on the same rows). The watermark is set to the start together
 * with the truncation, so a refresh between batches only looks at what changed since, and changes during the rebuild
 * are caught. The rollups are rebuilt from the new facts at the end, in steps.
 */
export async function rebuildFacts(
  ctx: Pick<AppContext, 'database'>,
  onProgress?: (done: number) => void,
): Promise<number>;
/** `firstOnly`: the first refresh's judging; null (nothing done) when another instance has begun it meanwhile. */
export async function rebuildFacts(
  ctx: Pick<AppContext, 'database'>,
  onProgress: ((done: number) => void) | undefined,
  opts: { firstOnly: true; betweenSteps?: StepHook },
): Promise<number | null>;
export async function rebuildFacts(
  ctx: Pick<AppContext, 'database'>,
  onProgress?: (done: number) => void,
  opts: { firstOnly?: boolean; betweenSteps?: StepHook } = {},
): Promise<number | null> {
  const db = ctx.database.db;
  const begun = await db.transaction(async (tx) => {
    await holdJobLock(tx, 'reports-refresh');
    if (opts.firstOnly && (await readWatermark(tx)) !== null) return false;
    const started = await databaseNow(tx);
    await truncateFacts(tx);
    await writeWatermark(tx, started);
    return true;
  });
  if (!begun) return null;
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      await declareWritesNoEvents(tx);
      await holdJobLock(tx, 'reports-refresh');
      const due = await ticketsAfter(tx, after, BATCH);
      await refreshIds(
        tx,
        due.map((d) => d.id),
      );
      // Stamped as a refresh stamps what it judged: the next refresh's overlap (the minutes before the watermark)
      // then skips them. Unstamped, it judged every ticket changed in those minutes again in one transaction: after
      // a first start, the whole demo, holding PGlite's only connection for 6–9 s.
      await stampJudged(tx, due);
      return due;
    });
    if (!batch.length) break;
    after = batch[batch.length - 1]!.id;
    done += batch.length;
    onProgress?.(done);
  }
  await rebuildRollup(ctx, opts.betweenSteps);
  return done;
}

/**
 * Recomputes the ticket rollups from the facts and the phone rollup from the contacts (`clinidesk reports rebuild
 * --rollup-only`), in steps (rebuildRollupSteps); returns the ticket rollups' months.
 */
export async function rebuildRollup(ctx: Pick<AppContext, 'database'>, betweenSteps?: StepHook): Promise<number> {
  const months = await ctx.database.db.transaction(async (tx) => {
    await holdJobLock(tx, 'reports-refresh');
    const timeZone = await reportTimeZone(tx);
    await beginCallRebuild(tx, timeZone, await callTargets(tx));
    return beginRebuild(tx, timeZone);
  });
  await rebuildRollupSteps(ctx, betweenSteps);
  return months;
}

export async function factsAsOf(db: Queryable): Promise<string | null> {
  return (await readWatermark(db))?.toISOString() ?? null;
}

export const reportJobs: Job[] = [
  {
    name: 'reports-refresh',
    everyMs: 30_000,
    // A rollup rebuild under way stops between two months when the server stops; the next start goes on from there.
    run: async (ctx, signal) => void (await refreshChangedFacts(ctx, async () => signal.throwIfAborted())),
  },
];
