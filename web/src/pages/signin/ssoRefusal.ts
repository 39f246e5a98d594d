// Why a hospital sign-in (single sign-on) sent the person back here (?sso=<code>), in the server's own sentences.
import { SSO_FAILURE_MESSAGES, SSO_FAILURES, type SsoFailure } from '../../../../src/features/sso/rules.ts';

const TITLES: Record<SsoFailure, string> = {
  unavailable: 'Hospital sign-in is not available',
  cancelled: 'Sign-in cancelled',
  expired: 'Sign-in expired',
  rejected: 'Sign-in refused',
  'no-person': 'You are not in the Clinidesk directory',
  ambiguous: 'Your directory entry needs attention',
  inactive: 'Your directory entry is marked as left',
  'no-role': 'No access to Clinidesk',
  disabled: 'Account switched off',
  'local-account': 'Use the local sign-in',
};

const isFailure = (code: string): code is SsoFailure => (SSO_FAILURES as readonly string[]).includes(code);

/** The title and sentence for a refusal code; an unknown code gets the general one; none gets nothing. */
export function ssoRefusal(code: string | undefined): { title: string; detail: string } | undefined {
  if (!code) return undefined;
  const known: SsoFailure = isFailure(code) ? code : 'rejected';
  return { title: TITLES[known], detail: SSO_FAILURE_MESSAGES[known] };
}
