// The clinical ticket end to end: a nurse asks for help, the desk sees it live, replies, resolves and escalates,
// takes a call and resolves it on first contact — through Chromium, against a real server with the demo hospital.
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { DEMO_PASSWORD, type Desk, openDesk, SCREENSHOTS, submitSignIn } from './harness.ts';

let desk: Desk;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  desk = await openDesk();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await desk?.close();
});

async function signedIn(
  username: string,
  landing: string,
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const { context, page, pageErrors } = await desk.newPage();
  contexts.push(context);
  await page.goto('/signin');
  await submitSignIn(page, username, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === landing);
  return { page, context, errors: pageErrors };
}

/** Picks an option of a Mantine Select by the field's label and the option's text. */
async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
}

describe('the clinical ticket', () => {
  it('goes from a nurse in the portal to the live console, is answered and resolved, and the nurse confirms the fix', async () => {
    const agent = await signedIn('agent', '/console');
    await agent.page.getByRole('table').waitFor();

    const nurse = await signedIn('nurse', '/portal');
    const summary = 'Print wristbands for an admission: the printer at the 4 West station is offline';
    await nurse.page.getByLabel('What were you trying to do?').fill(summary);
    await choose(nurse.page, 'Which application or device?', 'Wristband Printers');
    await nurse.page.getByRole('radio', { name: 'Yes, care is affected now' }).check();
    await nurse.page.getByRole('radio', { name: 'My unit' }).check();
    await nurse.page.getByRole('radio', { name: 'No', exact: true }).last().check();
    await nurse.page.getByLabel('Any error message?').fill('Printer offline (error 0x61011bed)');
    expect(await seriousAccessibilityProblems(nurse.page)).toEqual([]);
    await nurse.page.screenshot({ path: path.join(SCREENSHOTS, 'portal.png') });
    await nurse.page.getByRole('button', { name: 'Send to the service desk' }).click();
    const receipt = nurse.page.getByRole('status').filter({ hasText: 'Your request is CSD-' });
    await receipt.waitFor();
    const number = /CSD-\d{6}/.exec((await receipt.textContent()) ?? '')?.[0];
    expect(number).toBeDefined();

    // The agent's console shows it without a reload.
    const row = agent.page.getByRole('row').filter({ hasText: summary });
    await row.waitFor();
    expect(await row.textContent()).toContain('Patient care affected');
    expect(await seriousAccessibilityProblems(agent.page)).toEqual([]);
    await agent.page.screenshot({ path: path.join(SCREENSHOTS, 'console.png') });

    await row.getByRole('link', { name: number! }).click();
    await agent.page.getByRole('heading', { name: summary, level: 1 }).waitFor();
    await agent.page.getByRole('button', { name: 'Assign to me' }).click();
    await agent.page.getByText('Assign to me').waitFor({ state: 'detached' });
    const audience = agent.page.getByRole('radiogroup', { name: 'Who sees this' });
    await audience.getByText('Internal note').click();
    await agent.page
      .getByLabel('Internal note (desk staff only)')
      .fill('Print server shows the queue paused since 06:10.');
    await agent.page.getByRole('button', { name: 'Add internal note' }).click();
    await agent.page.getByRole('article', { name: /^Internal note by Jordan Reyes/ }).waitFor();
    await audience.getByText('Reply to requester').click();
    const reply = 'The label printer driver was reset remotely. Please print a test wristband.';
    await agent.page.getByLabel('Reply (the requester sees this)').fill(reply);
    await agent.page.getByRole('button', { name: 'Send reply' }).click();
    await agent.page
      .getByRole('article', { name: /^Public reply by Jordan Reyes/ })
      .getByText(reply)
      .waitFor();

    await agent.page.getByRole('button', { name: 'Resolve…' }).click();
    const dialog = agent.page.getByRole('dialog', { name: `Resolve ${number}` });
    await choose(agent.page, 'Resolution code', 'Configuration fixed');
    await dialog.getByLabel('Resolution note').fill('Reset the print queue for the 4 West wristband printer.');
    await dialog.getByRole('button', { name: 'Resolve', exact: true }).click();
    await agent.page.getByRole('note').filter({ hasText: 'Resolved: Configuration fixed' }).waitFor();

    // The nurse sees the reply and the resolution, and confirms the fix.
    await nurse.page.getByRole('link', { name: `View ${number}` }).click();
    await nurse.page.getByText(reply).waitFor();
    await nurse.page.getByText('The desk has resolved this. Did this fix it?').waitFor();
    expect(await nurse.page.getByText('queue paused since 06:10').count()).toBe(0);
    expect(await seriousAccessibilityProblems(nurse.page)).toEqual([]);
    await nurse.page.getByRole('button', { name: 'Yes, it is fixed' }).click();
    await nurse.page.getByText(`This ticket is closed. If the problem comes back`).waitFor();
    // A closed ticket says so in plain words, never that someone is still working on it.
    await nurse.page.getByTestId('status-words').filter({ hasText: 'This is finished' }).waitFor();
    expect(await nurse.page.getByText('is working on it', { exact: false }).count()).toBe(0);

    // …and the console's copy of the ticket follows, live.
    await agent.page.getByText('Closed', { exact: true }).first().waitFor();
    // Answered on the desk's first reply, confirmed, not escalated: first-touch resolution (a portal ticket, not FCR).
    await agent.page.getByRole('note').filter({ hasText: 'Resolved on first touch' }).waitFor();
    expect([...agent.errors, ...nurse.errors]).toEqual([]);
  });

  it('lets an agent escalate a ticket to Tier 2 with a reason, shown in the tier history', async () => {
    const agent = await signedIn('agent', '/console');
    const api = await deskApi(agent.context);
    const people = await api.get<{ items: { id: string }[] }>('/api/v1/people?q=Osei');
    const catalogue = await api.get<{ applications: { id: string; name: string }[] }>('/api/v1/directory/catalogue');
    const opened = await api.post<{ number: string }>('/api/v1/tickets', {
      channel: 'phone',
      requesterId: people.items[0]!.id,
      serviceId: catalogue.applications.find((application) => application.name === 'EHR')!.id,
      summary: 'Order set for sepsis pathway is missing in the ED',
      patientCareAffected: true,
      workaroundAvailable: true,
      scope: 'unit',
    });

    await agent.page.goto(`/console/tickets/${opened.number}`);
    await agent.page.getByRole('heading', { name: 'Tier history' }).waitFor();
    await agent.page.keyboard.press('e');
    const dialog = agent.page.getByRole('dialog', { name: `Escalate ${opened.number}` });
    await dialog.waitFor();
    expect(await dialog.getByRole('combobox', { name: 'Escalate to' }).inputValue()).toBe(
      'Tier 2 (application analysts)',
    );
    const reason = 'Order set build is missing in production; needs an EHR orders analyst.';
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Escalate', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    const history = agent.page.getByRole('region', { name: 'Tier history' });
    const step = history.getByRole('row').filter({ hasText: reason });
    await step.waitFor();
    expect(await step.textContent()).toMatch(/Escalated.*T1\+.*T2/s);
    await agent.page.getByText('Tier 2 (application analysts)').first().waitFor();
    expect(await seriousAccessibilityProblems(agent.page)).toEqual([]);
    await agent.page.screenshot({ path: path.join(SCREENSHOTS, 'ticket.png'), fullPage: false });
    expect(agent.errors).toEqual([]);
  });

  it('takes a call: finds the caller by phone, resolves on the call, and the ticket shows first-contact resolution', async () => {
    const agent = await signedIn('agent', '/console');
    const api = await deskApi(agent.context);
    const doctor = (await api.get<{ items: { displayName: string; phones: string[] }[] }>('/api/v1/people?q=Osei'))
      .items[0]!;
    const phone = doctor.phones[0]!.slice(-10);

    await agent.page.getByRole('table').waitFor();
    await agent.page.keyboard.press('n');
    const drawer = agent.page.getByRole('dialog', { name: 'New ticket' });
    await drawer.waitFor();
    await drawer.getByLabel('Requester').fill(`(${phone.slice(0, 3)}) ${phone.slice(3, 6)}-${phone.slice(6)}`);
    await drawer.getByRole('button', { name: new RegExp(doctor.displayName) }).click();
    await drawer
      .getByRole('region', { name: `Requester: ${doctor.displayName}` })
      .getByText('Provider')
      .waitFor();
    await choose(agent.page, 'Application or device', /^EHR$/);
    await drawer.getByLabel('Summary').fill('How to reprint a discharge summary');
    // The agent sees the suggested articles come in (they push the fields below down) before going on.
    await drawer.getByText('Suggested articles').waitFor();
    await drawer.getByRole('switch', { name: /Resolved on this call/ }).check();
    await choose(agent.page, 'Resolution code', 'Answered a how-to question');
    await drawer.getByLabel('Resolution note').fill('Showed the reprint option in the discharge navigator.');
    expect(await seriousAccessibilityProblems(agent.page)).toEqual([]);
    await drawer.getByRole('button', { name: 'Open and resolve' }).click();

    await agent.page.waitForURL((url) => /^\/console\/tickets\/CSD-\d+$/.test(url.pathname));
    await agent.page.getByRole('heading', { name: 'How to reprint a discharge summary', level: 1 }).waitFor();
    await agent.page.getByRole('note').filter({ hasText: 'Resolved on first contact' }).waitFor();
    await agent.page.getByRole('note').filter({ hasText: 'Resolved: Answered a how-to question' }).waitFor();
    expect(agent.errors).toEqual([]);
  });

  it('works the queue from the keyboard: search, move, open, and the shortcut list', async () => {
    const agent = await signedIn('agent', '/console');
    await agent.page.getByRole('table').waitFor();
    await agent.page.keyboard.press('?');
    await agent.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByText('Escalate the ticket').waitFor();
    await agent.page.keyboard.press('Escape');
    await agent.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });

    await agent.page.keyboard.press('/');
    expect(await agent.page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    await agent.page.keyboard.press('Escape');

    await agent.page.keyboard.press('j');
    const second = await agent.page.evaluate(() => document.activeElement?.getAttribute('data-ticket-link'));
    expect(second).toMatch(/^CSD-\d{6}$/);
    await agent.page.keyboard.press('Enter');
    await agent.page.waitForURL((url) => url.pathname === `/console/tickets/${second}`);
    await agent.page.getByRole('heading', { name: 'Conversation' }).waitFor();
    expect(agent.errors).toEqual([]);
  });

  it('lets desk staff ask for help for themselves in the portal, as a portal request of their own', async () => {
    const agent = await signedIn('agent', '/console');
    await agent.page.goto('/portal');
    await agent.page.getByLabel('What were you trying to do?').fill('My own headset crackles on every call');
    await agent.page.getByRole('radio', { name: 'No', exact: true }).first().check();
    await agent.page.getByRole('button', { name: 'Send to the service desk' }).click();
    const receipt = agent.page.getByRole('status').filter({ hasText: 'Your request is CSD-' });
    await receipt.waitFor();
    const number = /CSD-\d{6}/.exec((await receipt.textContent()) ?? '')![0];
    const api = await deskApi(agent.context);
    const me = await api.get<{ id: string }>('/api/v1/people/me');
    const ticket = await api.get<{ channel: string; requester: { id: string } }>(`/api/v1/tickets/${number}`);
    expect(ticket).toMatchObject({ channel: 'portal', requester: { id: me.id } });
    expect(agent.errors).toEqual([]);
  });
});
