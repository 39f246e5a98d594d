// SAML 2.0 single sign-on against a real identity provider (SimpleSAMLphp, test/saml-idp.ts) over HTTP: the IdP's
// login form posted, its signed answer posted to the ACS, the same-site redirect that finishes the sign-in; accounts
// and roles through the rules OpenID Connect uses; and every answer Clinidesk must refuse — unsigned, altered after
// signing, for another audience or recipient, expired, replayed, for another request, signed by a stranger, wrapped
// (XSW) — as well as an IdP that is down, each sent to the sign-in page with a clear code and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { CookieJar } from '../../../test/cookie-jar.ts';
import {
  resignAssertion,
  SAML_ATTRIBUTES,
  SAML_STAFF,
  type SamlIdp,
  samlIdpMissing,
  startSamlIdp,
  strangerKey,
  stripSignatures,
} from '../../../test/saml-idp.ts';
import { newId } from '../../platform/ids.ts';
import { people } from '../directory/tables.ts';

const PUBLIC_URL = 'http://clinidesk.test';
const SP = {
  entityId: `${PUBLIC_URL}/api/v1/auth/sso/saml/metadata`,
  acsUrl: `${PUBLIC_URL}/api/v1/auth/sso/saml/acs`,
};
const AGENTS_DN = 'CN=ServiceDesk-Agents,OU=Groups,DC=hospital,DC=example';
const missing = samlIdpMissing();

let t: TestApp;
let idp: SamlIdp;
let admin: Client;
let providerId: string;

beforeAll(async () => {
  if (missing) return;
  t = await createTestApp({ env: { CLINIDESK_PUBLIC_URL: PUBLIC_URL } });
  idp = await startSamlIdp(SP);
  admin = await t.signIn('admin');
  const res = await admin.post('/api/v1/identity-providers', providerSettings());
  expect(res.statusCode, res.body).toBe(201);
  providerId = res.json().id;
  const person = (values: Partial<typeof people.$inferInsert> & { displayName: string }) =>
    t.ctx.database.db.insert(people).values({ id: newId(), clinicalRole: 'rn', ...values });
  await person({ displayName: 'Kim Agent', employeeId: 'E-70001', email: 'kim.agent@hospital.example' });
  await person({ displayName: 'Ola Nurse', email: 'ola.nurse@hospital.example' });
}, 120_000);
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

function providerSettings(over: Record<string, unknown> = {}) {
  return {
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
    roleMappings: [{ group: AGENTS_DN, role: 'agent' }],
    enabled: true,
    ...over,
  };
}

type Browser = { desk: CookieJar; idp: CookieJar };
const newBrowser = (): Browser => ({ desk: new CookieJar(), idp: new CookieJar() });

async function desk(b: Browser, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: b.desk.header() } });
  b.desk.take(res.headers['set-cookie'] as string[] | string | undefined);
  return { status: res.statusCode, location: String(res.headers.location ?? '') };
}

/** Opens an IdP page, following its redirects, and returns the page it shows. */
async function idpPage(b: Browser, url: string, form?: URLSearchParams) {
  let next = url;
  let body = form;
  for (let hops = 0; hops < 10; hops++) {
    const res = await fetch(next, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: { cookie: b.idp.header() },
    });
    b.idp.take(res.headers.getSetCookie());
    const location = res.headers.get('location');
    if (!location) return { url: next, html: await res.text() };
    await res.body?.cancel();
    next = new URL(location, next).href;
    body = undefined;
  }
  throw new Error('too many redirects at the IdP');
}

const field = (html: string, name: string) =>
  (new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '').replace(/&amp;/g, '&');

/** From "Sign in with …" to the IdP's answer (the form its page would post to the ACS), not yet posted. */
async function untilAnswer(b: Browser, login: string, id = () => providerId) {
  const start = await desk(b, `/api/v1/auth/sso/${id()}/start?returnTo=${encodeURIComponent('/console')}`);
  expect(start.status).toBe(303);
  expect(start.location.startsWith(idp.ssoUrl)).toBe(true);
  const page = await idpPage(b, start.location);
  expect(page.html).toContain('name="AuthState"');
  const account = SAML_STAFF[login]!;
  const answer = await idpPage(
    b,
    page.url,
    new URLSearchParams({ username: login, password: account.password, AuthState: field(page.html, 'AuthState') }),
  );
  expect(answer.html).toContain(`action="${SP.acsUrl}"`);
  const samlResponse = field(answer.html, 'SAMLResponse');
  return {
    xml: Buffer.from(samlResponse, 'base64').toString('utf8'),
    relayState: field(answer.html, 'RelayState'),
  };
}

/** Posts an answer to the ACS as the IdP's page does (cross-site: no Clinidesk cookie), then follows the redirect. */
async function postAnswer(b: Browser, xml: string, relayState: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sso/saml/acs',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      SAMLResponse: Buffer.from(xml).toString('base64'),
      RelayState: relayState,
    }).toString(),
  });
  expect(res.statusCode, res.body).toBe(303);
  const location = String(res.headers.location);
  if (!location.startsWith('/api/v1/auth/sso/saml/finish')) return { status: 303, location };
  return desk(b, location);
}

async function signInAs(login: string) {
  const b = newBrowser();
  const answer = await untilAnswer(b, login);
  return { b, back: await postAnswer(b, answer.xml, answer.relayState), answer };
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

describe.skipIf(missing)('signing in through a SAML identity provider (SimpleSAMLphp)', () => {
  it('publishes the service provider metadata: entity id, ACS address, signed assertions wanted', async () => {
    const res = await t.anonymous.get('/api/v1/auth/sso/saml/metadata');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/samlmetadata\+xml/);
    expect(res.body).toContain(`entityID="${SP.entityId}"`);
    expect(res.body).toContain(`Location="${SP.acsUrl}"`);
    expect(res.body).toContain('WantAssertionsSigned="true"');
  });

  it('creates the account at first sign-in, matched by employee ID, with the role of the mapped AD group', async () => {
    const since = await lastAuditId();
    const { b, back } = await signInAs('agent.kim');
    expect(back).toEqual({ status: 303, location: '/console' });
    const session = await me(b);
    expect(session.body.user).toMatchObject({ username: 'kim.agent@hospital.example', role: 'agent' });
    expect(await audit('user.create', since)).toMatchObject([{ summary: { via: 'sso', provider: 'Hospital ADFS' } }]);
    expect(await audit('sso.login', since)).toMatchObject([
      { outcome: 'success', summary: { kind: 'saml', matchedBy: 'employee-id', role: 'agent', group: AGENTS_DN } },
    ]);
  });

  it('signs the same person in again to the same account (linked by the persistent NameID)', async () => {
    const first = await signInAs('agent.kim');
    const second = await signInAs('agent.kim');
    expect((await me(second.b)).body.user.id).toBe((await me(first.b)).body.user.id);
    const [sso] = await t.ctx.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM user_identities WHERE subject = 'agent.kim'",
    );
    expect(sso!.n).toBe(1);
  });

  it('matches by email when the IdP sends no employee ID; no mapped group gives the requester role', async () => {
    const { b } = await signInAs('nurse.ola');
    expect((await me(b)).body.user).toMatchObject({ username: 'ola.nurse@hospital.example', role: 'requester' });
  });

  it('refuses someone who is not in the directory, and says so', async () => {
    const since = await lastAuditId();
    const { b, back } = await signInAs('visitor.q');
    expect(back).toEqual({ status: 303, location: '/signin?sso=no-person' });
    expect((await me(b)).status).toBe(401);
    expect(await audit('sso.login', since)).toMatchObject([{ outcome: 'denied', summary: { reason: 'no-person' } }]);
  });
});

describe.skipIf(missing)('answers Clinidesk must not trust', () => {
  const swap = (from: RegExp, to: string) => (xml: string) => {
    expect(xml).toMatch(from);
    return xml.replace(from, to);
  };
  const past = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const cases: [string, (xml: string) => string, RegExp][] = [
    ['an unsigned assertion', (xml) => stripSignatures(xml), /Invalid signature/],
    ['a claim changed after signing (an AD group added)', swap(/>Nursing</, `>${AGENTS_DN}<`), /Invalid signature/],
    [
      'an assertion for another application (audience)',
      (xml) =>
        resignAssertion(xml, idp.privateKey, swap(/<saml:Audience>[^<]+</, '<saml:Audience>https://app.example/<')),
      /audience mismatch/,
    ],
    [
      'an assertion for another recipient',
      (xml) => resignAssertion(xml, idp.privateKey, swap(/Recipient="[^"]+"/, 'Recipient="https://evil.example/acs"')),
      /recipient https:\/\/evil\.example\/acs/,
    ],
    [
      'an expired assertion',
      (xml) =>
        resignAssertion(xml, idp.privateKey, (x) => x.replace(/NotOnOrAfter="[^"]+"/g, `NotOnOrAfter="${past}"`)),
      /No valid subject confirmation/, // node-saml's words: the only confirmation is past its NotOnOrAfter
    ],
    [
      'an assertion from another issuer',
      (xml) =>
        resignAssertion(xml, idp.privateKey, (x) =>
          x.replace(/(<saml:Assertion[\s\S]*?<saml:Issuer>)[^<]+/, '$1https://evil.example/idp'),
        ),
      /assertion issuer https:\/\/evil\.example\/idp/,
    ],
    [
      'an assertion signed by a key the IdP never had',
      (xml) => resignAssertion(xml, strangerKey().privateKey),
      /Invalid signature/,
    ],
    [
      'a signed assertion wrapped beside a forged one (XSW)',
      (xml) => {
        const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
        const forged = stripSignatures(signed)
          .replace(/ID="[^"]+"/, 'ID="_forged"')
          .replace('>Nursing<', `>${AGENTS_DN}<`);
        return xml.replace(signed, `${forged}<samlp:Extensions>${signed}</samlp:Extensions>`);
      },
      /Invalid signature/,
    ],
  ];

  it.each(cases)('refuses %s, audited with the reason', async (_name, alter, detail) => {
    const b = newBrowser();
    const answer = await untilAnswer(b, 'nurse.ola');
    const since = await lastAuditId();
    const back = await postAnswer(b, alter(answer.xml), answer.relayState);
    expect(back).toEqual({ status: 303, location: '/signin?sso=rejected' });
    expect((await me(b)).status).toBe(401);
    const [entry] = await audit('sso.login', since);
    expect(entry).toMatchObject({ outcome: 'denied', summary: { provider: 'Hospital ADFS', reason: 'rejected' } });
    expect(entry!.summary.detail).toMatch(detail);
    expect(JSON.stringify(entry)).not.toContain('<saml'); // no XML in the trail
  });

  it('refuses a replayed answer; an answer posted from another browser signs in only the browser that started', async () => {
    const b = newBrowser();
    const answer = await untilAnswer(b, 'nurse.ola');
    // An attacker who captured the answer posts it from their own browser: it has no sign-in cookie, so no session.
    const attacker = newBrowser();
    expect(await postAnswer(attacker, answer.xml, answer.relayState)).toEqual({
      status: 303,
      location: '/signin?sso=expired',
    });
    expect((await me(attacker)).status).toBe(401);
    // The same answer posted again is a replay.
    expect(await postAnswer(b, answer.xml, answer.relayState)).toEqual({
      status: 303,
      location: '/signin?sso=expired',
    });
    // The browser that started is the only one that can finish (as the person it signed in at the IdP).
    expect(await desk(b, '/api/v1/auth/sso/saml/finish')).toEqual({ status: 303, location: '/console' });
    expect((await me(b)).body.user.username).toBe('ola.nurse@hospital.example');
  });

  it('refuses an answer to another request (InResponseTo), and an assertion ID seen before (replay store)', async () => {
    const a = newBrowser();
    const first = await untilAnswer(a, 'nurse.ola');
    const b = newBrowser();
    const second = await untilAnswer(b, 'nurse.ola');
    // a's answer sent as the answer to b's request.
    expect(await postAnswer(b, first.xml, second.relayState)).toEqual({
      status: 303,
      location: '/signin?sso=rejected',
    });

    // A used assertion, signed again by the IdP's key for a new request (same assertion ID): refused as a replay.
    const ok = await signInAs('nurse.ola');
    expect(ok.back.location).toBe('/console');
    const c = newBrowser();
    const third = await untilAnswer(c, 'nurse.ola');
    const since = await lastAuditId();
    const requestId = /InResponseTo="([^"]+)"/.exec(third.xml)![1]!;
    const replay = resignAssertion(ok.answer.xml, idp.privateKey, (x) =>
      x.replace(/InResponseTo="[^"]+"/g, `InResponseTo="${requestId}"`),
    );
    expect(await postAnswer(c, replay, third.relayState)).toEqual({ status: 303, location: '/signin?sso=expired' });
    expect(await audit('sso.login', since)).toMatchObject([
      { outcome: 'denied', summary: { reason: 'expired', detail: expect.stringMatching(/used before \(replay\)/) } },
    ]);
  });

  it('explains an IdP that is down, while the local break-glass administrator still signs in', async () => {
    await idp.stop();
    try {
      const since = await lastAuditId();
      const b = newBrowser();
      expect(await desk(b, `/api/v1/auth/sso/${providerId}/start`)).toEqual({
        status: 303,
        location: '/signin?sso=unavailable',
      });
      expect(await audit('sso.login', since)).toMatchObject([
        { outcome: 'failure', summary: { reason: 'unavailable' } },
      ]);
      await t.signIn('admin');
    } finally {
      await idp.start();
    }
  });
});

describe.skipIf(missing)('administering SAML providers', () => {
  it('shows what to register at the IdP and the certificates by fingerprint and expiry', async () => {
    const list = await admin.get('/api/v1/identity-providers');
    const view = list.json().find((p: { id: string }) => p.id === providerId);
    expect(view).toMatchObject({
      kind: 'saml',
      issuer: idp.entityId,
      ssoUrl: idp.ssoUrl,
      clientId: null,
      redirectUri: null,
      serviceProvider: { entityId: SP.entityId, acsUrl: SP.acsUrl, metadataUrl: SP.entityId },
    });
    expect(view.certificates).toEqual([
      {
        subject: 'CN=Test Hospital IdP',
        notAfter: expect.any(String),
        fingerprint: expect.stringMatching(/^[0-9A-F:]{95}$/),
      },
    ]);
  });

  it('accepts two certificates during a rotation, audited by fingerprint', async () => {
    const next = strangerKey();
    const since = await lastAuditId();
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/identity-providers/${providerId}`,
      payload: { certificates: [next.certificate, idp.certificate] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().certificates).toHaveLength(2);
    const [entry] = await audit('identity_provider.update', since);
    expect((entry!.summary.certificates as { to: string[] }).to).toHaveLength(2);
    const { back } = await signInAs('nurse.ola'); // still signed by the current certificate
    expect(back.location).toBe('/console');
  });

  it('refuses what is not a certificate, a third certificate, OpenID Connect settings and plain http elsewhere', async () => {
    const bad = await admin.post(
      '/api/v1/identity-providers',
      providerSettings({ name: 'Bad', certificates: ['x'.repeat(200)] }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/Certificate 1 is not an X.509 certificate/);
    const three = await admin.post(
      '/api/v1/identity-providers',
      providerSettings({ name: 'Three', certificates: [idp.certificate, idp.certificate, idp.certificate] }),
    );
    expect(three.statusCode).toBe(400);
    const plain = await admin.post(
      '/api/v1/identity-providers',
      providerSettings({ name: 'Plain', ssoUrl: 'http://adfs.hospital.example/adfs/ls/' }),
    );
    expect(plain.statusCode).toBe(400);
    const foreign = await admin.request({
      method: 'PATCH',
      url: `/api/v1/identity-providers/${providerId}`,
      payload: { clientId: 'x' },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().detail).toMatch(/do not apply to a SAML provider: clientId/);
  });

  it('is for administrators only', async () => {
    const manager = await t.signIn('manager');
    expect((await manager.post('/api/v1/identity-providers', providerSettings({ name: 'Mine' }))).statusCode).toBe(403);
  });
});

describe.skipIf(missing)('signing out of a SAML session', () => {
  it('ends the Clinidesk session (local sign-out), audited', async () => {
    const { b } = await signInAs('agent.kim');
    const cookie = b.desk.header();
    const { csrfToken } = (await me(b)).body;
    const since = await lastAuditId();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sso/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: {},
    });
    expect(res.json()).toEqual({ logoutUrl: null });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect(await audit('sso.logout', since)).toMatchObject([{ summary: { kind: 'saml', providerSignOut: false } }]);
  });
});
