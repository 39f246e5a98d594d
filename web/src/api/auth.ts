// Sign-in, session and sign-out calls. Shapes come from the server's own schemas.
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

export async function signOut(): Promise<void> {
  try {
    await apiRequest('POST', '/api/v1/auth/logout', { expectSession: false });
  } catch (error) {
    // A session that already ended is as signed out as it gets.
    if (!(error instanceof ApiProblem && error.status === 401)) throw error;
  }
  rememberCsrfToken(undefined);
}
