import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { checkRouteDeclaresAccess } from './access.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('platform endpoints', () => {
  it('documents every /api/v1 route in OpenAPI 3.1', async () => {
    const spec = (await t.anonymous.get('/api/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const routes = t.app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .filter((l) => l.includes('/api/v1'));
    expect(routes.length).toBeGreaterThan(0);
    for (const expected of [
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'GET /api/v1/auth/me',
      'GET /api/v1/auth/tokens',
      'POST /api/v1/auth/tokens',
      'DELETE /api/v1/auth/tokens/:id',
      'GET /api/v1/users',
      'POST /api/v1/users',
      'GET /api/v1/audit',
      'POST /api/v1/audit/verify',
      'GET /api/v1/events',
    ]) {
      expect(documented).toContain(expected);
    }
  });

  it('serves the browsable docs at /api/docs', async () => {
    const res = await t.anonymous.get('/api/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/swagger/i);
  });

  it('refuses to register an /api/v1 route that does not declare who may call it', () => {
    expect(() => checkRouteDeclaresAccess({ method: 'GET', url: '/api/v1/secret', handler: () => {} })).toThrow(
      /config.access/,
    );
  });

  it('answers health and readiness', async () => {
    expect((await t.anonymous.get('/api/health')).json()).toEqual({ status: 'ok' });
    const ready = await t.anonymous.get('/api/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', databaseReachable: true, pendingMigrations: [] });
  });

  it('exposes Prometheus metrics including request durations by route', async () => {
    await t.anonymous.get('/api/health');
    const res = await t.anonymous.get('/metrics');
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toContain('clinidesk_http_request_duration_seconds_bucket');
    expect(res.body).toContain('route="/api/health"');
  });

  it('echoes a request id, or makes one', async () => {
    const given = await t.anonymous.request({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.anonymous.get('/api/health');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
