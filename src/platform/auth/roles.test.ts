// What each role may do, as the desk meets it over HTTP: the consequences of roles.ts, stated by hand so a change
// of grants shows up here as a changed sentence. (access-matrix.test.ts checks every route against its x-access.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { integrationToken } from '../../../test/factories.ts';
import { can, PERMISSIONS, ROLES } from './roles.ts';

let t: TestApp;
const as: Record<string, Client> = {};
beforeAll(async () => {
  t = await createTestApp();
  for (const name of ['admin', 'manager', 'agent', 'analyst', 'engineer', 'vendor', 'nurse']) {
    as[name] = await t.signIn(name);
  }
  as.integration = t.withToken(await integrationToken(t.ctx, 'pbx'));
});
afterAll(() => t.close());

const status = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  (await as[who]!.request({ method, url, ...(payload ? { payload } : {}) })).statusCode;
// An invalid body answers 400 only to a caller who got past access: proof of permission that changes nothing.
const INVALID = { matrixProbe: true };

describe('who may do what', () => {
  it('lets an administrator manage accounts and verify the audit trail', async () => {
    expect(await status('admin', 'POST', '/api/v1/users', INVALID)).toBe(400);
    expect(await status('admin', 'POST', '/api/v1/audit/verify')).toBe(200);
    expect(await status('admin', 'GET', '/api/v1/audit')).toBe(200);
  });

  it('lets a desk manager read the audit trail, but not change accounts or verify the chain', async () => {
    expect(await status('manager', 'GET', '/api/v1/audit')).toBe(200);
    expect(await status('manager', 'POST', '/api/v1/users', INVALID)).toBe(403);
    expect(await status('manager', 'POST', '/api/v1/audit/verify')).toBe(403);
  });

  it('keeps requesters and vendor engineers away from accounts, the directory and the audit trail', async () => {
    for (const who of ['nurse', 'vendor']) {
      expect(await status(who, 'GET', '/api/v1/users')).toBe(403);
      expect(await status(who, 'GET', '/api/v1/audit')).toBe(403);
      expect(await status(who, 'GET', '/api/v1/people')).toBe(403);
    }
  });

  it('lets a nurse open tickets and read knowledge, but not a vendor engineer', async () => {
    expect(await status('nurse', 'POST', '/api/v1/tickets', INVALID)).toBe(400);
    expect(await status('nurse', 'GET', '/api/v1/knowledge/articles')).toBe(200);
    expect(await status('vendor', 'POST', '/api/v1/tickets', INVALID)).toBe(403);
    expect(await status('vendor', 'GET', '/api/v1/knowledge/articles')).toBe(403);
  });

  it('lets desk staff handle contacts and read the wallboard, but not requesters or vendors', async () => {
    for (const who of ['agent', 'analyst', 'engineer', 'manager', 'admin']) {
      expect(await status(who, 'GET', '/api/v1/wallboard'), who).toBe(200);
      expect(await status(who, 'GET', '/api/v1/presence/me'), who).toBe(200);
    }
    for (const who of ['nurse', 'vendor']) {
      expect(await status(who, 'GET', '/api/v1/wallboard'), who).toBe(403);
      expect(await status(who, 'GET', '/api/v1/presence/me'), who).toBe(403);
    }
  });

  it('lets analysts and managers publish knowledge, not agents', async () => {
    expect(await status('analyst', 'GET', '/api/v1/knowledge/review')).toBe(200);
    expect(await status('manager', 'GET', '/api/v1/knowledge/review')).toBe(200);
    expect(await status('agent', 'GET', '/api/v1/knowledge/review')).toBe(403);
  });

  it('lets the phone-system integration post call events and nothing of the desk', async () => {
    expect(await status('integration', 'POST', '/api/v1/cti/events', INVALID)).toBe(400);
    for (const url of ['/api/v1/tickets', '/api/v1/wallboard', '/api/v1/people', '/api/v1/auth/tokens']) {
      expect(await status('integration', 'GET', url), url).toBe(403);
    }
    // Nobody else posts call events, not even an administrator.
    expect(await status('admin', 'POST', '/api/v1/cti/events', INVALID)).toBe(403);
    expect(await status('agent', 'POST', '/api/v1/cti/events', INVALID)).toBe(403);
  });
});

describe('the grants themselves', () => {
  it('give every permission to some role, so no route is out of everyone’s reach', () => {
    for (const p of PERMISSIONS)
      expect(
        ROLES.some((r) => can(r, p)),
        p,
      ).toBe(true);
  });
});
