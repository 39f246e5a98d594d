// The order every route answers in: 401 (who are you) → 403 (may you) → 400 (is the input right).
// Nobody learns a route's input rules, or gets field-by-field detail, before access is settled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Res = { statusCode: number; headers: Record<string, unknown>; json(): unknown };

function expectProblem(res: Res, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  const body = res.json() as { status: number; errors?: unknown };
  expect(body.status).toBe(status);
  // Field detail belongs to the caller who may use the route, after access is settled.
  if (status !== 400) expect(body.errors).toBeUndefined();
  return body;
}

const deniedFor = async (reason: string) =>
  (
    await t.ctx.database.query<{ n: string }>(
      `SELECT count(*)::text n FROM audit_log WHERE action = 'access.denied' AND summary->>'reason' = $1`,
      [reason],
    )
  )[0]!.n;

describe('access before validation', () => {
  it('answers an anonymous ticket with an empty body 401, not 400, and audits it', async () => {
    const before = Number(await deniedFor('not signed in'));
    expectProblem(await t.anonymous.post('/api/v1/tickets', {}), 401);
    expect(Number(await deniedFor('not signed in'))).toBe(before + 1);
  });

  it('answers 401 before a malformed JSON body or a bad id in the path is looked at', async () => {
    const malformed = await t.anonymous.request({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: '{"title":',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(malformed, 401);
    expectProblem(await t.anonymous.get('/api/v1/tickets/not-a-uuid'), 401);
    expectProblem(await t.anonymous.get('/api/v1/users?limit=abc'), 401);
  });

  it('answers a vendor engineer who may not open tickets 403 for an empty body, not 400', async () => {
    const vendor = await t.signIn('vendor');
    const before = Number(await deniedFor('role vendor lacks tickets:create'));
    expectProblem(await vendor.post('/api/v1/tickets', {}), 403);
    expect(Number(await deniedFor('role vendor lacks tickets:create'))).toBe(before + 1);
  });

  it('answers a cookie write without the CSRF token 403 before validating its body', async () => {
    const nurse = await t.signIn('nurse');
    const res = await nurse.request({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: {},
      headers: { 'x-csrf-token': '' },
    });
    const body = expectProblem(res, 403) as { detail?: string };
    expect(body.detail).toMatch(/CSRF/);
  });

  it('validates the input of a caller who may use the route: 400 with every bad field named', async () => {
    const nurse = await t.signIn('nurse');
    const body = expectProblem(await nurse.post('/api/v1/tickets', {}), 400);
    expect((body.errors as unknown[]).length).toBeGreaterThan(0);
  });
});
