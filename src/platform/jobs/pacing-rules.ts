// How much of an instance's time a background drain (webhooks, notifications) may take while people are using it.
// A drain left to itself runs batch after batch: on the embedded database every batch holds its only connection, so
// the nurse's "Get help" waits behind deliveries to a vendor. While requests are arriving, the drain rests after each
// batch for long enough that it takes at most BUSY_SHARE of the time; when the instance is idle it runs flat out.

/** The share of the time a drain may take while requests are arriving. */
export const BUSY_SHARE = 0.25;
/** The longest rest after one batch: a drain under constant load still moves at least one batch a second or so. */
export const MAX_REST_MS = 1_000;

/** How long to rest after a batch that took `batchMs`; `busy`: requests arrived during it. */
export function restAfter(batchMs: number, busy: boolean): number {
  if (!busy || !(batchMs > 0)) return 0;
  return Math.min(MAX_REST_MS, Math.ceil((batchMs * (1 - BUSY_SHARE)) / BUSY_SHARE));
}
