// A phone call end to end: the phone system posts a call (integration token), it pops on the available agent's
// console with the caller's card, the agent creates the ticket from the draft and resolves it on the call, and the
// ticket counts as first-contact resolution; the wallboard shows the call.
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { people } from '../src/features/directory/tables.ts';
import { SYSTEM_META } from '../src/platform/actor.ts';
import { createToken, createUser } from '../src/platform/auth/service.ts';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { DEMO_PASSWORD, deskForSpec, SCREENSHOTS, submitSignIn } from './harness.ts';
import { becomeAvailable } from './phone-bar.ts';

const spec = deskForSpec();

describe('a phone call', () => {
  it('pops on the agent’s screen and becomes a resolved first-contact ticket', async () => {
    // The phone system's account and token (created by an administrator with `clinidesk token create`).
    const pbx = await createUser(spec.desk.ctx, SYSTEM_META, {
      username: 'pbx',
      displayName: 'Phone system',
      role: 'integration',
      password: 'integration-password-1',
      email: null,
    });
    const { token } = await createToken(spec.desk.ctx, SYSTEM_META, pbx.id, { name: 'e2e phone system' });
    const doctor = (
      await spec.desk.ctx.database.db.select().from(people).where(eq(people.displayName, 'Dr. Samuel Osei'))
    )[0]!;
    let phone = doctor.phones[0];
    if (!phone) {
      phone = '16085550142';
      await spec.desk.ctx.database.db
        .update(people)
        .set({ phones: [phone] })
        .where(eq(people.id, doctor.id));
    }

    const { context, page, pageErrors } = await spec.newPage();
    await page.goto('/signin');
    await submitSignIn(page, 'agent', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/console');
    await becomeAvailable(page, '4411');
    const bar = page.getByTestId('phone-bar');

    const cti = async (body: Record<string, unknown>) => {
      const res = await fetch(`${spec.desk.url}/api/v1/cti/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ callId: 'e2e-call-1', occurredAt: new Date().toISOString(), ...body }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as {
        route: { agent: { username: string; extension: string | null } | null };
        caller: { displayName: string };
      };
    };
    // The demo hospital's own calls today are on the wallboard already: this call adds one to the provider line.
    const api = await deskApi(context);
    const providerToday = async () =>
      (await api.get<{ today: { line: string; offered: number }[] }>('/api/v1/wallboard')).today.find(
        (l) => l.line === 'provider',
      )!.offered;
    const before = await providerToday();
    const offered = await cti({ type: 'offered', sequence: 1, callerNumber: phone, dialledLine: '5000' });
    expect(offered.caller.displayName).toBe('Dr. Samuel Osei');
    expect(offered.route.agent).toMatchObject({ username: 'agent', extension: '4411' });

    // The screen pop: the caller's card opens by itself.
    const pop = page.getByRole('dialog', { name: 'Incoming call' });
    await pop.getByRole('heading', { name: 'Dr. Samuel Osei' }).waitFor();
    await pop.getByText('Provider', { exact: true }).waitFor();
    await cti({ type: 'answered', sequence: 2, agent: 'agent' });
    await bar.getByText('On a call').waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'screen-pop.png') });

    await pop.getByLabel('Summary').fill('Cannot find the sepsis order set in CPOE');
    await pop.getByLabel('What they need').fill('Showed where the order set lives under Favorites.');
    await pop.getByRole('switch', { name: /Resolved on this call/ }).check({ force: true });
    await pop.getByRole('combobox', { name: 'Resolution code', exact: true }).click();
    await page.getByRole('option').first().click();
    await pop.getByLabel('Resolution note').fill('Walked through finding and favoriting the order set.');
    await pop.getByRole('button', { name: 'Create and resolve' }).click();
    const done = pop.getByTestId('call-pop-done');
    await done.waitFor();
    const number = /CSD-\d{6}/.exec((await done.textContent()) ?? '')?.[0];
    expect(number).toBeDefined();
    expect(await done.textContent()).toContain('resolved on this call');
    await cti({ type: 'ended', sequence: 3 });

    const ticket = await api.get<{
      status: string;
      channel: string;
      firstContact: { resolvedOnFirstContact: boolean };
    }>(`/api/v1/tickets/${number}`);
    expect(ticket).toMatchObject({
      status: 'resolved',
      channel: 'phone',
      firstContact: { resolvedOnFirstContact: true },
    });

    // The wallboard shows today's provider-line call.
    await page.goto('/wallboard');
    await page.getByRole('heading', { name: 'Service desk now' }).waitFor();
    const today = page.getByRole('table', { name: 'Today: calls by line' });
    const providerRow = today.getByRole('row').filter({ hasText: 'Provider line' });
    await providerRow.waitFor();
    expect(await providerRow.getByRole('cell').nth(1).textContent()).toBe(String(before + 1));
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'wallboard.png') });
    expect(pageErrors).toEqual([]);
  });

  it('lets the agent find an unknown caller in the directory and open the ticket from the card', async () => {
    const pbxToken = (await createToken(spec.desk.ctx, SYSTEM_META, (await pbxUser()).id, { name: 'e2e 2' })).token;
    const { page } = await spec.newPage();
    await page.goto('/signin');
    await submitSignIn(page, 'agent', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/console');
    const bar = page.getByTestId('phone-bar');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/presence/me') && r.request().method() === 'PUT'),
      bar.getByText('Available', { exact: true }).click(),
    ]);
    const res = await fetch(`${spec.desk.url}/api/v1/cti/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pbxToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'offered',
        callId: 'e2e-call-2',
        occurredAt: new Date().toISOString(),
        callerNumber: '+1 (999) 555-0100',
        line: 'clinical',
      }),
    });
    expect(((await res.json()) as { caller: { known: boolean } }).caller.known).toBe(false);
    const pop = page.getByRole('dialog', { name: 'Incoming call' });
    await pop.getByRole('heading', { name: 'Unknown caller' }).waitFor();
    await pop.getByLabel('Requester').fill('Delgado');
    await pop.getByRole('button', { name: /Rosa Delgado/ }).click();
    await pop.getByText('Requester:').waitFor();
    await pop.getByLabel('Summary').fill('BCMA scanner will not read wristbands');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await pop.getByRole('button', { name: 'Create ticket' }).click();
    const done = pop.getByTestId('call-pop-done');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/CSD-\d{6} opened\./);
  });
});

async function pbxUser() {
  const { findUserByUsername } = await import('../src/platform/auth/store.ts');
  return (await findUserByUsername(spec.desk.ctx.database.db, 'pbx'))!;
}
