// The PHI scan: tickets written before masked search existed, or by a bulk loader that did not mask, get their
// masked text here. Until then they match no search by a viewer who may not see PHI (fail closed).
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/jobs/runner.ts';
import { maskUnscannedTickets } from './store.ts';

const BATCH = 500;

export const phiScan: Job = {
  name: 'phi-scan',
  everyMs: 10_000,
  run: async (ctx: AppContext) => {
    for (let i = 0; i < 20; i++) if ((await maskUnscannedTickets(ctx.database.db, BATCH)) < BATCH) return;
  },
};
