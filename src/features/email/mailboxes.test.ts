// Admin → Email's view of the mailboxes polled over IMAP (GET /api/v1/email/mailboxes): what the poller records in
// email_imap_mailboxes — last poll, last error, messages taken, the lease — for administrators only. The poller
// itself against a real IMAP server is in email-imap.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { recordPoll, recordTaken, recordUidValidity, releaseLease, takeLease } from './imap-store.ts';
import type { MailboxView } from './schemas.ts';

let t: TestApp;
// This instance polls a mailbox on a server that refuses connections (nothing listens on port 1).
const HERE = 'desk@hospital.example@127.0.0.1:1/INBOX';
const POLLED = 'ward-mail@mail.hospital.example:993/INBOX';
const STOPPED = 'old-desk@mail.hospital.example:993/INBOX';

beforeAll(async () => {
  t = await createTestApp({
    env: {
      CLINIDESK_IMAP_URL: 'imap://127.0.0.1:1/INBOX',
      CLINIDESK_IMAP_USER: 'desk@hospital.example',
      CLINIDESK_IMAP_PASSWORD: 'not-a-real-password',
    },
  });
  const db = t.ctx.database.db;
  // A mailbox another instance polls: polled, three taken, its lease held.
  await takeLease(db, POLLED, 'host-a:101:abcd1234', 180_000);
  await recordUidValidity(db, POLLED, '1700000000');
  for (let i = 0; i < 3; i++) await recordTaken(db, POLLED);
  await recordPoll(db, POLLED);
  // A mailbox no instance polls any more (its instance stopped cleanly, long ago).
  await takeLease(db, STOPPED, 'host-c:303:ijkl9012', 180_000);
  await recordPoll(db, STOPPED);
  await releaseLease(db, STOPPED, 'host-c:303:ijkl9012');
  await t.ctx.database.query(`UPDATE email_imap_mailboxes SET last_poll_at = now() - interval '1 day'
    WHERE mailbox = '${STOPPED}'`);
});
afterAll(() => t.close());

describe('IMAP mailboxes in Admin → Email', () => {
  it('shows each mailbox with its last poll, last error, messages taken and lease holder', async () => {
    const admin = await t.signIn('admin');
    const res = await admin.get('/api/v1/email/mailboxes');
    expect(res.statusCode).toBe(200);
    const byName = new Map((res.json().mailboxes as MailboxView[]).map((m) => [m.mailbox, m]));
    expect([...byName.keys()]).toEqual([HERE, POLLED, STOPPED].sort());

    expect(byName.get(POLLED)).toMatchObject({
      health: 'polling',
      taken: 3,
      lastError: null,
      lastErrorAt: null,
      holder: 'host-a:101:abcd1234',
      uidValidity: '1700000000',
      configuredHere: false,
    });
    expect(Date.now() - Date.parse(byName.get(POLLED)!.lastPollAt!)).toBeLessThan(60_000);
    expect(Date.parse(byName.get(POLLED)!.leaseUntil!)).toBeGreaterThan(Date.now());
    expect(byName.get(STOPPED)).toMatchObject({
      health: 'late',
      holder: null,
      leaseUntil: null,
      configuredHere: false,
    });
    // Never the password, whatever the field.
    expect(res.body).not.toContain('not-a-real-password');
  });

  it("shows the poller's own failure: this instance's server refuses the connection", async () => {
    const admin = await t.signIn('admin');
    const here = async () =>
      ((await admin.get('/api/v1/email/mailboxes')).json().mailboxes as MailboxView[]).find((m) => m.mailbox === HERE);
    await expect.poll(async () => (await here())?.health, { timeout: 20_000 }).toBe('failing');
    const m = (await here())!;
    expect(m).toMatchObject({ configuredHere: true, lastPollAt: null, taken: 0 });
    expect(m.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(m.holder).toMatch(/:\d+:/); // host:pid:… of this instance, which holds the lease while it retries
  });

  it('is for administrators only', async () => {
    for (const role of ['agent', 'manager', 'vendor', 'nurse']) {
      const res = await (await t.signIn(role)).get('/api/v1/email/mailboxes');
      expect(res.statusCode, role).toBe(403);
    }
    expect((await t.anonymous.get('/api/v1/email/mailboxes')).statusCode).toBe(401);
  });
});
