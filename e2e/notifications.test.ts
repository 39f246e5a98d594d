// Notifications in the web app, through Chromium: the administrator sees that no relay is configured (mail queued,
// not sent), sets the full text domain, is refused a template placeholder that could leak PHI and saves a good one;
// a nurse turns a notice off in "My notifications".
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskForSpec } from './harness.ts';

const spec = deskForSpec();

describe('Admin → Notifications', () => {
  it('says mail is queued without a relay, saves the settings, and refuses a template that could leak PHI', async () => {
    const { page, errors } = await spec.signedIn('admin', '/console');
    await page.goto('/admin?tab=notifications');
    await page.getByRole('tab', { name: 'Notifications', selected: true }).waitFor();
    await page.getByText('No mail relay is configured').waitFor();
    await page.getByText('Nothing failed').waitFor();

    await page.getByLabel('Full text domain').fill('stmarys.example');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/notifications/settings') && r.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect((await saved).status()).toBe(200);

    const reply = page.getByRole('form', { name: 'The desk replied on your ticket' });
    await reply.getByLabel('Body').fill('{{description}} {{link}}');
    await reply.getByRole('button', { name: 'Save' }).click();
    await reply.getByText(/not a placeholder/).waitFor();
    await reply.getByLabel('Body').fill('The desk wrote back. {{link}}');
    const put = page.waitForResponse((r) => r.url().includes('/api/v1/notifications/templates/public_reply'));
    await reply.getByRole('button', { name: 'Save' }).click();
    expect((await put).status()).toBe(200);
    await reply.getByText('changed').waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(os.tmpdir(), 'clinidesk-admin-notifications.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('lets a nurse turn off the "received" notice in My notifications', async () => {
    const { page, errors } = await spec.signedIn('nurse', '/portal');
    await page.getByRole('button', { name: 'My notifications' }).click();
    const dialog = page.getByRole('dialog', { name: 'My notifications' });
    await dialog.getByText('Mail says what happened').waitFor();
    await dialog.getByRole('combobox', { name: 'Your ticket was received' }).click();
    const put = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/me/notifications') && r.request().method() === 'PUT',
    );
    await page.getByRole('option', { name: 'Not at all' }).click();
    expect((await put).status()).toBe(200);
    await dialog.getByText('Saved.').waitFor();
    expect(await dialog.getByRole('combobox', { name: 'Your ticket was received' }).inputValue()).toBe('Not at all');
    expect(errors).toEqual([]);
  });
});
