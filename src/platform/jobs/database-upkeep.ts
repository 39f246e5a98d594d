// The embedded database's autovacuum: PGlite has none, so this job does its work (upkeep-rules.ts says why and when).
// A PostgreSQL server keeps itself; there the job does nothing.
import type { AppContext } from '../context.ts';
import { upkeepPlan } from '../db/upkeep-rules.ts';
import { keepUp, tableActivity } from '../db/upkeep-store.ts';
import type { Job } from './runner.ts';

/** One run stops starting new tables after this long: PGlite's only connection is held while a table is worked on,
 *  and the tables left wait for the next run. */
const RUN_BUDGET_MS = 500;

type Done = { table: string; vacuum: boolean; analyze: boolean; ms: number };

/** Works through the tables that want VACUUM or ANALYZE now, the most overdue first; returns what was done. */
export async function keepDatabaseUp(ctx: AppContext, signal?: AbortSignal): Promise<Done[]> {
  if (ctx.database.kind !== 'pglite') return [];
  const started = performance.now();
  const done: Done[] = [];
  for (const upkeep of upkeepPlan(await tableActivity(ctx.database))) {
    if (signal?.aborted || performance.now() - started > RUN_BUDGET_MS) break;
    const at = performance.now();
    await keepUp(ctx.database, upkeep);
    done.push({
      table: upkeep.table,
      vacuum: upkeep.vacuum,
      analyze: upkeep.analyze,
      ms: Math.round(performance.now() - at),
    });
  }
  return done;
}

export const databaseUpkeep: Job = {
  name: 'database-upkeep',
  everyMs: 30_000,
  run: async (ctx, signal) => {
    const done = await keepDatabaseUp(ctx, signal);
    if (done.length > 0) ctx.log.debug({ tables: done }, 'embedded database upkeep (vacuum / analyze)');
  },
};
