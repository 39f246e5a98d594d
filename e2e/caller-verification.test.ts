// Caller verification on a call (HHS HC3 2024): a password reset asked for on the phone stays blocked until the
// agent records a call-back to the number on file; a call from a number not on file is flagged and the caller's
// number is never offered; a call-back to it, and a supervisor confirming their own reset, are refused with a clear
// message and audited.
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { people } from '../src/features/directory/tables.ts';
import { SYSTEM_META } from '../src/platform/actor.ts';
import { listAudit } from '../src/platform/audit/service.ts';
import { createToken, createUser } from '../src/platform/auth/service.ts';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { DEMO_PASSWORD, deskForSpec, SCREENSHOTS, submitSignIn } from './harness.ts';

const spec = deskForSpec();
// Numbers outside the demo hospital's area codes, so the phone system's look-up finds exactly who this spec says.
const ON_FILE = '19995550177';

async function setUp() {
  const db = spec.desk.ctx.database.db;
  const person = async (name: string) => (await db.select().from(people).where(eq(people.displayName, name)))[0]!;
  const nurse = await person('Rosa Delgado, RN');
  const doctor = await person('Dr. Samuel Osei');
  // Rosa's number on file, Dr. Osei as her supervisor on record, an ordinary (not sensitive) account.
  await db
    .update(people)
    .set({ phones: [ON_FILE], managerId: doctor.id, sensitive: false })
    .where(eq(people.id, nurse.id));
  const pbx = await createUser(spec.desk.ctx, SYSTEM_META, {
    username: 'pbx',
    displayName: 'Phone system',
    role: 'integration',
    password: 'integration-password-1',
    email: null,
  });
  const { token } = await createToken(spec.desk.ctx, SYSTEM_META, pbx.id, { name: 'e2e phone system' });
  return { nurse, doctor, token };
}

let setup: Awaited<ReturnType<typeof setUp>> | undefined;
const ready = async () => {
  setup ??= await setUp();
  return setup;
};

async function agentAvailable(page: Page) {
  await page.goto('/signin');
  await submitSignIn(page, 'agent', DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/console');
  const bar = page.getByTestId('phone-bar');
  const extension = bar.getByLabel('My desk phone extension');
  // The extension is kept with the agent's presence: set it the first time only (once the bar has loaded it).
  await page.locator('[data-testid="phone-bar"][aria-busy="false"]').waitFor();
  if ((await extension.inputValue()) !== '4412') {
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/presence/me') && r.request().method() === 'PUT'),
      extension.fill('4412').then(() => page.keyboard.press('Enter')),
    ]);
  }
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/presence/me') && r.request().method() === 'PUT'),
    bar.getByText('Available', { exact: true }).click(),
  ]);
}

async function cti(token: string, callId: string, body: Record<string, unknown>) {
  const res = await fetch(`${spec.desk.url}/api/v1/cti/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ callId, occurredAt: new Date().toISOString(), ...body }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** The phone system offers a call, and the agent answers it. */
async function call(token: string, callId: string, callerNumber: string) {
  await cti(token, callId, { type: 'offered', sequence: 1, callerNumber, line: 'clinical' });
  await cti(token, callId, { type: 'answered', sequence: 2, agent: 'agent' });
}

async function openTicketInPop(page: Page, summary: string) {
  const pop = page.getByRole('dialog', { name: 'Incoming call' });
  await pop.getByLabel('Summary').fill(summary);
  await pop.getByRole('button', { name: 'Create ticket' }).click();
  const done = pop.getByTestId('call-pop-done');
  await done.waitFor();
  const number = /CSD-\d{6}/.exec((await done.textContent()) ?? '')![0];
  return { pop, number };
}

async function auditOf(action: string, number: string) {
  const entries = await listAudit(spec.desk.ctx.database, { action, limit: 100 });
  return entries.filter((e) => (e.summary as { number?: string }).number === number);
}

describe('a password reset on a call', () => {
  it('is blocked until the agent records a call-back to the number on file', async () => {
    const { token } = await ready();
    const { page, context, pageErrors } = await spec.newPage();
    await agentAvailable(page);
    await call(token, 'e2e-verify-1', ON_FILE);
    const { pop, number } = await openTicketInPop(page, 'Locked out of Epic, asks for a password reset');

    const panel = pop.getByTestId('verification-panel');
    await panel.getByRole('button', { name: 'Start identity check' }).click();
    const check = panel.getByTestId('verification');
    await check.getByText('Check needed').waitFor();
    const reset = check.getByRole('button', { name: 'Record the password reset' });
    expect(await reset.isDisabled()).toBe(true);
    await check.getByText('Verify the caller first').waitFor();
    // The server refuses it too, whatever the screen shows.
    const me = (await (await context.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
    const list = (await (await context.request.get(`/api/v1/tickets/${number}/verifications`)).json()) as {
      items: { id: string }[];
    };
    const id = list.items[0]!.id;
    const early = await context.request.post(`/api/v1/verifications/${id}/change`, {
      data: {},
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(early.status()).toBe(409);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'identity-check-blocked.png') });

    // The agent calls Rosa back on the number the directory has, and she confirms.
    const callBack = check.getByRole('group', { name: 'Call back on the number on file (999) 555-0177' });
    await callBack.getByRole('button', { name: 'Confirmed', exact: true }).click();
    await check.getByText('Verified', { exact: true }).waitFor();
    await reset.click();
    await check.getByText(/Password reset recorded at/).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'identity-check-done.png') });
    await cti(token, 'e2e-verify-1', { type: 'ended', sequence: 3 });

    expect((await auditOf('verification.change', number)).map((e) => e.outcome).sort()).toEqual(['denied', 'success']);
    expect(await auditOf('verification.attempt', number)).toEqual([
      expect.objectContaining({ outcome: 'success', actorLabel: 'agent' }),
    ]);
    expect(pageErrors).toEqual([]);
  });

  it('flags a call from a number not on file, and refuses a call-back to it and a supervisor confirming their own reset', async () => {
    const { token, doctor } = await ready();
    const { page, context, pageErrors } = await spec.newPage();
    await agentAvailable(page);
    await call(token, 'e2e-verify-2', '+1 (999) 555-0199');
    const pop = page.getByRole('dialog', { name: 'Incoming call' });
    await pop.getByRole('heading', { name: 'Unknown caller' }).waitFor();
    await pop.getByLabel('Requester').fill('Delgado');
    await pop.getByRole('button', { name: /Rosa Delgado/ }).click();
    const { number } = await openTicketInPop(page, 'Says her phone is broken, asks for a password reset');

    const panel = pop.getByTestId('verification-panel');
    await panel.getByRole('button', { name: 'Start identity check' }).click();
    const check = panel.getByTestId('verification');
    await check.getByText('High risk: Calling from a number not on file').waitFor();
    // Only the directory's number is offered for the call-back; the caller's own never is.
    await check.getByRole('group', { name: 'Call back on the number on file (999) 555-0177' }).waitFor();
    expect(await check.getByText('(999) 555-0199').count()).toBe(0);

    // Calling back the number the caller gives is refused (as if sent by hand), and audited.
    const me = (await (await context.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
    const list = (await (await context.request.get(`/api/v1/tickets/${number}/verifications`)).json()) as {
      items: { id: string; subject: { personId: string } }[];
    };
    const v = list.items[0]!;
    const post = (url: string, data: unknown, csrf = me.csrfToken, ctx = context) =>
      ctx.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
    const toCaller = await post(`/api/v1/verifications/${v.id}/attempts`, {
      method: 'callback_on_file',
      outcome: 'passed',
      phone: '+1 (999) 555-0199',
    });
    expect(toCaller.status()).toBe(400);
    expect(((await toCaller.json()) as { detail: string }).detail).toBe(
      'That number is not on file for Rosa Delgado, RN. Call back only on a number from the directory, never on one the caller gives.',
    );
    // The subject vouching for herself as "supervisor" is refused, and so is the screen's supervisor button while
    // it names her own record (it names Dr. Osei, her supervisor on record).
    const own = await post(`/api/v1/verifications/${v.id}/attempts`, {
      method: 'supervisor_confirmation',
      outcome: 'passed',
      confirmedById: v.subject.personId,
    });
    expect(own.status()).toBe(403);
    expect(((await own.json()) as { detail: string }).detail).toBe(
      'Rosa Delgado, RN cannot confirm their own request. The supervisor on record must confirm it.',
    );

    // A supervisor asking for their own reset cannot confirm it from the portal either.
    const selfTicket = await post('/api/v1/tickets', {
      requesterId: doctor.id,
      channel: 'phone',
      summary: 'Asks for an MFA reset',
    });
    expect(selfTicket.status(), await selfTicket.text()).toBe(201);
    const selfNumber = ((await selfTicket.json()) as { number: string }).number;
    const selfCheck = await post(`/api/v1/tickets/${selfNumber}/verifications`, { request: 'mfa_reset' });
    const selfId = ((await selfCheck.json()) as { id: string }).id;
    const { page: doctorPage, context: doctorContext } = await spec.newPage();
    await doctorPage.goto('/signin');
    await submitSignIn(doctorPage, 'doctor', DEMO_PASSWORD);
    await doctorPage.waitForURL((url) => url.pathname !== '/signin');
    const doctorMe = (await (await doctorContext.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
    const selfConfirm = await post(
      `/api/v1/verifications/${selfId}/confirm`,
      { outcome: 'passed' },
      doctorMe.csrfToken,
      doctorContext,
    );
    expect(selfConfirm.status()).toBe(403);
    expect(((await selfConfirm.json()) as { detail: string }).detail).toBe(
      'Dr. Samuel Osei cannot confirm their own request. The supervisor on record must confirm it.',
    );

    const refused = [
      ...(await auditOf('verification.attempt', number)),
      ...(await auditOf('verification.attempt', selfNumber)),
    ];
    expect(refused.map((e) => e.outcome)).toEqual(['denied', 'denied', 'denied']);
    expect(refused.map((e) => (e.summary as { refused: string }).refused)).toEqual(
      expect.arrayContaining([expect.stringMatching(/not on file/), expect.stringMatching(/cannot confirm their own/)]),
    );
    // The change stays blocked on screen.
    expect(await check.getByRole('button', { name: 'Record the password reset' }).isDisabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('lets the supervisor on record confirm a report’s reset in the portal, on a phone', async () => {
    const { nurse } = await ready();
    // The desk opens a ticket for Rosa and starts the check (through the API, as the agent's screen does).
    const { context: agentContext, page: agentPage } = await spec.newPage();
    await agentPage.goto('/signin');
    await submitSignIn(agentPage, 'agent', DEMO_PASSWORD);
    await agentPage.waitForURL((url) => url.pathname === '/console');
    const agentMe = (await (await agentContext.request.get('/api/v1/auth/me')).json()) as { csrfToken: string };
    const post = (url: string, data: unknown) =>
      agentContext.request.post(url, { data, headers: { 'x-csrf-token': agentMe.csrfToken } });
    const opened = await post('/api/v1/tickets', {
      requesterId: nurse.id,
      channel: 'phone',
      summary: 'Password reset',
    });
    expect(opened.status(), await opened.text()).toBe(201);
    const number = ((await opened.json()) as { number: string }).number;
    const started = await post(`/api/v1/tickets/${number}/verifications`, { request: 'password_reset' });
    expect(started.status(), await started.text()).toBe(200);

    // Dr. Osei, her supervisor on record, opens the portal on his phone and confirms.
    const { page, pageErrors } = await spec.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/signin');
    await submitSignIn(page, 'doctor', DEMO_PASSWORD);
    const region = page.getByRole('region', { name: 'Confirm a request from your team' });
    const request = region.getByTestId('confirm-request').filter({ hasText: number });
    await request.getByText(/Rosa Delgado, RN asked the service desk for a password reset/).waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'portal-confirm-request-phone.png') });
    await request.getByRole('button', { name: 'Yes, they asked' }).click();
    await region
      .getByText(/Thank you — the service desk has your answer about Rosa Delgado, RN’s password reset/)
      .waitFor();

    const after = (await (await agentContext.request.get(`/api/v1/tickets/${number}/verifications`)).json()) as {
      items: { state: string; attempts: { method: string; outcome: string }[] }[];
    };
    expect(after.items[0]!.attempts).toEqual([
      expect.objectContaining({ method: 'supervisor_confirmation', outcome: 'passed' }),
    ]);
    expect((await auditOf('verification.attempt', number)).map((e) => e.outcome)).toEqual(['success']);
    expect(pageErrors).toEqual([]);
  });
});
