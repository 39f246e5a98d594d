// Directory sign-in and the directory sync against a real OpenLDAP server (slapd, test/slapd.ts) over StartTLS with
// a throwaway certificate: passwords checked by binding as the person, LDAP injection in usernames matching nobody,
// groups → role at each sign-in, the local administrator signing in while the directory is down, a dry run that
// changes nothing, and a real run that creates, updates and switches off — ending the sessions of those who left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import {
  BASE_DN,
  dnOf,
  passwordOf,
  SERVICE_DN,
  SERVICE_PASSWORD,
  type Slapd,
  slapdMissing,
  startSlapd,
} from '../../../test/slapd.ts';
import { DEMO_PASSWORD } from '../../demo/accounts.ts';
import { OPENLDAP_ATTRIBUTES } from './rules.ts';

const SECRET_KEY = 'test-secret-key-for-sealing-0123456789';
const skip = slapdMissing();

let t: TestApp;
let slapd: Slapd;
let admin: Client;

function connection(over: Record<string, unknown> = {}) {
  return {
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
      { group: 'ServiceDesk-Managers', role: 'manager' },
      { group: 'servicedesk-agents', role: 'agent' },
      { group: 'Nurses', role: 'requester' },
      { group: 'Physicians', role: 'requester' },
    ],
    syncEveryMinutes: 60,
    enabled: true,
    ...over,
  };
}

const put = (body: unknown) =>
  admin.request({ method: 'PUT', url: '/api/v1/directory-connection', payload: body as object });
const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const sync = async (dryRun: boolean) => {
  const res = await admin.post('/api/v1/directory-sync/runs', { dryRun });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const audit = (action: string, since: number) =>
  t.ctx.database.query<{ outcome: string; actor_label: string; summary: Record<string, unknown> }>(
    'SELECT outcome, actor_label, summary FROM audit_log WHERE action = $1 AND id > $2 ORDER BY id',
    [action, since],
  );
const lastAuditId = async () =>
  Number((await t.ctx.database.query<{ id: string }>('SELECT coalesce(max(id), 0) AS id FROM audit_log'))[0]!.id);
const personOf = async (employeeId: string) =>
  (
    await t.ctx.database.query<{
      id: string;
      active: boolean;
      user_id: string | null;
      manager_id: string | null;
      phones: string[];
      email: string;
    }>('SELECT id, active, user_id, manager_id, phones, email FROM people WHERE employee_id = $1', [employeeId])
  )[0];
const accountOf = async (username: string) =>
  (
    await t.ctx.database.query<{ id: string; role: string; disabled_at: Date | null; password_hash: string | null }>(
      'SELECT id, role, disabled_at, password_hash FROM users WHERE lower(username) = lower($1)',
      [username],
    )
  )[0];
/** Everything a sync could change, to compare before and after a dry run. */
const snapshot = () =>
  t.ctx.database.query(
    `SELECT (SELECT json_agg(p ORDER BY p.id) FROM people p) AS people,
            (SELECT json_agg(json_build_object('id', u.id, 'role', u.role, 'disabled', u.disabled_at) ORDER BY u.id) FROM users u) AS users,
            (SELECT count(*) FROM sessions WHERE ended_at IS NULL) AS sessions,
            (SELECT count(*) FROM directory_people) AS links`,
  );

describe.skipIf(skip)('the hospital directory (LDAP)', () => {
  beforeAll(async () => {
    slapd = await startSlapd();
    t = await createTestApp({ env: { CLINIDESK_SECRET_KEY: SECRET_KEY } });
    admin = await t.signIn('admin');
    const res = await put(connection());
    expect(res.statusCode, res.body).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await slapd?.close();
  });

  it('keeps the bind password sealed: never shown, never audited, not stored in clear', async () => {
    const res = await admin.get('/api/v1/directory-connection');
    expect(res.json().connection).toMatchObject({ hasBindPassword: true, enabled: true, url: slapd.url });
    expect(res.body).not.toContain(SERVICE_PASSWORD);
    const stored = await t.ctx.database.query<{ s: string }>(
      'SELECT bind_password_sealed AS s FROM directory_connections',
    );
    expect(stored[0]!.s).not.toContain(SERVICE_PASSWORD);
    const entries = await audit('directory_connection.update', 0);
    expect(entries.at(-1)!.summary).toMatchObject({ created: true, bindPassword: 'set' });
    expect(JSON.stringify(entries)).not.toContain(SERVICE_PASSWORD);
  });

  it('refuses plain ldap:// to another machine, a group filter without {dn} and the integration role', async () => {
    const plain = await put(connection({ url: 'ldap://dc1.hospital.example:389', startTls: false }));
    expect(plain.statusCode).toBe(400);
    expect(plain.json().detail).toMatch(/ldaps:\/\/ or StartTLS/);
    const noDn = await put(connection({ groupFilter: '(objectClass=groupOfNames)' }));
    expect(noDn.statusCode).toBe(400);
    const integration = await put(connection({ roleMappings: [{ group: 'Apps', role: 'integration' }] }));
    expect(integration.statusCode).toBe(400);
    const broken = await put(connection({ userFilter: '(&(objectClass=person)' }));
    expect(broken.statusCode).toBe(400);
  });

  it('tests the connection over StartTLS, and refuses a certificate it was not told to trust', async () => {
    const ok = await admin.post('/api/v1/directory-connection/test', {});
    expect(ok.json()).toMatchObject({ ok: true, people: 6 });
    expect((await put(connection({ tlsCa: null, bindPassword: undefined }))).statusCode).toBe(200);
    const untrusted = await admin.post('/api/v1/directory-connection/test', {});
    expect(untrusted.json()).toMatchObject({ ok: false, people: null });
    expect(untrusted.json().message).toMatch(/StartTLS failed.*self-signed/);
    expect((await put(connection({ bindPassword: undefined }))).statusCode).toBe(200);
    // Omitting the password kept the stored one: the test signs in again.
    expect((await admin.post('/api/v1/directory-connection/test', {})).json()).toMatchObject({ ok: true });
  });

  it('signs a nurse in with her directory password: person and account created, role from her group', async () => {
    const since = await lastAuditId();
    const res = await login('rdelgado', passwordOf('rdelgado'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ username: 'rdelgado', role: 'requester', displayName: 'Rosa Delgado' });
    const person = await personOf('E200001');
    expect(person).toMatchObject({ active: true, email: 'rosa.delgado@hospital.example', phones: ['15552011000'] });
    expect(person!.user_id).toBe(res.json().user.id);
    expect(await audit('auth.login', since)).toMatchObject([{ outcome: 'success', summary: { via: 'ldap' } }]);
    expect(await audit('user.create', since)).toMatchObject([{ summary: { via: 'ldap', role: 'requester' } }]);
    expect(await audit('ldap.link', since)).toHaveLength(1);
    // The account has no password of its own: only the directory's opens it.
    expect((await accountOf('rdelgado'))!.password_hash).toBeNull();
  });

  it('gives the first mapped group’s role, case-insensitively, and changes it at the next sign-in', async () => {
    const agent = await login('aokafor', passwordOf('aokafor'));
    expect(agent.json().user.role).toBe('agent'); // ServiceDesk-Agents matched the line "servicedesk-agents"
    const both = await login('tnguyen', passwordOf('tnguyen'));
    expect(both.json().user.role).toBe('agent'); // in Agents and Nurses: the agents line comes first
    slapd.modify(
      `dn: cn=ServiceDesk-Managers,ou=groups,${BASE_DN}\nchangetype: modify\nadd: member\nmember: ${dnOf('tnguyen')}\n`,
    );
    const since = await lastAuditId();
    const promoted = await login('tnguyen', passwordOf('tnguyen'));
    expect(promoted.json().user.role).toBe('manager');
    expect(await audit('ldap.role_change', since)).toMatchObject([{ summary: { from: 'agent', to: 'manager' } }]);
    slapd.modify(
      `dn: cn=ServiceDesk-Managers,ou=groups,${BASE_DN}\nchangetype: modify\ndelete: member\nmember: ${dnOf('tnguyen')}\n`,
    );
    expect((await login('tnguyen', passwordOf('tnguyen'))).json().user.role).toBe('agent');
  });

  it('refuses a wrong password and an unknown name alike, and counts them as failed sign-ins', async () => {
    const since = await lastAuditId();
    const wrong = await login('rdelgado', 'not-her-password');
    const unknown = await login('nobody', 'whatever-1');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toBe('That username and password do not match an active account.');
    }
    expect((await audit('auth.login', since)).map((a) => a.summary.reason)).toEqual([
      'wrong directory password',
      'no such directory user',
    ]);
  });

  it('treats LDAP filter syntax in a username as plain text: the injection finds nobody', async () => {
    const since = await lastAuditId();
    for (const username of ['*)(uid=*))(|(uid=*', '*', 'rdelgado*', 'rdelgado)(uid=*', '*)(|(objectClass=*']) {
      const res = await login(username, passwordOf('rdelgado'));
      expect(res.statusCode, username).toBe(401);
    }
    // Each was searched for as a name (and not found), not refused by some other path.
    const reasons = (await audit('auth.login', since)).map((a) => a.summary.reason);
    expect(reasons).toEqual(Array(5).fill('no such directory user'));
  });

  it('refuses someone whose groups are not mapped, saying so', async () => {
    const res = await login('lbrown', passwordOf('lbrown'));
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/none of your groups gives access/);
    expect(await accountOf('lbrown')).toBeUndefined();
  });

  it('with the directory down: directory users are told so, the local administrator signs in', async () => {
    await slapd.stop();
    try {
      const res = await login('rdelgado', passwordOf('rdelgado'));
      expect(res.statusCode).toBe(503);
      expect(res.json().detail).toMatch(/hospital directory is not answering/);
      expect((await login('admin', DEMO_PASSWORD)).statusCode).toBe(200);
      const before = await snapshot();
      const report = await sync(false);
      expect(report).toMatchObject({ ok: false, created: 0, disabled: 0 });
      expect(report.failure).toMatch(/did not answer.*Nothing was changed/);
      expect(await snapshot()).toEqual(before);
    } finally {
      await slapd.start();
    }
  }, 60_000);

  it('a dry run reports what a run would do and changes nothing; the run then does exactly that, audited', async () => {
    const before = await snapshot();
    const dry = await sync(true);
    expect(await snapshot()).toEqual(before);
    // Mei Chen, Priya Shah and Lee Brown are new; the three who signed in are updated (department → manager) or not.
    expect(dry).toMatchObject({ ok: true, dryRun: true, entries: 6, created: 3, disabled: 0, errors: 0 });
    const since = await lastAuditId();
    const real = await sync(false);
    const { dryRun: _d, ...dryCounts } = dry;
    const { dryRun: _r, ...realCounts } = real;
    expect(realCounts).toEqual(dryCounts);
    expect(await accountOf('mchen')).toMatchObject({ role: 'manager', disabled_at: null });
    expect(await accountOf('pshah')).toMatchObject({ role: 'requester' });
    expect(await accountOf('lbrown')).toBeUndefined(); // in no mapped group: a person, no account
    expect((await personOf('E200006'))!.user_id).toBeNull();
    const mei = await personOf('E200003');
    expect((await personOf('E200002'))!.manager_id).toBe(mei!.id);
    expect(await audit('person.create', since)).toHaveLength(3);
    expect(await audit('user.create', since)).toHaveLength(2);
    expect(await audit('directory_sync.run', since)).toMatchObject([
      { outcome: 'success', summary: { trigger: 'admin', dryRun: false, created: 3 } },
    ]);
    const status = (await admin.get('/api/v1/directory-connection')).json();
    expect(status.runs[0].report).toEqual(real);
    expect(status.runs[1].report).toEqual(dry);
    expect(status.connection.lastSyncAt).not.toBeNull();
    // Nothing changed in the directory since: the next run changes nothing.
    expect(await sync(false)).toMatchObject({ created: 0, updated: 0, disabled: 0, unchanged: 6 });
  });

  it('someone removed from their group loses access at the sync: account off, open session ended', async () => {
    const ade = await t.signIn('aokafor', passwordOf('aokafor'));
    expect((await ade.get('/api/v1/auth/me')).statusCode).toBe(200);
    slapd.modify(
      `dn: cn=ServiceDesk-Agents,ou=groups,${BASE_DN}\nchangetype: modify\ndelete: member\nmember: ${dnOf('aokafor')}\n`,
    );
    const open = await t.ctx.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1 AND s.ended_at IS NULL',
      ['aokafor'],
    );
    const since = await lastAuditId();
    const report = await sync(false);
    expect(report).toMatchObject({ disabled: 1 });
    expect(report.changes).toMatchObject([
      { person: 'Ade Okafor', outcome: 'disabled', detail: 'account switched off: in no mapped group' },
    ]);
    expect((await ade.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect(await audit('user.disable', since)).toMatchObject([
      { summary: { via: 'ldap', reason: 'in no mapped group', sessionsEnded: open[0]!.n } },
    ]);
    expect((await login('aokafor', passwordOf('aokafor'))).statusCode).toBe(403);
    // Back in the group: the next sync switches the account it switched off back on.
    slapd.modify(
      `dn: cn=ServiceDesk-Agents,ou=groups,${BASE_DN}\nchangetype: modify\nadd: member\nmember: ${dnOf('aokafor')}\n`,
    );
    expect((await sync(false)).changes).toMatchObject([
      { person: 'Ade Okafor', outcome: 'updated', detail: 'account switched back on (agent)' },
    ]);
    expect((await login('aokafor', passwordOf('aokafor'))).statusCode).toBe(200);
  });

  it('someone deleted from the directory is marked as left and switched off the same day', async () => {
    const priya = await t.signIn('pshah', passwordOf('pshah'));
    // Her group keeps a member (groupOfNames needs one): a stand-in comes in as she goes.
    slapd.modify(
      `dn: cn=Physicians,ou=groups,${BASE_DN}\nchangetype: modify\nadd: member\nmember: ${SERVICE_DN}\n-\n` +
        `delete: member\nmember: ${dnOf('pshah')}\n\ndn: ${dnOf('pshah')}\nchangetype: delete\n`,
    );
    const report = await sync(false);
    expect(report.changes).toMatchObject([
      { person: 'Priya Shah', outcome: 'disabled', detail: 'marked as left; account switched off: left the directory' },
    ]);
    expect(await personOf('E200004')).toMatchObject({ active: false });
    expect((await accountOf('pshah'))!.disabled_at).not.toBeNull();
    expect((await priya.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login('pshah', passwordOf('pshah'))).statusCode).toBe(401);
  });

  it('switches nobody off when the directory returns no one (a wrong filter)', async () => {
    expect(
      (await put(connection({ userFilter: '(objectClass=nothingHere)', bindPassword: undefined }))).statusCode,
    ).toBe(200);
    const before = await snapshot();
    const report = await sync(false);
    expect(report).toMatchObject({ ok: false, disabled: 0 });
    expect(report.failure).toMatch(/returned no one/);
    expect(await snapshot()).toEqual(before);
    expect((await put(connection({ bindPassword: undefined }))).statusCode).toBe(200);
  });

  it('signs in over LDAPS too', async () => {
    expect((await put(connection({ url: slapd.ldapsUrl, startTls: false, bindPassword: undefined }))).statusCode).toBe(
      200,
    );
    expect((await login('rdelgado', passwordOf('rdelgado'))).statusCode).toBe(200);
    expect((await put(connection({ bindPassword: undefined }))).statusCode).toBe(200);
  });

  it('never lets a directory password into a local account that has its own password', async () => {
    slapd.modify(`dn: cn=Nurses,ou=groups,${BASE_DN}\nchangetype: modify\nadd: member\nmember: ${dnOf('lbrown')}\n`);
    // Lee's directory person (created by the sync) is linked to the demo manager's local account.
    const manager = await accountOf('manager');
    await t.ctx.database.query('UPDATE people SET user_id = NULL WHERE user_id = $1', [manager!.id]);
    await t.ctx.database.query('UPDATE people SET user_id = $1 WHERE employee_id = $2', [manager!.id, 'E200006']);
    const res = await login('lbrown', passwordOf('lbrown'));
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/signs in with its own username and password/);
    // The sync leaves that account alone too: same role, still on.
    await sync(false);
    expect(await accountOf('manager')).toMatchObject({ role: 'manager', disabled_at: null });
    expect((await login('manager', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('lets only administrators see or change the connection', async () => {
    const agent = await t.signIn('agent');
    expect((await agent.get('/api/v1/directory-connection')).statusCode).toBe(403);
    expect((await agent.post('/api/v1/directory-sync/runs', { dryRun: true })).statusCode).toBe(403);
  });
});
