// The desk on a phone (390×844) and the portal's words: agents at the elbow work the queue and a ticket without
// sideways scrolling; a nurse sees the desk's number, a counter and a plain refusal under an over-long summary.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { DEMO_PASSWORD, deskForSpec, SCREENSHOTS, type SignedIn, submitSignIn } from './harness.ts';

const spec = deskForSpec();
const PHONE = { width: 390, height: 844 };

async function onPhone(username: string, landing: string): Promise<SignedIn> {
  const { context, page, pageErrors } = await spec.newPage();
  await page.setViewportSize(PHONE);
  await page.goto('/signin');
  await submitSignIn(page, username, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === landing);
  return { page, context, errors: pageErrors };
}

/** Nothing is cut off at the side: the page never needs sideways scrolling. */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
}

describe('on a phone', () => {
  it('shows a nurse the desk number for her facility, a counter, and refuses an over-long summary under the field', async () => {
    const nurse = await onPhone('nurse', '/portal');
    const call = nurse.page.getByTestId('call-the-desk');
    await call.getByRole('link', { name: '(312) 555-0100' }).waitFor();
    expect(await call.textContent()).toContain("Service desk for St. Mary's Medical Center");
    expect(await call.textContent()).not.toContain('provider line');

    const summary = nurse.page.getByLabel('What were you trying to do?');
    await summary.fill('x'.repeat(20_000));
    await nurse.page.getByText('Too long: 20,000 / 200 characters').waitFor();
    // Nothing was cut: every character is still in the box.
    expect((await summary.inputValue()).length).toBe(20_000);
    expect(await summary.getAttribute('aria-invalid')).toBe('true');
    const message = 'Summary is too long (at most 200 characters): please remove 19,800 characters';
    const error = nurse.page.getByText(message);
    await error.waitFor();
    // The message belongs to the field: a screen reader hears it with the summary box.
    const describedBy = (await summary.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await error.getAttribute('id'));

    const api = await deskApi(nurse.context);
    const before = await api.get<{ total: number }>('/api/v1/tickets?view=my_requests&limit=1');
    await nurse.page.getByRole('radio', { name: 'No', exact: true }).first().check();
    await nurse.page.getByRole('button', { name: 'Send to the service desk' }).click();
    await error.waitFor();
    expect(await nurse.page.getByRole('status').filter({ hasText: 'Your request is CSD-' }).count()).toBe(0);
    expect((await api.get<{ total: number }>('/api/v1/tickets?view=my_requests&limit=1')).total).toBe(before.total);

    await summary.fill('Wristband printer on 4 West prints blank labels');
    await nurse.page.getByText('47 / 200 characters').waitFor();
    expect(await nurse.page.getByText(message).count()).toBe(0);
    expect(await horizontalOverflow(nurse.page)).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityProblems(nurse.page)).toEqual([]);
    await nurse.page.screenshot({ path: path.join(SCREENSHOTS, 'portal-phone.png'), fullPage: true });
    expect(nurse.errors).toEqual([]);
  });

  it('shows a physician the provider line as well', async () => {
    const doctor = await onPhone('doctor', '/portal');
    const call = doctor.page.getByTestId('call-the-desk');
    await call.getByText('provider line for physicians and APPs').waitFor();
    expect(await call.getByRole('link').count()).toBe(2);
    expect(await horizontalOverflow(doctor.page)).toBeLessThanOrEqual(0);
  });

  it('lets an agent work the queue as cards, with nothing cut off', async () => {
    const agent = await onPhone('agent', '/console');
    const cards = agent.page.getByRole('list', { name: 'Tickets in this queue' });
    await cards.waitFor();
    expect(await agent.page.getByRole('table').count()).toBe(0);
    const first = cards.getByRole('listitem').first();
    expect(await first.getByRole('link', { name: /^CSD-\d{6}$/ }).isVisible()).toBe(true);
    expect(await first.textContent()).toMatch(/P[1-4]/);
    // The key facts fit inside the card, within the screen.
    const box = (await first.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await horizontalOverflow(agent.page)).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityProblems(agent.page)).toEqual([]);
    await agent.page.screenshot({ path: path.join(SCREENSHOTS, 'console-phone.png') });
    expect(agent.errors).toEqual([]);
  });

  it('shows a ticket, its tier history and knowledge suggestions within the screen', async () => {
    const agent = await onPhone('agent', '/console');
    const api = await deskApi(agent.context);
    const people = await api.get<{ items: { id: string }[] }>('/api/v1/people?q=Delgado');
    const catalogue = await api.get<{ applications: { id: string; name: string }[] }>('/api/v1/directory/catalogue');
    const opened = await api.post<{ number: string }>('/api/v1/tickets', {
      channel: 'phone',
      requesterId: people.items[0]!.id,
      serviceId: catalogue.applications.find((application) => application.name === 'EHR')!.id,
      summary: 'BCMA scanner does not read the patient wristband',
      patientCareAffected: true,
      scope: 'unit',
    });
    const reason = 'Scanner profile needs an analyst: the wristband barcode format changed after the upgrade.';
    await api.post(`/api/v1/tickets/${opened.number}/escalations`, { toTier: 'tier2', reason });

    await agent.page.goto(`/console/tickets/${opened.number}`);
    const history = agent.page.getByRole('region', { name: 'Tier history' });
    await history.getByText(reason).waitFor();
    expect(await history.getByRole('table').count()).toBe(0);
    const step = history.getByRole('listitem').filter({ hasText: reason });
    expect(await step.textContent()).toMatch(/Escalated.*From.*T1\+.*To.*T2/s);
    // A ticket opened a moment ago: "just now", never "just now ago".
    const opened_ = agent.page.getByText(/\(just now\)|\(\d+ min ago\)/);
    await opened_.first().waitFor();
    expect(await agent.page.getByText('just now ago').count()).toBe(0);

    const use = agent.page.getByRole('button', { name: /^Use KB-/ }).first();
    await use.waitFor();
    await use.scrollIntoViewIfNeeded();
    // The button shows its whole word, not a clipped "U".
    const clipped = await use.evaluate((button) => {
      const label = button.querySelector('.mantine-Button-label') as HTMLElement;
      return label.scrollWidth > label.clientWidth || button.scrollWidth > button.clientWidth;
    });
    expect(clipped).toBe(false);
    expect(await use.textContent()).toBe('Use');

    expect(await horizontalOverflow(agent.page)).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityProblems(agent.page)).toEqual([]);
    await agent.page.screenshot({ path: path.join(SCREENSHOTS, 'ticket-phone.png'), fullPage: true });
    expect(agent.errors).toEqual([]);
  });
});

describe("the desk's phone numbers", () => {
  it('are changed by an administrator on the admin screen, and the portal shows the new number', async () => {
    const admin = await spec.signedIn('admin', '*');
    await admin.page.goto('/admin?tab=phones');
    const form = admin.page.getByRole('form', { name: 'Desk phone numbers' });
    const smmc = form.getByLabel("St. Mary's Medical Center");
    await expect.poll(() => smmc.inputValue()).toBe('(312) 555-0100');
    await smmc.fill('not a number');
    await form.getByRole('button', { name: 'Save numbers' }).click();
    await form
      .getByText(/"not a number" is not a phone number/)
      .first()
      .waitFor();
    await smmc.fill('312.555.0177');
    await form.getByRole('button', { name: 'Save numbers' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await seriousAccessibilityProblems(admin.page)).toEqual([]);

    const nurse = await spec.signedIn('nurse', '/portal');
    await nurse.page.getByTestId('call-the-desk').getByRole('link', { name: '(312) 555-0177' }).waitFor();
    expect([...admin.errors, ...nurse.errors]).toEqual([]);
  });
});
