// The incidents' job: finishes any fan-out to the children of a resolved incident that is not done yet (one is
// started right after resolving; this picks up one interrupted by a restart), batch by batch.
import type { Job } from '../../platform/jobs/runner.ts';
import { runPendingFanOuts } from './service/fan-out.ts';

export const incidentFanOutJob: Job = {
  name: 'incident-fan-out',
  everyMs: 5_000,
  run: async (ctx) => {
    await runPendingFanOuts(ctx);
  },
};
