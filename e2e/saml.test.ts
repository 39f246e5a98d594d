// Signing in through a SAML 2.0 identity provider in a real browser: the sign-in page's "Sign in with …" button,
// SimpleSAMLphp's own login form (test/saml-idp.ts, addressed as `localhost` so that its POST back to the desk on
// 127.0.0.1 is cross-site, as with a real IdP), its auto-posted answer, and into Clinidesk with the role the AD
// group maps to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAML_ATTRIBUTES, SAML_STAFF, type SamlIdp, samlIdpMissing, startSamlIdp } from '../test/saml-idp.ts';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { asDemoAdmin } from './desk-api.ts';
import { DEMO_PASSWORD, type Desk, openDesk, submitSignIn } from './harness.ts';

const missing = samlIdpMissing();
let desk: Desk;
let idp: SamlIdp;

/** Calls the desk's API as the demo administrator (cookie + CSRF token), as the admin screen would. */
async function asAdmin(method: string, url: string, body?: unknown) {
  const res = await asDemoAdmin(desk.url, method, url, body);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as { id: string };
}

beforeAll(async () => {
  if (missing) return;
  desk = await openDesk();
  idp = await startSamlIdp(
    { entityId: `${desk.url}/api/v1/auth/sso/saml/metadata`, acsUrl: `${desk.url}/api/v1/auth/sso/saml/acs` },
    'localhost',
  );
  await asAdmin('POST', '/api/v1/identity-providers', {
    kind: 'saml',
    name: 'Hospital ADFS',
    issuer: idp.entityId,
    ssoUrl: idp.ssoUrl,
    certificates: [idp.certificate],
    employeeIdClaim: SAML_ATTRIBUTES.employeeId,
    emailClaim: SAML_ATTRIBUTES.email,
    groupsClaim: SAML_ATTRIBUTES.groups,
    matchByEmail: true,
    defaultRole: 'requester',
    roleMappings: [{ group: 'CN=ServiceDesk-Agents,OU=Groups,DC=hospital,DC=example', role: 'agent' }],
    enabled: true,
  });
  await desk.ctx.database.query(
    `INSERT INTO people (id, employee_id, display_name, clinical_role, email)
     VALUES ('01900000-0000-7000-8000-00000000e2e5', 'E-70001', 'Kim Agent', 'rn', 'kim.agent@hospital.example')`,
  );
}, 180_000);

afterAll(async () => {
  await idp?.close();
  await desk?.close();
});

describe.skipIf(missing)('signing in through a SAML identity provider', () => {
  it('lands an agent on the console with the role the AD group maps to', async () => {
    const { context, page, pageErrors } = await desk.newPage();
    try {
      await page.goto('/signin');
      const button = page.getByRole('link', { name: 'Sign in with Hospital ADFS' });
      await button.waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await button.click();

      // SimpleSAMLphp's own login page.
      await page.waitForURL((url) => url.href.startsWith(idp.baseUrl));
      await page.locator('#username').fill('agent.kim');
      await page.locator('#password').fill(SAML_STAFF['agent.kim']!.password);
      await page.locator('#password').press('Enter');

      // Its answer posts itself to the desk (cross-site), which finishes the sign-in with a same-site redirect.
      await page.waitForURL((url) => url.pathname === '/console', { timeout: 30_000 });
      await page.getByRole('banner').getByText('Kim Agent').waitFor();
      await page.getByRole('banner').getByText('Service desk agent', { exact: true }).waitFor();
      await page.getByRole('heading', { name: 'Console', level: 1 }).waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      // Local sign-out ends the desk session.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((url) => url.pathname === '/signin');
      await page.goto('/console');
      await page.waitForURL((url) => url.pathname === '/signin');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows administrators what to register at the IdP, and replaces its signing certificate', async () => {
    const { context, page, pageErrors } = await desk.newPage();
    try {
      await page.goto('/signin');
      await submitSignIn(page, 'admin', DEMO_PASSWORD);
      await page.waitForURL((url) => url.pathname !== '/signin');
      await page.goto('/admin?tab=signon');
      const card = page.getByRole('region', { name: 'Hospital ADFS' });
      await card.waitFor();
      await card.getByText(`${desk.url}/api/v1/auth/sso/saml/acs`).first().waitFor();
      await card
        .getByRole('list', { name: 'Signing certificates of Hospital ADFS' })
        .getByText(/Test Hospital IdP/)
        .waitFor();
      expect(await seriousAccessibilityProblems(page)).toEqual([]);

      await card.getByRole('button', { name: 'Replace certificates' }).click();
      await card.getByLabel('Signing certificate', { exact: true }).fill(idp.certificate);
      await card.getByRole('button', { name: 'Save certificates' }).click();
      await card.getByRole('button', { name: 'Replace certificates' }).waitFor();
      const audited = await desk.ctx.database.query<{ summary: { certificates?: { to: string[] } } }>(
        "SELECT summary FROM audit_log WHERE action = 'identity_provider.update' ORDER BY id DESC LIMIT 1",
      );
      expect(audited[0]?.summary.certificates?.to).toHaveLength(1);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
