// Admin → Webhooks through Chromium, with a real HTTP receiver on 127.0.0.1 (allowed by CLINIDESK_WEBHOOK_ALLOW, as a
// server's administrator would allow an internal system): the administrator adds a subscription and sees its secret
// once, a ticket is opened and its delivery shows as delivered in the log, the receiver goes down and the failed
// attempt shows with the receiver's answer, and once the receiver is back "Send again" delivers it; a new secret (the
// old one accepted for a day), switching off and on; axe and screenshots at 1280x800 and 390x844.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { deskForSpec, SCREENSHOTS } from './harness.ts';

type Received = { headers: http.IncomingHttpHeaders; body: string };
const received: Received[] = [];
let down = false;
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(down ? 500 : 200, { 'content-type': 'application/json' });
    res.end(down ? '{"error":"paging bridge is down"}' : '{"ok":true}');
  });
});
let target = '';
beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/clinidesk`;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

const spec = deskForSpec(() => ({
  env: {
    CLINIDESK_SECRET_KEY: 'an-e2e-secret-key-of-at-least-32-characters',
    CLINIDESK_WEBHOOK_ALLOW: '127.0.0.1/32',
  },
}));

describe('Admin → Webhooks', () => {
  it('adds a webhook, shows its deliveries, a failed attempt and sends it again once the receiver is back', async () => {
    const { page, context, errors } = await spec.signedIn('admin', '/console');
    await page.goto('/admin?tab=webhooks');
    await page.getByRole('tab', { name: 'Webhooks', selected: true }).waitFor();
    await page.getByText('No webhooks yet').waitFor();

    // A bad address is refused with the server's own words, under the field.
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Paging bridge');
    await page.getByLabel('Address (URL)').fill('http://169.254.169.254/latest');
    await page.getByRole('checkbox', { name: 'Ticket opened' }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page
      .getByText(/link-local/)
      .first()
      .waitFor();

    await page.getByLabel('Address (URL)').fill(target);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const shown = page.getByLabel('Signing secret', { exact: true });
    await shown.waitFor();
    const secret = (await shown.textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await page.getByText('It will not be shown again').waitFor();
    await page.getByRole('button', { name: 'Copy secret' }).waitFor();
    const card = page.getByRole('region', { name: 'Paging bridge' });
    await card.getByText('Active').waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-webhooks-added.png'), fullPage: true });

    // An event happens: a ticket is opened through the API.
    const api = await deskApi(context);
    const [someone] = await spec.desk.ctx.database.query<{ id: string }>(
      "SELECT id FROM people WHERE clinical_role = 'rn' AND user_id IS NULL ORDER BY id LIMIT 1",
    );
    const openTicket = (summary: string) =>
      api.post<{ number: string }>('/api/v1/tickets', { requesterId: someone!.id, channel: 'phone', summary });
    await openTicket('Wristband printer on 4 West prints blank labels');

    await card.getByRole('button', { name: 'Delivery log' }).click();
    const log = card.getByRole('region', { name: 'Delivery log of Paging bridge' });
    const firstRow = log.getByRole('row').filter({ hasText: 'Ticket opened' }).first();
    await firstRow.getByText('Delivered').waitFor({ timeout: 30_000 });
    await firstRow.getByText('Answered 200').waitFor();
    // What arrived is signed with the secret shown once.
    const first = received[0]!;
    const verified = new Webhook(secret).verify(first.body, first.headers as Record<string, string>) as {
      type: string;
    };
    expect(verified.type).toBe('ticket.opened');

    // The receiver goes down: the next message's attempt fails, with the receiver's answer in the log.
    down = true;
    await openTicket('Barcode scanner on 5 North will not pair');
    await log.getByText('Waiting to retry').waitFor({ timeout: 30_000 });
    const failing = log.getByRole('row').filter({ hasText: 'Waiting to retry' });
    await failing.getByText('Answered 500').waitFor();
    await failing.getByRole('button', { name: /Show what was sent/ }).click();
    await log.getByText('paging bridge is down').waitFor();
    // A day of retries passes (the backoff runs for a day): its last attempt fails too, and it is listed as failed.
    const [pending] = await spec.desk.ctx.database.query<{ id: string }>(
      "SELECT id FROM webhook_deliveries WHERE status = 'pending'",
    );
    await spec.desk.ctx.database.query(
      "UPDATE webhook_deliveries SET window_started_at = now() - interval '25 hours', next_attempt_at = now() WHERE id = $1",
      [pending!.id],
    );
    const failed = log.getByRole('row').filter({ hasText: 'Failed' });
    await failed.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-webhooks-failed.png'), fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    // The receiver is back: send it again, with the same id, and it is delivered.
    down = false;
    const before = received.length;
    await failed.getByRole('button', { name: 'Send again' }).click();
    const again = log.locator(`[data-delivery="${pending!.id}"]`);
    await again.getByText('Delivered').waitFor({ timeout: 30_000 });
    await again.getByText('Answered 200').waitFor();
    expect(received.length).toBeGreaterThan(before);
    expect(received.at(-1)!.headers['webhook-id']).toBe(pending!.id);

    // A new signing secret: shown once, and the old one keeps being accepted for a day, which the screen says.
    await card.getByRole('button', { name: 'New signing secret' }).click();
    await card.getByText('For the next 24 hours each message is signed with both').waitFor();
    await card.getByRole('button', { name: 'Make a new secret' }).click();
    const rotated = card.getByLabel('Signing secret', { exact: true });
    await rotated.waitFor();
    expect((await rotated.textContent())!.trim()).not.toBe(secret);
    await card.getByText('The previous signing secret is still accepted until').waitFor();
    await card.getByRole('button', { name: 'Done, hide it' }).click();

    // Switched off and on again, each with the version the list showed.
    await card.getByRole('button', { name: 'Switch off' }).click();
    await card.getByText('Off', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Switch on' }).click();
    await card.getByText('Active', { exact: true }).waitFor();

    // On a phone, the same screen: the log scrolls sideways inside its frame, the page does not.
    await page.setViewportSize({ width: 390, height: 844 });
    await log.waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-webhooks-phone.png'), fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});
