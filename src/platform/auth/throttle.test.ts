import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDRESS_FACTOR, throttle } from './throttle.ts';

const now = new Date('2026-11-25T10:00:00Z');
const base = {
  failuresForAccount: 0,
  failuresFromAddress: 0,
  oldestAccountFailure: null,
  maxFailures: 5,
  windowMinutes: 15,
  now,
};

describe('sign-in throttling', () => {
  it('allows a nurse who mistyped a few times', () => {
    expect(throttle({ ...base, failuresForAccount: 4, failuresFromAddress: 4 })).toEqual({ allowed: true });
  });

  it('blocks an account after the fifth failure until the window has passed since the oldest failure', () => {
    const oldest = new Date(now.getTime() - 5 * 60_000);
    const v = throttle({ ...base, failuresForAccount: 5, oldestAccountFailure: oldest });
    expect(v).toEqual({ allowed: false, retryAfterSeconds: 600 });
  });

  it('gives a shared workstation more room than one account before blocking the address', () => {
    expect(throttle({ ...base, failuresFromAddress: 5 * ADDRESS_FACTOR - 1 }).allowed).toBe(true);
    expect(throttle({ ...base, failuresFromAddress: 5 * ADDRESS_FACTOR }).allowed).toBe(false);
  });

  it('always asks for at least one second and never more than the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 30 * 60_000 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 120 }),
        (forAccount, fromAddress, ageMs, maxFailures, windowMinutes) => {
          const v = throttle({
            failuresForAccount: forAccount,
            failuresFromAddress: fromAddress,
            oldestAccountFailure: new Date(now.getTime() - ageMs),
            maxFailures,
            windowMinutes,
            now,
          });
          const blocked = forAccount >= maxFailures || fromAddress >= maxFailures * ADDRESS_FACTOR;
          expect(v.allowed).toBe(!blocked);
          if (!v.allowed) {
            expect(v.retryAfterSeconds).toBeGreaterThanOrEqual(1);
            expect(v.retryAfterSeconds).toBeLessThanOrEqual(windowMinutes * 60);
          }
        },
      ),
    );
  });
});
