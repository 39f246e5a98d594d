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
import {
  enrolledAtSignInView,
  enrolmentView,
  loginAnswer,
  mfaStatusView,
  recoveryCodesView,
  type SecondStepView,
  signedInWithCodeView,
} from '../../../src/platform/auth/mfa-schemas.ts';
import { type SessionView, sessionView } from '../../../src/platform/auth/schemas.ts';
import { ApiProblem, apiRequest, rememberCsrfToken } from './client.ts';

export type Credentials = { username: string; password: string };

/** The session, or — for an account with two-step sign-in — what the second step is (no session yet). */
export async function signIn(credentials: Credentials): Promise<SessionView | SecondStepView> {
  const answer = await apiRequest('POST', '/api/v1/auth/login', {
    body: credentials,
    schema: loginAnswer,
    expectSession: false,
  });
  if ('csrfToken' in answer) rememberCsrfToken(answer.csrfToken);
  return answer;
}

/** The second step with a code from the app or a recovery code; the answer is the session. */
export async function finishSignIn(body: { code: string } | { recoveryCode: string }) {
  const session = await apiRequest('POST', '/api/v1/auth/mfa/challenge', {
    body,
    schema: signedInWithCodeView,
    expectSession: false,
  });
  rememberCsrfToken(session.csrfToken);
  return session;
}

/** An administrator who must set up two-step sign-in first: the secret and QR code, shown once. */
export const startSignInEnrolment = () =>
  apiRequest('POST', '/api/v1/auth/mfa/challenge/enrolment', { body: {}, schema: enrolmentView, expectSession: false });

export async function finishSignInEnrolment(code: string) {
  const session = await apiRequest('POST', '/api/v1/auth/mfa/challenge/enrolment/confirm', {
    body: { code },
    schema: enrolledAtSignInView,
    expectSession: false,
  });
  rememberCsrfToken(session.csrfToken);
  return session;
}

export const mfaKeys = { status: ['mfa-status'] as const };

/** My two-step sign-in (Account security). */
export const mfaStatusQuery = queryOptions({
  queryKey: mfaKeys.status,
  queryFn: () => apiRequest('GET', '/api/v1/auth/mfa', { schema: mfaStatusView }),
});

export const startEnrolment = () => apiRequest('POST', '/api/v1/auth/mfa/enrolment', { schema: enrolmentView });
export const confirmEnrolment = (code: string) =>
  apiRequest('POST', '/api/v1/auth/mfa/enrolment/confirm', { body: { code }, schema: recoveryCodesView });
export const renewRecoveryCodes = (code: string) =>
  apiRequest('POST', '/api/v1/auth/mfa/recovery-codes', { body: { code }, schema: recoveryCodesView });
export const turnOffMfa = (code: string) => apiRequest('POST', '/api/v1/auth/mfa/off', { body: { code } });
/** An administrator resets someone else's two-step sign-in (a lost phone). */
export const resetMfa = (userId: string, reason: string) =>
  apiRequest('POST', `/api/v1/users/${userId}/mfa/reset`, { body: { reason } });

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
