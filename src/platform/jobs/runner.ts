// Periodic jobs that are safe with several app instances: each run takes a transaction-scoped advisory lock,
// so exactly one instance does a given job at a time, and no lease outlives a crashed process.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { rowsOf, type Tx } from '../db/connect.ts';

export type Job = { name: string; everyMs: number; run: (tx: Tx, ctx: AppContext) => Promise<void> };

function lockKey(name: string): bigint {
  return createHash('sha256').update(`clinidesk-job:${name}`).digest().readBigInt64BE(0);
}

/** Runs the job once if no other instance is running it; returns whether it ran. */
export async function runJobOnce(ctx: AppContext, job: Job): Promise<boolean> {
  return ctx.database.db.transaction(async (tx) => {
    const res = await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${lockKey(job.name)}::bigint) AS got`);
    if (!rowsOf<{ got: boolean }>(res)[0]?.got) return false;
    await job.run(tx, ctx);
    return true;
  });
}

export function startJobs(ctx: AppContext, jobs: Job[]): () => void {
  const timers = jobs.map((job) => {
    const timer = setInterval(() => {
      runJobOnce(ctx, job).catch((err) => ctx.log.error({ err, job: job.name }, 'job failed'));
    }, job.everyMs);
    timer.unref();
    return timer;
  });
  return () => {
    for (const t of timers) clearInterval(t);
  };
}
