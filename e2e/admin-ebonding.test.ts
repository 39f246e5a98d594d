// Admin → E-bonding through Chromium (issue 16, docs/integrations/ebonding.md): the administrator picks the demo's EHR
// vendor, maps its ticketing system's state names (a repeated name is refused under its row), saves and switches the
// connection on, and issues a token shown once. The vendor's system, played by real HTTP requests to the desk with
// that token, moves a ticket the vendor holds to "needs information" with a comment, which the ticket's page shows;
// switched off, its updates are refused; revoked (after confirming), its token is refused. Axe and screenshots at
// 1280x800 and 390x844.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { deskForSpec, SCREENSHOTS } from './harness.ts';

const spec = deskForSpec();
const PROVIDER = 'Larkspur Clinical Systems (EHR vendor)';

describe('Admin → E-bonding', () => {
  it("connects the EHR vendor's ticketing system, whose token updates a case it holds until it is revoked", async () => {
    const { page, context, errors } = await spec.signedIn('admin', '/console');
    await page.goto('/admin?tab=ebonding');
    await page.getByRole('tab', { name: 'E-bonding', selected: true }).waitFor();
    await page.getByRole('combobox', { name: 'Provider' }).click();
    await page.getByRole('option', { name: PROVIDER }).click();
    const card = page.getByRole('region', { name: PROVIDER });
    await card.getByText('Not set up', { exact: true }).waitFor();
    await card.getByText('Save the state mapping first').waitFor();

    // The mapping: one row per state name of the vendor's system. A name repeated (case and spaces aside) is refused
    // under its row, in words, before anything is saved.
    const row = (n: number) => card.getByRole('group', { name: `State ${n}` });
    const mapState = async (n: number, name: string, means: string) => {
      if ((await row(n).count()) === 0) await card.getByRole('button', { name: 'Add a state' }).click();
      await row(n).getByLabel("Vendor's state name").fill(name);
      await row(n).getByRole('combobox', { name: 'Means in Clinidesk' }).click();
      await page.getByRole('option', { name: means, exact: true }).click();
    };
    await mapState(1, 'In Progress', 'Working on it');
    await mapState(2, ' in progress', 'Needs information from the hospital');
    await card.getByRole('button', { name: 'Save and switch on' }).click();
    await row(2)
      .getByText('Already in row 1: capital letters and spaces around a name do not make another state.')
      .waitFor();
    expect(await card.getByText('Not set up', { exact: true }).count()).toBe(1);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    await mapState(2, 'Awaiting Info', 'Needs information from the hospital');
    await mapState(3, 'Resolved', 'Fix proposed');
    await mapState(4, 'Returned to Customer', 'Returned to desk');
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT');
    await card.getByRole('button', { name: 'Save and switch on' }).click();
    expect((await saved).status()).toBe(200);
    await card.getByText('On', { exact: true }).waitFor();
    await card.getByText('ebond-', { exact: false }).first().waitFor();
    await card.getByText('Updates from its system are accepted.').waitFor();

    // A token for the vendor's system: shown this once, with a way to copy it.
    await card.getByLabel('New token for').fill('ServiceNow production');
    await card.getByRole('button', { name: 'Issue token' }).click();
    const shown = card.getByLabel('New token', { exact: true });
    await shown.waitFor();
    const token = (await shown.textContent())!.trim();
    expect(token).toMatch(/^cdk_[\w-]{20,}$/);
    await card.getByText('It will not be shown again').waitFor();
    await card.getByRole('button', { name: 'Copy token' }).waitFor();
    const tokenRow = card.getByRole('row').filter({ hasText: 'ServiceNow production' });
    await tokenRow.getByText('Update this provider’s cases').waitFor();
    await tokenRow.getByText('Not yet').waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-ebonding.png'), fullPage: true });
    // On a phone, the same screen: nothing wider than the screen (the tokens scroll inside their frame).
    await page.setViewportSize({ width: 390, height: 844 });
    await card.getByRole('button', { name: 'Save mapping' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-ebonding-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // A ticket the vendor holds: an EHR ticket the desk hands to the vendor.
    const api = await deskApi(context);
    const people = await api.get<{ items: { id: string }[] }>('/api/v1/people?q=Rosa&limit=5');
    const services = await api.get<{ items: { id: string; name: string }[] }>(
      '/api/v1/services?kind=application&limit=100',
    );
    const ehr = services.items.find((s) => s.name === 'EHR')!;
    const { number } = await api.post<{ number: string }>('/api/v1/tickets', {
      requesterId: people.items[0]!.id,
      channel: 'phone',
      summary: 'Barcode scanner on 5 North will not read wristbands',
      serviceId: ehr.id,
    });
    await api.post(`/api/v1/tickets/${number}/escalations`, {
      toTier: 'vendor',
      reason: 'The scanning module rejects every wristband.',
    });

    // The vendor's system posts an update with the token, over real HTTP.
    let eventNo = 0;
    const postUpdate = (body: Record<string, unknown>) =>
      fetch(`${spec.desk.url}/api/v1/ebonding/updates`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ eventId: `sn-e2e-${++eventNo}`, occurredAt: new Date().toISOString(), ...body }),
      });
    const applied = await postUpdate({
      ticket: number,
      caseReference: 'CS0012345',
      state: 'awaiting info ',
      comment: "Please send the scanner's firmware version.",
    });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({ outcome: 'applied', ticket: number, vendorState: 'needs_info' });

    // The desk sees it on the ticket: the vendor's state, and the comment on the thread shared with the vendor.
    await page.goto(`/console/tickets/${number}`);
    const vendorCase = page.getByRole('region', { name: 'Vendor case' });
    await vendorCase.getByText('Needs information from the hospital').first().waitFor();
    await page.getByText("Please send the scanner's firmware version.").first().waitFor();

    // Back on the screen (the provider chosen is in its address): the token was used, its secret not shown again.
    await page.goBack();
    await tokenRow.waitFor();
    expect(await page.getByRole('combobox', { name: 'Provider' }).inputValue()).toBe(PROVIDER);
    expect(await card.getByLabel('New token', { exact: true }).count()).toBe(0);
    await tokenRow.getByText('Not yet').waitFor({ state: 'detached' });
    // The saved mapping is shown as saved.
    await expect.poll(() => row(2).getByLabel("Vendor's state name").inputValue()).toBe('Awaiting Info');

    // Switched off, the vendor's system is refused; switched on again, it is accepted.
    await card.getByRole('button', { name: 'Switch off' }).click();
    await card.getByText('Off', { exact: true }).waitFor();
    expect((await postUpdate({ ticket: number, comment: 'Still there?' })).status).toBe(403);
    await card.getByRole('button', { name: 'Switch on' }).click();
    await card.getByText('On', { exact: true }).waitFor();
    expect((await postUpdate({ ticket: number, state: 'In Progress' })).status).toBe(200);

    // Revoked, after confirming: the next update with that token is refused.
    await tokenRow.getByRole('button', { name: 'Revoke ServiceNow production' }).click();
    const revoked = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await tokenRow.getByRole('button', { name: 'Revoke now' }).click();
    expect((await revoked).status()).toBe(204);
    await tokenRow.waitFor({ state: 'detached' });
    await card.getByText("No tokens: the vendor's system cannot reach the desk").waitFor();
    expect((await postUpdate({ ticket: number, state: 'Resolved' })).status).toBe(401);

    expect(errors).toEqual([]);
  }, 180_000);
});
