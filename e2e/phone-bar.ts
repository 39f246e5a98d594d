// The console's phone bar, as an agent uses it before taking calls.
import type { Page } from 'playwright-core';

/**
 * The agent sets her desk phone extension and becomes available, so the next call pops on her screen. Typed once the
 * bar has loaded her presence (a late load would redraw the field under the typing); each step waits for its save.
 */
export async function becomeAvailable(page: Page, extension: string): Promise<void> {
  const bar = page.getByTestId('phone-bar');
  await page.locator('[data-testid="phone-bar"][aria-busy="false"]').waitFor();
  const saved = () =>
    page.waitForResponse((r) => r.url().endsWith('/api/v1/presence/me') && r.request().method() === 'PUT');
  await Promise.all([
    saved(),
    bar
      .getByLabel('My desk phone extension')
      .fill(extension)
      .then(() => page.keyboard.press('Enter')),
  ]);
  await Promise.all([saved(), bar.getByText('Available', { exact: true }).click()]);
}
