// Admin → Email shows the mailboxes polled over IMAP (issue 13): this desk is configured to poll a mailbox on a
// server that refuses connections, so its poller records the failure as it would in a hospital; a second mailbox,
// polled by another instance, is recorded as the poller records it. Desktop and phone size, axe on both.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordPoll, recordTaken, recordUidValidity, takeLease } from '../src/features/email/imap-store.ts';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskForSpec, SCREENSHOTS } from './harness.ts';

const spec = deskForSpec(() => ({
  env: {
    CLINIDESK_IMAP_URL: 'imap://127.0.0.1:1/INBOX',
    CLINIDESK_IMAP_USER: 'servicedesk@stmarys.example',
    CLINIDESK_IMAP_PASSWORD: 'e2e-not-a-real-password',
  },
}));

const OTHER = 'ward-mail@mail.stmarys.example:993/INBOX';

describe('Admin → Email: mailboxes polled over IMAP', () => {
  it('shows each mailbox: state, last poll, messages taken, last error and which instance polls it', async () => {
    const db = spec.desk.ctx.database.db;
    await takeLease(db, OTHER, 'clinidesk-2:4242:7f3a9c01', 180_000);
    await recordUidValidity(db, OTHER, '1764600000');
    for (let i = 0; i < 12; i++) await recordTaken(db, OTHER);
    await recordPoll(db, OTHER);

    const { page, errors } = await spec.signedIn('admin', '*');
    await page.goto('/admin?tab=email');
    await page.getByRole('heading', { name: 'Mailboxes polled over IMAP' }).waitFor();
    const table = page.getByRole('region', { name: 'Mailboxes polled over IMAP' });
    const polled = table.getByRole('row').filter({ hasText: OTHER });
    await polled.getByText('Polling', { exact: true }).waitFor();
    await polled.getByText('12', { exact: true }).waitFor();
    await polled.getByText('clinidesk-2:4242:7f3a9c01').waitFor();

    // This desk's own mailbox: the poller's failure, as it records it (the page refreshes every 30 s).
    const own = table.getByRole('row').filter({ hasText: 'servicedesk@stmarys.example@127.0.0.1:1/INBOX' });
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { name: 'Mailboxes polled over IMAP' }).waitFor();
          return own.getByText('Failing', { exact: true }).count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    await own
      .getByText(/ECONNREFUSED|connect/i)
      .first()
      .waitFor();
    await own.getByText('configured on this server').waitFor();
    expect(await page.content()).not.toContain('e2e-not-a-real-password');

    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-email-mailboxes-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('heading', { name: 'Mailboxes polled over IMAP' }).scrollIntoViewIfNeeded();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-email-mailboxes-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
