// Connecting the phone system while the desk runs: an administrator creates the integration account and its token
// over HTTP (Admin → Integrations), the token posts call events, and revoking it shuts the phone system out at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
let admin: Client;
let manager: Client;
let agent: Client;
const stamp = Date.now().toString(36);
const username = `pbx-${stamp}`;
let integrationId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  manager = await t.signIn('manager');
  agent = await t.signIn('agent');
});
afterAll(() => t.close());

const offered = (callId: string) => ({ type: 'offered', callId, occurredAt: new Date().toISOString() });
const auditOf = (action: string, targetId: string) =>
  t.ctx.database.query<{ actor_label: string; outcome: string; summary: Record<string, unknown> }>(
    'SELECT actor_label, outcome, summary FROM audit_log WHERE action = $1 AND target_id = $2',
    [action, targetId],
  );

describe('integration accounts from the admin screen', () => {
  it('creates an account that has no password and cannot sign in', async () => {
    const res = await admin.post('/api/v1/integrations', {
      username,
      displayName: 'Phone system',
      purpose: 'Asterisk posts call events to the desk',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ username, purpose: 'Asterisk posts call events to the desk', tokens: [] });
    integrationId = created.id;

    const [row] = await t.ctx.database.query<{ role: string; password_hash: string | null }>(
      'SELECT role, password_hash FROM users WHERE id = $1',
      [integrationId],
    );
    expect(row).toEqual({ role: 'integration', password_hash: null });
    const login = await t.anonymous.post('/api/v1/auth/login', { username, password: 'anything-at-all-12' });
    expect(login.statusCode).toBe(401);
    expect(await auditOf('integration.create', integrationId)).toEqual([
      {
        actor_label: 'admin',
        outcome: 'success',
        summary: { username, purpose: 'Asterisk posts call events to the desk' },
      },
    ]);
  });

  it('issues a token shown once that posts call events, then refuses it from the moment it is revoked', async () => {
    const issued = await admin.post(`/api/v1/integrations/${integrationId}/tokens`, {
      name: 'Asterisk cluster A',
      expiresInDays: 90,
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const token = issued.json();
    expect(token.token).toMatch(/^cdk_/);
    expect(token.scope).toEqual(['cti:post']);
    const days = (Date.parse(token.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    const [stored] = await t.ctx.database.query<{ token_hash: string }>(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [token.id],
    );
    expect(stored!.token_hash).not.toContain(token.token);

    const phone = t.withToken(token.token);
    const call = await phone.post('/api/v1/cti/events', offered(`call-${stamp}-1`));
    expect(call.statusCode, call.body).toBe(200);

    const listed = (await admin.get('/api/v1/integrations')).json() as {
      id: string;
      tokens: Record<string, unknown>[];
    }[];
    const mine = listed.find((i) => i.id === integrationId)!;
    expect(mine.tokens).toHaveLength(1);
    expect(mine.tokens[0]).toMatchObject({ id: token.id, name: 'Asterisk cluster A', expired: false });
    expect(mine.tokens[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(token.token);

    const revoked = await admin.delete(`/api/v1/integrations/${integrationId}/tokens/${token.id}`);
    expect(revoked.statusCode).toBe(204);
    const refused = await phone.post('/api/v1/cti/events', offered(`call-${stamp}-2`));
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const after = (await admin.get('/api/v1/integrations')).json() as { id: string; tokens: unknown[] }[];
    expect(after.find((i) => i.id === integrationId)!.tokens).toEqual([]);
    expect((await admin.delete(`/api/v1/integrations/${integrationId}/tokens/${token.id}`)).statusCode).toBe(404);

    expect(await auditOf('token.create', token.id)).toEqual([
      {
        actor_label: 'admin',
        outcome: 'success',
        summary: { name: 'Asterisk cluster A', owner: username, expiresAt: token.expiresAt },
      },
    ]);
    expect(await auditOf('token.revoke', token.id)).toEqual([
      { actor_label: 'admin', outcome: 'success', summary: { owner: username } },
    ]);
  });

  it('is for administrators only', async () => {
    for (const who of [manager, agent]) {
      const list = await who.get('/api/v1/integrations');
      expect(list.statusCode).toBe(403);
      expect(list.headers['content-type']).toContain('application/problem+json');
      const create = await who.post('/api/v1/integrations', { username: `x-${stamp}`, displayName: 'X', purpose: 'x' });
      expect(create.statusCode).toBe(403);
      const issue = await who.post(`/api/v1/integrations/${integrationId}/tokens`, { name: 'x', expiresInDays: 1 });
      expect(issue.statusCode).toBe(403);
    }
    expect((await t.anonymous.get('/api/v1/integrations')).statusCode).toBe(401);
  });

  it('answers bad input with 400 problem+json naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['/api/v1/integrations', { username: 'bad name!', displayName: 'X', purpose: 'x' }, 'body.username'],
      ['/api/v1/integrations', { username: `ok-${stamp}`, displayName: 'X' }, 'body.purpose'],
      ['/api/v1/integrations', { username: `ok-${stamp}`, displayName: 'X', purpose: '   ' }, 'body.purpose'],
      ['/api/v1/integrations', { username: `ok-${stamp}`, displayName: 'X', purpose: 'x', role: 'admin' }, 'body'],
      [`/api/v1/integrations/${integrationId}/tokens`, { name: 'x', expiresInDays: 0 }, 'body.expiresInDays'],
      [`/api/v1/integrations/${integrationId}/tokens`, { name: '', expiresInDays: 30 }, 'body.name'],
      ['/api/v1/integrations/not-a-uuid/tokens', { name: 'x', expiresInDays: 30 }, 'params.id'],
    ];
    for (const [url, body, field] of cases) {
      const res = await admin.post(url, body);
      expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        res
          .json()
          .errors.map((e: { field: string }) => e.field)
          .join(' '),
      ).toContain(field);
    }
    const taken = await admin.post('/api/v1/integrations', { username, displayName: 'Again', purpose: 'x' });
    expect(taken.statusCode).toBe(409);
    const me = (await admin.get('/api/v1/auth/me')).json().user.id;
    const notIntegration = await admin.post(`/api/v1/integrations/${me}/tokens`, { name: 'x', expiresInDays: 1 });
    expect(notIntegration.statusCode).toBe(404);
  });

  it('sends integration accounts made through the accounts API to the integrations screen', async () => {
    const res = await admin.post('/api/v1/users', {
      username: `pbx2-${stamp}`,
      displayName: 'Phone system',
      role: 'integration',
      password: 'a-long-password-123',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/Admin → Integrations/);
  });
});
