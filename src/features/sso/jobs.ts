// Sign-ins under way that were never finished are kept a day past their expiry (for the audit's sake), then removed.
import type { Job } from '../../platform/jobs/runner.ts';
import { cleanUp } from './service.ts';

export const ssoCleanupJob: Job = {
  name: 'sso-cleanup',
  everyMs: 3_600_000,
  run: async (ctx) => {
    await cleanUp(ctx);
  },
};
