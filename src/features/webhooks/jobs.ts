// Two jobs on every instance: the outbox consumer makes deliveries (whoever holds the cursor row reads), and the
// sender claims due deliveries with SKIP LOCKED (instances share the queue, each attempt is made once). A third, hourly:
// deliveries past their retention period are deleted (one instance at a time, in batches).
import { drainPaced } from '../../platform/jobs/pacing.ts';
import type { Job } from '../../platform/jobs/runner.ts';
import { consumeWebhookEvents } from './service/consume.ts';
import { purgeExpiredDeliveries } from './service/retention.ts';
import { sendDueWebhooks } from './service/send.ts';

export const webhookQueueJob: Job = {
  name: 'webhooks-queue',
  everyMs: 1_000,
  run: async (ctx, signal) => {
    await drainPaced(ctx.requests, signal, () => consumeWebhookEvents(ctx));
  },
};

export const webhookSendJob: Job = {
  name: 'webhooks-send',
  everyMs: 1_000,
  run: async (ctx, signal) => {
    await drainPaced(ctx.requests, signal, () => sendDueWebhooks(ctx));
  },
};

export const webhookRetentionJob: Job = {
  name: 'webhooks-retention',
  everyMs: 60 * 60_000,
  run: async (ctx, signal) => {
    await purgeExpiredDeliveries(ctx, { signal });
  },
};
