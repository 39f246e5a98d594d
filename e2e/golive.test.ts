// The go-live command center end to end, on a go-live running now at the community hospital (the demo's own go-live
// ended months ago): an at-the-elbow agent logs an issue on a phone and resolves it on the spot, and the hourly
// roll-up counts it; a command-center manager merges a duplicate, broadcasts a known issue with its tip sheet, is told
// why an overlapping shift is refused, and prints the huddle report. axe on the board, roster, intake, roll-up and
// huddle pages.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { asDemoAdmin } from './desk-api.ts';
import { DEMO_PASSWORD, deskForSpec, SCREENSHOTS, submitSignIn } from './harness.ts';

const spec = deskForSpec();
const PHONE = { width: 390, height: 844 };

type Setup = {
  eventId: string;
  zones: { id: string; name: string; unit: { id: string; name: string } }[];
  agentPersonId: string;
  agentName: string;
  article: { number: number; title: string };
};
let setup: Setup;

async function admin<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await asDemoAdmin(spec.desk.url, method, url, body);
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

beforeAll(async () => {
  const db = spec.desk.ctx.database;
  const units = await db.query<{ id: string; name: string; facility_id: string }>(
    `SELECT u.id, u.name, u.facility_id FROM units u JOIN facilities f ON f.id = u.facility_id
      WHERE f.code = 'SMLH' ORDER BY u.name LIMIT 2`,
  );
  const [agent] = await db.query<{ id: string; display_name: string }>(
    `SELECT p.id, p.display_name FROM people p JOIN users u ON u.id = p.user_id WHERE u.username = 'agent'`,
  );
  const [article] = await db.query<{ number: number; title: string }>(
    `SELECT number, title FROM kb_articles WHERE status = 'published' AND audience = 'portal' ORDER BY number LIMIT 1`,
  );
  const now = Date.now();
  const event = await admin<{ id: string }>('POST', '/api/v1/golive/events', {
    name: 'Lakeshore pharmacy go-live',
    facilityIds: [units[0]!.facility_id],
    startsAt: new Date(now - 2 * 3_600_000).toISOString(),
    endsAt: new Date(now + 14 * 86_400_000).toISOString(),
  });
  const zones: Setup['zones'] = [];
  for (const [i, unit] of units.entries()) {
    const name = `Zone ${'AB'[i]}`;
    const zone = await admin<{ id: string }>('POST', `/api/v1/golive/events/${event.id}/zones`, {
      name,
      unitIds: [unit.id],
    });
    zones.push({ id: zone.id, name, unit: { id: unit.id, name: unit.name } });
  }
  // The agent is at the elbow in Zone A from an hour ago for 8 hours (not checked in yet).
  await admin('POST', `/api/v1/golive/events/${event.id}/shifts`, {
    personId: agent!.id,
    zoneId: zones[0]!.id,
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 7 * 3_600_000).toISOString(),
  });
  setup = {
    eventId: event.id,
    zones,
    agentPersonId: agent!.id,
    agentName: agent!.display_name,
    article: article!,
  };
});

async function signedInOnPhone(username: string) {
  const { context, page, pageErrors } = await spec.newPage();
  await page.setViewportSize(PHONE);
  await page.goto('/signin');
  await submitSignIn(page, username, DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/console');
  return { context, page, errors: pageErrors };
}

async function noSidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
}

describe('go-live command center', () => {
  it('lets an ATE agent log and resolve an issue on a phone, check in, and the hourly roll-up counts it', async () => {
    const { page, errors } = await signedInOnPhone('agent');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('link', { name: /Log a go-live issue/ }).click();
    await page.waitForURL('**/console/golive/intake');
    await page.getByRole('heading', { name: 'Log a go-live issue' }).waitFor();
    await page.getByText('Lakeshore pharmacy go-live').waitFor();
    const zoneA = setup.zones[0]!;
    await page.getByLabel('Unit').selectOption({ label: zoneA.unit.name });
    await page.getByRole('radio', { name: 'How-to / training' }).click();
    await page.getByLabel('What happened').fill('Could not find the discharge navigator');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-intake-phone.png'), fullPage: true });
    await page.getByRole('button', { name: 'Resolved on the spot' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Resolved on the spot' });
    await done.waitFor();
    const number = /CSD-\d+/.exec((await done.textContent()) ?? '')![0];

    // The hourly roll-up counts it in Zone A, resolved on the spot.
    await page.goto('/console/golive/rollup');
    await page.getByRole('heading', { name: 'Per hour' }).waitFor();
    const totals = page.getByRole('region', { name: 'In these hours, by zone' });
    const row = totals.getByRole('row', { name: new RegExp(`^${zoneA.name}`) });
    await row.waitFor();
    expect((await row.getByRole('cell').allTextContents()).map((c) => c.trim())).toEqual(['1', '1', '0']);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-rollup-phone.png'), fullPage: true });

    // The agent checks in on the roster and is on the floor in Zone A.
    await page.goto('/console/golive/roster');
    await page.getByRole('button', { name: `Check in ${setup.agentName}` }).click();
    await page
      .getByRole('region', { name: 'On the floor now' })
      .getByText(`${setup.agentName} (At the elbow)`)
      .waitFor();
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-roster-phone.png'), fullPage: true });

    // The board lists the issue among the recently resolved, resolved on the spot.
    await page.goto('/console/golive');
    const resolved = page.getByRole('region', { name: 'Recently resolved' });
    await resolved
      .getByRole('row', { name: new RegExp(number) })
      .getByText('Resolved on the spot')
      .waitFor();
    expect(errors).toEqual([]);
  }, 120_000);

  it('lets the command center merge a duplicate, broadcast a known issue, refuse an overlapping shift and print the huddle', async () => {
    // Two reports of the same problem sent to the command center from the floor.
    const agent = await spec.signedIn('agent', '/console');
    const log = async (summary: string) => {
      const me = await agent.context.request.get('/api/v1/auth/me');
      const { csrfToken } = (await me.json()) as { csrfToken: string };
      const response = await agent.context.request.post(`/api/v1/golive/events/${setup.eventId}/issues`, {
        headers: { 'x-csrf-token': csrfToken },
        data: { unitId: setup.zones[1]!.unit.id, category: 'build', summary, patientCareAffected: true },
      });
      expect(response.status(), await response.text()).toBe(201);
      return ((await response.json()) as { number: string }).number;
    };
    const first = await log('Sepsis order set missing from the order panel');
    const second = await log('Sepsis order set not in the order panel');

    const { page, errors } = await spec.signedIn('manager', '/console');
    await page.getByRole('link', { name: 'Go-live' }).click();
    await page.waitForURL('**/console/golive');
    const open = page.getByRole('region', { name: 'Open issues' });
    await open.getByRole('link', { name: second }).waitFor();

    await open.getByRole('button', { name: `Mark ${second} as a duplicate` }).click();
    await open.getByLabel(`${second} is a duplicate of`).click();
    await page.getByRole('option', { name: new RegExp(first) }).click();
    await open.getByRole('button', { name: 'Merge' }).click();
    await open
      .getByRole('row', { name: new RegExp(second) })
      .getByText(`Duplicate of ${first}`)
      .waitFor();
    await open
      .getByRole('row', { name: new RegExp(first) })
      .getByText('1 more report')
      .waitFor();

    await page.getByRole('button', { name: 'Broadcast a known issue' }).click();
    const form = page.getByRole('region', { name: 'Broadcast a known issue' });
    await form.getByLabel('What is wrong').fill('Sepsis order set missing');
    await form.getByLabel('What to do meanwhile').fill('Order the sepsis bundle items one by one; the fix is coming.');
    await form.getByLabel('Issue on the board (optional)').click();
    await page.getByRole('option', { name: new RegExp(first) }).click();
    await form.getByLabel('Tip sheet (optional)').fill(`KB-${setup.article.number}`);
    await form.getByRole('button', { name: 'Broadcast' }).click();
    const known = page.getByRole('region', { name: 'Known issues' });
    await known.getByText('Sepsis order set missing').waitFor();
    const tip = known.getByRole('link', { name: setup.article.title });
    expect(await tip.getAttribute('href')).toBe(`/knowledge#KB-${String(setup.article.number).padStart(5, '0')}`);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-board.png'), fullPage: true });

    // A second shift for the agent that overlaps theirs is refused, with the server's reason.
    await page.getByRole('link', { name: 'Roster' }).click();
    await page.waitForURL('**/console/golive/roster');
    await page.getByRole('button', { name: 'Add a shift' }).click();
    const add = page.getByRole('region', { name: 'Add a shift' });
    await add.getByLabel('Person').fill(setup.agentName.slice(0, 5));
    await page.getByRole('option', { name: setup.agentName }).click();
    await add.getByRole('button', { name: 'Add the shift' }).click();
    await add.getByRole('alert').getByText('already has a shift in Zone A').waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-roster.png'), fullPage: true });

    // The huddle report: the day's figures, the known issue, the open patient-care issue; printed without the nav.
    await page.getByRole('link', { name: 'Huddle report' }).click();
    await page.waitForURL('**/console/golive/huddle');
    const patientCare = page.getByRole('region', { name: 'Patient care affected, still open' });
    await patientCare.getByRole('link', { name: first }).waitFor();
    await page.getByRole('region', { name: 'Known issues' }).getByText('Sepsis order set missing').waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-huddle.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Areas' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-huddle-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(PHONE);
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-huddle-phone.png'), fullPage: true });
    await page.getByRole('link', { name: 'Board', exact: true }).click();
    await page.getByRole('region', { name: 'Open issues' }).getByRole('link', { name: first }).waitFor();
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-board-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(agent.errors).toEqual([]);
  }, 120_000);
});
