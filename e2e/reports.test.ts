// Reports through Chromium: a desk manager filters the ticket report, drills from a figure into its tickets and
// opens one, exports the CSV, reads the provider scorecard, the go-live scorecard and the demo's year of phone
// figures, and the wallboard; axe on each screen, desktop and phone sizes.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rebuildFacts } from '../src/features/reports/refresh.ts';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskForSpec } from './harness.ts';

const spec = deskForSpec();
const shots = path.join(os.tmpdir(), 'clinidesk-reports-shots');

/** The last full calendar quarter before `now`, as the report's half-open range of days. */
function lastQuarter(now: Date) {
  const q = Math.floor(now.getUTCMonth() / 3);
  const start = new Date(Date.UTC(now.getUTCFullYear(), (q - 1) * 3, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), q * 3, 1));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

describe('reports screens', () => {
  it('filters the report, drills into the tickets behind a figure and exports the rows', async () => {
    await rebuildFacts(spec.desk.ctx);
    const { page, context, errors } = await spec.signedIn('manager', '*');
    await page.goto('/reports');
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByRole('table').last().waitFor();

    await page.getByRole('combobox', { name: 'Group by', exact: true }).click();
    await page.getByRole('option', { name: 'Channel' }).click();
    const phoneFcr = page.getByRole('button', { name: 'phone: tickets resolved on first contact' });
    await phoneFcr.waitFor();
    // The filters are in the address: this report can be bookmarked, and back comes back to it.
    expect(new URL(page.url()).searchParams.get('groupBy')).toBe('channel');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'reports-desktop.png'), fullPage: true });

    await phoneFcr.click();
    const drill = page.getByTestId('drill');
    await drill.getByRole('link').first().waitFor();
    const first = drill.getByRole('link').first();
    const number = (await first.textContent())!;
    expect(number).toMatch(/^CSD-\d{6}$/);
    await first.click();
    await page.waitForURL((u) => u.pathname === `/console/tickets/${number}`);
    await page.getByText(number).first().waitFor();

    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/reports');
    await phoneFcr.waitFor();
    expect(await page.getByRole('combobox', { name: 'Group by', exact: true }).inputValue()).toBe('Channel');
    const exportLink = page.getByRole('link', { name: 'Export CSV' });
    await exportLink.waitFor();
    const href = (await exportLink.getAttribute('href'))!;
    const csv = await context.request.get(href);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^ticket,opened_at,channel/);
    expect(lines.length).toBeGreaterThan(10);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('table').last().waitFor();
    await page.screenshot({ path: path.join(shots, 'reports-phone.png'), fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);

  it('opens "the scorecard for last quarter" from a link, and steps back and forward through the tabs', async () => {
    const { page, errors } = await spec.signedIn('manager', '*');
    const { from, to } = lastQuarter(new Date());
    await page.goto(`/reports?tab=scorecards&from=${from}&to=${to}`);
    await page.getByRole('tab', { name: 'Provider scorecards', selected: true }).waitFor();
    await page.getByRole('heading', { name: `Provider scorecard, ${from} to ${to}` }).waitFor();
    expect(await page.getByLabel('From').inputValue()).toBe(from);
    await page.getByTestId('scorecard-table').waitFor();

    await page.getByRole('tab', { name: 'Phone' }).click();
    await page.getByText(/calls offered/).waitFor();
    const phoneUrl = new URL(page.url());
    expect([phoneUrl.searchParams.get('tab'), phoneUrl.searchParams.get('from')]).toEqual(['phone', from]);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'phone-report-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shots, 'phone-report-phone.png'), fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.goBack();
    await page.getByRole('tab', { name: 'Provider scorecards', selected: true }).waitFor();
    await page.getByRole('heading', { name: `Provider scorecard, ${from} to ${to}` }).waitFor();
    await page.goForward();
    await page.getByRole('tab', { name: 'Phone', selected: true }).waitFor();
    // A link to a tab the viewer may not see opens the ticket report instead.
    const agent = await spec.signedIn('agent', '*');
    await agent.page.goto(`/reports?tab=scorecards&from=${from}&to=${to}`);
    await agent.page.getByRole('tab', { name: 'Tickets', selected: true }).waitFor();
    expect(await agent.page.getByRole('tab', { name: 'Provider scorecards' }).count()).toBe(0);
    expect(errors).toEqual([]);
    expect(agent.errors).toEqual([]);
  }, 120_000);

  it('shows the providers side by side on the scorecard, ready to print', async () => {
    const { page, errors } = await spec.signedIn('manager', '*');
    await page.goto('/reports');
    await page.getByRole('tab', { name: 'Provider scorecards' }).click();
    const table = page.getByTestId('scorecard-table');
    await table.waitFor();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('scorecards');
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers.length).toBeGreaterThanOrEqual(3);
    expect(await table.getByRole('rowheader', { name: 'FCR where first contact' }).count()).toBe(1);
    // The two clocks side by side (issue 16): the provider's contract, judged each time it held a ticket, and the
    // clinician's wait on the hospital's clock; the outsourcer's contract has figures, the in-house desk has none.
    const cellsOf = (name: RegExp) =>
      table
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name }) })
        .getByRole('cell')
        .allTextContents();
    const contract = await cellsOf(/^Met the contract/);
    const wait = await cellsOf(/^Clinician’s wait within target/);
    expect(contract).toHaveLength(headers.length - 1);
    expect(contract.some((c) => /^\d+(\.\d)?% n \d+/.test(c))).toBe(true);
    expect(contract.some((c) => c.includes('none judged (n 0)'))).toBe(true);
    expect(wait.filter((c) => /^\d+(\.\d)?% n \d+/.test(c)).length).toBeGreaterThanOrEqual(2);
    const perFacility = /^Per facility: tickets handled · met the contract · clinician’s wait within target$/;
    expect(await page.getByRole('heading', { name: perFacility }).count()).toBe(1);
    // The per-facility and month-by-month tables: one column per provider, one row per facility or month.
    const byFacility = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Facility' }) });
    const byMonth = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Month' }) });
    expect(await byFacility.getByRole('columnheader').count()).toBe(headers.length);
    expect(await byFacility.getByRole('rowheader').count()).toBeGreaterThanOrEqual(1);
    expect(await byMonth.getByRole('columnheader').count()).toBe(headers.length);
    expect(await byMonth.getByRole('rowheader', { name: /^\d{4}-\d{2}$/ }).count()).toBeGreaterThanOrEqual(1);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'scorecard-desktop.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Print scorecard' }).isVisible()).toBe(false);
    await page.screenshot({ path: path.join(shots, 'scorecard-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shots, 'scorecard-phone.png'), fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);

  it("shows the demo go-live's scorecard per provider and the satisfaction month by month after it", async () => {
    const { page, errors } = await spec.signedIn('manager', '*');
    await page.goto('/reports');
    await page.getByRole('tab', { name: 'Go-live' }).click();
    await page.getByRole('heading', { name: 'Lakeshore EHR go-live', level: 2 }).waitFor();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('golive');
    const table = page.getByTestId('golive-scorecard-table');
    await table.waitFor();
    const headers = await table.getByRole('columnheader').allTextContents();
    // Measure, at least one provider, and the whole go-live.
    expect(headers.length).toBeGreaterThanOrEqual(3);
    expect(headers.at(-1)).toMatch(/^Whole go-live/);
    for (const row of ['Resolved on the spot', 'First-contact resolution', 'Escalated', 'Patient care affected']) {
      expect(await table.getByRole('rowheader', { name: row }).count(), row).toBe(1);
    }
    // A handful of go-live issues in the e2e desk: every rate says so instead of inviting a comparison.
    await table
      .getByText(/too few to compare/)
      .first()
      .waitFor();
    const months = page.getByTestId('golive-satisfaction-table');
    expect(await months.getByRole('rowheader', { name: /^The 3 months before/ }).count()).toBe(1);
    expect(await months.getByRole('rowheader', { name: /^Month \d+/ }).count()).toBeGreaterThanOrEqual(4);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'golive-scorecard-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shots, 'golive-scorecard-phone.png'), fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    // A link to the go-live tab opens the ticket report for an agent, who may not compare providers.
    const agent = await spec.signedIn('agent', '*');
    await agent.page.goto('/reports?tab=golive');
    await agent.page.getByRole('tab', { name: 'Tickets', selected: true }).waitFor();
    expect(await agent.page.getByRole('tab', { name: 'Go-live' }).count()).toBe(0);
    expect(errors).toEqual([]);
    expect(agent.errors).toEqual([]);
  }, 120_000);

  it("shows the demo's year of calls per line and month, and the wallboard beside it", async () => {
    const { page, errors } = await spec.signedIn('manager', '*');
    await page.goto('/reports');
    await page.getByRole('tab', { name: 'Phone' }).click();
    const summary = page.getByText(/calls offered/);
    await summary.waitFor();
    const offered = Number((await summary.textContent())!.match(/([\d,]+) calls offered/)![1]!.replaceAll(',', ''));
    expect(offered).toBeGreaterThan(1000);
    const byLine = page.getByRole('table', { name: 'Calls by line' });
    for (const line of ['Provider line', 'Clinical line', 'General line']) {
      expect(await byLine.getByRole('rowheader', { name: line }).count(), line).toBe(1);
    }
    // The months come in their own request, after the lines may have: wait for the twelfth month to be there.
    const byMonth = page.getByRole('table', { name: 'Calls by month' });
    await byMonth.getByRole('rowheader').nth(11).waitFor();
    expect(await byMonth.getByRole('rowheader').count()).toBeGreaterThanOrEqual(12);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'phone-report-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shots, 'phone-report-phone.png'), fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/wallboard');
    const week = page.getByRole('table', { name: 'This week: calls by line' });
    await week.waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'wallboard-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shots, 'wallboard-phone.png'), fullPage: true });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows desk managers the identity checks behind the demo year’s resets, and agents no such tab', async () => {
    const { page, errors } = await spec.signedIn('manager', '*');
    await page.goto('/reports?tab=identity');
    const started = page.getByRole('article', { name: 'Checks started' });
    await started.waitFor();
    expect(Number((await started.locator('p').nth(1).textContent())!.replaceAll(',', ''))).toBeGreaterThan(0);
    const requests = page.getByRole('table', { name: 'Requests' });
    await requests.getByRole('rowheader', { name: 'Password reset' }).waitFor();
    expect(await page.getByRole('table', { name: 'Checks by method' }).getByRole('rowheader').count()).toBeGreaterThan(
      0,
    );
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'identity-checks-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const phoneProblems = await seriousAccessibilityProblems(page);
    expect(phoneProblems, phoneProblems.join('\n')).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'identity-checks-phone.png'), fullPage: true });
    expect(errors).toEqual([]);

    const agent = await spec.signedIn('agent', '*');
    await agent.page.goto('/reports?tab=identity');
    await agent.page.getByRole('tab', { name: 'Tickets' }).waitFor();
    expect(await agent.page.getByRole('tab', { name: 'Identity checks' }).count()).toBe(0);
  }, 120_000);
});
