// Finishing a sign-in that waits for its second step: a code from the app, a recovery code, or (an administrator
// without one) setting the app up. Each wrong code counts toward the sign-in throttle and is audited; success ends
// the challenge, clears the throttle and opens the session in one transaction.
import type { RequestMeta } from '../actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/connect.ts';
import { Conflict, Unauthorized } from '../errors.ts';
import { CHALLENGE_MAX_ATTEMPTS } from './mfa-challenge.ts';
import { normaliseRecoveryCode, totpCodeOf } from './mfa-rules.ts';
import * as mfaStore from './mfa-store.ts';
import { checkCode, type Enrolment, newEnrolment, newRecoveryCodes, unsealSecret } from './mfa-totp.ts';
import type { SessionView } from './schemas.ts';
import { sha256, verifyPassword } from './secrets.ts';
import { openSession, refuseIfThrottled, sessionActorOf, sessionViewOf } from './service.ts';
import * as store from './store.ts';

const EXPIRED = 'Your sign-in has timed out or was already finished. Sign in again with your username and password.';
const WRONG_CODE = 'That code is not right. Type the newest six-digit code from your authenticator app.';
const USED_CODE = 'That code was already used. Wait for the next code in your authenticator app and type it.';
const WRONG_RECOVERY = 'That recovery code is not right, or it was already used. Each recovery code works once.';

type Found = NonNullable<Awaited<ReturnType<typeof mfaStore.findLiveChallenge>>>;
export type Finished = { cookieValue: string; view: SessionView };

async function liveChallenge(ctx: AppContext, cookieValue: string | undefined, purpose: 'code' | 'enrol') {
  if (!cookieValue || cookieValue.length > 200) throw new Unauthorized(EXPIRED);
  const found = await mfaStore.findLiveChallenge(ctx.database.db, sha256(cookieValue));
  if (!found || found.user.disabledAt || found.challenge.purpose !== purpose) throw new Unauthorized(EXPIRED);
  return found;
}

/** The second step with a code from the app or a recovery code. */
export async function finishWithCode(
  ctx: AppContext,
  meta: RequestMeta,
  cookieValue: string | undefined,
  input: { code?: string | undefined; recoveryCode?: string | undefined },
): Promise<Finished & { recoveryCodesLeft: number | null }> {
  const found = await liveChallenge(ctx, cookieValue, 'code');
  const { user } = found;
  await refuseIfThrottled(ctx, meta, user.username.toLowerCase());
  const mfa = await mfaStore.findMfa(ctx.database.db, user.id);
  if (!mfa?.confirmedAt) throw new Unauthorized(EXPIRED); // reset by an administrator meanwhile

  if (input.code !== undefined) {
    const code = totpCodeOf(input.code);
    const check = code
      ? await checkCode(unsealSecret(ctx, mfa.secretSealed), code, mfa.lastTimeStep)
      : ({ ok: false, reason: 'wrong code' } as const);
    if (!check.ok) {
      await refuse(ctx, meta, found, 'code', check.reason);
      throw new Unauthorized(check.reason === 'code already used' ? USED_CODE : WRONG_CODE);
    }
    return finish(ctx, meta, found, 'code', async (tx) => {
      if (!(await mfaStore.takeTimeStep(tx, user.id, check.timeStep))) throw new Unauthorized(USED_CODE);
      return null;
    });
  }

  const typed = normaliseRecoveryCode(input.recoveryCode ?? '');
  const match = typed ? await matchingRecoveryCode(ctx, user.id, typed) : null;
  if (!match) {
    await refuse(ctx, meta, found, 'recovery code', 'wrong or used recovery code');
    throw new Unauthorized(WRONG_RECOVERY);
  }
  return finish(ctx, meta, found, 'recovery code', async (tx) => {
    if (!(await mfaStore.spendRecoveryCode(tx, match))) throw new Unauthorized(WRONG_RECOVERY);
    const left = await mfaStore.countUnusedRecoveryCodes(tx, user.id);
    await recordAudit(
      tx,
      { ...meta, actor: sessionActorOf(user) },
      {
        action: 'mfa.recovery_code_used',
        targetType: 'user',
        targetId: user.id,
        summary: { left },
      },
    );
    return left;
  });
}

async function matchingRecoveryCode(ctx: AppContext, userId: string, typed: string): Promise<string | null> {
  for (const row of await mfaStore.unusedRecoveryCodes(ctx.database.db, userId)) {
    if (await verifyPassword(row.codeHash, typed)) return row.id;
  }
  return null;
}

/** An administrator's sign-in that must set up the app first: a new secret for this challenge (shown once). */
export async function startEnrolmentAtSignIn(ctx: AppContext, cookieValue: string | undefined): Promise<Enrolment> {
  const found = await liveChallenge(ctx, cookieValue, 'enrol');
  const { sealed, view } = await newEnrolment(ctx, found.user.username);
  await mfaStore.setChallengeSecret(ctx.database.db, found.challenge.tokenHash, sealed);
  return view;
}

/** Confirms the set-up with a first code: the app is on, recovery codes issued, the session opened. */
export async function finishEnrolmentAtSignIn(
  ctx: AppContext,
  meta: RequestMeta,
  cookieValue: string | undefined,
  input: { code: string },
): Promise<Finished & { recoveryCodes: string[] }> {
  const found = await liveChallenge(ctx, cookieValue, 'enrol');
  const { user, challenge } = found;
  await refuseIfThrottled(ctx, meta, user.username.toLowerCase());
  const sealed = challenge.secretSealed;
  if (!sealed) throw new Conflict('Start the set-up first: the QR code has not been shown yet.');
  const code = totpCodeOf(input.code);
  const check = code
    ? await checkCode(unsealSecret(ctx, sealed), code, null)
    : ({ ok: false, reason: 'wrong code' } as const);
  if (!check.ok) {
    await refuse(ctx, meta, found, 'set-up code', check.reason);
    throw new Unauthorized(WRONG_CODE);
  }
  const recovery = await newRecoveryCodes();
  const done = await finish(ctx, meta, found, 'set up', async (tx) => {
    const actorMeta = { ...meta, actor: sessionActorOf(user) };
    await mfaStore.confirmMfa(tx, user.id, sealed, check.timeStep);
    await mfaStore.replaceRecoveryCodes(tx, user.id, recovery.rows);
    await recordAudit(tx, actorMeta, {
      action: 'mfa.enrol',
      targetType: 'user',
      targetId: user.id,
      summary: { at: 'sign-in', recoveryCodes: recovery.codes.length },
    });
    return null;
  });
  return { ...done, recoveryCodes: recovery.codes };
}

async function finish(
  ctx: AppContext,
  meta: RequestMeta,
  found: Found,
  method: string,
  use: (tx: Tx) => Promise<number | null>,
): Promise<Finished & { recoveryCodesLeft: number | null }> {
  const { user, challenge } = found;
  const signedIn = { ...meta, actor: sessionActorOf(user) };
  const opened = await ctx.database.db.transaction(async (tx) => {
    if (!(await mfaStore.endChallenge(tx, challenge.tokenHash))) throw new Unauthorized(EXPIRED);
    const recoveryCodesLeft = await use(tx);
    await store.clearFailures(tx, user.username.toLowerCase());
    const session = await openSession(ctx, tx, meta, user, challenge.userAgent ?? undefined);
    await recordAudit(tx, signedIn, { action: 'auth.mfa', targetType: 'user', targetId: user.id, summary: { method } });
    return { session, recoveryCodesLeft };
  });
  const { session } = opened;
  return {
    cookieValue: session.cookieValue,
    view: sessionViewOf(ctx, user, session.csrfToken, session.expiresAt),
    recoveryCodesLeft: opened.recoveryCodesLeft,
  };
}

/** A wrong second step: counted toward the throttle and the challenge's own limit, audited, committed first. */
async function refuse(ctx: AppContext, meta: RequestMeta, found: Found, method: string, reason: string) {
  const { user, challenge } = found;
  await ctx.database.db.transaction(async (tx) => {
    await store.insertFailure(tx, user.username.toLowerCase(), meta.ip);
    const attempts = await mfaStore.countChallengeAttempt(tx, challenge.tokenHash);
    if (attempts >= CHALLENGE_MAX_ATTEMPTS) await mfaStore.endChallenge(tx, challenge.tokenHash);
    await recordAudit(tx, meta, {
      action: 'auth.mfa',
      outcome: 'failure',
      actorLabel: user.username.toLowerCase(),
      targetType: 'user',
      targetId: user.id,
      summary: { method, reason, attempts },
    });
  });
}
