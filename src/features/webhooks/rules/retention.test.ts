import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DELIVERY_STATUSES } from './delivery.ts';
import {
  DEFAULT_DELIVERED_RETENTION_DAYS,
  DEFAULT_FAILED_RETENTION_DAYS,
  deliveryExpired,
  deliveryRetentionCutoffs,
} from './retention.ts';

const DAY = 86_400_000;
const now = new Date('2026-12-02T12:00:00Z');
const days = { deliveredDays: DEFAULT_DELIVERED_RETENTION_DAYS, failedDays: DEFAULT_FAILED_RETENTION_DAYS };
const ago = (d: number, ms = 0) => new Date(now.getTime() - d * DAY - ms);

describe('webhook delivery retention', () => {
  it('defaults to 30 days for delivered and 90 for failed deliveries', () => {
    const cut = deliveryRetentionCutoffs(now, days);
    expect(cut.delivered.toISOString()).toBe('2026-11-02T12:00:00.000Z');
    expect(cut.failed.toISOString()).toBe('2026-09-03T12:00:00.000Z');
  });

  it('deletes a delivered one from 30 days after its delivery, not a millisecond before', () => {
    const d = (deliveredAt: Date) => ({
      status: 'delivered' as const,
      createdAt: ago(40),
      deliveredAt,
      windowStartedAt: null,
    });
    expect(deliveryExpired(d(ago(30)), now, days)).toBe(true);
    expect(deliveryExpired(d(ago(30, -1)), now, days)).toBe(false);
    expect(deliveryExpired(d(ago(29)), now, days)).toBe(false);
  });

  it('keeps a failed one 90 days from the start of its last day of retries (a redelivery restarts it)', () => {
    const f = (createdAt: Date, windowStartedAt: Date | null) => ({
      status: 'failed' as const,
      createdAt,
      deliveredAt: null,
      windowStartedAt,
    });
    expect(deliveryExpired(f(ago(91), ago(91)), now, days)).toBe(true);
    expect(deliveryExpired(f(ago(89), ago(89)), now, days)).toBe(false);
    expect(deliveryExpired(f(ago(200), ago(10)), now, days)).toBe(false); // sent again by hand 10 days ago
    expect(deliveryExpired(f(ago(40), null), now, days)).toBe(false); // past the delivered period, not the failed one
  });

  it('never deletes a pending delivery, however old', () => {
    const p = { status: 'pending' as const, createdAt: ago(3000), deliveredAt: null, windowStartedAt: ago(3000) };
    expect(deliveryExpired(p, now, days)).toBe(false);
  });

  it('property: expiry is monotonic in age, pending never expires, and a longer period never deletes more', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DELIVERY_STATUSES),
        fc.integer({ min: 0, max: 4000 * DAY }),
        fc.integer({ min: 0, max: 400 * DAY }),
        fc.integer({ min: 1, max: 3650 }),
        fc.integer({ min: 1, max: 3650 }),
        fc.integer({ min: 0, max: 100 }),
        (status, age, older, deliveredDays, failedDays, extra) => {
          const at = (a: number) => new Date(now.getTime() - a);
          const row = (a: number) => ({ status, createdAt: at(a), deliveredAt: at(a), windowStartedAt: at(a) });
          const ds = { deliveredDays, failedDays };
          const longer = { deliveredDays: deliveredDays + extra, failedDays: failedDays + extra };
          if (status === 'pending') expect(deliveryExpired(row(age), now, ds)).toBe(false);
          if (deliveryExpired(row(age), now, ds)) {
            expect(deliveryExpired(row(age + older), now, ds)).toBe(true);
          }
          if (deliveryExpired(row(age), now, longer)) expect(deliveryExpired(row(age), now, ds)).toBe(true);
        },
      ),
    );
  });
});
