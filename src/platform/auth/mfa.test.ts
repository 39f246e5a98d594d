// Two-step sign-in over HTTP: an administrator sets it up at sign-in, signs in with a code and with a recovery code;
// replayed codes, wrong codes and the half-signed-in state are refused. PGlite, and PostgreSQL with TEST_DATABASE_URL.
import type { LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';

const KEY = 'test-secret-key-for-sealing-mfa-0123456789';
const PASSWORD = 'break-glass-password-2026';
let t: TestApp;
let admin: Client;
let secret = '';
let recoveryCodes: string[] = [];
/** When the set-up's code was made: later codes are counted from it, so a step boundary mid-run changes nothing. */
let enrolledAt = 0;

beforeAll(async () => {
  t = await createTestApp({ env: { CLINIDESK_SECRET_KEY: KEY } });
  admin = await t.signIn('admin');
  const made = await admin.post('/api/v1/users', {
    username: 'breakglass',
    displayName: 'Break-glass Administrator',
    role: 'admin',
    password: PASSWORD,
  });
  expect(made.statusCode).toBe(201);
}, 120_000);
afterAll(() => t?.close());

const cookieOf = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name);

/** Username and password: answers the second step and the challenge cookie's value. */
async function password(username = 'breakglass', pw = PASSWORD) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: pw } });
  expect(res.statusCode).toBe(200);
  expect(cookieOf(res, 'clinidesk_session')).toBeUndefined();
  const challenge = cookieOf(res, 'clinidesk_mfa');
  expect(challenge).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth/mfa/challenge' });
  return { step: res.json().secondStep as string, cookie: challenge!.value };
}

const second = (cookie: string, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, payload, headers: { cookie: `clinidesk_mfa=${cookie}` } });
const codeFrom = (epoch: number, offsetSeconds: number) => generate({ secret, epoch: epoch + offsetSeconds });
const codeAt = (offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

/**
 * A phone that gives a new code each time it is asked, as a person reads one: a code of a step after the last one
 * used, that the server (one step of drift either way) still accepts however late the request lands. The current
 * and the next step's codes stay good for at least 30 s; the previous step's only until this step ends, so it is
 * given only with more than 10 s left. When those are used up, the phone waits for the next step, as a person
 * would. (A clock read once at the start failed under load: its "previous step" code was two steps old by the time
 * the server checked it; a clock read 3 s ahead could give a code two steps in the future.)
 */
function phoneOf(secretOfPhone: string) {
  let last = Number.NEGATIVE_INFINITY;
  const at = (step: number) => generate({ secret: secretOfPhone, epoch: step * 30 });
  return {
    next: async () => {
      for (;;) {
        const now = Date.now();
        const current = Math.floor(now / 30_000);
        const left = (current + 1) * 30_000 - now;
        const usable = [left > 10_000 ? current - 1 : null, current, current + 1].filter(
          (step): step is number => step !== null && step > last,
        );
        if (usable.length > 0) {
          last = usable[0]!;
          return at(last);
        }
        await new Promise((resolve) => setTimeout(resolve, left + 100));
      }
    },
    again: () => at(last),
  };
}

const lastAuditId = async () =>
  Number((await t.ctx.database.query<{ id: string }>('SELECT coalesce(max(id), 0) AS id FROM audit_log'))[0]!.id);
const audit = (action: string, since: number) =>
  t.ctx.database.query<{ outcome: string; summary: Record<string, unknown> }>(
    'SELECT outcome, summary FROM audit_log WHERE action = $1 AND id > $2 ORDER BY id',
    [action, since],
  );

describe('an administrator without two-step sign-in', () => {
  it('is sent to set it up after the password, and has no session until a first code confirms it', async () => {
    const since = await lastAuditId();
    const { step, cookie } = await password();
    expect(step).toBe('enrol');

    const shown = await second(cookie, '/api/v1/auth/mfa/challenge/enrolment', {});
    expect(shown.statusCode).toBe(200);
    secret = shown.json().secret;
    expect(shown.json().qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(shown.json().otpauthUri).toContain(`secret=${secret}`);

    const wrong = await second(cookie, '/api/v1/auth/mfa/challenge/enrolment/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toBe('application/problem+json');

    enrolledAt = Math.floor(Date.now() / 1000);
    const done = await second(cookie, '/api/v1/auth/mfa/challenge/enrolment/confirm', {
      code: await codeFrom(enrolledAt, 0),
    });
    expect(done.statusCode).toBe(200);
    recoveryCodes = done.json().recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const session = cookieOf(done, 'clinidesk_session')!.value;
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/mfa',
      headers: { cookie: `clinidesk_session=${session}` },
    });
    expect(me.json()).toMatchObject({ enabled: true, required: true, recoveryCodesLeft: 10, localAccount: true });

    expect((await audit('mfa.enrol', since)).map((e) => e.summary.at)).toEqual(['sign-in']);
    expect((await audit('auth.mfa', since)).map((e) => e.outcome)).toEqual(['failure', 'success']);
    const stored = await t.ctx.database.query<{ secret_sealed: string }>(
      "SELECT secret_sealed FROM user_mfa m JOIN users u ON u.id = m.user_id WHERE u.username = 'breakglass'",
    );
    expect(stored[0]!.secret_sealed).not.toContain(secret);
  });
});

describe('signing in with two-step sign-in', () => {
  it('accepts a current code once: the same code again is refused as already used', async () => {
    const since = await lastAuditId();
    let { step, cookie } = await password();
    expect(step).toBe('code');
    // The set-up took this step's code: the same code is refused, the next step's (clock drift) is accepted.
    const replay = await second(cookie, '/api/v1/auth/mfa/challenge', { code: await codeFrom(enrolledAt, 0) });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().detail).toContain('already used');
    const next = await codeFrom(enrolledAt, 30);
    const ok = await second(cookie, '/api/v1/auth/mfa/challenge', { code: next });
    expect(ok.statusCode).toBe(200);
    expect(cookieOf(ok, 'clinidesk_session')).toBeDefined();

    ({ cookie } = await password());
    const again = await second(cookie, '/api/v1/auth/mfa/challenge', { code: next });
    expect(again.statusCode).toBe(401);
    const failures = await audit('auth.mfa', since);
    expect(failures.filter((e) => e.outcome === 'failure').map((e) => e.summary.reason)).toEqual([
      'code already used',
      'code already used',
    ]);
  });

  it('accepts a recovery code once, however it is typed, and counts what is left', async () => {
    const since = await lastAuditId();
    let { cookie } = await password();
    const typed = recoveryCodes[0]!.toLowerCase().replace('-', ' ');
    const ok = await second(cookie, '/api/v1/auth/mfa/challenge', { recoveryCode: typed });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().recoveryCodesLeft).toBe(9);
    expect((await audit('mfa.recovery_code_used', since)).map((e) => e.summary.left)).toEqual([9]);

    ({ cookie } = await password());
    const twice = await second(cookie, '/api/v1/auth/mfa/challenge', { recoveryCode: recoveryCodes[0] });
    expect(twice.statusCode).toBe(401);
    expect(twice.json().detail).toContain('works once');
  });

  it('gives the half-signed-in browser nothing but the second step, once', async () => {
    const { cookie } = await password();
    for (const url of ['/api/v1/auth/me', '/api/v1/auth/mfa', '/api/v1/users', '/api/v1/tickets']) {
      const asSession = await t.app.inject({ method: 'GET', url, headers: { cookie: `clinidesk_session=${cookie}` } });
      expect(asSession.statusCode, url).toBe(401);
      const asItself = await t.app.inject({ method: 'GET', url, headers: { cookie: `clinidesk_mfa=${cookie}` } });
      expect(asItself.statusCode, url).toBe(401);
    }
    const ok = await second(cookie, '/api/v1/auth/mfa/challenge', { recoveryCode: recoveryCodes[1] });
    expect(ok.statusCode).toBe(200);
    const reused = await second(cookie, '/api/v1/auth/mfa/challenge', { recoveryCode: recoveryCodes[2] });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().detail).toContain('Sign in again');
    const noCookie = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/challenge',
      payload: { code: '123456' },
    });
    expect(noCookie.statusCode).toBe(401);
  });

  it('answers bad input with 400 problem+json before looking at any code', async () => {
    const { cookie } = await password();
    for (const body of [
      { code: '12ab56' },
      { code: '1234567' },
      { code: '123456', recoveryCode: recoveryCodes[3] },
      {},
      { recoveryCode: '<script>' },
      { code: '123456', extra: true },
    ]) {
      const res = await second(cookie, '/api/v1/auth/mfa/challenge', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toBe('application/problem+json');
    }
    const reset = await admin.post('/api/v1/users/00000000-0000-0000-0000-000000000000/mfa/reset', { reason: '' });
    expect(reset.statusCode).toBe(400);
  });
});

describe('two-step sign-in on Account security', () => {
  it('lets a nurse set it up, get new recovery codes and turn it off, each with a current code', async () => {
    const nurse = await t.signIn('nurse');
    expect((await nurse.get('/api/v1/auth/mfa')).json()).toMatchObject({
      enabled: false,
      required: false,
      canSetUp: true,
    });
    const shown = await nurse.post('/api/v1/auth/mfa/enrolment', {});
    expect(shown.statusCode).toBe(200);
    const nurseSecret = shown.json().secret as string;
    const code = phoneOf(nurseSecret);

    const bad = await nurse.post('/api/v1/auth/mfa/enrolment/confirm', { code: '000000' });
    expect(bad.statusCode).toBe(400);
    const done = await nurse.post('/api/v1/auth/mfa/enrolment/confirm', { code: await code.next() });
    expect(done.statusCode).toBe(200);
    expect(done.json().recoveryCodes).toHaveLength(10);

    const renewed = await nurse.post('/api/v1/auth/mfa/recovery-codes', { code: await code.next() });
    expect(renewed.statusCode).toBe(200);
    expect(renewed.json().recoveryCodes).not.toEqual(done.json().recoveryCodes);
    const replayed = await nurse.post('/api/v1/auth/mfa/off', { code: await code.again() });
    expect(replayed.statusCode).toBe(400);
    const off = await nurse.post('/api/v1/auth/mfa/off', { code: await code.next() });
    expect(off.statusCode).toBe(204);
    expect((await nurse.get('/api/v1/auth/mfa')).json()).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    await t.signIn('nurse'); // no second step again
  }, 60_000); // the phone may wait up to 10 s for a new code, as a person would

  it('does not let an administrator who must keep it turn it off', async () => {
    const { cookie } = await password();
    const ok = await second(cookie, '/api/v1/auth/mfa/challenge', { recoveryCode: recoveryCodes[4] });
    const session = cookieOf(ok, 'clinidesk_session')!.value;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/off',
      payload: { code: '123456' },
      headers: { cookie: `clinidesk_session=${session}`, 'x-csrf-token': ok.json().csrfToken },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('Administrators must keep two-step sign-in');
  });

  it('lets another administrator reset it (audited with the reason), never one’s own', async () => {
    const since = await lastAuditId();
    const users = (await admin.get('/api/v1/users?limit=500')).json() as { id: string; username: string }[];
    const target = users.find((u) => u.username === 'breakglass')!;
    const self = users.find((u) => u.username === 'admin')!;
    const res = await admin.post(`/api/v1/users/${target.id}/mfa/reset`, {
      reason: 'lost phone; CSD-000123 call-back',
    });
    expect(res.statusCode).toBe(204);
    expect((await audit('mfa.reset', since)).map((e) => e.summary.reason)).toEqual([
      'lost phone; CSD-000123 call-back',
    ]);
    expect((await admin.post(`/api/v1/users/${self.id}/mfa/reset`, { reason: 'my own phone' })).statusCode).toBe(403);
    expect((await password()).step).toBe('enrol');
  });
});

describe('wrong codes', () => {
  it('count toward the sign-in throttle, so even the right password is then refused, and are audited', async () => {
    const since = await lastAuditId();
    const limit = t.ctx.config.login.maxFailures;
    // The reset above sent breakglass back to set-up; a nurse with the app on signs in with a code instead.
    const nurse = await t.signIn('nurse');
    const shown = (await nurse.post('/api/v1/auth/mfa/enrolment', {})).json();
    secret = shown.secret;
    expect((await nurse.post('/api/v1/auth/mfa/enrolment/confirm', { code: await codeAt() })).statusCode).toBe(200);

    let { cookie } = await password('nurse', 'clinidesk-demo');
    for (let i = 0; i < limit; i++) {
      if (i > 0 && i % 5 === 0) ({ cookie } = await password('nurse', 'clinidesk-demo'));
      const res = await second(cookie, '/api/v1/auth/mfa/challenge', { code: '000000' });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nurse', password: 'clinidesk-demo' },
    });
    expect(blocked.statusCode).toBe(429);
    const failures = (await audit('auth.mfa', since)).filter((e) => e.outcome === 'failure');
    expect(failures).toHaveLength(limit);
    expect(failures.every((e) => e.summary.reason === 'wrong code')).toBe(true);
  });
});

describe('a server without CLINIDESK_SECRET_KEY', () => {
  it('refuses to set up two-step sign-in, saying what to do', async () => {
    const keyless = await createTestApp();
    try {
      const nurse = await keyless.signIn('nurse');
      expect((await nurse.get('/api/v1/auth/mfa')).json()).toMatchObject({ canSetUp: false });
      const res = await nurse.post('/api/v1/auth/mfa/enrolment', {});
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toContain('CLINIDESK_SECRET_KEY');
    } finally {
      await keyless.close();
    }
  }, 60_000);
});
