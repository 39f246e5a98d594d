// The public status endpoint's limit per client (its address): counted per minute in the database, so it holds
// whatever the number of app instances. Pure: the count comes in, the decision goes out.

/**
 * Generous for a page that refreshes itself every minute (many people share one hospital address behind NAT), tight
 * enough that a loop cannot hammer the database.
 */
export const STATUS_LIMIT = { perMinute: 600 } as const;
const MINUTE = 60_000;

/** The minute a request counts in. */
export const windowOf = (now: number): number => Math.floor(now / MINUTE) * MINUTE;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; until: number };

/** `hits` is the count for the client's current minute, this request included. */
export function statusThrottle(hits: number, now: number, limit: number = STATUS_LIMIT.perMinute): ThrottleDecision {
  if (hits <= limit) return { allowed: true };
  const until = windowOf(now) + MINUTE;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)), until };
}

/** Minutes older than this are of no use to the throttle and are swept. */
export const THROTTLE_KEEP_MS = 2 * MINUTE;
