// Sign-in, session and sign-out calls. Shapes come from the server's own schemas.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type ProviderBody,
  type ProviderPatch,
  providerView,
  signInOption,
  signOutView,
} from '../../../src/features/sso/schemas.ts';
import { type SessionView, sessionView } from '../../../src/platform/auth/schemas.ts';
import { ApiProblem, apiRequest, rememberCsrfToken } from './client.ts';

export type Credentials = { username: string; password: string };

export async function signIn(credentials: Credentials): Promise<SessionView> {
  const session = await apiRequest('POST', '/api/v1/auth/login', {
    body: credentials,
    schema: sessionView,
    expectSession: false,
  });
  rememberCsrfToken(session.csrfToken);
  return session;
}

/** The current session, or null when nobody is signed in. */
export async function fetchSession(): Promise<SessionView | null> {
  try {
    const session = await apiRequest('GET', '/api/v1/auth/me', { schema: sessionView, expectSession: false });
    rememberCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) {
      rememberCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

/**
 * Signs out. Returns the hospital identity provider's sign-out address when the session came from one that offers
 * it (the browser goes there next, so the hospital sign-in ends too), else null.
 */
export async function signOut(): Promise<string | null> {
  let logoutUrl: string | null = null;
  try {
    ({ logoutUrl } = await apiRequest('POST', '/api/v1/auth/sso/logout', {
      body: {},
      schema: signOutView,
      expectSession: false,
    }));
  } catch (error) {
    // A session that already ended is as signed out as it gets.
    if (!(error instanceof ApiProblem && error.status === 401)) throw error;
  }
  rememberCsrfToken(undefined);
  return logoutUrl;
}

/** The hospital identity providers the sign-in page offers ("Sign in with …"). */
export function fetchSignInOptions() {
  return apiRequest('GET', '/api/v1/auth/sso/providers', { schema: z.array(signInOption), expectSession: false });
}

/** Where the browser goes to sign in with an identity provider (a full page navigation, not a fetch). */
export function ssoStartPath(providerId: string, returnTo: string | undefined): string {
  const query = returnTo ? `?${new URLSearchParams({ returnTo })}` : '';
  return `/api/v1/auth/sso/${encodeURIComponent(providerId)}/start${query}`;
}

export const identityProviderKeys = { all: ['identity-providers'] as const };

/** Administrators' list of identity providers (never their client secrets). */
export const identityProvidersQuery = queryOptions({
  queryKey: identityProviderKeys.all,
  queryFn: () => apiRequest('GET', '/api/v1/identity-providers', { schema: z.array(providerView) }),
});

export const createIdentityProvider = (body: ProviderBody) =>
  apiRequest('POST', '/api/v1/identity-providers', { body, schema: providerView });
export const updateIdentityProvider = (id: string, body: ProviderPatch) =>
  apiRequest('PATCH', `/api/v1/identity-providers/${id}`, { body, schema: providerView });
export const deleteIdentityProvider = (id: string) => apiRequest('DELETE', `/api/v1/identity-providers/${id}`);
