// Two-step sign-in rules, pure: who needs which second step, and what a recovery code looks like.
import type { Role } from './roles.ts';

/** How many recovery codes a person gets at set-up and at each renewal. */
export const RECOVERY_CODE_COUNT = 10;
/** Letters and digits nobody confuses when reading them off paper (no 0/O, 1/I/L, 5/S, 8/B, 2/Z, U/V). */
export const RECOVERY_ALPHABET = 'ACDEFGHJKMNPQRTWXY34679';
const RECOVERY_LENGTH = 10;

export type SecondStep = 'none' | 'code' | 'enrol';

export type SecondStepInput = {
  role: Role;
  hasPassword: boolean;
  mfaConfirmed: boolean;
  exemptReason: string | null;
  requiredForAdmins: boolean;
};

/**
 * After a correct password: an account with a confirmed authenticator types a code; an administrator without one
 * (the break-glass account above all) sets one up before anything else, unless the hospital turned that off or the
 * account is a published demo account; everyone else goes straight in.
 */
export function secondStepFor(input: SecondStepInput): SecondStep {
  if (!input.hasPassword) return 'none';
  if (input.mfaConfirmed) return 'code';
  if (mfaRequired(input)) return 'enrol';
  return 'none';
}

/** Whether this account must keep a second step (so it may not turn it off itself). */
export function mfaRequired(input: Omit<SecondStepInput, 'mfaConfirmed'>): boolean {
  return input.hasPassword && input.role === 'admin' && input.requiredForAdmins && input.exemptReason === null;
}

/** A six-digit code from an authenticator app, spaces allowed ("123 456"); null when it is not one. */
export function totpCodeOf(input: string): string | null {
  const digits = input.replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** A recovery code as stored for comparison: upper case, without spaces or dashes; null when it cannot be one. */
export function normaliseRecoveryCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]+/g, '');
  if (raw.length !== RECOVERY_LENGTH) return null;
  for (const ch of raw) if (!RECOVERY_ALPHABET.includes(ch)) return null;
  return raw;
}

/** A recovery code from random bytes (one byte per character), shown as two groups: "ACDEF-GHJKM". */
export function recoveryCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < RECOVERY_LENGTH) throw new Error(`need ${RECOVERY_LENGTH} random bytes`);
  let raw = '';
  // 256 is not a multiple of the alphabet's size; bytes past the last whole multiple would favour some letters.
  const limit = 256 - (256 % RECOVERY_ALPHABET.length);
  for (const b of bytes) {
    if (raw.length === RECOVERY_LENGTH) break;
    if (b < limit) raw += RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length];
  }
  if (raw.length < RECOVERY_LENGTH) return '';
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}
