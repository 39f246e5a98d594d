// The vendor workspace through Chromium (issue 16, docs/vendors.md): a vendor engineer lands on their company's
// queue ordered by the contract clock, says they need information from the hospital with a reply on the shared
// thread, the agent sees it and answers there (the case is worked again), the vendor proposes a fix, and the desk
// is asked to confirm it with the clinician. The desk is told by mail that the vendor needs information (the relay
// here is a real SMTP server), finds the ticket with the queue's "Vendor case" filter, and the vendor is told by mail
// of the desk's answer, with no ticket text. Screenshots at 1280x800 and 390x844, and axe on each screen.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { deskForSpec, SCREENSHOTS } from './harness.ts';
import { captureRelay } from './mail-relay.ts';

const VENDOR_ADDRESS = 'lee.okafor@ehrvendor.example';

/** The hospital's mail relay: a real SMTP server on 127.0.0.1 that keeps every message the desk sends. */
const relay = captureRelay();
const captured = relay.captured;

const spec = deskForSpec(() => ({
  env: {
    CLINIDESK_MAIL_RELAY_HOST: '127.0.0.1',
    CLINIDESK_MAIL_RELAY_PORT: String(relay.port()),
    CLINIDESK_MAIL_RELAY_SECURITY: 'none',
    CLINIDESK_MAIL_FROM: '"St Mary\'s Service Desk" <servicedesk@stmarys.example>',
    CLINIDESK_PUBLIC_URL: 'https://servicedesk.stmarys.example',
  },
}));

/** The mail about this ticket whose subject matches (to this address, if given), once the desk has sent it. */
async function mailAbout(number: string, subject: RegExp, to?: string) {
  let found: (typeof captured)[number] | undefined;
  await expect
    .poll(
      () => {
        found = captured.find(
          (c) =>
            c.mail.subject?.includes(`[${number}]`) &&
            subject.test(c.mail.subject ?? '') &&
            (to === undefined || c.to.includes(to)),
        );
        return Boolean(found);
      },
      { timeout: 30_000, interval: 250 },
    )
    .toBe(true);
  return found!;
}

describe('the vendor workspace', () => {
  it('runs a "needs information" round trip and a proposed fix between the vendor and the desk', async () => {
    // The desk hands a new EHR ticket to the vendor (whatever the demo's day left open with the vendor).
    const agent = await spec.signedIn('agent', '/console');
    const agentApi = await deskApi(agent.context);
    const people = await agentApi.get<{ items: { id: string }[] }>('/api/v1/people?q=Rosa&limit=5');
    const services = await agentApi.get<{ items: { id: string; name: string }[] }>(
      '/api/v1/services?kind=application&limit=100',
    );
    const ehr = services.items.find((s) => s.name === 'EHR')!;
    const mine = await agentApi.post<{ number: string }>('/api/v1/tickets', {
      requesterId: people.items[0]!.id,
      summary: 'Vitals flowsheet template will not load',
      serviceId: ehr.id,
    });
    await agentApi.post(`/api/v1/tickets/${mine.number}/escalations`, {
      toTier: 'vendor',
      reason: 'The flowsheet module fails to load its template.',
    });
    const number = mine.number;
    // Its engineers are told of their new case by mail: the number and the link, no ticket text.
    const newCase = await mailAbout(number, /escalated to you/, VENDOR_ADDRESS);
    expect(newCase.raw).not.toContain('Vitals flowsheet');

    const vendor = await spec.signedIn('vendor', '/console');
    const vendorApi = await deskApi(vendor.context);
    const queue = await vendorApi.get<{ items: { number: string }[] }>('/api/v1/tickets/vendor-queue');
    expect(queue.items.length, 'the demo hospital has tickets its vendor holds').toBeGreaterThan(0);

    // The landing page shows the queue in the server's order: breached, then soonest due first.
    const heading = vendor.page.getByRole('heading', { name: "Your company's queue" });
    await heading.waitFor();
    const rows = vendor.page.getByTestId('vendor-queue-item');
    await rows.first().waitFor();
    const shown = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-number')));
    expect(shown).toEqual(queue.items.map((i) => i.number));
    expect(await seriousAccessibilityProblems(vendor.page)).toEqual([]);
    await vendor.page.screenshot({ path: path.join(SCREENSHOTS, 'vendor-queue.png') });

    await rows.filter({ hasText: number }).getByRole('link', { name: number }).click();
    await vendor.page.waitForURL(`**/console/tickets/${number}`);
    const panel = vendor.page.locator('section[aria-labelledby="vendor-case-heading"]');
    await panel.getByLabel('Update the case').click();
    await vendor.page.getByRole('option', { name: 'Needs information from the hospital' }).click();
    await panel.getByLabel(/Reply to the desk/).fill('Which template was open? VENDOR-ASKS-E2E');
    await panel.getByRole('button', { name: 'Update case' }).click();
    await expect
      .poll(() => panel.getByTestId('vendor-state').textContent())
      .toBe('Needs information from the hospital');
    await vendor.page.getByText('VENDOR-ASKS-E2E').first().waitFor();
    expect(await seriousAccessibilityProblems(vendor.page)).toEqual([]);

    // The desk is told by mail (the staff assignee, else the desk group the ticket came from), never the vendor.
    const told = await mailAbout(number, /The vendor needs information on ticket/);
    expect(
      captured.filter(
        (c) => c.mail.subject?.includes('needs information') && c.to.some((a) => a.endsWith('@ehrvendor.example')),
      ),
    ).toEqual([]);
    expect(told.mail.text).toContain(`https://servicedesk.stmarys.example/console/tickets/${number}`);
    expect(told.raw).not.toContain('VENDOR-ASKS-E2E');

    // The desk finds it with the queue's "Vendor case" filter, labelled, and answers on the shared thread: the case
    // is worked again.
    await agent.page.goto('/console');
    await agent.page.getByRole('combobox', { name: 'Vendor case' }).click();
    await agent.page.getByRole('option', { name: 'Needs information from us' }).click();
    const row = agent.page.getByRole('row', { name: new RegExp(number) });
    await row.waitFor();
    await row.getByText('Vendor needs information from us').waitFor();
    expect(await seriousAccessibilityProblems(agent.page)).toEqual([]);
    await agent.page.screenshot({ path: path.join(SCREENSHOTS, 'vendor-case-filter.png') });
    await agent.page.goto(`/console/tickets/${number}`);
    const cue = agent.page.getByRole('note').filter({ hasText: 'The vendor needs information from the hospital' });
    await cue.waitFor();
    await agent.page.getByText('VENDOR-ASKS-E2E').first().waitFor();
    await agent.page.getByRole('radiogroup', { name: 'Who sees this' }).getByText('Reply to vendor').click();
    await agent.page
      .getByRole('textbox', { name: /^Reply to vendor/ })
      .fill('The adult vitals template. DESK-ANSWERS-E2E');
    await agent.page.getByRole('button', { name: 'Send to vendor' }).click();
    await agent.page
      .getByRole('article', { name: /^Shared with vendor by/ })
      .filter({ hasText: 'DESK-ANSWERS-E2E' })
      .waitFor();
    const agentPanel = agent.page.locator('section[aria-labelledby="vendor-case-heading"]');
    await expect.poll(() => agentPanel.getByTestId('vendor-state').textContent()).toBe('Working on it');
    // The vendor's engineers are told of the answer by mail: what happened, the number and the link, no text.
    const answered = await mailAbout(number, /The hospital replied on case/, VENDOR_ADDRESS);
    expect(answered.mail.text).toContain(
      `Reply in Clinidesk: https://servicedesk.stmarys.example/console/tickets/${number}`,
    );
    expect(answered.raw).not.toContain('DESK-ANSWERS-E2E');

    // The vendor reads the answer and proposes a fix.
    await vendor.page.reload();
    await vendor.page.getByText('DESK-ANSWERS-E2E').first().waitFor();
    await panel.getByLabel('Update the case').click();
    await vendor.page.getByRole('option', { name: 'Fix proposed' }).click();
    await panel.getByRole('button', { name: 'Update case' }).click();
    await expect.poll(() => panel.getByTestId('vendor-state').textContent()).toBe('Fix proposed');

    // The desk sees it and is asked to confirm it with the clinician.
    await agent.page.reload();
    await agent.page
      .getByRole('note')
      .filter({ hasText: 'Vendor proposed a fix — confirm with the clinician' })
      .waitFor();
    expect(await seriousAccessibilityProblems(agent.page)).toEqual([]);
    await agentPanel.scrollIntoViewIfNeeded();
    await agent.page.screenshot({ path: path.join(SCREENSHOTS, 'vendor-fix-proposed-desk.png') });

    await vendor.page.setViewportSize({ width: 390, height: 844 });
    await vendor.page.goto('/console');
    await vendor.page.getByTestId('vendor-queue-item').first().waitFor();
    expect(await seriousAccessibilityProblems(vendor.page)).toEqual([]);
    await vendor.page.screenshot({ path: path.join(SCREENSHOTS, 'vendor-queue-phone.png') });
    await agent.page.setViewportSize({ width: 390, height: 844 });
    await agentPanel.scrollIntoViewIfNeeded();
    await agent.page.screenshot({ path: path.join(SCREENSHOTS, 'vendor-fix-proposed-desk-phone.png') });

    expect(vendor.errors).toEqual([]);
    expect(agent.errors).toEqual([]);
  });
});
