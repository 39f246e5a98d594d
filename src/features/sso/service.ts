// Signing in through an identity provider (OpenID Connect, authorization code + PKCE) and out again.
// start: a single-use sign-in record (state, nonce, PKCE verifier; ten minutes) and the provider's address.
// finish: the record claimed once, the code exchanged and the ID token validated (oidc.ts), the person found in the
// directory by employee ID or email (rules.ts), the account created on first sign-in and linked to them, the role
// taken from the provider's groups, and a new session — in one transaction with its audit entries. Every refusal is
// audited and named by a code the sign-in page turns into a sentence for a nurse.
import type { RequestMeta } from '../../platform/actor.ts';
import { recordAudit, recordAuditNow } from '../../platform/audit/service.ts';
import { unseal } from '../../platform/auth/sealed.ts';
import { sha256 } from '../../platform/auth/secrets.ts';
import {
  addAccount,
  findAccount,
  findAccountByUsername,
  logout,
  type OpenedSession,
  openSession,
  sessionActorOf,
  updateAccountProfile,
} from '../../platform/auth/service.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { linkPersonToAccount, peopleForSignIn } from '../directory/people-service.ts';
import { CALLBACK_PATH, SIGNED_OUT_PATH } from './admin.ts';
import * as oidc from './oidc.ts';
import {
  choosePerson,
  type Identity,
  identityFromClaims,
  roleFor,
  type SsoFailure,
  safeReturnTo,
  usernameFor,
} from './rules.ts';
import * as store from './store.ts';

const SIGN_IN_MINUTES = 10;

/** A refused single sign-on: `code` picks the sentence the sign-in page shows; `detail` goes to the audit trail. */
export class SsoRefused extends Error {
  constructor(
    readonly code: SsoFailure,
    readonly detail: string,
  ) {
    super(`single sign-on refused: ${code} (${detail})`);
  }
}

function settingsOf(ctx: AppContext, p: store.ProviderRow): oidc.ProviderSettings {
  let clientSecret: string | null = null;
  if (p.clientSecretSealed) {
    clientSecret = ctx.config.secretKey ? unseal(ctx.config.secretKey, p.clientSecretSealed) : null;
    if (clientSecret === null)
      throw new SsoRefused('unavailable', 'the client secret cannot be unsealed with this CLINIDESK_SECRET_KEY');
  }
  return { id: p.id, issuer: p.issuer, clientId: p.clientId, clientSecret, version: p.updatedAt.toISOString() };
}

async function configOf(ctx: AppContext, p: store.ProviderRow) {
  try {
    return await oidc.configurationFor(settingsOf(ctx, p));
  } catch (err) {
    if (err instanceof SsoRefused) throw err;
    throw new SsoRefused('unavailable', `discovery failed: ${oidc.detailOf(err)}`);
  }
}

async function audited<T>(
  ctx: AppContext,
  meta: RequestMeta,
  provider: store.ProviderRow | undefined,
  who: () => string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof SsoRefused)) throw err;
    await recordAuditNow(ctx.database, meta, {
      action: 'sso.login',
      outcome: err.code === 'unavailable' ? 'failure' : 'denied',
      actorLabel: who() ?? 'anonymous',
      targetType: provider ? 'identity_provider' : undefined,
      targetId: provider?.id,
      summary: { provider: provider?.name ?? null, reason: err.code, detail: err.detail },
    });
    throw err;
  }
}

/** Begins a sign-in at a provider: the address to send the browser to, and the state to keep in its cookie. */
export async function startSignIn(
  ctx: AppContext,
  meta: RequestMeta,
  providerId: string,
  returnTo: string | undefined,
): Promise<{ url: string; state: string }> {
  const provider = await store.findProvider(ctx.database.db, providerId);
  return audited(
    ctx,
    meta,
    provider,
    () => undefined,
    async () => {
      if (!provider?.enabled)
        throw new SsoRefused('unavailable', provider ? 'provider is switched off' : 'no such provider');
      const config = await configOf(ctx, provider);
      const req = await oidc.authorizationRequest(config, `${ctx.config.publicUrl}${CALLBACK_PATH}`, provider.scopes);
      await store.insertLogin(ctx.database.db, {
        stateHash: sha256(req.state),
        providerId: provider.id,
        codeVerifier: req.codeVerifier,
        nonce: req.nonce,
        returnTo: safeReturnTo(returnTo),
        expiresAt: new Date(Date.now() + SIGN_IN_MINUTES * 60_000),
      });
      return { url: req.url.href, state: req.state };
    },
  );
}

export type FinishedSignIn = { session: OpenedSession; returnTo: string; username: string; role: string };

/**
 * Completes a sign-in from the provider's redirect. `callbackUrl` is the address the browser was sent to;
 * `browserState` the state from this browser's sign-in cookie (so a sign-in started elsewhere cannot be finished here).
 */
export async function finishSignIn(
  ctx: AppContext,
  meta: RequestMeta,
  callbackUrl: URL,
  browserState: string | undefined,
  userAgent: string | undefined,
): Promise<FinishedSignIn> {
  const state = callbackUrl.searchParams.get('state');
  let identity: Identity | null = null;
  const login = state && browserState === state ? await store.claimLogin(ctx.database.db, sha256(state)) : undefined;
  const provider = login ? await store.findProvider(ctx.database.db, login.providerId) : undefined;
  return audited(
    ctx,
    meta,
    provider,
    () => identity?.email ?? identity?.employeeId ?? identity?.subject,
    async () => {
      if (!state) throw new SsoRefused('expired', 'the provider sent no state');
      if (browserState !== state) throw new SsoRefused('expired', 'the state does not match this browser’s sign-in');
      if (!login) throw new SsoRefused('expired', 'unknown, used or expired state (replay)');
      if (!provider?.enabled) throw new SsoRefused('unavailable', 'provider removed or switched off');
      const config = await configOf(ctx, provider);
      let result: { claims: Record<string, unknown>; idToken: string };
      try {
        result = await oidc.exchangeCode(config, callbackUrl, {
          state,
          nonce: login.nonce,
          codeVerifier: login.codeVerifier,
        });
      } catch (err) {
        throw new SsoRefused(oidc.failureOf(err), oidc.detailOf(err));
      }
      identity = identityFromClaims(result.claims, provider);
      if (!identity) throw new SsoRefused('rejected', 'the ID token has no subject');
      const who = identity;
      const decision = roleFor(who.groups, provider.roleMappings, provider.defaultRole);
      if ('refused' in decision) throw new SsoRefused('no-role', `groups: ${who.groups.join(', ') || 'none'}`);

      return ctx.database.db.transaction(async (tx) => {
        const { user, matchedBy } = await accountFor(tx, meta, provider, who);
        if (user.disabledAt) throw new SsoRefused('disabled', 'account disabled');
        const signedIn: RequestMeta = { ...meta, actor: sessionActorOf(user) };
        const displayName = who.displayName ?? user.displayName;
        const email = who.email ?? user.email;
        let current = user;
        if (user.role !== decision.role || user.displayName !== displayName || user.email !== email) {
          current = (await updateAccountProfile(tx, user.id, { role: decision.role, displayName, email }))!;
          if (user.role !== decision.role) {
            await recordAudit(tx, signedIn, {
              action: 'sso.role_change',
              targetType: 'user',
              targetId: user.id,
              summary: { from: user.role, to: decision.role, group: decision.group, provider: provider.name },
            });
          }
        }
        await store.touchIdentity(tx, provider.id, who.subject);
        const session = await openSession(ctx, tx, meta, current, userAgent);
        await store.insertSsoSession(tx, {
          sessionIdHash: session.idHash,
          providerId: provider.id,
          idToken: result.idToken,
        });
        await recordAudit(
          tx,
          { ...meta, actor: sessionActorOf(current) },
          {
            action: 'sso.login',
            targetType: 'user',
            targetId: current.id,
            summary: { provider: provider.name, matchedBy, role: decision.role, group: decision.group },
          },
        );
        return { session, returnTo: safeReturnTo(login.returnTo), username: current.username, role: current.role };
      });
    },
  );
}

/** The account an identity signs in as: linked before, or the matched directory person's (created if none). */
async function accountFor(tx: Queryable, meta: RequestMeta, provider: store.ProviderRow, identity: Identity) {
  const linked = await store.findIdentity(tx, provider.id, identity.subject);
  if (linked) {
    const user = await findAccount(tx, linked.userId);
    if (user) return { user, matchedBy: 'linked' as const };
  }
  const candidates = await peopleForSignIn(tx, identity);
  const choice = choosePerson(identity, candidates.byEmployeeId, candidates.byEmail, provider.matchByEmail);
  if ('refused' in choice) {
    throw new SsoRefused(
      choice.refused,
      `employee ID ${identity.employeeId ?? 'none'}, email ${identity.email ?? 'none'}`,
    );
  }
  const person = [candidates.byEmployeeId, ...candidates.byEmail].find((p) => p?.id === choice.person.id)!;
  let user = person.userId ? await findAccount(tx, person.userId) : undefined;
  if (user && user.role === 'admin' && user.passwordHash) {
    // The break-glass administrator signs in only with its own password: a provider never takes it over.
    throw new SsoRefused('local-account', `person ${person.id} is linked to local administrator ${user.username}`);
  }
  if (user?.role === 'integration') throw new SsoRefused('local-account', 'linked to an integration account');
  if (!user) {
    user = await addAccount(
      tx,
      meta,
      {
        username: await freeUsername(tx, usernameFor(identity)),
        displayName: person.displayName,
        email: identity.email ?? person.email,
        role: 'requester', // set from the provider's groups right after, with its own audit entry
        passwordHash: null,
      },
      { action: 'user.create', summary: { via: 'sso', provider: provider.name, person: person.id } },
    );
    if (!(await linkPersonToAccount(tx, meta, person.id, user.id))) {
      throw new SsoRefused('ambiguous', 'the person was linked to another account meanwhile');
    }
  }
  await store.insertIdentity(tx, { providerId: provider.id, subject: identity.subject, userId: user.id });
  await recordAudit(tx, meta, {
    action: 'sso.link',
    targetType: 'user',
    targetId: user.id,
    summary: { provider: provider.name, matchedBy: choice.matchedBy, person: person.id, created: !person.userId },
  });
  return { user, matchedBy: choice.matchedBy };
}

async function freeUsername(tx: Queryable, base: string): Promise<string> {
  for (let n = 1; n < 100; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!(await findAccountByUsername(tx, name))) return name;
  }
  throw new SsoRefused('ambiguous', `no free username near ${base}`);
}

/**
 * Ends this session (audited as every sign-out) and, when it was started through a provider that offers sign-out,
 * returns the provider's sign-out address (RP-initiated logout) for the browser to open next.
 */
export async function signOut(ctx: AppContext, meta: RequestMeta): Promise<string | null> {
  const idHash = meta.actor?.sessionIdHash;
  const sso = idHash ? await store.findSsoSession(ctx.database.db, idHash) : undefined;
  await logout(ctx, meta);
  if (!sso) return null;
  const provider = await store.findProvider(ctx.database.db, sso.providerId);
  if (!provider) return null;
  let url: string | null = null;
  try {
    const config = await oidc.configurationFor(settingsOf(ctx, provider));
    url = oidc.endSessionUrl(config, sso.idToken, `${ctx.config.publicUrl}${SIGNED_OUT_PATH}`);
  } catch {
    url = null; // signed out here; the provider's own session ends when it does
  }
  await recordAuditNow(ctx.database, meta, {
    action: 'sso.logout',
    targetType: 'identity_provider',
    targetId: provider.id,
    summary: { provider: provider.name, providerSignOut: url !== null },
  });
  return url;
}

export async function cleanUp(ctx: AppContext) {
  await store.deleteOldLogins(ctx.database.db);
}
