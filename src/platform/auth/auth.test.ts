import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { CLINIDESK_LOGIN_MAX_FAILURES: '3' } });
});
afterAll(() => t.close());

async function auditActions(action: string) {
  return t.ctx.database.query<{ outcome: string; actor_label: string; summary: Record<string, unknown> }>(
    'SELECT outcome, actor_label, summary FROM audit_log WHERE action = $1 ORDER BY id',
    [action],
  );
}

describe('sign-in and sessions', () => {
  it('signs the demo admin in with an HttpOnly, SameSite cookie and reports the session', async () => {
    const res = await t.anonymous.post('/api/v1/auth/login', { username: 'ADMIN', password: 'clinidesk-demo' });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'clinidesk_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'admin', displayName: 'Avery Admin', role: 'admin' });
    expect(body.permissions).toContain('users:manage');
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
  });

  it('stores only a hash of the session cookie', async () => {
    const c = await t.signIn('agent');
    const rows = await t.ctx.database.query<{ id_hash: string }>('SELECT id_hash FROM sessions');
    expect(rows.some((r) => r.id_hash === c.cookie)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
  });

  it('answers /me for a signed-in user and 401 problem+json for anyone else', async () => {
    const c = await t.signIn('nurse');
    const me = await c.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.role).toBe('requester');
    const anon = await t.anonymous.get('/api/v1/auth/me');
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['content-type']).toBe('application/problem+json');
    expect(anon.json()).toMatchObject({ status: 401, title: 'Not signed in' });
  });

  it("answers /me from the request's own sign-in check: the account, CSRF token and expiry the sign-in gave", async () => {
    const login = await t.anonymous.post('/api/v1/auth/login', { username: 'manager', password: 'clinidesk-demo' });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'clinidesk_session')!.value;
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { clinidesk_session: cookie } });
    expect(me.statusCode).toBe(200);
    const { user, permissions, csrfToken, expiresAt } = login.json();
    expect(me.json()).toMatchObject({ user, permissions, csrfToken, expiresAt });
    // signed out, the same cookie gets no answer
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { clinidesk_session: cookie },
      headers: { 'x-csrf-token': csrfToken },
    });
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { clinidesk_session: cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('rejects a wrong password without saying whether the account exists, and audits it', async () => {
    const wrong = await t.anonymous.post('/api/v1/auth/login', { username: 'manager', password: 'nope-nope' });
    const unknown = await t.anonymous.post('/api/v1/auth/login', { username: 'ghost', password: 'nope-nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    const failures = (await auditActions('auth.login')).filter((r) => r.outcome === 'failure');
    expect(failures.map((f) => f.actor_label)).toEqual(expect.arrayContaining(['manager', 'ghost']));
  });

  it('throttles guessing: after 3 failures the account answers 429 with Retry-After, even to the right password', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await t.anonymous.post('/api/v1/auth/login', { username: 'engineer', password: `guess-${i}` });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await t.anonymous.post('/api/v1/auth/login', { username: 'engineer', password: 'clinidesk-demo' });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().detail).toMatch(/Too many failed sign-ins/);
    // Other accounts are not affected.
    expect(
      (await t.anonymous.post('/api/v1/auth/login', { username: 'analyst', password: 'clinidesk-demo' })).statusCode,
    ).toBe(200);
  });

  it('requires the CSRF token for writes made with the session cookie', async () => {
    const c = await t.signIn('admin');
    const noCsrf = await c.request({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { 'x-csrf-token': '' },
      payload: { name: 'x' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().detail).toMatch(/CSRF/);
    const ok = await c.post('/api/v1/auth/tokens', { name: 'phone system' });
    expect(ok.statusCode).toBe(201);
  });

  it('ends the session on sign-out; the old cookie no longer works', async () => {
    const c = await t.signIn('manager2-does-not-exist').catch(() => null);
    expect(c).toBeNull();
    const m = await t.signIn('doctor');
    expect((await m.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await m.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('ends a session that stayed idle longer than the idle timeout', async () => {
    const c = await t.signIn('vendor');
    await t.ctx.database.query(
      `UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE ended_at IS NULL AND user_id =
        (SELECT id FROM users WHERE username = 'vendor')`,
    );
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, work as Bearer and stop working when revoked', async () => {
    const admin = await t.signIn('admin');
    const created = await admin.post('/api/v1/auth/tokens', { name: 'wallboard', expiresInDays: 30 });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json();
    expect(token).toMatch(/^cdk_/);
    expect(token.startsWith(prefix)).toBe(true);
    const stored = await t.ctx.database.query<{ token_hash: string }>(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [id],
    );
    expect(stored[0]!.token_hash).not.toContain(token);
    // The same audit entry as an integration account's token (integrations.ts issues through the same function).
    const audit = await t.ctx.database.query<{ summary: Record<string, unknown> }>(
      "SELECT summary FROM audit_log WHERE action = 'token.create' AND target_id = $1",
      [id],
    );
    expect(audit.map((a) => a.summary)).toEqual([
      { name: 'wallboard', owner: 'admin', expiresAt: created.json().expiresAt },
    ]);

    const api = t.withToken(token);
    expect((await api.get('/api/v1/auth/me')).json().user.username).toBe('admin');
    // Bearer callers need no CSRF token.
    expect((await api.post('/api/v1/auth/tokens', { name: 'second' })).statusCode).toBe(201);
    const list = await admin.get('/api/v1/auth/tokens');
    expect(list.json().map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['wallboard', 'second']));
    expect(JSON.stringify(list.json())).not.toContain(token);

    expect((await admin.delete(`/api/v1/auth/tokens/${id}`)).statusCode).toBe(204);
    const after = await api.get('/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toMatch(/revoked/);
  });

  it('rejects a malformed Authorization header clearly', async () => {
    const res = await t.anonymous.request({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Basic abc' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toMatch(/Bearer/);
  });
});

describe('roles', () => {
  it('answers 403 to a nurse who asks for the account list, and audits the denial', async () => {
    const nurse = await t.signIn('nurse');
    const res = await nurse.get('/api/v1/users');
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toBe('application/problem+json');
    const denied = await auditActions('access.denied');
    expect(denied.some((d) => d.actor_label === 'nurse' && String(d.summary.reason).includes('users:read'))).toBe(true);
  });

  it('audits unauthenticated requests to protected routes', async () => {
    await t.anonymous.get('/api/v1/users');
    const denied = await auditActions('access.denied');
    expect(denied.some((d) => d.actor_label === 'anonymous' && d.summary.reason === 'not signed in')).toBe(true);
  });

  it('lets an administrator create an account that can then sign in; duplicates are a 409', async () => {
    const admin = await t.signIn('admin');
    const body = { username: 'k.tanaka', displayName: '田中 健 🩺', role: 'agent', password: 'a-long-passphrase' };
    const res = await admin.post('/api/v1/users', body);
    expect(res.statusCode).toBe(201);
    expect(res.json().displayName).toBe('田中 健 🩺');
    const again = await admin.post('/api/v1/users', { ...body, username: 'K.TANAKA' });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([{ field: 'username', message: 'is taken' }]);
    const k = await t.signIn('k.tanaka', 'a-long-passphrase');
    expect((await k.get('/api/v1/auth/me')).json().user.displayName).toBe('田中 健 🩺');
  });
});
