// Sign-in throttling, pure: too many recent failures for one account, or from one address, blocks further tries
// until the window has passed. Kept in the database, so it holds across app instances.

export type ThrottleInput = {
  failuresForAccount: number;
  failuresFromAddress: number;
  oldestAccountFailure: Date | null;
  maxFailures: number;
  windowMinutes: number;
  now: Date;
};

/** An address may try several accounts (a shared nursing-station PC), so it gets more room than one account. */
export const ADDRESS_FACTOR = 4;

export function throttle(input: ThrottleInput): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const windowMs = input.windowMinutes * 60_000;
  if (input.failuresForAccount >= input.maxFailures) {
    const since = input.oldestAccountFailure?.getTime() ?? input.now.getTime();
    const wait = Math.max(1, Math.ceil((since + windowMs - input.now.getTime()) / 1000));
    return { allowed: false, retryAfterSeconds: wait };
  }
  if (input.failuresFromAddress >= input.maxFailures * ADDRESS_FACTOR) {
    return { allowed: false, retryAfterSeconds: input.windowMinutes * 60 };
  }
  return { allowed: true };
}
