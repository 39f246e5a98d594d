// The intake's retry: messages stored but not processed (an instance stopped after "250", a failed try, a message
// an administrator released) are processed here; each is claimed with SKIP LOCKED, so instances never collide.
import type { Job } from '../../platform/jobs/runner.ts';
import { processPending } from './service/intake.ts';
import { purgeExpiredRaw } from './service/retention.ts';

export const emailIntakeJob: Job = {
  name: 'email-intake',
  everyMs: 10_000,
  run: async (ctx) => {
    await processPending(ctx);
  },
};

/** Raw messages past the retention period lose their content (docs/email.md); hourly, rows shared by SKIP LOCKED. */
export const emailRetentionJob: Job = {
  name: 'email-retention',
  everyMs: 60 * 60_000,
  run: async (ctx) => {
    for (let i = 0; i < 20; i++) if ((await purgeExpiredRaw(ctx)) === 0) return;
  },
};
