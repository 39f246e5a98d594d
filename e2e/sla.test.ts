// SLA on screen, through Chromium against a real server: a P1 whose clocks ran out shows in the "SLA at risk or
// breached" queue with its countdown in words, the ticket page shows both clocks and who used the time, a vendor's
// contract clock shows beside the hospital's (to the desk, and to the vendor alone among vendors), and an
// administrator's calendar edit is checked before it is saved, and a contract's "needs information" pause is switched
// off on the SLA admin screen.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepSla } from '../src/features/sla/service.ts';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { asDemoAdmin, deskApi } from './desk-api.ts';
import { deskForSpec, SCREENSHOTS } from './harness.ts';

const spec = deskForSpec();
const signedIn = spec.signedIn.bind(spec);

describe('SLA screens', () => {
  it('shows a breached P1 in the at-risk queue and both clocks on its ticket page', async () => {
    const { page, context, errors } = await signedIn('agent', '/console');
    const api = await deskApi(context);
    const people = await api.get<{ items: { id: string; provider: boolean }[] }>('/api/v1/people?q=Rosa&limit=5');
    const services = await api.get<{ items: { id: string; name: string; clinicalCritical: boolean }[] }>(
      '/api/v1/services?kind=application&limit=100',
    );
    const critical = services.items.find((s) => s.clinicalCritical)!;
    // A P1 (patient care, a whole unit, no workaround) the agent takes.
    const openP1 = (summary: string) =>
      api.post<{ id: string; number: string; createdAt: string }>('/api/v1/tickets', {
        requesterId: people.items[0]!.id,
        summary,
        serviceId: critical.id,
        patientCareAffected: true,
        scope: 'unit',
        workaroundAvailable: false,
        impact: 1,
        urgency: 1,
        assignToMe: true,
      });
    const ticket = await openP1('Barcode scanners on 5 South cannot scan any wristband');
    // Three hours on: the 2-hour resolution target of a P1 has run out. The sweep marks it (as the job would), and
    // the assignee, whose console is open, is told at once.
    await page.getByRole('table').waitFor();
    await sweepSla(spec.desk.ctx, Date.parse(ticket.createdAt) + 3 * 60 * 60_000);
    const alert = page.locator('[data-sla-alert="breached"]', { hasText: ticket.number });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/resolution target has passed/);

    // A second breach: the newest shows in full and the first folds into a count, so a busy hour never piles alerts
    // over the page. Neither stands between the agent and the New ticket drawer's button.
    const second = await openP1('Barcode scanners on 5 North cannot scan any wristband either');
    await sweepSla(spec.desk.ctx, Date.parse(second.createdAt) + 3 * 60 * 60_000);
    await page.locator('[data-sla-alert="breached"]', { hasText: second.number }).waitFor();
    // Only the newest in full; the first ticket's alert (and any other clock that ran out meanwhile) in the count.
    const folded = page.getByTestId('sla-alerts-folded');
    await expect.poll(() => folded.textContent()).toMatch(/^\d+ more SLA alerts?$/);
    expect(await page.locator('[data-sla-alert]').count()).toBe(1);
    expect(await alert.isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sla-alerts.png') });
    await page.keyboard.press('n');
    const drawer = page.getByRole('dialog', { name: 'New ticket' });
    await drawer.waitFor();
    // A trial click runs every check of a real click (is it the element that would receive it?) without clicking.
    await drawer.getByRole('button', { name: 'Open ticket' }).click({ trial: true, timeout: 5_000 });
    await drawer.getByRole('button', { name: 'Close' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await folded.click();
    await alert.waitFor();
    await page.getByRole('button', { name: 'Dismiss all' }).click();
    await expect.poll(() => page.locator('[data-sla-alert]').count()).toBe(0);

    await page.goto('/console?view=sla_at_risk');
    const row = page.getByRole('row', { name: new RegExp(ticket.number) });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toMatch(/Breached · 1 h/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sla-queue.png') });

    await row.getByRole('link', { name: ticket.number }).click();
    const panel = page.getByRole('region', { name: 'SLA' }).or(page.locator('[aria-labelledby="sla-heading"]'));
    await panel.waitFor();
    const text = await panel.textContent();
    expect(text).toMatch(/First response/);
    expect(text).toMatch(/Resolution/);
    expect(text).toMatch(/Target 2 h 00 m/);
    expect(text).toMatch(/Policy: P1, patient care or safety \(24x7\)/);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sla-ticket.png') });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lets an administrator change business hours, refusing hours that end before they start', async () => {
    const { page, errors } = await signedIn('admin', '*');
    await page.goto('/admin?tab=sla');
    const calendar = page
      .getByRole('region', { name: 'Calendar Business hours (facility time zone)' })
      .or(page.locator('[aria-label="Calendar Business hours (facility time zone)"]'));
    await calendar.waitFor();
    const closes = calendar.getByRole('textbox', { name: 'Closes (period 1)' });
    await closes.fill('07:00');
    await calendar.getByRole('alert').filter({ hasText: 'This calendar cannot be saved' }).waitFor();
    expect(await calendar.getByRole('button', { name: 'Save calendar' }).isDisabled()).toBe(true);
    await closes.fill('18:00');
    await calendar.getByRole('button', { name: 'Save calendar' }).click();
    await expect
      .poll(async () => {
        const res = await page.request.get('/api/v1/sla/calendars');
        const cals = (await res.json()) as { name: string; weekly: { end: string }[] }[];
        return cals.find((c) => c.name.startsWith('Business hours'))?.weekly[0]?.end;
      })
      .toBe('18:00');

    // Moving the patient-care policy to business hours is warned about before it is saved.
    const patientCare = page.locator('[aria-label="Policy P1, patient care or safety (24x7)"]');
    await patientCare.getByRole('combobox', { name: 'Calendar' }).click();
    await page.getByRole('option', { name: 'Business hours (facility time zone)' }).click();
    await patientCare.getByRole('status').filter({ hasText: 'A P1 could fall on business hours' }).waitFor();

    const add = page.locator('[aria-label="New calendar"]');
    await add.getByRole('textbox', { name: 'Name' }).fill('Outpatient pharmacy');
    await add.getByRole('textbox', { name: 'Time zone' }).fill('America/Chicago');
    await add.getByRole('button', { name: 'Add calendar' }).click();
    await page.locator('[aria-label="Calendar Outpatient pharmacy"]').waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
  // Last in the file: creating a policy asks the sweep to look at every running clock of the demo's year again.
  it('shows the vendor’s contract clock beside the hospital’s clock, to the desk and to the vendor', async () => {
    const vendor = await signedIn('vendor', '*');
    // The EHR vendor's group (the demo's day may have left no ticket open with the vendor).
    const groups = await asDemoAdmin(spec.desk.url, 'GET', '/api/v1/groups?tier=vendor&limit=10');
    const vendorGroup = ((await groups.json()) as { items: { id: string; providerId: string }[] }).items[0];
    expect(vendorGroup, 'the demo hospital has a vendor group').toBeDefined();
    const held = {
      provider: { id: vendorGroup!.providerId },
      groupId: vendorGroup!.id,
      serviceId: null as string | null,
      moduleId: null as string | null,
    };
    const target = { responseMinutes: 60, resolutionMinutes: 480 };
    const made = await asDemoAdmin(spec.desk.url, 'POST', '/api/v1/sla/policies', {
      name: 'E2E vendor contract',
      position: 1,
      match: { providerIds: [held.provider.id] },
      calendarId: '5a1a0000-0000-4000-8000-000000000001',
      targets: { '1': target, '2': target, '3': target, '4': target },
      pauseStatuses: ['pending_requester'],
    });
    expect(made.status, await made.text()).toBe(201);

    // A new ticket the desk hands to the vendor: its contract clock starts with the hand-off.
    const { page, context, errors } = await signedIn('agent', '/console');
    const api = await deskApi(context);
    const people = await api.get<{ items: { id: string }[] }>('/api/v1/people?q=Rosa&limit=5');
    const ticket = await api.post<{ number: string; slaDetail: { policy: string } }>('/api/v1/tickets', {
      requesterId: people.items[0]!.id,
      summary: 'Flowsheet freezes when charting vitals',
      ...(held.serviceId ? { serviceId: held.serviceId } : {}),
      ...(held.moduleId ? { moduleId: held.moduleId } : {}),
    });
    await api.post(`/api/v1/tickets/${ticket.number}/escalations`, {
      toTier: 'vendor',
      groupId: held.groupId,
      reason: 'The vendor’s flowsheet module freezes.',
    });

    await page.goto(`/console/tickets/${ticket.number}`);
    const panel = page.locator('[aria-labelledby="sla-heading"]');
    await panel.getByTestId('contract-clock').first().waitFor();
    const text = await panel.textContent();
    expect(text).toMatch(/Hospital \(the clinician’s wait\)/);
    expect(text).toContain(`Policy: ${ticket.slaDetail.policy}`);
    expect(text).toMatch(/Provider contract/);
    expect(text).toMatch(/E2E vendor contract/);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sla-two-clocks.png') });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sla-two-clocks-phone.png') });
    expect(errors).toEqual([]);

    await vendor.page.goto(`/console/tickets/${ticket.number}`);
    const vendorPanel = vendor.page.locator('[aria-labelledby="sla-heading"]');
    await vendorPanel.getByTestId('contract-clock').first().waitFor();
    expect(await vendorPanel.textContent()).toMatch(/E2E vendor contract/);
    expect(await vendorPanel.getByRole('table', { name: 'Time used by each holder' }).count()).toBe(0);
    expect(await seriousAccessibilityProblems(vendor.page)).toEqual([]);
    expect(vendor.errors).toEqual([]);

    // The contract's editor has the switch for the vendor's "needs information" pause (on by default); a policy that
    // names no provider has none. Turned off and saved, the API says so.
    const admin = await signedIn('admin', '*');
    await admin.page.goto('/admin?tab=sla');
    const contract = admin.page.locator('[aria-label="Policy E2E vendor contract"]');
    const pause = contract.getByRole('switch', {
      name: 'Pause the contract clock while the vendor waits for information from the hospital',
    });
    await pause.waitFor();
    expect(await pause.isChecked()).toBe(true);
    const patientCare = admin.page.locator('[aria-label="Policy P1, patient care or safety (24x7)"]');
    await patientCare.waitFor();
    expect(await patientCare.getByRole('switch', { name: /Pause the contract clock/ }).count()).toBe(0);
    await pause.click({ force: true });
    await contract.getByRole('button', { name: 'Save policy' }).click();
    await expect
      .poll(async () => {
        const res = await admin.page.request.get('/api/v1/sla/policies');
        const policies = (await res.json()) as { name: string; pauseOnVendorNeedsInfo?: boolean }[];
        return policies.find((p) => p.name === 'E2E vendor contract')?.pauseOnVendorNeedsInfo;
      })
      .toBe(false);
    await admin.page
      .locator('[aria-label="Policy E2E vendor contract"]')
      .getByRole('switch', { name: /Pause the contract clock/ })
      .waitFor();
    expect(
      await admin.page
        .locator('[aria-label="Policy E2E vendor contract"]')
        .getByRole('switch', { name: /Pause the contract clock/ })
        .isChecked(),
    ).toBe(false);
    expect(await seriousAccessibilityProblems(admin.page)).toEqual([]);
    expect(admin.errors).toEqual([]);
  }, 150_000);
});
