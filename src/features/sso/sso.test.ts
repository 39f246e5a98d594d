// Single sign-on against a real OpenID Connect provider (oidc-provider, test/oidc-idp.ts) over HTTP: the full code
// flow (the provider's login form posted, redirects followed), just-in-time accounts linked to directory people,
// roles from groups, and every refusal the issue lists — tampered, unsigned, wrong audience, expired, replayed, a
// provider that is down — each sent to the sign-in page with a clear code and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { CookieJar } from '../../../test/cookie-jar.ts';
import { IDP_STAFF, startTestIdp, type TestIdp } from '../../../test/oidc-idp.ts';
import { newId } from '../../platform/ids.ts';
import { people } from '../directory/tables.ts';

const PUBLIC_URL = 'http://clinidesk.test';
const SECRET_KEY = 'test-secret-key-for-sealing-0123456789';

let t: TestApp;
let idp: TestIdp;
let admin: Client;
let providerId: string;

const person = (values: Partial<typeof people.$inferInsert> & { displayName: string }) =>
  t.ctx.database.db.insert(people).values({ id: newId(), clinicalRole: 'rn', ...values });

beforeAll(async () => {
  t = await createTestApp({ env: { CLINIDESK_PUBLIC_URL: PUBLIC_URL, CLINIDESK_SECRET_KEY: SECRET_KEY } });
  idp = await startTestIdp({
    redirectUris: [`${PUBLIC_URL}/api/v1/auth/sso/callback`],
    postLogoutRedirectUris: [`${PUBLIC_URL}/signin`],
  });
  admin = await t.signIn('admin');
  const res = await admin.post('/api/v1/identity-providers', providerSettings());
  expect(res.statusCode, res.body).toBe(201);
  providerId = res.json().id;
  // The directory knows Sam by employee ID, Pat by email only, Robin by employee ID; the visitor is not in it.
  await person({ displayName: 'Samuel Jones', employeeId: 'E-90001', email: 'sam.jones@hospital.example' });
  await person({ displayName: 'Pat Ward', email: 'pat.ward@hospital.example' });
  await person({ displayName: 'Robin Lee', employeeId: 'E-90003' });
}, 60_000);
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

function providerSettings(over: Record<string, unknown> = {}) {
  return {
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
    roleMappings: [
      { group: 'ServiceDesk-Managers', role: 'manager' },
      { group: 'servicedesk-agents', role: 'agent' },
    ],
    enabled: true,
    ...over,
  };
}

type Browser = { desk: CookieJar; provider: CookieJar };
const newBrowser = (): Browser => ({ desk: new CookieJar(), provider: new CookieJar() });

async function desk(b: Browser, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: b.desk.header() } });
  b.desk.take(res.headers['set-cookie'] as string[] | string | undefined);
  return { status: res.statusCode, location: String(res.headers.location ?? '') };
}

/** Opens a provider page, following its redirects until one leads back to Clinidesk (returned) or a page shows. */
async function provider(b: Browser, url: string, form?: URLSearchParams) {
  let next = url;
  let body: URLSearchParams | undefined = form;
  for (let hops = 0; hops < 10; hops++) {
    if (next.startsWith(PUBLIC_URL)) return { back: next.slice(PUBLIC_URL.length), html: '' };
    const res = await fetch(next, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: { cookie: b.provider.header() },
    });
    b.provider.take(res.headers.getSetCookie());
    const location = res.headers.get('location');
    if (!location) return { back: null, html: await res.text() };
    await res.body?.cancel();
    next = new URL(location, next).href;
    body = undefined;
  }
  throw new Error('too many redirects at the provider');
}

/** The whole flow up to the provider's redirect back (not yet followed), from "Sign in with …" on. */
async function untilCallback(b: Browser, login: string, id = providerId) {
  const start = await desk(b, `/api/v1/auth/sso/${id}/start?returnTo=${encodeURIComponent('/console')}`);
  expect(start.status).toBe(303);
  const page = await provider(b, start.location);
  expect(page.html).toContain('Hospital sign-in');
  const action = /action="([^"]+)"/.exec(page.html)![1]!;
  const account = IDP_STAFF[login]!;
  const done = await provider(
    b,
    new URL(action, idp.issuer).href,
    new URLSearchParams({ login, password: account.password }),
  );
  expect(done.back).toMatch(/^\/api\/v1\/auth\/sso\/callback\?/);
  return done.back!;
}

async function signInAs(login: string) {
  const b = newBrowser();
  const callback = await untilCallback(b, login);
  const back = await desk(b, callback);
  return { b, back, callback };
}

async function me(b: Browser) {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: b.desk.header() } });
  return { status: res.statusCode, body: res.statusCode === 200 ? res.json() : null };
}

const audit = (action: string, since: number) =>
  t.ctx.database.query<{ outcome: string; actor_label: string; summary: Record<string, unknown> }>(
    'SELECT outcome, actor_label, summary FROM audit_log WHERE action = $1 AND id > $2 ORDER BY id',
    [action, since],
  );
const lastAuditId = async () =>
  Number((await t.ctx.database.query<{ id: string }>('SELECT coalesce(max(id), 0) AS id FROM audit_log'))[0]!.id);

describe('signing in through the hospital identity provider', () => {
  it('offers the provider on the sign-in page', async () => {
    const res = await t.anonymous.get('/api/v1/auth/sso/providers');
    expect(res.json()).toEqual([{ id: providerId, name: 'Hospital Entra ID' }]);
  });

  it('creates the account at first sign-in, linked to the person matched by employee ID, with the mapped role', async () => {
    const since = await lastAuditId();
    const { b, back } = await signInAs('agent.jones');
    expect(back).toEqual({ status: 303, location: '/console' });
    const session = await me(b);
    expect(session.body.user).toMatchObject({ username: 'sam.jones@hospital.example', role: 'agent' });
    expect(session.body.user.displayName).toBe('Sam Jones');
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/people/me', headers: { cookie: b.desk.header() } });
    expect(mine.json()).toMatchObject({ employeeId: 'E-90001', userId: session.body.user.id });

    expect(await audit('user.create', since)).toMatchObject([
      { summary: { via: 'sso', provider: 'Hospital Entra ID' } },
    ]);
    expect(await audit('sso.link', since)).toMatchObject([{ summary: { matchedBy: 'employee-id', created: true } }]);
    expect(await audit('sso.login', since)).toMatchObject([
      {
        outcome: 'success',
        actor_label: 'sam.jones@hospital.example',
        summary: { role: 'agent', group: 'servicedesk-agents' },
      },
    ]);
  });

  it('signs the same person in again to the same account, with a new session id each time', async () => {
    const first = await signInAs('agent.jones');
    // A session cookie planted before sign-in (fixation) is replaced, never promoted.
    const b = newBrowser();
    b.desk.take('clinidesk_session=planted-by-an-attacker; Path=/');
    const callback = await untilCallback(b, 'agent.jones');
    await desk(b, callback);
    const second = b.desk.get('clinidesk_session');
    expect(second).not.toBe('planted-by-an-attacker');
    expect(second).not.toBe(first.b.desk.get('clinidesk_session'));
    expect((await me(b)).body.user.id).toBe((await me(first.b)).body.user.id);
    const [count] = await t.ctx.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM users WHERE username = 'sam.jones@hospital.example'",
    );
    expect(count!.n).toBe(1);
  });

  it('matches by email when the provider sends no employee ID; no mapped group gives the requester role', async () => {
    const { b } = await signInAs('nurse.ward');
    expect((await me(b)).body.user).toMatchObject({ username: 'pat.ward@hospital.example', role: 'requester' });
  });

  it('takes the first mapping line the person’s groups match (managers before agents)', async () => {
    const { b } = await signInAs('manager.lee');
    expect((await me(b)).body.user).toMatchObject({ username: 'emp-E-90003', role: 'manager' });
  });

  it('refuses someone who is not in the directory, and says so', async () => {
    const since = await lastAuditId();
    const { b, back } = await signInAs('visitor.x');
    expect(back).toEqual({ status: 303, location: '/signin?sso=no-person' });
    expect((await me(b)).status).toBe(401);
    expect(await audit('sso.login', since)).toMatchObject([
      { outcome: 'denied', actor_label: 'alex.visitor@elsewhere.example', summary: { reason: 'no-person' } },
    ]);
  });
});

describe('tokens and answers Clinidesk must not trust', () => {
  const cases: [string, (token: string, tools: Parameters<NonNullable<TestIdp['tamper']>>[1]) => string][] = [
    [
      'a changed claim (signature no longer matches)',
      (token, { decode }) => {
        const [h, , s] = token.split('.');
        const payload = { ...decode(token).payload, groups: ['ServiceDesk-Managers'] };
        return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      },
    ],
    [
      'an unsigned token (alg: none)',
      (token, { decode }) => {
        const { payload } = decode(token);
        const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
        return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
      },
    ],
    [
      'a token for another application (audience)',
      (token, t2) => t2.sign({ ...t2.decode(token), payload: { ...t2.decode(token).payload, aud: 'another-app' } }),
    ],
    [
      'an expired token',
      (token, t2) => {
        const now = Math.floor(Date.now() / 1000);
        return t2.sign({
          ...t2.decode(token),
          payload: { ...t2.decode(token).payload, iat: now - 7200, exp: now - 3600 },
        });
      },
    ],
    [
      'a token from another issuer',
      (token, t2) =>
        t2.sign({ ...t2.decode(token), payload: { ...t2.decode(token).payload, iss: 'https://evil.example' } }),
    ],
    [
      'a token for another sign-in (nonce)',
      (token, t2) => t2.sign({ ...t2.decode(token), payload: { ...t2.decode(token).payload, nonce: 'other' } }),
    ],
  ];

  it.each(cases)('refuses %s, audited', async (_name, tamper) => {
    const since = await lastAuditId();
    idp.tamper = tamper;
    try {
      const { b, back } = await signInAs('agent.jones');
      expect(back).toEqual({ status: 303, location: '/signin?sso=rejected' });
      expect((await me(b)).status).toBe(401);
    } finally {
      idp.tamper = null;
    }
    const [entry] = await audit('sso.login', since);
    expect(entry).toMatchObject({ outcome: 'denied', summary: { reason: 'rejected' } });
    expect(JSON.stringify(entry)).not.toMatch(/eyJ/); // no token in the trail
  });

  it('refuses a replayed redirect (same state and code), and one finished in another browser', async () => {
    const b = newBrowser();
    const callback = await untilCallback(b, 'agent.jones');
    const attacker = newBrowser();
    expect(await desk(attacker, callback)).toEqual({ status: 303, location: '/signin?sso=expired' });
    expect((await desk(b, callback)).location).toBe('/console');
    // The browser's sign-in cookie is spent; replaying with it kept also fails.
    const replay = newBrowser();
    replay.desk.take(`clinidesk_sso=${new URL(callback, PUBLIC_URL).searchParams.get('state')}`);
    expect(await desk(replay, callback)).toEqual({ status: 303, location: '/signin?sso=expired' });
  });

  it('refuses a code used with another sign-in’s state (PKCE and the provider refuse it)', async () => {
    const a = newBrowser();
    const first = await untilCallback(a, 'agent.jones');
    const b = newBrowser();
    const second = await untilCallback(b, 'agent.jones');
    const code = new URL(first, PUBLIC_URL).searchParams.get('code')!;
    const mixed = new URL(second, PUBLIC_URL);
    mixed.searchParams.set('code', code);
    expect(await desk(b, mixed.pathname + mixed.search)).toEqual({ status: 303, location: '/signin?sso=rejected' });
  });

  it('explains a provider that is down, while local sign-in keeps working', async () => {
    const down = await admin.post(
      '/api/v1/identity-providers',
      providerSettings({ name: 'Okta (down)', issuer: 'http://127.0.0.1:9/' }),
    );
    expect(down.statusCode, down.body).toBe(201);
    const since = await lastAuditId();
    const b = newBrowser();
    expect(await desk(b, `/api/v1/auth/sso/${down.json().id}/start`)).toEqual({
      status: 303,
      location: '/signin?sso=unavailable',
    });
    expect(await audit('sso.login', since)).toMatchObject([{ outcome: 'failure', summary: { reason: 'unavailable' } }]);
    await t.signIn('agent'); // a local account still signs in
    await admin.delete(`/api/v1/identity-providers/${down.json().id}`);
  });

  it('never lets the provider take over the local break-glass administrator', async () => {
    const [local] = await t.ctx.database.query<{ id: string }>("SELECT id FROM users WHERE username = 'admin'");
    await t.ctx.database.query("UPDATE people SET employee_id = 'E-99999' WHERE user_id = $1", [local!.id]);
    const { back } = await signInAs('visitor.x'); // carries employee ID E-99999
    expect(back.location).toBe('/signin?sso=local-account');
    await t.signIn('admin');
  });
});

describe('administering identity providers', () => {
  it('never shows the client secret, keeps it sealed, and audits each change', async () => {
    const list = await admin.get('/api/v1/identity-providers');
    expect(list.body).not.toContain(idp.clientSecret);
    expect(list.json()[0]).toMatchObject({
      hasClientSecret: true,
      redirectUri: `${PUBLIC_URL}/api/v1/auth/sso/callback`,
    });
    const [row] = await t.ctx.database.query<{ client_secret_sealed: string }>(
      'SELECT client_secret_sealed FROM identity_providers WHERE id = $1',
      [providerId],
    );
    expect(row!.client_secret_sealed).not.toContain(idp.clientSecret);
    const since = await lastAuditId();
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/identity-providers/${providerId}`,
      payload: { clientSecret: 'a-new-secret-value-9876', defaultRole: null },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain('a-new-secret-value-9876');
    const [entry] = await audit('identity_provider.update', since);
    expect(entry!.summary).toEqual({ name: 'Hospital Entra ID', changed: ['defaultRole'], clientSecret: 'replaced' });
    expect(JSON.stringify(await audit('identity_provider.update', 0))).not.toContain('a-new-secret-value-9876');
    // Put the real secret back for the tests that follow.
    await admin.request({
      method: 'PATCH',
      url: `/api/v1/identity-providers/${providerId}`,
      payload: { clientSecret: idp.clientSecret },
    });
  });

  it('without a default role, refuses a person none of whose groups is mapped', async () => {
    const { back } = await signInAs('nurse.ward');
    expect(back.location).toBe('/signin?sso=no-role');
  });

  it('is for administrators only', async () => {
    const manager = await t.signIn('manager');
    expect((await manager.get('/api/v1/identity-providers')).statusCode).toBe(403);
    expect((await manager.post('/api/v1/identity-providers', providerSettings({ name: 'Mine' }))).statusCode).toBe(403);
  });

  it('refuses an issuer over plain http on another machine', async () => {
    const res = await admin.post(
      '/api/v1/identity-providers',
      providerSettings({ name: 'Plain', issuer: 'http://idp.example.org' }),
    );
    expect(res.statusCode).toBe(400);
  });
});

describe('signing out', () => {
  it('ends the session and sends the browser to the provider’s sign-out page', async () => {
    const { b } = await signInAs('agent.jones');
    const cookie = b.desk.header();
    const { csrfToken } = (await me(b)).body;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sso/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);
    const url = new URL(res.json().logoutUrl);
    expect(url.origin + url.pathname).toBe(`${idp.issuer}/session/end`);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/signin`);
    expect(url.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('signs a local session out with no provider page', async () => {
    const local = await t.signIn('agent');
    const res = await local.post('/api/v1/auth/sso/logout', {});
    expect(res.json()).toEqual({ logoutUrl: null });
  });
});
