import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { checkRouteDeclaresAccess } from './access.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('platform endpoints', () => {
  it('documents exactly the routes the app serves, each saying who may call it', async () => {
    const spec = (await t.anonymous.get('/api/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    const operations = Object.entries(spec.paths as Record<string, Record<string, { 'x-access'?: string }>>).flatMap(
      ([p, ops]) =>
        Object.entries(ops).map(([m, op]) => ({
          key: `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`,
          access: op['x-access'],
        })),
    );
    const documented = operations.map((o) => o.key).sort();
    // Collected by an onRoute hook as the app registered them; HEAD is Fastify's automatic twin of each GET.
    const served = t.routes
      .filter((r) => r.method !== 'HEAD' && !r.hidden)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(served.filter((r) => r.includes('/api/v1/')).length).toBeGreaterThan(50);
    // Both directions: nothing served goes undocumented, nothing documented is missing.
    expect(documented).toEqual(served);
    for (const o of operations) expect(o.access, o.key).toMatch(/^(public|signed-in|[a-z-]+:[a-z-]+)$/);
    // Only machinery is left out of the document (the docs, the metrics scrape, the web app's files), no API route.
    const hidden = t.routes.filter((r) => r.hidden && r.url.startsWith('/api/v1')).map((r) => r.url);
    expect(hidden).toEqual([]);
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
