// The SLA sweep: every few seconds, each instance claims the tickets whose next look is due (SKIP LOCKED, so
// instances share the work and never handle one ticket twice at once) and marks them at risk or breached.
import type { Job } from '../../platform/jobs/runner.ts';
import { sweepSla } from './service.ts';

const BATCH = 500;
const MAX_BATCHES_PER_RUN = 20;

export const slaSweep: Job = {
  name: 'sla-sweep',
  everyMs: 5_000,
  run: async (ctx) => {
    // After downtime many tickets are due at once: work through them in batches, a bounded amount per run.
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      if ((await sweepSla(ctx, Date.now(), BATCH)) < BATCH) return;
    }
  },
};
