// Housekeeping: forget ended sessions, old sign-in failures and second steps never finished; seal the audit trail.
import { sealAuditTrail } from '../audit/service.ts';
import { deleteStaleChallenges } from '../auth/mfa-store.ts';
import { deleteOldFailures, deleteStaleSessions } from '../auth/store.ts';
import { exclusively, type Job } from './runner.ts';

export const housekeeping: Job = {
  name: 'housekeeping',
  everyMs: 15 * 60_000,
  run: async (ctx) => {
    await exclusively(ctx, 'housekeeping', async (tx) => {
      await deleteStaleSessions(tx, 30);
      await deleteOldFailures(tx, Math.max(60, ctx.config.login.windowMinutes * 2));
      await deleteStaleChallenges(tx, 60);
    });
  },
};

/** Chains new audit entries about once a second (the sealer takes its own lock). */
export const auditSealer: Job = {
  name: 'audit-sealer',
  everyMs: 1000,
  run: async (ctx) => {
    await sealAuditTrail(ctx.database);
  },
};
