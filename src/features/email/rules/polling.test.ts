// The poller's timing rules: how long it waits after failures and how long its lease lasts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMs, leaseMs, mailboxHealth, mailboxKey } from './polling.ts';

describe('IMAP polling timing', () => {
  it('waits 1 s, 2 s, 4 s … after failures, never longer than the poll interval (at least 5 s)', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, 60_000))).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
    expect(backoffMs(20, 60_000)).toBe(60_000);
    expect(backoffMs(20, 300)).toBe(5_000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 200, max: 3_600_000 }), (n, poll) => {
        const wait = backoffMs(n, poll);
        expect(wait).toBeGreaterThanOrEqual(1000);
        expect(wait).toBeLessThanOrEqual(Math.max(5_000, poll));
        expect(backoffMs(n + 1, poll)).toBeGreaterThanOrEqual(wait);
      }),
    );
  });

  it('keeps the lease three polls long (at least 10 s), so a renewal every poll always comes in time', () => {
    expect(leaseMs(60_000)).toBe(180_000);
    expect(leaseMs(300)).toBe(10_000);
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 3_600_000 }), (poll) => {
        expect(leaseMs(poll)).toBeGreaterThanOrEqual(2 * poll);
      }),
    );
  });

  it('names the mailbox by account, server and folder, never the password', () => {
    const s = { user: 'desk@hospital.org', host: 'mail.hospital.org', port: 993, mailbox: 'INBOX', password: 'x' };
    expect(mailboxKey(s)).toBe('desk@hospital.org@mail.hospital.org:993/INBOX');
  });
});

describe('the health of a polled mailbox', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('says failing while the last try failed, late when no poll succeeded within a lease, else polling', () => {
    expect(mailboxHealth({ lastPollAt: ago(30_000), lastErrorAt: null }, now, 60_000)).toBe('polling');
    expect(mailboxHealth({ lastPollAt: ago(30_000), lastErrorAt: ago(1000) }, now, 60_000)).toBe('failing');
    expect(mailboxHealth({ lastPollAt: null, lastErrorAt: ago(1000) }, now, 60_000)).toBe('failing');
    expect(mailboxHealth({ lastPollAt: ago(181_000), lastErrorAt: null }, now, 60_000)).toBe('late');
    expect(mailboxHealth({ lastPollAt: ago(179_000), lastErrorAt: null }, now, 60_000)).toBe('polling');
    expect(mailboxHealth({ lastPollAt: null, lastErrorAt: null }, now, 60_000)).toBe('not_polled_yet');
  });

  it('never calls a mailbox late that was polled within one poll interval, nor healthy with an error recorded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 3_600_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.boolean(),
        (poll, since, failed) => {
          const health = mailboxHealth({ lastPollAt: ago(since), lastErrorAt: failed ? ago(0) : null }, now, poll);
          if (failed) expect(health).toBe('failing');
          else if (since <= poll) expect(health).toBe('polling');
          else expect(['polling', 'late']).toContain(health);
        },
      ),
    );
  });
});
