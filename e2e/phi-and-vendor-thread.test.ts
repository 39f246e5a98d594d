// Patient identifiers and the vendor, through Chromium: the portal warns a clinician who types an MRN or a date of
// birth before anything is sent, and the desk replies to a vendor on the shared thread, which the vendor reads masked
// and without the hospital's internal notes.
import { describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { deskForSpec } from './harness.ts';

const spec = deskForSpec();

describe('patient identifiers typed into the portal', () => {
  it('warns under the field, in plain words, while the clinician types an MRN or a date of birth', async () => {
    const nurse = await spec.signedIn('nurse', '/portal');
    const summary = nurse.page.getByLabel('What were you trying to do?');
    await summary.fill('Print a wristband for MRN 00482913');
    const hint = nurse.page.locator('#summary-phi-hint');
    await expect
      .poll(() => hint.textContent())
      .toContain('This looks like patient information (a medical record number)');
    expect(await hint.textContent()).toContain('hidden from outside vendors');
    expect(await hint.getAttribute('aria-live')).toBe('polite');

    await summary.fill('Print a wristband for an admission');
    await expect.poll(() => hint.textContent()).toBe('');

    await nurse.page.getByLabel('Any error message?').fill('Invalid DOB 03/14/1958');
    await expect.poll(() => nurse.page.locator('#error-text-phi-hint').textContent()).toContain('a date of birth');
    expect(await seriousAccessibilityProblems(nurse.page)).toEqual([]);
    expect(nurse.errors).toEqual([]);
  });
});

describe('the thread shared with the vendor', () => {
  it('lets the desk reply to the vendor, who reads it masked and never sees internal notes', async () => {
    const vendor = await spec.signedIn('vendor', '*');
    const vendorApi = await deskApi(vendor.context);
    const open = await vendorApi.get<{ items: { number: string }[] }>(
      '/api/v1/tickets?status=new,in_progress,pending_vendor,pending_requester,pending_change&limit=1',
    );
    const number = open.items[0]?.number;
    expect(number, 'the demo hospital has an open ticket escalated to the vendor').toBeDefined();

    const agent = await spec.signedIn('agent', '/console');
    const agentApi = await deskApi(agent.context);
    await agentApi.post(`/api/v1/tickets/${number}/comments`, {
      visibility: 'internal',
      body: 'Vendor contract ends soon; INTERNAL-E2E',
    });
    await agent.page.goto(`/console/tickets/${number}`);
    await agent.page.getByRole('heading', { name: 'Conversation' }).waitFor();
    const audience = agent.page.getByRole('radiogroup', { name: 'Who sees this' });
    await audience.getByText('Reply to vendor').click();
    const box = agent.page.getByRole('textbox', { name: /^Reply to vendor/ });
    await box.fill('Patient: Maria Lopez is the second case; VENDOR-E2E');
    await expect.poll(() => agent.page.getByTestId('phi-hint').textContent()).toContain('a patient name');
    await agent.page.getByRole('button', { name: 'Send to vendor' }).click();
    await agent.page
      .getByRole('article', { name: /^Shared with vendor by/ })
      .filter({ hasText: 'VENDOR-E2E' })
      .waitFor();

    await vendor.page.goto(`/console/tickets/${number}`);
    const shared = vendor.page
      .getByRole('article', { name: /^Shared with vendor by/ })
      .filter({ hasText: 'VENDOR-E2E' });
    await shared.waitFor();
    expect(await shared.textContent()).toContain('[patient name hidden] is the second case');
    expect(await vendor.page.getByText('INTERNAL-E2E').count()).toBe(0);
    expect(await vendor.page.getByRole('article', { name: /^Internal note/ }).count()).toBe(0);
    expect(await vendor.page.getByRole('radiogroup', { name: 'Who sees this' }).count()).toBe(0);
    await vendor.page.getByLabel("Reply to the hospital's service desk").waitFor();
    expect(await seriousAccessibilityProblems(vendor.page)).toEqual([]);
    // Only what the server lets a vendor do: status, resolve, hand back or escalate; never take the ticket.
    const actions = vendor.page.getByRole('region', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Escalate…' }).waitFor();
    expect(await actions.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);

    // The console offers no New ticket (vendors open none), and its shortcuts list only what works for them.
    await vendor.page.goto('/console?newTicket=true');
    await vendor.page.getByRole('heading', { name: 'Console', level: 1 }).waitFor();
    await vendor.page.getByRole('table').first().waitFor();
    expect(await vendor.page.getByRole('button', { name: 'New ticket' }).count()).toBe(0);
    expect(await vendor.page.getByRole('dialog').count()).toBe(0);
    await vendor.page.keyboard.press('n');
    expect(await vendor.page.getByRole('dialog').count()).toBe(0);
    await vendor.page.getByRole('button', { name: 'Shortcuts' }).click();
    const help = vendor.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Search tickets').waitFor();
    expect(await help.getByText('New ticket (taking a call)').count()).toBe(0);
    expect(await help.getByText('Assign the ticket to me').count()).toBe(0);
    await help.getByText('Resolve the ticket').waitFor();
    // The desk still has them.
    await agent.page.goto('/console');
    await agent.page.getByRole('button', { name: 'New ticket' }).waitFor();
    expect(agent.errors).toEqual([]);
    expect(vendor.errors).toEqual([]);
  });
});
