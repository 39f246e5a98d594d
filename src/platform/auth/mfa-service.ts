// Two-step sign-in for a signed-in person (Account security): status, set-up, new recovery codes, turning it off;
// and an administrator's reset of someone else's. Each change runs in one transaction with its audit entry.
import type { ActorMeta } from '../actor.ts';
import { recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import { Conflict, Forbidden, Invalid, NotFound, Unauthorized } from '../errors.ts';
import { mfaRequired, totpCodeOf } from './mfa-rules.ts';
import type { MfaStatus } from './mfa-schemas.ts';
import * as mfaStore from './mfa-store.ts';
import { checkCode, type Enrolment, newEnrolment, newRecoveryCodes, unsealSecret } from './mfa-totp.ts';
import { refuseIfThrottled } from './service.ts';
import * as store from './store.ts';

const SSO_ONLY =
  'You sign in through the hospital’s sign-in service, which has its own second step. Nothing to set up here.';
const NOT_ON = 'Two-step sign-in is not on for your account.';

async function localAccount(ctx: AppContext, userId: string) {
  const user = await store.findUserById(ctx.database.db, userId);
  if (!user) throw new Unauthorized();
  if (!user.passwordHash) throw new Conflict(SSO_ONLY);
  return user;
}

function requiredOf(ctx: AppContext, user: store.UserRow) {
  return mfaRequired({
    role: user.role,
    hasPassword: user.passwordHash !== null,
    exemptReason: user.mfaExemptReason,
    requiredForAdmins: ctx.config.mfa.requiredForAdmins,
  });
}

export async function mfaStatus(ctx: AppContext, userId: string): Promise<MfaStatus> {
  const user = await store.findUserById(ctx.database.db, userId);
  if (!user) throw new Unauthorized();
  const mfa = user.passwordHash ? await mfaStore.findMfa(ctx.database.db, user.id) : undefined;
  const enabled = Boolean(mfa?.confirmedAt);
  return {
    localAccount: user.passwordHash !== null,
    enabled,
    enabledAt: mfa?.confirmedAt?.toISOString() ?? null,
    required: requiredOf(ctx, user),
    exemptReason: user.mfaExemptReason,
    canSetUp: ctx.config.secretKey !== null,
    recoveryCodesLeft: enabled ? await mfaStore.countUnusedRecoveryCodes(ctx.database.db, user.id) : 0,
  };
}

/** Shows a new secret (QR code and text) once; nothing changes at sign-in until a code confirms it. */
export async function startEnrolment(ctx: AppContext, meta: ActorMeta): Promise<Enrolment> {
  const user = await localAccount(ctx, meta.actor.userId);
  const existing = await mfaStore.findMfa(ctx.database.db, user.id);
  if (existing?.confirmedAt) {
    throw new Conflict(
      'Two-step sign-in is already on. To move it to a new phone, turn it off first, then set it up again.',
    );
  }
  const { sealed, view } = await newEnrolment(ctx, user.username);
  await ctx.database.db.transaction(async (tx) => {
    await mfaStore.putPendingMfa(tx, user.id, sealed);
    await recordAudit(tx, meta, {
      action: 'mfa.enrol',
      targetType: 'user',
      targetId: user.id,
      summary: { stage: 'started' },
    });
  });
  return view;
}

/** A wrong code while signed in: counted toward the sign-in throttle (a stolen session guessing codes) and audited. */
async function refuseCode(
  ctx: AppContext,
  meta: ActorMeta,
  user: store.UserRow,
  reason: string,
  purpose: string,
): Promise<never> {
  await ctx.database.db.transaction(async (tx) => {
    await store.insertFailure(tx, user.username.toLowerCase(), meta.ip);
    await recordAudit(tx, meta, {
      action: 'auth.mfa',
      outcome: 'failure',
      targetType: 'user',
      targetId: user.id,
      summary: { method: 'code', reason, purpose },
    });
  });
  throw new Invalid(
    reason === 'code already used'
      ? 'That code was already used. Wait for the next code in your authenticator app and type it.'
      : 'That code is not right. Type the newest six-digit code from your authenticator app.',
    [{ field: 'code', message: reason }],
  );
}

/** Checks a code for a change to one's own second step; returns the accepted step. */
async function acceptCode(ctx: AppContext, meta: ActorMeta, user: store.UserRow, typed: string, purpose: string) {
  await refuseIfThrottled(ctx, meta, user.username.toLowerCase());
  const mfa = await mfaStore.findMfa(ctx.database.db, user.id);
  if (!mfa) throw new Conflict(NOT_ON);
  const confirmed = mfa.confirmedAt !== null;
  if (purpose === 'set up' && confirmed) throw new Conflict('Two-step sign-in is already on.');
  if (purpose !== 'set up' && !confirmed) throw new Conflict(NOT_ON);
  const code = totpCodeOf(typed);
  const check = code
    ? await checkCode(unsealSecret(ctx, mfa.secretSealed), code, mfa.lastTimeStep)
    : ({ ok: false, reason: 'wrong code' } as const);
  if (!check.ok) return refuseCode(ctx, meta, user, check.reason, purpose);
  return { mfa, timeStep: check.timeStep };
}

export async function confirmEnrolment(ctx: AppContext, meta: ActorMeta, typed: string) {
  const user = await localAccount(ctx, meta.actor.userId);
  const { mfa, timeStep } = await acceptCode(ctx, meta, user, typed, 'set up');
  const recovery = await newRecoveryCodes();
  await ctx.database.db.transaction(async (tx) => {
    await mfaStore.confirmMfa(tx, user.id, mfa.secretSealed, timeStep);
    await mfaStore.replaceRecoveryCodes(tx, user.id, recovery.rows);
    await recordAudit(tx, meta, {
      action: 'mfa.enrol',
      targetType: 'user',
      targetId: user.id,
      summary: { at: 'account security', recoveryCodes: recovery.codes.length },
    });
  });
  return { recoveryCodes: recovery.codes };
}

/** New recovery codes (the old ones stop working), with a current code from the app. */
export async function renewRecoveryCodes(ctx: AppContext, meta: ActorMeta, typed: string) {
  const user = await localAccount(ctx, meta.actor.userId);
  const { timeStep } = await acceptCode(ctx, meta, user, typed, 'new recovery codes');
  const recovery = await newRecoveryCodes();
  await ctx.database.db.transaction(async (tx) => {
    if (!(await mfaStore.takeTimeStep(tx, user.id, timeStep))) throw new Conflict('That code was already used.');
    await mfaStore.replaceRecoveryCodes(tx, user.id, recovery.rows);
    await recordAudit(tx, meta, {
      action: 'mfa.recovery_codes',
      targetType: 'user',
      targetId: user.id,
      summary: { count: recovery.codes.length },
    });
  });
  return { recoveryCodes: recovery.codes };
}

/** Turns one's own second step off with a current code; administrators who must keep it cannot. */
export async function turnOff(ctx: AppContext, meta: ActorMeta, typed: string) {
  const user = await localAccount(ctx, meta.actor.userId);
  if (requiredOf(ctx, user)) {
    throw new Conflict(
      'Administrators must keep two-step sign-in. To move it to a new phone, ask another administrator to reset it.',
    );
  }
  const { timeStep } = await acceptCode(ctx, meta, user, typed, 'turn off');
  await ctx.database.db.transaction(async (tx) => {
    if (!(await mfaStore.takeTimeStep(tx, user.id, timeStep))) throw new Conflict('That code was already used.');
    await mfaStore.deleteMfa(tx, user.id);
    await recordAudit(tx, meta, { action: 'mfa.disable', targetType: 'user', targetId: user.id });
  });
}

/**
 * An administrator resets someone else's second step (a lost phone): the authenticator and recovery codes are
 * removed and the person's sessions end; at the next sign-in they set it up again (or, not required, go in without).
 * A credential change: the reason (e.g. the ticket whose caller verification passed) goes into the audit trail.
 */
export async function resetFor(ctx: AppContext, meta: ActorMeta, userId: string, reason: string) {
  if (userId === meta.actor.userId) {
    throw new Forbidden('You cannot reset your own two-step sign-in. Another administrator must do it.');
  }
  await ctx.database.db.transaction(async (tx) => {
    const target = await store.findUserById(tx, userId);
    if (!target) throw new NotFound('No such account.');
    const removed = await mfaStore.deleteMfa(tx, userId);
    if (!removed) throw new Conflict(`${target.displayName} has no two-step sign-in to reset.`);
    await store.endSessionsOfUser(tx, userId);
    await recordAudit(tx, meta, {
      action: 'mfa.reset',
      targetType: 'user',
      targetId: userId,
      summary: { username: target.username, reason },
    });
  });
}
