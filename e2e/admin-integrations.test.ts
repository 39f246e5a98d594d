// Connecting the phone system while the desk runs, through Chromium: the administrator adds the integration, issues a
// token (shown once), the phone system posts a call with it, and revoking it shuts the phone system out.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskForSpec } from './harness.ts';

const spec = deskForSpec();

describe('Admin → Integrations', () => {
  it('adds the phone system, issues a token that posts calls, and revokes it', async () => {
    const { page, errors } = await spec.signedIn('admin', '/console');
    await page.goto('/admin?tab=integrations');
    await page.getByRole('tab', { name: 'Integrations', selected: true }).waitFor();
    await page.getByText('No integrations yet').waitFor();

    await page.getByLabel('Account name').fill('pbx');
    await page.getByLabel('Name shown').fill('Phone system');
    await page.getByLabel('Purpose').fill('Asterisk posts call events to the desk');
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByRole('heading', { name: 'Phone system' }).waitFor();
    await page.getByText('No tokens: the system cannot reach the desk').waitFor();

    await page.getByLabel('New token for').fill('Asterisk cluster A');
    await page.getByRole('button', { name: 'Issue token' }).click();
    const shown = page.getByLabel('New token', { exact: true });
    await shown.waitFor();
    const token = (await shown.textContent())!.trim();
    expect(token).toMatch(/^cdk_[\w-]{20,}$/);
    const row = page.getByRole('row').filter({ hasText: 'Asterisk cluster A' });
    await row.getByText('Post call events').waitFor();
    await row.getByText('Not yet').waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(os.tmpdir(), 'clinidesk-admin-integrations.png'), fullPage: true });

    const postCall = (callId: string) =>
      fetch(`${spec.desk.url}/api/v1/cti/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'offered', callId, occurredAt: new Date().toISOString() }),
      });
    expect((await postCall('e2e-call-1')).status).toBe(200);

    // The secret is never shown again; the list now says when the token was last used.
    await page.reload();
    await row.waitFor();
    expect(await page.getByLabel('New token', { exact: true }).count()).toBe(0);
    await row.getByText('Not yet').waitFor({ state: 'detached' });

    await row.getByRole('button', { name: 'Revoke Asterisk cluster A' }).click();
    const revoked = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await row.getByRole('button', { name: 'Revoke now' }).click();
    expect((await revoked).status()).toBe(204);
    await row.waitFor({ state: 'detached' });
    expect((await postCall('e2e-call-2')).status).toBe(401);
    expect(errors).toEqual([]);
  });
});
