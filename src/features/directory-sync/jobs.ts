// The scheduled directory sync: checked every minute, run when the connection is on and its interval has passed.
// Several instances are safe: the run takes the job's advisory lock (sync.ts), and a second one finds it held.
import { SYSTEM_META } from '../../platform/actor.ts';
import type { Job } from '../../platform/jobs/runner.ts';
import { SYNC_JOB, syncIfDue } from './sync.ts';

export const directorySyncJob: Job = {
  name: SYNC_JOB,
  everyMs: 60_000,
  run: async (ctx) => {
    await syncIfDue(ctx, SYSTEM_META);
  },
};
