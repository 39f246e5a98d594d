// Calls to the desk's API from a signed-in browser context, for setting up a test's starting point.
import type { BrowserContext } from 'playwright-core';

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
