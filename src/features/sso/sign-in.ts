// Signing in a person an identity provider vouched for, shared by OpenID Connect (service.ts) and SAML
// (saml-service.ts): refusals with their code and audit entry, the directory person and account (created on first
// sign-in, never the break-glass administrator), the role from the provider's groups, and a new session.
import type { RequestMeta } from '../../platform/actor.ts';
import { recordAudit, recordAuditNow } from '../../platform/audit/service.ts';
import {
  addAccount,
  findAccount,
  findAccountByUsername,
  type OpenedSession,
  openSession,
  sessionActorOf,
  updateAccountProfile,
} from '../../platform/auth/service.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { linkPersonToAccount, peopleForSignIn } from '../directory/people-service.ts';
import { choosePerson, type Identity, roleFor, type SsoFailure, safeReturnTo, usernameFor } from './rules.ts';
import * as store from './store.ts';

/** A refused single sign-on: `code` picks the sentence the sign-in page shows; `detail` goes to the audit trail. */
export class SsoRefused extends Error {
  constructor(
    readonly code: SsoFailure,
    readonly detail: string,
  ) {
    super(`single sign-on refused: ${code} (${detail})`);
  }
}

export async function audited<T>(
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

export type FinishedSignIn = { session: OpenedSession; returnTo: string; username: string; role: string };

/**
 * Signs in the person a provider vouched for (OpenID Connect claims or a SAML assertion, already validated): the
 * role from their groups, the directory person and account (created on first sign-in), a new session — one
 * transaction with its audit entries. Throws `SsoRefused` for the caller's `audited` to record.
 */
export async function completeSignIn(
  ctx: AppContext,
  meta: RequestMeta,
  provider: store.ProviderRow,
  who: Identity,
  opts: { returnTo: string | null; userAgent: string | undefined; idToken: string | null },
): Promise<FinishedSignIn> {
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
    const session = await openSession(ctx, tx, meta, current, opts.userAgent);
    await store.insertSsoSession(tx, { sessionIdHash: session.idHash, providerId: provider.id, idToken: opts.idToken });
    await recordAudit(
      tx,
      { ...meta, actor: sessionActorOf(current) },
      {
        action: 'sso.login',
        targetType: 'user',
        targetId: current.id,
        summary: {
          provider: provider.name,
          kind: provider.kind,
          matchedBy,
          role: decision.role,
          group: decision.group,
        },
      },
    );
    return { session, returnTo: safeReturnTo(opts.returnTo), username: current.username, role: current.role };
  });
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
