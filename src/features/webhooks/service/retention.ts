// The retention job's use case: deliveries past their period (rules/retention.ts) are deleted with their attempts,
// in batches of one short transaction each (nothing else waits long on their locks), one instance at a time
// (`exclusively`). The batches write no events (declared, so they hold no live event back); the run's last batch
// writes one audit entry summing the run (`webhook.retention_purge`, actor system).
import { SYSTEM_META } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { declareWritesNoEvents } from '../../../platform/events/outbox.ts';
import { exclusively } from '../../../platform/jobs/runner.ts';
import { deliveryRetentionCutoffs } from '../rules/retention.ts';
import { deleteExpiredDeliveries } from '../store.ts';

export const RETENTION_JOB = 'webhooks-retention';
const BATCH = 500;
const MAX_BATCHES_PER_RUN = 200;

export type RetentionRun = { delivered: number; failed: number; batches: number };

/** Deletes the deliveries past their period, batch after batch; null when another instance is doing it. */
export async function purgeExpiredDeliveries(
  ctx: AppContext,
  opts: { now?: Date; signal?: AbortSignal; batch?: number } = {},
): Promise<RetentionRun | null> {
  const days = ctx.config.webhookRetention;
  const cutoffs = deliveryRetentionCutoffs(opts.now ?? new Date(), days);
  const batch = opts.batch ?? BATCH;
  const run: RetentionRun = { delivered: 0, failed: 0, batches: 0 };
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    let last = false;
    const ran = await exclusively(ctx, RETENTION_JOB, async (tx) => {
      await declareWritesNoEvents(tx);
      const gone = await deleteExpiredDeliveries(tx, cutoffs, batch);
      run.delivered += gone.delivered;
      run.failed += gone.failed;
      if (gone.delivered + gone.failed > 0) run.batches++;
      last = gone.delivered + gone.failed < batch || i === MAX_BATCHES_PER_RUN - 1 || Boolean(opts.signal?.aborted);
      if (last && run.delivered + run.failed > 0)
        await recordAudit(tx, SYSTEM_META, {
          action: 'webhook.retention_purge',
          targetType: 'webhook_delivery',
          summary: {
            deliveredRetentionDays: days.deliveredDays,
            failedRetentionDays: days.failedDays,
            delivered: run.delivered,
            failed: run.failed,
            batches: run.batches,
          },
        });
    });
    if (!ran) return i === 0 ? null : run;
    if (last) return run;
  }
  return run;
}
