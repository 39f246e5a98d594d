// The half-finished sign-in: after a correct password, an account with a second step gets a challenge, not a
// session. The challenge's random value lives only in an HttpOnly cookie scoped to the second-step routes; the
// database keeps its hash, so any instance can finish it, once, within five minutes. Nothing else accepts it.
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/connect.ts';
import { type SecondStep, secondStepFor } from './mfa-rules.ts';
import { findMfa, insertChallenge } from './mfa-store.ts';
import { randomToken, sha256 } from './secrets.ts';
import type { UserRow } from './store.ts';

export const MFA_COOKIE = 'clinidesk_mfa';
export const MFA_COOKIE_PATH = '/api/v1/auth/mfa/challenge';
export const CHALLENGE_MINUTES = 5;
/** Wrong codes one challenge takes before it ends (the sign-in throttle counts them too). */
export const CHALLENGE_MAX_ATTEMPTS = 5;

/** Which second step this account needs after a correct password. */
export async function secondStepOf(ctx: AppContext, db: Queryable, user: UserRow): Promise<SecondStep> {
  const mfa = user.passwordHash ? await findMfa(db, user.id) : undefined;
  return secondStepFor({
    role: user.role,
    hasPassword: user.passwordHash !== null,
    mfaConfirmed: Boolean(mfa?.confirmedAt),
    exemptReason: user.mfaExemptReason,
    requiredForAdmins: ctx.config.mfa.requiredForAdmins,
  });
}

export type OpenedChallenge = { cookieValue: string; expiresAt: Date; step: Exclude<SecondStep, 'none'> };

/** Opens a challenge inside the caller's transaction (the sign-in's audit entry commits with it). */
export async function openChallenge(
  tx: Queryable,
  user: UserRow,
  step: Exclude<SecondStep, 'none'>,
  userAgent: string | undefined,
): Promise<OpenedChallenge> {
  const cookieValue = randomToken();
  const expiresAt = new Date(Date.now() + CHALLENGE_MINUTES * 60_000);
  await insertChallenge(tx, {
    tokenHash: sha256(cookieValue),
    userId: user.id,
    purpose: step,
    userAgent: userAgent?.slice(0, 500) ?? null,
    expiresAt,
  });
  return { cookieValue, expiresAt, step };
}
