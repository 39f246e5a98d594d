// How much of an instance's time a background drain (webhooks, notifications) may take while people are waiting on
// it. A drain left to itself runs batch after batch: on the embedded database every batch holds its only connection,
// so the nurse's "Get help" waits behind deliveries to a vendor. When a batch ends with requests still in flight
// (they queued behind it, or the instance is that busy), the drain rests long enough to take at most BUSY_SHARE of
// the time. Light traffic seldom overlaps a batch's end, so an instance in ordinary use drains at nearly full speed.

/** The share of the time a drain may take while requests are waiting. */
export const BUSY_SHARE = 0.1;
/** The longest rest after one batch. */
export const MAX_REST_MS = 1_000;

/** How long to rest after a batch that took `batchMs`; `busy`: requests were in flight as it ended. */
export function restAfter(batchMs: number, busy: boolean): number {
  if (!busy || !(batchMs > 0)) return 0;
  return Math.min(MAX_REST_MS, Math.ceil((batchMs * (1 - BUSY_SHARE)) / BUSY_SHARE));
}
