// Signing in with the hospital directory's password in a real browser, against a real OpenLDAP server (slapd over
// StartTLS): an agent lands on the console with the role their group maps to; the directory's administrator removes
// them from the group, an administrator runs the sync from Admin → Hospital directory, and the agent's access is gone
// — their open page is signed out and signing in again is refused with a sentence that says why.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENLDAP_ATTRIBUTES } from '../src/features/directory-sync/rules.ts';
import {
  BASE_DN,
  dnOf,
  passwordOf,
  SERVICE_DN,
  SERVICE_PASSWORD,
  type Slapd,
  slapdMissing,
  startSlapd,
} from '../test/slapd.ts';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { asDemoAdmin } from './desk-api.ts';
import { DEMO_PASSWORD, type Desk, openDesk, SCREENSHOTS, submitSignIn } from './harness.ts';

const skip = slapdMissing();
let desk: Desk;
let slapd: Slapd;

async function asAdmin(method: string, url: string, body?: unknown) {
  const res = await asDemoAdmin(desk.url, method, url, body);
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  if (skip) return;
  slapd = await startSlapd();
  desk = await openDesk({ env: { CLINIDESK_SECRET_KEY: 'e2e-secret-key-for-sealing-0123456789abc' } });
  await asAdmin('PUT', '/api/v1/directory-connection', {
    url: slapd.url,
    startTls: true,
    tlsCa: slapd.caPem,
    bindDn: SERVICE_DN,
    bindPassword: SERVICE_PASSWORD,
    baseDn: BASE_DN,
    userFilter: '(objectClass=inetOrgPerson)',
    loginAttribute: 'uid',
    groupFilter: '(&(objectClass=groupOfNames)(member={dn}))',
    attributes: OPENLDAP_ATTRIBUTES,
    roleMappings: [
      { group: 'ServiceDesk-Agents', role: 'agent' },
      { group: 'Nurses', role: 'requester' },
    ],
    syncEveryMinutes: 60,
    enabled: true,
  });
}, 180_000);

afterAll(async () => {
  await desk?.close();
  await slapd?.close();
});

describe.skipIf(skip)('signing in with the hospital directory', () => {
  it('an agent signs in with the directory password and loses access once the sync sees them leave the group', async () => {
    const agent = await desk.newPage();
    const admin = await desk.newPage();
    try {
      await agent.page.goto('/signin');
      await submitSignIn(agent.page, 'aokafor', passwordOf('aokafor'));
      await agent.page.waitForURL((url) => url.pathname === '/console');
      await agent.page.getByRole('banner').getByText('Ade Okafor').waitFor();
      await agent.page.getByRole('banner').getByText('Agent').waitFor();

      // The directory's administrator takes Ade out of the desk's group.
      slapd.modify(
        `dn: cn=ServiceDesk-Agents,ou=groups,${BASE_DN}\nchangetype: modify\ndelete: member\nmember: ${dnOf('aokafor')}\n`,
      );

      await admin.page.goto('/signin');
      await submitSignIn(admin.page, 'admin', DEMO_PASSWORD);
      await admin.page.waitForURL((url) => url.pathname !== '/signin');
      await admin.page.goto('/admin?tab=ldap');
      await admin.page.getByRole('heading', { name: 'Directory sync' }).waitFor();
      expect(await seriousAccessibilityProblems(admin.page)).toEqual([]);
      await admin.page.getByRole('button', { name: 'Run sync now' }).click();
      const summary = admin.page.getByRole('status').filter({ hasText: 'Last sync' });
      await summary.waitFor();
      expect(await summary.textContent()).toMatch(/1 switched off/);
      const row = admin.page.getByRole('row', { name: /Ade Okafor/ });
      expect(await row.textContent()).toMatch(/Switched off.*in no mapped group/);
      await admin.page.screenshot({ path: path.join(SCREENSHOTS, 'admin-directory-sync.png'), fullPage: true });

      // Ade's open console is signed out at its next request, and signing in again says why not.
      await agent.page.reload();
      await agent.page.waitForURL((url) => url.pathname === '/signin');
      await submitSignIn(agent.page, 'aokafor', passwordOf('aokafor'));
      const alert = agent.page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/none of your groups gives access to Clinidesk/);
      expect(await seriousAccessibilityProblems(agent.page)).toEqual([]);
      expect(agent.pageErrors).toEqual([]);
      expect(admin.pageErrors).toEqual([]);
    } finally {
      await agent.context.close();
      await admin.context.close();
    }
  }, 120_000);
});
