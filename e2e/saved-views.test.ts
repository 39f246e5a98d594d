// Saved views end to end: an agent filters and searches the queue, saves it under a name, comes back to a plain
// console, applies the saved view from the left column, and deletes it — through Chromium, against a real server.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { DEMO_PASSWORD, type Desk, openDesk, submitSignIn } from './harness.ts';

let desk: Desk;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  desk = await openDesk();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await desk?.close();
});

async function signedInAgent(): Promise<{ page: Page; errors: string[] }> {
  const { context, page, pageErrors } = await desk.newPage();
  contexts.push(context);
  await page.goto('/signin');
  await submitSignIn(page, 'agent', DEMO_PASSWORD);
  await page.waitForURL((url) => url.pathname === '/console');
  return { page, errors: pageErrors };
}

const searchParam = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

describe('saved views', () => {
  it('saves the filtered, searched queue under a name, applies it after a reload, and deletes it', async () => {
    const { page, errors } = await signedInAgent();
    await page.getByRole('table').waitFor();

    // All tickets, filtered by status and searched.
    await page
      .getByRole('navigation', { name: 'Queues' })
      .getByRole('link', { name: /^All tickets/ })
      .click();
    await page.waitForURL((url) => url.searchParams.get('view') === 'everything');
    await page.getByRole('combobox', { name: 'Status', exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: 'Closed', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.searchParams.has('status'));
    const search = page.getByRole('searchbox', { name: 'Search tickets' });
    await search.fill('BCMA');
    await search.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'BCMA');

    // Save it, from the keyboard.
    await page.getByRole('button', { name: 'Save view' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Save view' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toBe('My BCMA work');
    await page.keyboard.type('My BCMA work');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const myViews = page.getByRole('navigation', { name: 'My views' });
    const saved = myViews.getByRole('link', { name: 'My BCMA work' });
    expect(await saved.getAttribute('aria-current')).toBe('page');
    await page.getByRole('status').filter({ hasText: 'Saved view “My BCMA work”' }).waitFor({ state: 'attached' });
    expect(await seriousAccessibilityProblems(page)).toEqual([]);

    // The same name again: the server's problem detail shows next to the name, and is announced.
    await page.getByRole('button', { name: 'Save view' }).click();
    await dialog.getByLabel('Name').fill('my bcma work');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'You already have a view called "my bcma work".' }).waitFor();
    expect(await dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // A reload of the plain console: no filters, but the saved view is still listed.
    await page.goto('/console');
    await page.getByRole('table').waitFor();
    expect(await search.inputValue()).toBe('');
    expect(await saved.getAttribute('aria-current')).toBeNull();

    // Clicking it applies its filters.
    await saved.click();
    await page.waitForURL((url) => url.searchParams.get('q') === 'BCMA');
    expect(JSON.parse(searchParam(page, 'status') ?? 'null')).toEqual(['closed']);
    expect(await search.inputValue()).toBe('BCMA');
    await page.getByRole('region', { name: 'Search and filters' }).getByText('Closed', { exact: true }).waitFor();
    expect(await saved.getAttribute('aria-current')).toBe('page');
    const queues = page.getByRole('navigation', { name: 'Queues' });
    expect(await queues.locator('[aria-current="page"]').count()).toBe(0);
    expect(searchParam(page, 'view')).toBe('everything');
    const rows = page
      .getByRole('table')
      .getByRole('row')
      .filter({ hasText: /CSD-\d{6}/ });
    await rows.first().waitFor();
    // The queue keeps the rows it showed until the filtered list arrives: wait for the filtered rows, not the first.
    await expect
      .poll(async () => (await rows.allTextContents()).filter((text) => !text.includes('Closed')), { timeout: 15_000 })
      .toEqual([]);
    expect(await rows.count()).toBeGreaterThan(0);

    // Delete it: an accessible button, then a confirmation.
    await myViews.getByRole('button', { name: 'Delete saved view “My BCMA work”' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete saved view “My BCMA work”?' });
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await saved.waitFor({ state: 'detached' });
    await myViews.getByText('None yet.', { exact: false }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'saved-views-heading');
    await page
      .getByRole('status')
      .filter({ hasText: 'Deleted saved view “My BCMA work”.' })
      .waitFor({ state: 'attached' });
    expect(errors).toEqual([]);
  });
});
