// Two jobs on every instance: the outbox consumer queues deliveries (whoever holds the cursor row reads), and the
// sender claims due deliveries with SKIP LOCKED (instances share the queue, each delivery goes once).
import { drainPaced } from '../../platform/jobs/pacing.ts';
import type { Job } from '../../platform/jobs/runner.ts';
import { consumeEvents } from './service/consume.ts';
import { forgetOldDeliveries, sendDue } from './service/send.ts';

export const notificationQueueJob: Job = {
  name: 'notifications-queue',
  everyMs: 2_000,
  run: async (ctx, signal) => {
    await drainPaced(ctx.requests, signal, () => consumeEvents(ctx));
  },
};

export const notificationSendJob: Job = {
  name: 'notifications-send',
  everyMs: 5_000,
  run: async (ctx, signal) => {
    await drainPaced(ctx.requests, signal, () => sendDue(ctx));
  },
};

/** The hourly clean-up deletes in batches, at most this many a run. */
const MAX_RETENTION_BATCHES = 20;

export const notificationRetentionJob: Job = {
  name: 'notifications-retention',
  everyMs: 60 * 60_000,
  run: async (ctx) => {
    for (let i = 0; i < MAX_RETENTION_BATCHES; i++) {
      if ((await forgetOldDeliveries(ctx)) === 0) return;
    }
  },
};
