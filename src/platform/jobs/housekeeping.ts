// Housekeeping: forget ended sessions and old sign-in failures.
import { deleteOldFailures, deleteStaleSessions } from '../auth/store.ts';
import type { Job } from './runner.ts';

export const housekeeping: Job = {
  name: 'housekeeping',
  everyMs: 15 * 60_000,
  async run(tx, ctx) {
    await deleteStaleSessions(tx, 30);
    await deleteOldFailures(tx, Math.max(60, ctx.config.login.windowMinutes * 2));
  },
};
