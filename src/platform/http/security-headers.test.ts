// The security headers every answer carries, and the web app page's Content-Security-Policy (set through helmet).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { buildApp } from './app.ts';

let t: TestApp;
let app: FastifyInstance;
let dist: string;
beforeAll(async () => {
  t = await createTestApp();
  // The platform on its own (no feature routes), serving a stand-in for the built web app.
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-web-'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Clinidesk</title>');
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'export {};');
  app = await buildApp(t.ctx, { webDist: dist });
});
afterAll(async () => {
  await app.close();
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

/** "a b; c d" → { a: ['b'], c: ['d'] }: the policy as directives, whatever the spacing. */
function directives(policy: string | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

describe('security headers', () => {
  it("gives the web app's page its Content-Security-Policy", async () => {
    const res = await app.inject({ method: 'GET', url: '/queue' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(directives(res.headers['content-security-policy'] as string)).toEqual({
      'default-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'style-src': ["'self'", "'unsafe-inline'"],
      'connect-src': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it.each([
    ['a static asset', 'GET', '/assets/app.js', 200],
    ['the API, signed out', 'GET', '/api/v1/events', 401],
    ['an unknown API path', 'GET', '/api/v1/nothing-here', 404],
    ['a form post anywhere', 'POST', '/queue', 404],
    ['the OpenAPI document', 'GET', '/api/openapi.json', 200],
  ] as const)('forbids MIME sniffing and sends the referrer only to us on %s', async (_, method, url, status) => {
    const res = await app.inject({ method, url });
    expect(res.statusCode).toBe(status);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    // The policy is the web app's page's own; the API documentation page loads its own scripts.
    expect(res.headers['content-security-policy']).toBeUndefined();
  });

  it('keeps API answers out of caches', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/events' });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
