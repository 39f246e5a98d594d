// The intake's retry: messages stored but not processed (an instance stopped after "250", a failed try, a message
// an administrator released) are processed here; each is claimed with SKIP LOCKED, so instances never collide.
import type { Job } from '../../platform/jobs/runner.ts';
import { processPending } from './service/intake.ts';

export const emailIntakeJob: Job = {
  name: 'email-intake',
  everyMs: 10_000,
  run: async (ctx) => {
    await processPending(ctx);
  },
};
