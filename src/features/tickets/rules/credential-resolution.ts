// A ticket resolved as "Password reset" or "Account unlocked" says the desk handed someone a way into an account.
// That is only true after the caller's identity was checked and the change recorded on the ticket (caller
// verification, HHS HC3 2024): the resolution code is where an agent could otherwise skip the check.
import type { RequestKind } from '../../verification/rules/vocabulary.ts';
import type { ResolutionCode } from './vocabulary.ts';

/** The credential change a resolution code claims was made, or null when the code claims none. */
const CHANGE_OF_CODE: Partial<Record<ResolutionCode, RequestKind>> = {
  password_reset: 'password_reset',
  account_unlocked: 'account_unlock',
};

export function credentialChangeOf(code: ResolutionCode): RequestKind | null {
  return CHANGE_OF_CODE[code] ?? null;
}

const NOUN: Partial<Record<RequestKind, string>> = {
  password_reset: 'A password reset',
  account_unlock: 'An account unlock',
};

/** Why a ticket cannot be resolved with this code yet, in words for the agent; null when it may be. */
export function credentialResolutionRefusal(
  code: ResolutionCode,
  recorded: readonly RequestKind[],
  onOpen: boolean,
): string | null {
  const change = credentialChangeOf(code);
  if (!change || recorded.includes(change)) return null;
  const noun = NOUN[change] ?? 'A credential change';
  return onOpen
    ? `${noun} is resolved only after the caller's identity is checked: create the ticket without resolving it, ` +
        'check the caller in its Identity check panel and record the change there, then resolve it.'
    : `${noun} is resolved only after the caller's identity is checked and the change is recorded on this ticket: ` +
        'use the Identity check panel, or choose the resolution code that says what was done.';
}
