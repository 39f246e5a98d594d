// Periodic routing work, safe with several instances: routing runs every second (overflow thresholds are crossed
// by time passing, not by events), and stale presences and unanswered offers are swept every 10 s.
import { SYSTEM_META } from '../../platform/actor.ts';
import { exclusively, type Job } from '../../platform/jobs/runner.ts';
import { dispatch } from './service/dispatch.ts';
import { sweepPresence } from './service/presence.ts';

export const routingJob: Job = {
  name: 'routing',
  everyMs: 1000,
  run: async (ctx) => {
    await exclusively(ctx, 'routing-sweep', async (tx) => {
      await sweepPresence(tx, SYSTEM_META);
    });
    // Not exclusive: concurrent dispatches skip each other's locked rows (FOR UPDATE SKIP LOCKED).
    await ctx.database.db.transaction(async (tx) => {
      await dispatch(tx, SYSTEM_META);
    });
  },
};
