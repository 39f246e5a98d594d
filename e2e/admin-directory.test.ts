// The administrator's directory screens through Chromium: facilities and units, people's flags, the priority
// matrix's validation, and a CSV import checked line by line before it is written.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { DEMO_PASSWORD, type Desk, openDesk, SCREENSHOTS, submitSignIn } from './harness.ts';

let desk: Desk;

beforeAll(async () => {
  desk = await openDesk();
});

afterAll(async () => {
  await desk?.close();
});

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tab', { name, selected: true }).waitFor();
}

describe('administering the directory', () => {
  it('shows facilities and units, sets a person’s flags, validates the priority matrix and imports a CSV', async () => {
    const { context, page, pageErrors } = await desk.newPage();
    try {
      await page.goto('/signin');
      await submitSignIn(page, 'admin', DEMO_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/console');
      await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();

      await page.getByRole('heading', { name: "St. Mary's Medical Center" }).waitFor();
      await page.getByRole('switch', { name: '4 West Medical-Surgical is a patient-care area' }).waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.mouse.move(1200, 790);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'admin.png') });

      await openTab(page, 'People');
      await page.getByLabel('Find people').fill('Delgado');
      const sensitive = page.getByRole('switch', { name: 'Rosa Delgado, RN: Sensitive' });
      await sensitive.waitFor();
      expect(await sensitive.isChecked()).toBe(false);
      const saved = page.waitForResponse(
        (r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/people/'),
      );
      await sensitive.click({ force: true });
      expect((await saved).status()).toBe(200);
      await page.getByRole('switch', { name: 'Rosa Delgado, RN: Sensitive', checked: true }).waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      await openTab(page, 'Priority matrix');
      const cell = page.getByRole('combobox', { name: 'Priority for impact 1, urgency 1' });
      await cell.click();
      await page.getByRole('option', { name: 'P4' }).click();
      await page.getByRole('alert').filter({ hasText: 'This matrix cannot be saved' }).waitFor();
      expect(await page.getByRole('button', { name: 'Save matrix' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Discard changes' }).click();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      await openTab(page, 'Services');
      await page.getByRole('switch', { name: 'EHR is clinical-critical' }).waitFor();
      await openTab(page, 'Providers & coverage');
      await page.getByRole('heading', { name: 'Support groups' }).waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      await openTab(page, 'CSV import');
      const csv = page.getByRole('textbox', { name: 'CSV', exact: true });
      await csv.fill('code,name,time_zone\nNRC,North Ridge Clinic,Mars/Olympus_Mons\n');
      await page.getByRole('button', { name: 'Check (dry run)' }).click();
      const problems = page.getByRole('table');
      await problems.getByRole('row').filter({ hasText: 'time_zone' }).waitFor();
      expect(await problems.getByRole('row').nth(1).textContent()).toMatch(/^2time_zone/);
      expect(await page.getByRole('button', { name: 'Import' }).isDisabled()).toBe(true);

      await csv.fill('code,name,time_zone\nNRC,North Ridge Clinic,America/Chicago\n');
      await page.getByRole('button', { name: 'Check (dry run)' }).click();
      await page.getByText('Every row is fine').waitFor();
      await page.getByRole('button', { name: 'Import' }).click();
      await page.getByText('1 row: 1 was created, 0 were updated.').waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      await openTab(page, 'Facilities & units');
      await page.getByRole('heading', { name: 'North Ridge Clinic' }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('sets the units a person leads on the People tab, saved at once, at desktop and phone width', async () => {
    const { context, page, pageErrors } = await desk.newPage();
    try {
      await page.goto('/signin');
      await submitSignIn(page, 'admin', DEMO_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/console');
      await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
      await openTab(page, 'People');
      await page.getByLabel('Find people').fill('Delgado');
      await page.getByRole('switch', { name: 'Rosa Delgado, RN: Sensitive' }).waitFor();
      // The units she leads (the demo nurse leads hers, 4 West): add the emergency department.
      const row = page.getByRole('row').filter({ hasText: 'Rosa Delgado, RN' });
      const led = page.getByRole('combobox', { name: 'Rosa Delgado, RN: units led' });
      await row.getByText("4 West Medical-Surgical (St. Mary's Medical Center)").waitFor();
      await led.click();
      await led.fill('Emergency');
      const leadSaved = page.waitForResponse(
        (r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/people/'),
      );
      await page
        .getByRole('option', { name: /Emergency/ })
        .first()
        .click();
      const patched = await leadSaved;
      expect(patched.status()).toBe(200);
      expect(((await patched.json()) as { leadsUnitIds: string[] }).leadsUnitIds).toHaveLength(2);
      await page.keyboard.press('Escape');
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-people-leads.png') });
      await row
        .getByText(/^Emergency Department \(/)
        .first()
        .waitFor();
      await page.setViewportSize({ width: 390, height: 844 });
      await led.scrollIntoViewIfNeeded();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-people-leads-phone.png') });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
