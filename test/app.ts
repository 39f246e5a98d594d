// A Clinidesk app on a fresh test database, driven through app.inject() (no socket).
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD } from '../src/demo/accounts.ts';
import { createContextAndApp } from '../src/main.ts';
import type { AppContext } from '../src/platform/context.ts';
import type { Database } from '../src/platform/db/connect.ts';
import type { RunningListener } from '../src/platform/features.ts';
import { openTestDatabase } from './db.ts';

export type TestApp = {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
  /** Signs in (demo password by default) and returns a client that sends the cookie and CSRF token. */
  signIn(username: string, password?: string): Promise<Client>;
  /** A client that sends "Authorization: Bearer <token>". */
  withToken(token: string): Client;
  anonymous: Client;
  /** Servers beside the HTTP app that started (the SMTP listener when the env enables it). */
  listeners: RunningListener[];
  /** Every route the app registered (collected by an onRoute hook), with its declared access. */
  routes: RegisteredRoute[];
};

export type RegisteredRoute = { method: string; url: string; access?: string; hidden: boolean };

export type Client = {
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  csrfToken?: string;
  cookie?: string;
};

export async function createTestApp(
  opts: { seedDemo?: boolean; env?: NodeJS.ProcessEnv; database?: Database } = {},
): Promise<TestApp> {
  // The demo hospital is already in the template; seeding again would find accounts and do nothing.
  const database = opts.database ?? (await openTestDatabase(opts.seedDemo === false ? 'empty' : 'demo'));
  const routes: RegisteredRoute[] = [];
  const { app, ctx, listeners, close } = await createContextAndApp({
    onRoute: (r) => {
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      const access = (r.config as { access?: string } | undefined)?.access;
      const hidden = Boolean((r.schema as { hide?: boolean } | undefined)?.hide);
      for (const method of methods) routes.push({ method, url: r.url, access, hidden });
    },
    database,
    seedDemo: opts.seedDemo ?? true,
    logLevel: 'silent',
    env: { CLINIDESK_EVENT_POLL_MS: '100', ...opts.env },
  });

  const client = (headers: Record<string, string>): Client => {
    const request = (o: InjectOptions) => app.inject({ ...o, headers: { ...headers, ...(o.headers ?? {}) } });
    return {
      request,
      get: (url) => request({ method: 'GET', url }),
      post: (url, body) =>
        request(body === undefined ? { method: 'POST', url } : { method: 'POST', url, payload: body as object }),
      delete: (url) => request({ method: 'DELETE', url }),
    };
  };

  return {
    app,
    ctx,
    close,
    listeners,
    routes,
    anonymous: client({}),
    withToken: (token) => client({ authorization: `Bearer ${token}` }),
    async signIn(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'clinidesk_session');
      const csrfToken = res.json().csrfToken as string;
      const c = client({ cookie: `clinidesk_session=${cookie!.value}`, 'x-csrf-token': csrfToken });
      return { ...c, csrfToken, cookie: cookie!.value };
    },
  };
}
