// Incident communications end to end: an EHR downtime declared (through the API, as the desk would from the
// console) with a public update; a nurse sees the banner and the EHR downtime procedure in the portal and opens it;
// the public status page shows the downtime without signing in; axe on each screen, desktop and phone.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { DEMO_PASSWORD, deskForSpec, SCREENSHOTS, submitSignIn } from './harness.ts';

const spec = deskForSpec();
const PUBLIC_UPDATE = 'Chart on paper; the read-only viewer works on the downtime workstations.';
const INTERNAL_NOTE = 'Storage controller failover failed; vendor bridge open';

describe('incident communications', () => {
  it('shows a nurse the downtime banner with its procedure, and everyone the status page without signing in', async () => {
    const agent = await spec.signedIn('agent', '/console');
    const api = await deskApi(agent.context);
    const services = await api.get<{ items: { id: string; name: string; kind: string }[] }>(
      '/api/v1/services?kind=application&limit=200',
    );
    const ehr = services.items.find((s) => s.name === 'EHR')!;
    const incident = await api.post<{ number: string }>('/api/v1/incidents', {
      kind: 'ehr_downtime',
      title: 'EHR unavailable',
      publicSummary: 'The EHR cannot be reached. Follow the downtime procedures.',
      severity: 'sev1',
      serviceIds: [ehr.id],
      confirmOverlap: true,
    });
    await api.post(`/api/v1/incidents/${incident.number}/updates`, {
      publicText: PUBLIC_UPDATE,
      internalNote: INTERNAL_NOTE,
      nextUpdateMinutes: 30,
    });

    // The agent's console carries the banner with the internal note.
    const staffBanner = agent.page.getByTestId('incident-banner').filter({ hasText: 'EHR unavailable' });
    await staffBanner.waitFor();
    // The update comes by the live stream a moment after the banner (as long as any other wait here on a busy machine).
    await expect.poll(() => staffBanner.textContent(), { timeout: 15_000 }).toContain(INTERNAL_NOTE);

    const nurse = await spec.signedIn('nurse', '/portal');
    const banner = nurse.page.getByTestId('incident-banner').filter({ hasText: 'EHR unavailable' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain(PUBLIC_UPDATE);
    expect(await banner.textContent()).not.toContain(INTERNAL_NOTE);
    expect(await seriousAccessibilityProblems(nurse.page)).toEqual([]);
    await nurse.page.screenshot({ path: path.join(SCREENSHOTS, 'incident-banner-portal.png') });
    await nurse.page.setViewportSize({ width: 390, height: 844 });
    await nurse.page.screenshot({ path: path.join(SCREENSHOTS, 'incident-banner-portal-phone.png'), fullPage: true });
    await nurse.page.setViewportSize({ width: 1280, height: 800 });

    await banner.getByRole('button', { name: 'EHR downtime: what to do when the EHR is unavailable' }).click();
    const reader = nurse.page.getByRole('dialog', { name: 'Downtime procedure' });
    await reader.getByText('Patient care continues on paper', { exact: false }).first().waitFor();
    expect(await seriousAccessibilityProblems(nurse.page)).toEqual([]);
    await nurse.page.screenshot({ path: path.join(SCREENSHOTS, 'incident-downtime-article.png') });
    await reader.getByRole('button', { name: 'Close the downtime procedure' }).click();

    // The status page: a fresh browser with no session.
    const { page } = await spec.newPage();
    await page.goto('/status');
    const card = page.getByRole('article', { name: 'EHR unavailable' });
    await card.waitFor();
    expect(await card.textContent()).toContain(PUBLIC_UPDATE);
    expect(await page.content()).not.toContain(INTERNAL_NOTE);
    await page.getByText('Some systems are not working normally').waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'status-page.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'status-page-phone.png'), fullPage: true });

    expect(nurse.errors).toEqual([]);
    expect(agent.errors).toEqual([]);
  });

  it('shows a downtime declared while the console was still loading its banners', async () => {
    // The console's first request for banners is read by the server before the downtime is declared, and its answer
    // is held back until the declaration has gone out on the live stream: the page must not keep that first answer.
    const { context, page, pageErrors } = await spec.newPage();
    let firstAnswerMayGo!: () => void;
    const held = new Promise<void>((resolve) => {
      firstAnswerMayGo = resolve;
    });
    let requests = 0;
    let firstRead = false;
    await page.route('**/api/v1/incident-banners', async (route) => {
      if (requests++ > 0) return route.continue();
      const response = await route.fetch();
      firstRead = true;
      await held;
      await route.fulfill({ response });
    });
    const streamsBefore = spec.desk.ctx.events.subscriberCount;
    await page.goto('/signin');
    await submitSignIn(page, 'agent', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/console');
    await expect.poll(() => firstRead).toBe(true);
    await expect.poll(() => spec.desk.ctx.events.subscriberCount).toBeGreaterThan(streamsBefore);

    const declaredOut = new Promise<void>((resolve) => {
      const off = spec.desk.ctx.events.subscribe((event) => {
        if (event.type !== 'incident.declared') return;
        off();
        resolve();
      });
    });
    const api = await deskApi(context);
    const services = await api.get<{ items: { id: string; name: string }[] }>(
      '/api/v1/services?kind=application&limit=200',
    );
    await api.post('/api/v1/incidents', {
      kind: 'ehr_downtime',
      title: 'EHR charts will not open',
      publicSummary: 'Charts will not open in the EHR. Use the downtime viewer.',
      severity: 'sev2',
      serviceIds: [services.items.find((s) => s.name === 'EHR')!.id],
      confirmOverlap: true,
    });
    await declaredOut;
    // A moment for the browser to read the event from its stream while the first answer is still held.
    await page.waitForTimeout(1000);
    firstAnswerMayGo();

    await page.getByTestId('incident-banner').filter({ hasText: 'EHR charts will not open' }).waitFor();
    expect(requests).toBeGreaterThan(1);
    expect(pageErrors).toEqual([]);
  });
});
