// Use cases of accounts and sign-in. Each state change runs in one transaction with its audit entry.
import type { z } from 'zod';
import type { Actor, ActorMeta, RequestMeta } from '../actor.ts';
import type { AuditAction } from '../audit/actions.ts';
import { recordAudit } from '../audit/service.ts';
import type { AppContext } from '../context.ts';
import type { Queryable } from '../db/connect.ts';
import type { users } from '../db/schema.ts';
import { Conflict, Forbidden, NotFound, ServiceUnavailable, TooManyRequests, Unauthorized } from '../errors.ts';
import { appendEvent } from '../events/outbox.ts';
import { newId } from '../ids.ts';
import { type OpenedChallenge, openChallenge, secondStepOf } from './mfa-challenge.ts';
import type { PasswordAuthority, PasswordCheck } from './password-authority.ts';
import { permissionsOf } from './roles.ts';
import type { createTokenBody, createUserBody, SessionView, UserView } from './schemas.ts';
import { hashPassword, randomToken, sha256, verifyPassword } from './secrets.ts';
import * as store from './store.ts';
import { throttle } from './throttle.ts';

export const TOKEN_PREFIX = 'cdk_';
const TOUCH_EVERY_MS = 30_000;

export function toUserView(u: store.UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    role: u.role,
    createdAt: u.createdAt.toISOString(),
    disabled: u.disabledAt !== null,
  };
}

function actorOf(u: store.UserRow, via: Actor['via'], extra: Partial<Actor> = {}): Actor {
  return { userId: u.id, username: u.username, displayName: u.displayName, role: u.role, via, ...extra };
}

/** A page of accounts, by username. */
export async function listUserViews(db: Queryable, limit: number, offset: number): Promise<UserView[]> {
  return (await store.listUsers(db, limit, offset)).map(toUserView);
}

export function sessionViewOf(ctx: AppContext, u: store.UserRow, csrfToken: string, expiresAt: Date): SessionView {
  return {
    user: toUserView(u),
    permissions: permissionsOf(u.role),
    csrfToken,
    expiresAt: expiresAt.toISOString(),
    idleTimeoutSeconds: ctx.config.session.idleMinutes * 60,
  };
}

/** A finished sign-in (a session), or a correct password that still needs its second step (no session yet). */
export type LoginResult =
  | { kind: 'session'; cookieValue: string; view: SessionView }
  | { kind: 'second-step'; challenge: OpenedChallenge };

export async function login(
  ctx: AppContext,
  meta: RequestMeta,
  input: { username: string; password: string; userAgent?: string },
  authorities: readonly PasswordAuthority[] = [],
): Promise<LoginResult> {
  const { db } = ctx.database;
  const key = input.username.toLowerCase();
  await refuseIfThrottled(ctx, meta, key);

  const found = await store.findUserByUsername(db, input.username);
  // A local password decides alone (the break-glass administrator signs in whatever the directory does); a name
  // without one may be the hospital directory's.
  if (!found?.passwordHash) {
    for (const authority of authorities) {
      const checked = await authority.check(ctx, meta, input.username, input.password);
      if (checked) return signInChecked(ctx, meta, key, authority.name, checked, input.userAgent);
    }
  }
  const user = found;
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  // Integration accounts act only through API tokens, even one given a password by an older version.
  if (!user || !ok || user.disabledAt || user.role === 'integration') {
    await db.transaction(async (tx) => {
      await store.insertFailure(tx, key, meta.ip);
      await recordAudit(tx, meta, {
        action: 'auth.login',
        outcome: 'failure',
        actorLabel: key,
        targetType: user ? 'user' : undefined,
        targetId: user?.id,
        summary: { reason: failureReason(user, ok) },
      });
    });
    throw new Unauthorized('That username and password do not match an active account.');
  }

  const signedIn: RequestMeta = { ...meta, actor: actorOf(user, 'session') };
  const step = await secondStepOf(ctx, db, user);
  if (step !== 'none') {
    // No session and no cleared failures yet: wrong codes keep counting toward the same throttle.
    const challenge = await db.transaction(async (tx) => {
      const opened = await openChallenge(tx, user, step, input.userAgent);
      await recordAudit(tx, signedIn, {
        action: 'auth.login',
        targetType: 'user',
        targetId: user.id,
        summary: { secondStep: step === 'code' ? 'code' : 'set up' },
      });
      return opened;
    });
    return { kind: 'second-step', challenge };
  }
  const opened = await db.transaction(async (tx) => {
    await store.clearFailures(tx, key);
    const session = await openSession(ctx, tx, meta, user, input.userAgent);
    await recordAudit(tx, signedIn, { action: 'auth.login', targetType: 'user', targetId: user.id });
    return session;
  });
  return {
    kind: 'session',
    cookieValue: opened.cookieValue,
    view: sessionViewOf(ctx, user, opened.csrfToken, opened.expiresAt),
  };
}

/** Refuses (429, audited) when the account or the address had too many recent failed sign-ins or second steps. */
export async function refuseIfThrottled(ctx: AppContext, meta: RequestMeta, key: string): Promise<void> {
  const { db } = ctx.database;
  const failures = await store.recentFailures(db, key, meta.ip, ctx.config.login.windowMinutes);
  const verdict = throttle({
    failuresForAccount: failures.byUser,
    failuresFromAddress: failures.byIp,
    oldestAccountFailure: failures.oldest ? new Date(failures.oldest) : null,
    maxFailures: ctx.config.login.maxFailures,
    windowMinutes: ctx.config.login.windowMinutes,
    now: new Date(),
  });
  if (verdict.allowed) return;
  await db.transaction((tx) =>
    recordAudit(tx, meta, {
      action: 'auth.login',
      outcome: 'denied',
      actorLabel: key,
      summary: { reason: 'throttled' },
    }),
  );
  throw new TooManyRequests(
    `Too many failed sign-ins. Try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minute(s), or call the service desk.`,
    verdict.retryAfterSeconds,
  );
}

/** Ends a sign-in whose password another authority (the hospital directory) checked: a session, or the refusal. */
async function signInChecked(
  ctx: AppContext,
  meta: RequestMeta,
  key: string,
  via: string,
  checked: PasswordCheck,
  userAgent: string | undefined,
): Promise<LoginResult> {
  const { db } = ctx.database;
  if (checked.outcome !== 'signed-in') {
    await db.transaction(async (tx) => {
      if (checked.outcome === 'bad-credentials') await store.insertFailure(tx, key, meta.ip);
      await recordAudit(tx, meta, {
        action: 'auth.login',
        outcome: checked.outcome === 'refused' ? 'denied' : 'failure',
        actorLabel: key,
        summary: { via, reason: checked.reason },
      });
    });
    if (checked.outcome === 'bad-credentials') {
      throw new Unauthorized('That username and password do not match an active account.');
    }
    throw checked.outcome === 'refused' ? new Forbidden(checked.message) : new ServiceUnavailable(checked.message);
  }
  const user = checked.user;
  const opened = await db.transaction(async (tx) => {
    await store.clearFailures(tx, key);
    const session = await openSession(ctx, tx, meta, user, userAgent);
    await recordAudit(
      tx,
      { ...meta, actor: actorOf(user, 'session') },
      { action: 'auth.login', targetType: 'user', targetId: user.id, summary: { via } },
    );
    return session;
  });
  return {
    kind: 'session',
    cookieValue: opened.cookieValue,
    view: sessionViewOf(ctx, user, opened.csrfToken, opened.expiresAt),
  };
}

export type OpenedSession = { cookieValue: string; idHash: string; csrfToken: string; expiresAt: Date };

/**
 * Starts a new session for `user` inside the caller's transaction: always a new random id (so a session id planted
 * before sign-in is never the signed-in one), stored only as its hash. Local and single sign-on both come here.
 */
export async function openSession(
  ctx: AppContext,
  tx: Queryable,
  meta: RequestMeta,
  user: store.UserRow,
  userAgent: string | undefined,
): Promise<OpenedSession> {
  const cookieValue = randomToken();
  const csrfToken = randomToken();
  const idHash = sha256(cookieValue);
  const expiresAt = new Date(Date.now() + ctx.config.session.maxHours * 3_600_000);
  await store.insertSession(tx, {
    idHash,
    userId: user.id,
    csrfToken,
    expiresAt,
    ip: meta.ip,
    userAgent: userAgent?.slice(0, 500) ?? null,
  });
  return { cookieValue, idHash, csrfToken, expiresAt };
}

/** The signed-in actor for an account (for audit entries written at sign-in). */
export function sessionActorOf(u: store.UserRow): Actor {
  return actorOf(u, 'session');
}

function failureReason(user: store.UserRow | undefined, passwordOk: boolean): string {
  if (user?.disabledAt) return 'account disabled';
  if (user?.role === 'integration' && passwordOk) return 'integration accounts use API tokens';
  return 'bad credentials';
}

export async function logout(ctx: AppContext, meta: RequestMeta): Promise<void> {
  const actor = meta.actor;
  const sessionIdHash = actor?.sessionIdHash;
  if (!actor || !sessionIdHash) return;
  await ctx.database.db.transaction(async (tx) => {
    await store.endSession(tx, sessionIdHash);
    await recordAudit(tx, meta, { action: 'auth.logout', targetType: 'user', targetId: actor.userId });
  });
}

/** Resolves the session cookie to an actor, or null when absent, ended, expired or idle too long. */
/**
 * The account and session each signed-in request's caller was authenticated with, by its actor: `GET /auth/me`
 * answers from them instead of reading both again (three statements for one answer before; issue 17). Held only as
 * long as the request's actor object lives.
 */
const authenticatedWith = new WeakMap<
  Actor,
  { user: store.UserRow; session?: { csrfToken: string; expiresAt: Date } }
>();

export async function authenticateSession(ctx: AppContext, cookieValue: string) {
  const idHash = sha256(cookieValue);
  const found = await store.findLiveSession(ctx.database.db, idHash);
  if (!found || found.user.disabledAt) return null;
  const idleMs = Date.now() - found.session.lastSeenAt.getTime();
  if (idleMs > ctx.config.session.idleMinutes * 60_000) {
    await store.endSession(ctx.database.db, idHash);
    return null;
  }
  if (idleMs > TOUCH_EVERY_MS) await store.touchSession(ctx.database.db, idHash);
  const actor = actorOf(found.user, 'session', { sessionIdHash: idHash, csrfToken: found.session.csrfToken });
  authenticatedWith.set(actor, { user: found.user, session: found.session });
  return { actor, user: found.user, session: found.session };
}

export async function authenticateToken(ctx: AppContext, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const found = await store.findLiveToken(ctx.database.db, sha256(token));
  if (!found || found.user.disabledAt) return null;
  const last = found.token.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - last > TOUCH_EVERY_MS) await store.touchToken(ctx.database.db, found.token.id);
  const actor = actorOf(found.user, 'token');
  authenticatedWith.set(actor, { user: found.user });
  return actor;
}

export async function currentSession(ctx: AppContext, actor: Actor): Promise<SessionView> {
  // The request was authenticated moments ago: its account and session as read then.
  const known = authenticatedWith.get(actor);
  if (known) {
    const { user, session } = known;
    return session
      ? sessionViewOf(ctx, user, session.csrfToken, session.expiresAt)
      : sessionViewOf(ctx, user, '', new Date(0));
  }
  const user = await store.findUserById(ctx.database.db, actor.userId);
  if (!user) throw new Unauthorized();
  if (actor.via === 'session' && actor.sessionIdHash) {
    const found = await store.findLiveSession(ctx.database.db, actor.sessionIdHash);
    if (!found) throw new Unauthorized();
    return sessionViewOf(ctx, user, found.session.csrfToken, found.session.expiresAt);
  }
  // Token callers have no cookie, so no CSRF token and no session expiry to report.
  return sessionViewOf(ctx, user, '', new Date(0));
}

export async function createUser(
  ctx: AppContext,
  meta: RequestMeta,
  input: z.infer<typeof createUserBody>,
): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  return ctx.database.db.transaction(async (tx) => {
    if (await store.findUserByUsername(tx, input.username)) {
      throw new Conflict(`The username "${input.username}" is taken.`, [{ field: 'username', message: 'is taken' }]);
    }
    const row = await addAccount(
      tx,
      meta,
      {
        username: input.username,
        displayName: input.displayName,
        email: input.email ?? null,
        role: input.role,
        passwordHash,
      },
      { action: 'user.create', summary: { username: input.username, role: input.role } },
    );
    return toUserView(row);
  });
}

/**
 * Inserts an account inside the caller's transaction with its audit entry and the `user.created` event the
 * administrators' screens follow. People's accounts and integration accounts (integrations.ts) both come here.
 */
export async function addAccount(
  tx: Queryable,
  meta: RequestMeta,
  values: Omit<typeof users.$inferInsert, 'id'>,
  audit: { action: AuditAction; summary: Record<string, unknown> },
): Promise<store.UserRow> {
  const row = await store.insertUser(tx, { id: newId(), ...values });
  await recordAudit(tx, meta, { ...audit, targetType: 'user', targetId: row.id });
  await appendEvent(tx, {
    type: 'user.created',
    subjectType: 'user',
    subjectId: row.id,
    actorId: meta.actor?.userId,
    payload: { username: row.username, role: row.role },
    audience: { roles: ['admin'] },
  });
  return row;
}

export async function createToken(
  ctx: AppContext,
  meta: RequestMeta,
  userId: string,
  input: z.infer<typeof createTokenBody>,
) {
  return ctx.database.db.transaction(async (tx) => {
    const owner = await store.findUserById(tx, userId);
    if (!owner) throw new NotFound('No such user.');
    const { row, token } = await issueToken(tx, meta, owner, input);
    return { ...tokenViewOf(row), token };
  });
}

/**
 * Issues an API token for `owner` inside the caller's transaction, audited. The secret is returned once; only its
 * hash is stored. A person's own tokens and an integration account's (integrations.ts) both come here.
 */
export async function issueToken(
  tx: Queryable,
  meta: RequestMeta,
  owner: store.UserRow,
  input: { name: string; expiresInDays?: number | null },
): Promise<{ row: store.TokenRow; token: string }> {
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const row = await store.insertToken(tx, {
    id: newId(),
    userId: owner.id,
    name: input.name,
    prefix: token.slice(0, 10),
    tokenHash: sha256(token),
    expiresAt,
  });
  await recordAudit(tx, meta, {
    action: 'token.create',
    targetType: 'api_token',
    targetId: row.id,
    summary: { name: row.name, owner: owner.username, expiresAt: expiresAt?.toISOString() ?? null },
  });
  return { row, token };
}

export function tokenViewOf(row: store.TokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** A person's own API tokens (never the secrets). */
export async function tokensOf(db: Queryable, userId: string) {
  return (await store.listTokensOfUser(db, userId)).map(tokenViewOf);
}

export async function revokeToken(ctx: AppContext, meta: ActorMeta, tokenId: string) {
  const actor = meta.actor;
  await ctx.database.db.transaction(async (tx) => {
    if (!(await store.revokeToken(tx, actor.userId, tokenId))) throw new NotFound('No such token of yours.');
    await recordAudit(tx, meta, { action: 'token.revoke', targetType: 'api_token', targetId: tokenId });
  });
}

/** An account by id or by username (case-insensitive), for single sign-on. */
export function findAccount(db: Queryable, id: string) {
  return store.findUserById(db, id);
}
export function findAccountByUsername(db: Queryable, username: string) {
  return store.findUserByUsername(db, username);
}

/** Keeps an account's name, email and role as its identity provider says, inside the caller's transaction. */
export function updateAccountProfile(
  tx: Queryable,
  id: string,
  set: { displayName: string; email: string | null; role: store.UserRow['role'] },
) {
  return store.updateUserProfile(tx, id, set);
}

/** Ends one session by its id hash, inside the caller's transaction. */
export function endSessionByHash(tx: Queryable, idHash: string) {
  return store.endSession(tx, idHash);
}

/**
 * Switches an account off or back on inside the caller's transaction, audited (`user.disable` / `user.enable` with
 * the reason). Switching off ends the account's sessions at once. False when it already was in that state.
 */
export async function switchAccount(
  tx: Queryable,
  meta: RequestMeta,
  userId: string,
  on: boolean,
  summary: Record<string, unknown>,
): Promise<boolean> {
  if (!(await store.setUserDisabled(tx, userId, !on))) return false;
  const sessionsEnded = on ? 0 : await store.endSessionsOfUser(tx, userId);
  await recordAudit(tx, meta, {
    action: on ? 'user.enable' : 'user.disable',
    targetType: 'user',
    targetId: userId,
    summary: on ? summary : { ...summary, sessionsEnded },
  });
  return true;
}
