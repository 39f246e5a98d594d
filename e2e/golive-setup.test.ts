// Setting up a go-live on its screen and a unit super-user logging from a phone, end to end: a manager creates a
// go-live with a zone and its unit, is told plainly when a unit is already in another zone and when someone else
// saved the go-live in another tab (their version is loaded); a super-user with no shift reads that plainly, then
// during their shift logs an issue from the portal on a 390×844 screen and it appears on the command center's board.
// axe on the setup page (desktop and phone) and the super-user's intake.
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { asDemoAdmin } from './desk-api.ts';
import { DEMO_PASSWORD, deskForSpec, SCREENSHOTS, submitSignIn } from './harness.ts';

const spec = deskForSpec();
const PHONE = { width: 390, height: 844 };
const NAME = 'Riverside cardiology go-live';

type Nurse = { personId: string; facility: string; timeZone: string; unit: string; otherUnit: string };
let nurse: Nurse;
let eventId = '';

async function admin<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await asDemoAdmin(spec.desk.url, method, url, body);
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

beforeAll(async () => {
  const db = spec.desk.ctx.database;
  // The demo's nurse becomes her unit's super-user (a requester account whose person carries the flag).
  const [row] = await db.query<{ id: string; facility: string; time_zone: string; unit: string; other: string }>(
    `UPDATE people p SET super_user = true FROM users u, units un, facilities f
      WHERE u.id = p.user_id AND u.username = 'nurse' AND un.id = p.unit_id AND f.id = un.facility_id
      RETURNING p.id::text, f.name AS facility, f.time_zone, un.name AS unit,
        (SELECT name FROM units WHERE facility_id = f.id AND id <> un.id ORDER BY name LIMIT 1) AS other`,
  );
  nurse = {
    personId: row!.id,
    facility: row!.facility,
    timeZone: row!.time_zone,
    unit: row!.unit,
    otherUnit: row!.other,
  };
});

async function noSidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
}

const goLive = (page: Page) => page.getByRole('region', { name: 'The go-live' });
const local = (d: DateTime) => d.setZone(nurse.timeZone).toFormat("yyyy-MM-dd'T'HH:mm");

describe('setting up a go-live and a super-user logging from the portal', () => {
  it('lets a manager create a go-live with a zone and its unit, and edit it safely from two tabs', async () => {
    const { page, context, errors } = await spec.signedIn('manager', '/console');
    await page.goto('/console/golive');
    // The machine running the suite may be loaded: the board (the demo's past go-live) gets longer to appear.
    await page.getByRole('link', { name: 'New go-live' }).click({ timeout: 60_000 });
    await page.waitForURL('**/console/golive/new');
    await page.getByRole('heading', { name: 'New go-live' }).waitFor();

    // Plain words before anything is sent.
    await page.getByRole('button', { name: 'Create the go-live' }).click();
    await page.getByText('Give the go-live a name').waitFor();
    await page.getByText('Pick at least one facility going live.').waitFor();

    await goLive(page).getByLabel('Name').fill(NAME);
    await page.getByRole('combobox', { name: 'Facilities going live' }).click();
    await page.getByRole('option', { name: nurse.facility, exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('Starts').fill(local(DateTime.now().minus({ days: 1 })));
    await page.getByLabel('Ends').fill(local(DateTime.now().minus({ days: 2 })));
    await page.getByRole('button', { name: 'Create the go-live' }).click();
    await page.getByText('The go-live must end after it starts.').waitFor();
    await page.getByLabel('Ends').fill(local(DateTime.now().plus({ days: 13 })));
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create the go-live' }).click();

    await page.waitForURL('**/console/golive/edit?**');
    eventId = new URL(page.url()).searchParams.get('event')!;
    await page.getByRole('heading', { name: `Edit go-live: ${NAME}` }).waitFor();

    // The first zone, with the nurse's unit.
    const newZone = page.getByRole('region', { name: 'New zone' });
    await newZone.getByLabel('Zone name').fill('Zone A — Cardiology');
    await newZone.getByRole('combobox', { name: 'Units' }).click();
    await page.getByRole('option', { name: nurse.unit, exact: true }).click();
    await page.keyboard.press('Escape');
    await newZone.getByRole('button', { name: 'Add the zone' }).click();
    const zoneA = page.getByRole('region', { name: 'Zone A — Cardiology' });
    await zoneA.waitFor();

    // A second zone may not take the same unit: the server's reason shows under the field.
    await page.getByRole('button', { name: 'Add a zone' }).click();
    const zoneB = page.getByRole('region', { name: 'New zone' });
    await zoneB.getByLabel('Zone name').fill('Zone B — Step-down');
    await zoneB.getByRole('combobox', { name: 'Units' }).click();
    await page.getByRole('option', { name: `${nurse.unit} (Zone A — Cardiology)` }).click();
    await page.getByRole('option', { name: nurse.otherUnit, exact: true }).click();
    await page.keyboard.press('Escape');
    await zoneB.getByRole('button', { name: 'Add the zone' }).click();
    await zoneB.getByText(`${nurse.unit} is in Zone A — Cardiology`).waitFor();
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-setup.png'), fullPage: true });

    // Two tabs: this tab starts an edit, the other renames the go-live and saves first; this tab's save, based on
    // the older version, is refused in plain words and the other tab's version is loaded.
    await page.getByLabel('Days open around the clock').fill('7');
    const other = await context.newPage();
    await other.goto(`/console/golive/edit?event=${eventId}`);
    await other.getByRole('heading', { name: `Edit go-live: ${NAME}` }).waitFor({ timeout: 60_000 });
    await goLive(other).getByLabel('Name').fill(`${NAME} (cardiology wing)`);
    await other.getByRole('button', { name: 'Save the go-live' }).click();
    await other.getByRole('status').getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Save the go-live' }).click();
    await page.getByRole('alert').getByText('Someone else changed this go-live while you were editing it').waitFor();
    await expect.poll(() => goLive(page).getByLabel('Name').inputValue()).toBe(`${NAME} (cardiology wing)`);
    expect(await page.getByLabel('Days open around the clock').inputValue()).toBe('14');
    // Making the change again on their version works; a go-live phone line is added with it.
    await page.getByLabel('Days open around the clock').fill('7');
    await page.getByRole('combobox', { name: 'Go-live phone lines' }).fill('golive-cardiology');
    await page.getByRole('combobox', { name: 'Go-live phone lines' }).press('Enter');
    await page.getByRole('button', { name: 'Save the go-live' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: `Edit go-live: ${NAME} (cardiology wing)` }).waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Days open around the clock').inputValue()).toBe('7');
    await expect.poll(() => page.getByText('golive-cardiology', { exact: true }).count()).toBeGreaterThan(0);

    await page.setViewportSize(PHONE);
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-setup-phone.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 180_000);

  it('tells a super-user without a shift so, then lets them log from a phone during their shift onto the board', async () => {
    expect(eventId).not.toBe('');
    const { context, page, pageErrors } = await spec.newPage();
    await page.setViewportSize(PHONE);
    await page.goto('/signin');
    await submitSignIn(page, 'nurse', DEMO_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/portal');
    await page.getByText('you have no go-live shift now').waitFor();
    await page.goto('/portal/golive');
    await page.getByRole('heading', { name: 'You have no go-live shift now' }).waitFor();

    const event = await admin<{ zones: { id: string; name: string }[] }>('GET', `/api/v1/golive/events/${eventId}`);
    const zone = event.zones.find((z) => z.name === 'Zone A — Cardiology')!;
    await admin('POST', `/api/v1/golive/events/${eventId}/shifts`, {
      personId: nurse.personId,
      zoneId: zone.id,
      role: 'super_user',
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7 * 3_600_000).toISOString(),
    });

    await page.goto('/portal');
    await page.getByRole('link', { name: 'Log a go-live issue' }).click();
    await page.waitForURL('**/portal/golive');
    await page.getByRole('heading', { name: 'Log a go-live issue' }).waitFor();
    // Their own unit only, already chosen; no "Resolved on the spot" for a super-user.
    const unit = page.getByLabel('Unit');
    expect(await unit.locator('option:checked').textContent()).toBe(nurse.unit);
    expect(await unit.locator('option').allTextContents()).toEqual(['Pick the unit', nurse.unit]);
    expect(await page.getByRole('button', { name: 'Resolved on the spot' }).count()).toBe(0);
    await page.getByRole('radio', { name: 'Workflow' }).click();
    await page.getByLabel('What happened').fill('Telemetry order missing from the admission order set');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'golive-superuser-intake-phone.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send to the command center' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Sent' });
    await done.waitFor();
    const number = /CSD-\d+/.exec((await done.textContent()) ?? '')![0];
    expect(pageErrors).toEqual([]);
    await context.close();

    // The command center sees it on the board.
    const manager = await spec.signedIn('manager', '/console');
    await manager.page.goto(`/console/golive?event=${eventId}`);
    await manager.page.getByRole('region', { name: 'Open issues' }).getByRole('link', { name: number }).waitFor();
    expect(manager.errors).toEqual([]);
  }, 180_000);
});
