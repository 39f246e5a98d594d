// LDAP / Active Directory rules, pure: which addresses may carry passwords, how a typed username becomes a search
// filter that cannot be bent (RFC 4515 escaping), what an entry's attributes say about a person, what a sync does to
// a person and their account, and what a nurse is told when a directory sign-in is refused.
import { normalisePhone } from '../directory/rules.ts';

/** Which attribute holds what. `entryId` must be stable across renames (entryUUID; AD: objectGUID). */
export type AttributeMap = {
  entryId: string;
  employeeId: string | null;
  email: string | null;
  displayName: string;
  phone: string | null;
  manager: string | null;
  department: string | null;
  /** AD's userAccountControl: bit 2 (ACCOUNTDISABLE) set means the account is switched off in AD. */
  accountControl: string | null;
};

export const OPENLDAP_ATTRIBUTES: AttributeMap = {
  entryId: 'entryUUID',
  employeeId: 'employeeNumber',
  email: 'mail',
  displayName: 'displayName',
  phone: 'telephoneNumber',
  manager: 'manager',
  department: 'departmentNumber',
  accountControl: null,
};

export const ACTIVE_DIRECTORY_ATTRIBUTES: AttributeMap = {
  entryId: 'objectGUID',
  employeeId: 'employeeID',
  email: 'mail',
  displayName: 'displayName',
  phone: 'telephoneNumber',
  manager: 'manager',
  department: 'department',
  accountControl: 'userAccountControl',
};

// Addresses -------------------------------------------------------------------------------------------------------

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Passwords travel encrypted: `ldaps://`, or `ldap://` with StartTLS. Plain `ldap://` only to this machine (tests, a
 * local relay), as for OpenID Connect issuers.
 */
export function urlAllowed(url: string, startTls: boolean): { ok: true } | { ok: false; reason: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, reason: 'is not an address (ldaps://host:636 or ldap://host:389)' };
  }
  if (u.pathname.replace(/^\/$/, '') || u.search || u.username || u.password) {
    return { ok: false, reason: 'must be only ldaps:// or ldap://, the host and the port' };
  }
  if (u.protocol === 'ldaps:') return { ok: true };
  if (u.protocol !== 'ldap:') return { ok: false, reason: 'must start with ldaps:// or ldap://' };
  if (startTls || LOOPBACK.includes(u.hostname)) return { ok: true };
  return { ok: false, reason: 'must use ldaps:// or StartTLS (plain ldap:// only to this machine)' };
}

// Filters ---------------------------------------------------------------------------------------------------------

/**
 * A value written into a search filter so that it is only ever a value (RFC 4515): `*`, `(`, `)`, `\` and NUL become
 * `\2a`, `\28`, `\29`, `\5c`, `\00`. A username like `*)(uid=*))(|(uid=*` then matches nobody instead of everybody.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Why a typed username cannot be a directory name (none of it reaches the directory), or null when it may. */
export function usernameProblem(username: string): string | null {
  if (!username.trim()) return 'empty';
  if (username.length > 256) return 'too long';
  if ([...username].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)) return 'control characters';
  return null;
}

/** The filter that finds the person who typed `username`: the configured user filter and the login attribute. */
export function userSearchFilter(userFilter: string, loginAttribute: string, username: string): string {
  return `(&${wrapped(userFilter)}(${loginAttribute}=${escapeFilterValue(username.trim())}))`;
}

/** The filter of the groups a person is in: the template's `{dn}` becomes the person's DN, escaped. */
export function groupSearchFilter(template: string, dn: string): string {
  return wrapped(template.replaceAll('{dn}', escapeFilterValue(dn)));
}

const wrapped = (f: string) => (f.trim().startsWith('(') ? f.trim() : `(${f.trim()})`);

/** Whether an administrator's filter is balanced and parenthesised (a broken one would match nothing or fail). */
export function filterProblem(filter: string): string | null {
  const f = filter.trim();
  if (!f.startsWith('(') || !f.endsWith(')')) return 'must be in parentheses, e.g. (objectClass=person)';
  let depth = 0;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '\\') i += 2;
    else if (f[i] === '(') depth++;
    else if (f[i] === ')' && --depth < 0) return 'has a ")" without its "("';
  }
  return depth === 0 ? null : 'has a "(" without its ")"';
}

// Entries ---------------------------------------------------------------------------------------------------------

/** Attribute values as the LDAP client returns them. */
export type RawValue = string | string[] | Uint8Array | Uint8Array[];

/** What a directory entry says about a person. */
export type DirectoryEntry = {
  entryId: string;
  dn: string;
  employeeId: string | null;
  email: string | null;
  displayName: string;
  phone: string | null;
  managerDn: string | null;
  department: string | null;
  /** Switched off in the directory (AD's userAccountControl ACCOUNTDISABLE bit). */
  disabledInDirectory: boolean;
};

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

function first(v: RawValue | undefined): string | null {
  const one = Array.isArray(v) ? v[0] : v;
  if (one === undefined) return null;
  if (typeof one !== 'string') {
    // A binary id (AD's objectGUID) as hex; a text one (entryUUID asked for as bytes) as its text.
    const text = new TextDecoder().decode(one);
    return /^[\x20-\x7e]+$/.test(text) ? text : hex(one);
  }
  const t = one.trim();
  return t ? t : null;
}

/** The person an entry describes, or why it cannot be one. */
export function entryFromAttributes(
  dn: string,
  attrs: Record<string, RawValue | undefined>,
  map: AttributeMap,
): DirectoryEntry | { problem: string } {
  const get = (name: string | null) => (name ? first(lookup(attrs, name)) : null);
  const entryId = get(map.entryId);
  if (!entryId) return { problem: `has no ${map.entryId}` };
  const email = get(map.email)?.toLowerCase() ?? null;
  const employeeId = get(map.employeeId);
  if (!employeeId && !email) return { problem: `has neither ${map.employeeId ?? 'an employee ID'} nor an email` };
  const uac = Number(get(map.accountControl) ?? 0);
  return {
    entryId,
    dn,
    employeeId,
    email: email?.includes('@') ? email : null,
    displayName: (get(map.displayName) ?? get('cn') ?? email ?? employeeId ?? entryId).slice(0, 200),
    phone: get(map.phone),
    managerDn: get(map.manager),
    department: get(map.department),
    disabledInDirectory: Number.isFinite(uac) && (uac & 2) === 2,
  };
}

/** Attributes compare case-insensitively in LDAP (`mail` and `Mail` are one). */
function lookup(attrs: Record<string, RawValue | undefined>, name: string): RawValue | undefined {
  if (name in attrs) return attrs[name];
  const key = Object.keys(attrs).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? attrs[key] : undefined;
}

/** The names a group is known by for the role mapping: its common name and its whole DN. */
export function groupNames(groups: readonly { dn: string; cn: string | null }[]): string[] {
  return [...new Set(groups.flatMap((g) => (g.cn ? [g.cn, g.dn] : [g.dn])))];
}

// What a sync does ------------------------------------------------------------------------------------------------

/** A person's fields the directory keeps current. */
export type PersonFields = {
  employeeId: string | null;
  email: string | null;
  displayName: string;
  phones: string[];
  unitId: string | null;
  managerId: string | null;
};

/**
 * The fields of a person the directory changes: each field the entry has replaces the person's; a field the entry
 * lacks (no phone in the directory) leaves the person's as it is. The directory's phone joins the person's phones.
 */
export function personChanges(
  current: PersonFields,
  entry: DirectoryEntry,
  resolved: { unitId: string | null; managerId: string | null },
): Partial<PersonFields> {
  const out: Partial<PersonFields> = {};
  if (entry.employeeId && entry.employeeId !== current.employeeId) out.employeeId = entry.employeeId;
  if (entry.email && entry.email !== current.email) out.email = entry.email;
  if (entry.displayName !== current.displayName) out.displayName = entry.displayName;
  const phone = entry.phone ? normalisePhone(entry.phone) : null;
  if (phone && !current.phones.includes(phone)) out.phones = [phone, ...current.phones];
  if (resolved.unitId && resolved.unitId !== current.unitId) out.unitId = resolved.unitId;
  if (resolved.managerId && resolved.managerId !== current.managerId) out.managerId = resolved.managerId;
  return out;
}

export type AccountState = {
  role: string;
  disabled: boolean;
  /** A local password: the break-glass administrator and local accounts, which the directory never manages. */
  hasPassword: boolean;
  disabledBySync: boolean;
};

export type AccountStep =
  | { step: 'none' }
  | { step: 'create'; role: string }
  | { step: 'role'; from: string; to: string }
  | { step: 'enable'; role: string }
  | { step: 'disable'; reason: 'left the directory' | 'in no mapped group' | 'disabled in the directory' };

/**
 * What the sync does to a person's account. `role` is the mapped role (null: in no mapped group), `present` whether
 * the person is still in the directory. Accounts with a local password are never touched; an account someone else
 * switched off stays off; the sync switches back on only what it switched off.
 */
export function accountStep(
  account: AccountState | null,
  role: string | null,
  present: boolean,
  disabledInDirectory: boolean,
): AccountStep {
  if (account?.hasPassword) return { step: 'none' };
  const reason = !present
    ? 'left the directory'
    : disabledInDirectory
      ? 'disabled in the directory'
      : role === null
        ? 'in no mapped group'
        : null;
  if (!account) return reason || role === null ? { step: 'none' } : { step: 'create', role };
  if (reason) return account.disabled ? { step: 'none' } : { step: 'disable', reason };
  if (account.disabled) return account.disabledBySync ? { step: 'enable', role: role! } : { step: 'none' };
  return account.role === role ? { step: 'none' } : { step: 'role', from: account.role, to: role! };
}

/** One line of a sync's report. */
export type SyncChange = {
  dn: string;
  person: string;
  outcome: 'created' | 'updated' | 'disabled' | 'error';
  detail: string;
};

export type SyncReport = {
  ok: boolean;
  dryRun: boolean;
  entries: number;
  created: number;
  updated: number;
  disabled: number;
  unchanged: number;
  errors: number;
  changes: SyncChange[];
  /** Why the whole run stopped (the directory did not answer, returned no one…), or null. */
  failure: string | null;
};

export function emptyReport(dryRun: boolean): SyncReport {
  return {
    ok: true,
    dryRun,
    entries: 0,
    created: 0,
    updated: 0,
    disabled: 0,
    unchanged: 0,
    errors: 0,
    changes: [],
    failure: null,
  };
}

/** Adds a person's outcome to the report: one count per person, their most telling outcome. */
export function tally(report: SyncReport, change: SyncChange | null): void {
  if (!change) {
    report.unchanged++;
    return;
  }
  report.changes.push(change);
  if (change.outcome === 'error') {
    report.errors++;
    report.ok = false;
  } else report[change.outcome]++;
}

// Refusals --------------------------------------------------------------------------------------------------------

export const LDAP_FAILURES = ['unavailable', 'no-person', 'ambiguous', 'no-role', 'disabled', 'local-account'] as const;
export type LdapFailure = (typeof LDAP_FAILURES)[number];

export const LDAP_FAILURE_MESSAGES: Record<LdapFailure, string> = {
  unavailable:
    'The hospital directory is not answering right now, so your network password cannot be checked. Try again in a ' +
    'few minutes, or call the service desk.',
  'no-person':
    'Your network password is right, but no one in the Clinidesk directory has your employee ID or email address. ' +
    'Call the service desk to be added.',
  ambiguous:
    'Your email address belongs to more than one person in the Clinidesk directory, so you were not signed in. Call ' +
    'the service desk to sort out the entry.',
  'no-role':
    'Your network password is right, but none of your groups gives access to Clinidesk. Ask your manager to request ' +
    'access.',
  disabled: 'Your Clinidesk account is switched off. Call the service desk.',
  'local-account':
    'Your directory entry is linked to a local Clinidesk account, which signs in with its own username and password.',
};
