// What the sign-in form sends, checked first by the server's own schema (loginBody), and how a refusal is told: the
// server's words above the fields, and its field messages under the field they are about. Pure, tested without a
// browser.
import { type LoginInput, loginBody } from '../../../../src/platform/auth/schemas.ts';
import { ApiProblem } from '../../api/client.ts';
import { type FormErrors, schemaErrors, type Wording } from '../../forms/schemaErrors.ts';

export type SignInValues = { username: string; password: string };

export const NO_SIGN_IN: SignInValues = { username: '', password: '' };

/** The password goes as typed (spaces can be part of it); the server trims the username itself. */
export function signInRequest(values: SignInValues): LoginInput {
  return { username: values.username, password: values.password };
}

export const SIGN_IN_WORDING: Wording = {
  required: { username: 'Enter your username', password: 'Enter your password' },
};

export function signInProblems(values: SignInValues): FormErrors {
  return schemaErrors(loginBody, signInRequest(values), SIGN_IN_WORDING);
}

export type SignInRefusal = { title: string; detail: string };

/** The refusal shown above the fields: a wrong password, too many attempts, or anything else in the server's words. */
export function signInRefusal(error: Error): SignInRefusal {
  if (!(error instanceof ApiProblem)) return { title: 'Sign-in failed', detail: error.message };
  const detail = error.detail ?? error.title;
  if (error.status === 401) return { title: 'Could not sign you in', detail };
  if (error.status === 429) return { title: 'Too many attempts', detail };
  // The hospital directory's refusals (no mapped group, switched off) and its silence, in its own words.
  if (error.status === 403) return { title: 'Could not sign you in', detail };
  if (error.status === 503 && error.detail) return { title: 'Sign-in is not available right now', detail };
  return { title: error.title, detail: error.detail ?? 'Please try again in a moment.' };
}
