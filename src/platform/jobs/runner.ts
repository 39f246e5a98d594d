// Periodic jobs that are safe with several app instances. `exclusively` runs work inside a transaction holding a
// transaction-scoped advisory lock, so one instance does it at a time and no lease outlives a crashed process.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { rowsOf, type Tx } from '../db/connect.ts';

/**
 * A periodic job. `signal` is aborted when the server stops: a job that works in many steps checks it between two
 * (signal.throwIfAborted()) so shutdown does not wait for the whole run; the runner waits for the step under way.
 */
export type Job = { name: string; everyMs: number; run: (ctx: AppContext, signal: AbortSignal) => Promise<void> };

function lockKey(name: string): bigint {
  return createHash('sha256').update(`clinidesk-job:${name}`).digest().readBigInt64BE(0);
}

/** Runs `work` if no other instance is running the job of that name; returns whether it ran. */
export async function exclusively(ctx: AppContext, name: string, work: (tx: Tx) => Promise<void>): Promise<boolean> {
  return ctx.database.db.transaction(async (tx) => {
    const res = await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${lockKey(name)}::bigint) AS got`);
    if (!rowsOf<{ got: boolean }>(res)[0]?.got) return false;
    await work(tx);
    return true;
  });
}

/** Waits for the job's lock and holds it to the end of `tx`: work that must not interleave with the job's runs. */
export async function holdJobLock(tx: Tx, name: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${lockKey(name)}::bigint)`);
}

/** A job run this long is logged (warn): on PGlite it stalled every request meanwhile. */
const SLOW_JOB_MS = 1000;

/**
 * Runs each job every `everyMs`, never two runs of one job at once. The returned stop clears the timers, aborts the
 * runs under way and waits for them to finish, so the database is not closed under a job's transaction.
 */
export function startJobs(ctx: AppContext, jobs: Job[]): () => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const stopping = new AbortController();
  const timers = jobs.map((job) => {
    const timer = setInterval(() => {
      if (running.has(job.name) || stopping.signal.aborted) return; // a slow run is not stacked on
      const startedAt = performance.now();
      const run = job
        .run(ctx, stopping.signal)
        .catch((err) => {
          if (!stopping.signal.aborted) ctx.log.error({ err, job: job.name }, 'job failed');
        })
        .finally(() => {
          running.delete(job.name);
          // On the embedded database a long run holds the only connection: every request waits for it.
          const ms = Math.round(performance.now() - startedAt);
          if (ms >= SLOW_JOB_MS) ctx.log.warn({ job: job.name, ms }, 'a job run took long');
        });
      running.set(job.name, run);
    }, job.everyMs);
    timer.unref();
    return timer;
  });
  return async () => {
    for (const t of timers) clearInterval(t);
    stopping.abort();
    await Promise.all(running.values());
  };
}
