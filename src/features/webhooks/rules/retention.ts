// How long webhook deliveries (with their attempts and answer excerpts) are kept. A delivered one is kept
// CLINIDESK_WEBHOOK_DELIVERED_RETENTION_DAYS (default 30) from its delivery; a failed one, the evidence of a
// receiver's outage someone may still be looking into, CLINIDESK_WEBHOOK_FAILED_RETENTION_DAYS (default 90) from the
// start of its last day of retries (or its making). A pending one (waiting or retrying) is never deleted.
import type { DeliveryStatus } from './delivery.ts';

export const DEFAULT_DELIVERED_RETENTION_DAYS = 30;
export const DEFAULT_FAILED_RETENTION_DAYS = 90;

export type DeliveryRetentionDays = { deliveredDays: number; failedDays: number };

/** Instants at or before which a delivered (resp. failed) delivery is past its period. */
export function deliveryRetentionCutoffs(now: Date, days: DeliveryRetentionDays): { delivered: Date; failed: Date } {
  return {
    delivered: new Date(now.getTime() - days.deliveredDays * 86_400_000),
    failed: new Date(now.getTime() - days.failedDays * 86_400_000),
  };
}

/** Whether the retention job deletes this delivery now (the SQL in store.ts says the same). */
export function deliveryExpired(
  d: { status: DeliveryStatus; createdAt: Date; deliveredAt: Date | null; windowStartedAt: Date | null },
  now: Date,
  days: DeliveryRetentionDays,
): boolean {
  const cut = deliveryRetentionCutoffs(now, days);
  if (d.status === 'delivered') return (d.deliveredAt ?? d.createdAt).getTime() <= cut.delivered.getTime();
  if (d.status === 'failed') {
    const last = Math.max(d.createdAt.getTime(), d.windowStartedAt?.getTime() ?? 0);
    return last <= cut.failed.getTime();
  }
  return false;
}
