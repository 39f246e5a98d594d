// Two-step sign-in in Chromium: a new administrator (the break-glass account) must set it up at the first sign-in,
// then signs in with a code from the app (computed here from the key the page showed) and with a recovery code.
import path from 'node:path';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_META } from '../src/platform/actor.ts';
import { createUser } from '../src/platform/auth/service.ts';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { type Desk, openDesk, SCREENSHOTS, submitSignIn } from './harness.ts';

const PASSWORD = 'break-glass-password-2026';
const PHONE = { width: 390, height: 844 };
let desk: Desk;

beforeAll(async () => {
  desk = await openDesk({ env: { CLINIDESK_SECRET_KEY: 'e2e-secret-key-for-sealing-mfa-secrets-0123' } });
  await createUser(desk.ctx, SYSTEM_META, {
    username: 'breakglass',
    displayName: 'Break-glass Administrator',
    role: 'admin',
    password: PASSWORD,
  });
}, 600_000);
afterAll(async () => {
  await desk?.close();
});

describe('two-step sign-in for the break-glass administrator', () => {
  it('sets it up at the first sign-in, then signs in with a code and with a recovery code', async () => {
    const { context, page, pageErrors } = await desk.newPage();
    try {
      await page.goto('/signin');
      await submitSignIn(page, 'breakglass', PASSWORD);
      await page.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor();
      await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).waitFor();
      expect(page.url()).toContain('/signin');
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      const secret = (await page.getByTestId('mfa-secret').textContent())!.replace(/\s+/g, '');
      const setUpAt = Math.floor(Date.now() / 1000);
      await page.getByLabel('Six-digit code from the app').fill(await generate({ secret, epoch: setUpAt }));
      await page.getByRole('button', { name: 'Finish set-up' }).click();

      await page.getByRole('heading', { name: 'Two-step sign-in is on' }).waitFor();
      const codes = (await page.getByTestId('recovery-codes').locator('code').allTextContents()).map((c) => c.trim());
      expect(codes).toHaveLength(10);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.getByRole('button', { name: 'I have saved the codes — continue' }).click();
      await page.waitForURL((url) => url.pathname === '/console');
      await signOut(page);

      // The next sign-in asks for a code; the set-up took this step's, so the app's next one is typed (±1 step).
      await submitSignIn(page, 'breakglass', PASSWORD);
      await page.getByRole('heading', { name: 'Two-step sign-in', exact: true }).waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'mfa-second-step-phone.png'), fullPage: true });
      const verify = page.getByRole('button', { name: 'Verify' });
      const box = await verify.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByLabel('Six-digit code from the app').fill('000000');
      await verify.click();
      await page.getByText('That code is not right').waitFor();
      await page.getByLabel('Six-digit code from the app').fill(await generate({ secret, epoch: setUpAt + 30 }));
      await verify.click();
      await page.waitForURL((url) => url.pathname === '/console');
      await signOut(page);

      await submitSignIn(page, 'breakglass', PASSWORD);
      await page.getByRole('button', { name: 'Lost your phone? Use a recovery code' }).click();
      await page.getByLabel('Recovery code').fill(codes[0]!);
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByText('You have 9 recovery codes left').waitFor();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((url) => url.pathname === '/console');

      await page.getByRole('link', { name: 'My sign-in' }).click();
      await page.waitForURL((url) => url.pathname === '/account');
      await page.getByTestId('recovery-codes-left').getByText('9 recovery codes left').waitFor();
      await page.getByText('Administrators must keep two-step sign-in').waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});

async function signOut(page: import('playwright-core').Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/signin');
}
