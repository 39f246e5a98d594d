// Major incidents end to end: an agent declares an EHR downtime from the console; a nurse's new ticket about the EHR
// attaches itself and she is told it is a known outage; the incident page counts it; resolving the incident with
// "resolve them" resolves her ticket; axe on the list and the incident page, desktop and phone. The demo's past EHR
// downtime shows its post-incident review on the incident page and as a printable page without navigation.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { deskForSpec, SCREENSHOTS } from './harness.ts';

const spec = deskForSpec();

describe('major incidents', () => {
  it('declares an EHR downtime in the console, links a nurse’s new ticket to it and resolves it with the incident', async () => {
    const agent = await spec.signedIn('agent', '/console');
    const { page } = agent;
    await page.getByRole('link', { name: 'Major incidents' }).click();
    await page.waitForURL('**/console/incidents');
    await page.getByRole('button', { name: 'Declare an incident' }).click();
    const form = page.getByRole('region', { name: 'Declare an incident' });
    await form.getByLabel('What is down').fill('EHR unavailable at all facilities');
    await form.getByLabel('Applications affected').click();
    await page.getByRole('option', { name: 'EHR', exact: true }).click();
    await page.keyboard.press('Escape');
    await form
      .getByLabel('Public summary')
      .fill('The EHR cannot be reached. Chart on paper and follow the downtime procedures.');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await form.getByRole('button', { name: 'Declare', exact: true }).click();
    await page.waitForURL(/\/console\/incidents\/INC-\d+$/);
    const number = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('heading', { name: 'EHR downtime: EHR unavailable at all facilities' }).waitFor();

    // The nurse asks for help about the EHR: her ticket attaches itself, and she is told it is a known outage.
    const nurse = await spec.signedIn('nurse', '/portal');
    const nurseApi = await deskApi(nurse.context);
    const catalogue = await nurseApi.get<{ applications: { id: string; name: string }[] }>(
      '/api/v1/directory/catalogue',
    );
    const ehr = catalogue.applications.find((a) => a.name === 'EHR')!;
    const ticket = await nurseApi.post<{ number: string }>('/api/v1/tickets', {
      summary: 'Cannot open the EHR on 4 West',
      serviceId: ehr.id,
    });
    const outage = await nurseApi.get<{ outage: { number: string; title: string } | null }>(
      `/api/v1/tickets/${ticket.number}/outage`,
    );
    expect(outage.outage?.number).toBe(number);

    // The incident page counts her ticket among the linked ones.
    await page.reload();
    const children = page.getByRole('region', { name: 'Linked tickets', exact: true });
    await children.getByRole('link', { name: ticket.number }).waitFor();
    await children.getByText('1 linked', { exact: false }).waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'incident-page.png'), fullPage: true });

    // Resolve the incident and its linked tickets.
    await page.getByRole('button', { name: 'Resolve…' }).click();
    const resolve = page.getByRole('region', { name: `Resolve ${number}` });
    await resolve.getByLabel('What was fixed').fill('The EHR is back. Enter what you charted on paper.');
    await resolve.getByRole('button', { name: 'Resolve the incident' }).click();
    await page.getByText('Resolved', { exact: true }).first().waitFor();
    await expect
      .poll(async () => (await nurseApi.get<{ status: string }>(`/api/v1/tickets/${ticket.number}`)).status, {
        timeout: 30_000,
        interval: 500,
      })
      .toBe('resolved');

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'incident-page-phone.png'), fullPage: true });
    await page.goto('/console/incidents');
    await page.getByRole('link', { name: number }).waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'incidents-phone.png'), fullPage: true });
    expect(agent.errors).toEqual([]);
    expect(nurse.errors).toEqual([]);
  });

  it('shows the demo downtime’s post-incident review on the incident page and as a printable page', async () => {
    const manager = await spec.signedIn('manager', '*');
    const { page } = manager;
    await page.goto('/console/incidents/INC-000001');
    const review = page.getByRole('region', { name: 'Post-incident review' });
    await review.getByText('Completed', { exact: true }).waitFor();
    await review.getByText(/clinicians on affected units ×/).waitFor();
    await review.getByRole('region', { name: 'Actions' }).getByText('Overdue', { exact: true }).waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await review.screenshot({ path: path.join(SCREENSHOTS, 'incident-review.png') });

    await review.getByRole('link', { name: 'Printable review' }).click();
    await page.waitForURL('**/console/incidents/INC-000001/review');
    await page.getByRole('heading', { name: 'Cause' }).waitFor();
    expect(await page.getByRole('link', { name: 'Major incidents' }).count()).toBe(0);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'incident-review-print.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'incident-review-print-phone.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(manager.errors).toEqual([]);
  });
});
