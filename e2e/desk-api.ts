// Calls to the desk's API from a signed-in browser context, for setting up a test's starting point.
import type { BrowserContext } from 'playwright-core';
import { DEMO_PASSWORD } from './harness.ts';

export type DeskApi = {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
};

/** Uses the context's session cookie and its CSRF token, like the web app does. */
export async function deskApi(context: BrowserContext): Promise<DeskApi> {
  const me = await context.request.get('/api/v1/auth/me');
  if (!me.ok()) throw new Error(`not signed in: ${me.status()}`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const check = async <T>(response: Awaited<ReturnType<BrowserContext['request']['get']>>): Promise<T> => {
    if (!response.ok()) throw new Error(`${response.url()} → ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    get: async <T>(path: string) => check<T>(await context.request.get(path)),
    post: async <T>(path: string, body: unknown) =>
      check<T>(await context.request.post(path, { data: body, headers: { 'x-csrf-token': csrfToken } })),
  };
}

/**
 * Calls the desk's API as the demo administrator without a browser (signs in, then sends the session cookie and CSRF
 * token), as the admin screen would: for setting up a provider or a directory before a spec's browser signs in.
 */
export async function asDemoAdmin(deskUrl: string, method: string, path: string, body?: unknown): Promise<Response> {
  const login = await fetch(`${deskUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return fetch(`${deskUrl}${path}`, {
    method,
    headers: {
      cookie,
      'x-csrf-token': csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
