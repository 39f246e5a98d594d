// Signing in through the hospital's identity provider in a real browser: the sign-in page's "Sign in with …" button,
// the provider's own login form, and back into Clinidesk with the role the provider's groups map to. Then a provider
// that is down: a clear page, and the local sign-in still works.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDP_STAFF, startTestIdp, type TestIdp } from '../test/oidc-idp.ts';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { asDemoAdmin } from './desk-api.ts';
import { DEMO_PASSWORD, type Desk, openDesk, SCREENSHOTS, submitSignIn } from './harness.ts';

let desk: Desk;
let idp: TestIdp;

/** Calls the desk's API as the demo administrator (cookie + CSRF token), as the admin screen would. */
async function asAdmin(method: string, url: string, body?: unknown) {
  const res = await asDemoAdmin(desk.url, method, url, body);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.status === 204 ? null : ((await res.json()) as { id: string });
}

const settings = (over: Record<string, unknown>) => ({
  name: 'Hospital Entra ID',
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  scopes: 'openid profile email groups employee',
  employeeIdClaim: 'employee_id',
  emailClaim: 'email',
  groupsClaim: 'groups',
  matchByEmail: true,
  defaultRole: 'requester',
  roleMappings: [{ group: 'ServiceDesk-Agents', role: 'agent' }],
  enabled: true,
  ...over,
});

beforeAll(async () => {
  desk = await openDesk({ env: { CLINIDESK_SECRET_KEY: 'e2e-secret-key-for-sealing-0123456789abc' } });
  idp = await startTestIdp({
    redirectUris: [`${desk.url}/api/v1/auth/sso/callback`],
    postLogoutRedirectUris: [`${desk.url}/signin`],
  });
  await asAdmin('POST', '/api/v1/identity-providers', settings({}));
  await desk.ctx.database.query(
    `INSERT INTO people (id, employee_id, display_name, clinical_role, email)
     VALUES ('01900000-0000-7000-8000-00000000e2e1', 'E-90001', 'Sam Jones', 'rn', 'sam.jones@hospital.example')`,
  );
}, 180_000);

afterAll(async () => {
  await idp?.close();
  await desk?.close();
});

describe('signing in through the hospital identity provider', () => {
  it('lands an agent on the console with the role the provider’s group maps to, and signs out at the provider', async () => {
    const { context, page, pageErrors } = await desk.newPage();
    try {
      await page.goto('/');
      await page.waitForURL((url) => url.pathname === '/signin');
      const button = page.getByRole('link', { name: 'Sign in with Hospital Entra ID' });
      await button.waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'signin-sso.png') });
      await button.click();

      // The provider's own page.
      await page.getByRole('heading', { name: 'Hospital sign-in' }).waitFor();
      await page.getByLabel('Username').fill('agent.jones');
      await page.getByLabel('Password').fill(IDP_STAFF['agent.jones']!.password);
      await page.getByRole('button', { name: 'Sign in' }).click();

      await page.waitForURL((url) => url.pathname === '/console');
      await page.getByRole('banner').getByText('Sam Jones').waitFor();
      await page.getByRole('banner').getByText('Agent').waitFor();
      await page.getByRole('heading', { name: 'Console', level: 1 }).waitFor();

      await page.getByRole('button', { name: 'Sign out' }).click();
      // The provider ends its own session (its confirmation page), then sends the browser back to sign-in.
      await page.waitForURL((url) => url.href.startsWith(idp.issuer));
      await page.locator('button[type="submit"], input[type="submit"]').first().click();
      await page.waitForURL((url) => url.pathname === '/signin');
      await page.goto('/console');
      await page.waitForURL((url) => url.pathname === '/signin');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('explains a provider that is down, and the local sign-in still works', async () => {
    const down = await asAdmin(
      'POST',
      '/api/v1/identity-providers',
      settings({ name: 'Okta', issuer: 'http://127.0.0.1:9' }),
    );
    const { context, page } = await desk.newPage();
    try {
      await page.goto('/signin');
      await page.getByRole('link', { name: 'Sign in with Okta' }).click();
      await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('sso') === 'unavailable');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/hospital sign-in service is not answering/i);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await submitSignIn(page, 'agent', DEMO_PASSWORD);
      await page.waitForURL((url) => url.pathname === '/console');
    } finally {
      await context.close();
      await asAdmin('DELETE', `/api/v1/identity-providers/${down!.id}`);
    }
  });
});
