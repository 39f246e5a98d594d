// Signing in with the hospital directory's password (LDAP / Active Directory): the platform's sign-in asks this
// authority when no local account with a password has the username. The service account finds the person by their
// login name (escaped filter), a bind as the person checks the password, their groups give the role (at every
// sign-in), and the entry is applied (entries.ts) in one transaction: the person found or created, the account
// created, its role set or the sign-in refused.
import type { RequestMeta } from '../../platform/actor.ts';
import type { PasswordAuthority, PasswordCheck } from '../../platform/auth/password-authority.ts';
import { unseal } from '../../platform/auth/sealed.ts';
import { findAccount } from '../../platform/auth/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { roleFor } from '../sso/rules.ts';
import { applyEntry, EntryProblem } from './entries.ts';
import * as ldap from './ldap.ts';
import {
  entryFromAttributes,
  LDAP_FAILURE_MESSAGES,
  type LdapFailure,
  type RawValue,
  usernameProblem,
} from './rules.ts';
import * as store from './store.ts';

/** The connection's settings as the LDAP client needs them; the bind password unsealed. */
export function settingsOf(ctx: AppContext, c: store.ConnectionRow): ldap.DirectorySettings {
  let bindPassword: string | null = null;
  if (c.bindPasswordSealed) {
    bindPassword = ctx.config.secretKey ? unseal(ctx.config.secretKey, c.bindPasswordSealed) : null;
    if (bindPassword === null) {
      throw new ldap.DirectoryUnavailable('the bind password cannot be unsealed with this CLINIDESK_SECRET_KEY');
    }
  }
  return {
    url: c.url,
    startTls: c.startTls,
    tlsCa: c.tlsCa,
    bindDn: c.bindDn,
    bindPassword,
    baseDn: c.baseDn,
    userFilter: c.userFilter,
    loginAttribute: c.loginAttribute,
    groupFilter: c.groupFilter,
    attributes: c.attributes,
  };
}

const refused = (code: LdapFailure, reason: string): PasswordCheck =>
  code === 'unavailable'
    ? { outcome: 'unavailable', reason, message: LDAP_FAILURE_MESSAGES.unavailable }
    : { outcome: 'refused', reason: `${code}: ${reason}`, message: LDAP_FAILURE_MESSAGES[code] };

/** The hospital directory as a place the sign-in form's passwords are checked. */
export const directoryAuthority: PasswordAuthority = {
  name: 'ldap',
  check: signInWithDirectory,
};

export async function signInWithDirectory(
  ctx: AppContext,
  meta: RequestMeta,
  username: string,
  password: string,
): Promise<PasswordCheck | null> {
  const conn = await store.findConnection(ctx.database.db);
  if (!conn?.enabled) return null;
  const problem = usernameProblem(username);
  if (problem) return { outcome: 'bad-credentials', reason: `username refused (${problem})` };
  if (!password) return { outcome: 'bad-credentials', reason: 'empty password' };
  let found: { dn: string; attrs: Record<string, RawValue | undefined> } | undefined;
  let groups: string[] = [];
  let settings: ldap.DirectorySettings;
  try {
    settings = settingsOf(ctx, conn);
    const lookup = await ldap.asServiceAccount(settings, async (c) => {
      const hits = await ldap.findByLogin(c, settings, username);
      if (hits.length !== 1) return { hits: hits.length, groups: [] as string[] };
      return { hits: 1, entry: hits[0], groups: await ldap.groupsOf(c, settings, hits[0]!.dn) };
    });
    if (lookup.hits === 0) return { outcome: 'bad-credentials', reason: 'no such directory user' };
    if (lookup.hits > 1) return { outcome: 'bad-credentials', reason: 'several directory entries have that name' };
    found = lookup.entry;
    groups = lookup.groups;
    if (!(await ldap.passwordMatches(settings, found!.dn, password))) {
      return { outcome: 'bad-credentials', reason: 'wrong directory password' };
    }
  } catch (err) {
    if (err instanceof ldap.DirectoryUnavailable) return refused('unavailable', err.message);
    throw err;
  }
  const entry = entryFromAttributes(found!.dn, found!.attrs, conn.attributes);
  if ('problem' in entry) return refused('no-person', `${found!.dn} ${entry.problem}`);
  if (entry.disabledInDirectory) return refused('disabled', 'disabled in the directory');
  const decision = roleFor(groups, conn.roleMappings, null);
  if ('refused' in decision) return refused('no-role', `groups: ${groups.join(', ') || 'none'}`);

  try {
    return await ctx.database.db.transaction(async (tx) => {
      const applied = await applyEntry(tx, meta, entry, {
        role: decision.role,
        unitId: null,
        managerId: null,
        loginName: username.trim(),
      });
      if (applied.localAccount) {
        throw new SignInRefused('local-account', 'the person is linked to a local account with its own password');
      }
      const user = applied.userId ? await findAccount(tx, applied.userId) : undefined;
      if (!user) throw new SignInRefused('no-role', 'no account');
      if (user.disabledAt) throw new SignInRefused('disabled', 'account switched off');
      return { outcome: 'signed-in', user } satisfies PasswordCheck;
    });
  } catch (err) {
    if (err instanceof SignInRefused) return refused(err.code, err.message);
    if (err instanceof EntryProblem) return refused('ambiguous', err.message);
    throw err;
  }
}

class SignInRefused extends Error {
  constructor(
    readonly code: LdapFailure,
    message: string,
  ) {
    super(message);
  }
}
