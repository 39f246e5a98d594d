// request.actor is the signed-in caller, typed non-null: on a guarded route it is always there; read where nobody is
// signed in it answers 401 (never a 500 or a null reaching a service). request.actorMeta is the request's meta with
// that caller, for use cases that need one. A public route reads meta.actor instead.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import type { Feature } from '../features.ts';
import { buildApp } from './app.ts';

// A feature of the test's own, handed to the platform like those in src/app.ts.
const probe: Feature = {
  name: 'probe',
  routes: [
    () => async (app) => {
      app.get('/api/v1/probe/public-meta', { config: { access: 'public' } }, async (request) => ({
        who: request.meta.actor?.username ?? null,
      }));
      app.get('/api/v1/probe/public-actor', { config: { access: 'public' } }, async (request) => ({
        who: request.actor.username,
      }));
      app.get('/api/v1/probe/signed-in', { config: { access: 'signed-in' } }, async (request) => ({
        who: request.actor.username,
        role: request.actor.role,
      }));
      app.get('/api/v1/probe/actor-meta', { config: { access: 'public' } }, async (request) => {
        const { actor, requestId } = request.actorMeta;
        return { who: actor.username, requestId, sameRequest: requestId === request.meta.requestId };
      });
    },
  ],
};

let t: TestApp;
let app: FastifyInstance;
let cookie: string;
beforeAll(async () => {
  t = await createTestApp();
  app = await buildApp(t.ctx, { features: [probe] });
  // Sessions live in the database: one signed in through the test app works on this app too.
  cookie = `clinidesk_session=${(await t.signIn('agent')).cookie}`;
});
afterAll(async () => {
  await app.close();
  await t.close();
});

describe('request.actor', () => {
  it('is the signed-in caller on a guarded route', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe/signed-in', headers: { cookie } });
    expect(res.json()).toEqual({ who: 'agent', role: 'agent' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/probe/signed-in' })).statusCode).toBe(401);
  });

  it('answers 401 when a public route reads it and nobody is signed in', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe/public-actor' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toBe('application/problem+json');
    const signedIn = await app.inject({ method: 'GET', url: '/api/v1/probe/public-actor', headers: { cookie } });
    expect(signedIn.json()).toEqual({ who: 'agent' });
  });

  it('hands a use case the request meta with that caller (actorMeta), or answers 401 with nobody signed in', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe/actor-meta', headers: { cookie } });
    expect(res.json()).toMatchObject({ who: 'agent', sameRequest: true });
    expect(res.json().requestId).toEqual(expect.any(String));
    const nobody = await app.inject({ method: 'GET', url: '/api/v1/probe/actor-meta' });
    expect(nobody.statusCode).toBe(401);
    expect(nobody.headers['content-type']).toBe('application/problem+json');
  });

  it('leaves the optional caller to meta.actor on a public route', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/probe/public-meta' })).json()).toEqual({ who: null });
    const signedIn = await app.inject({ method: 'GET', url: '/api/v1/probe/public-meta', headers: { cookie } });
    expect(signedIn.json()).toEqual({ who: 'agent' });
  });
});
