// The hospital directory over LDAP (ldapts): connect (LDAPS, or StartTLS before any password is sent), bind as the
// sync's service account, find a person by their login name with an escaped filter, check a person's password by
// binding as them, read their groups, and list everyone under the base DN (paged). Every call has a deadline.
import { isIP } from 'node:net';
import { Client, InvalidCredentialsError } from 'ldapts';
import {
  type AttributeMap,
  groupNames,
  groupSearchFilter,
  type RawValue,
  urlAllowed,
  userSearchFilter,
} from './rules.ts';

const TIMEOUT_MS = 10_000;
const PAGE_SIZE = 500;

export type DirectorySettings = {
  url: string;
  startTls: boolean;
  tlsCa: string | null;
  bindDn: string;
  bindPassword: string | null;
  baseDn: string;
  userFilter: string;
  loginAttribute: string;
  groupFilter: string;
  attributes: AttributeMap;
};

/** The directory did not answer, refused the service account, or the connection is not safe to use. */
export class DirectoryUnavailable extends Error {}

export type FoundEntry = { dn: string; attrs: Record<string, RawValue | undefined> };

function tlsOptions(s: DirectorySettings) {
  const host = new URL(s.url).hostname.replace(/^\[|\]$/g, '');
  // SNI takes host names only; the certificate is checked against the host either way.
  const sni = isIP(host) ? {} : { servername: host };
  return { ...sni, host, minVersion: 'TLSv1.2' as const, ...(s.tlsCa ? { ca: [s.tlsCa] } : {}) };
}

const detail = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/** A connection, encrypted when asked (StartTLS), not yet bound. The caller unbinds it. */
async function connect(s: DirectorySettings): Promise<Client> {
  const allowed = urlAllowed(s.url, s.startTls);
  if (!allowed.ok) throw new DirectoryUnavailable(`the address ${allowed.reason}`);
  const client = new Client({
    url: s.url,
    timeout: TIMEOUT_MS,
    connectTimeout: TIMEOUT_MS,
    // Only for ldaps://: given with ldap://, ldapts opens TLS at once and StartTLS then fails.
    ...(s.url.startsWith('ldaps:') ? { tlsOptions: tlsOptions(s) } : {}),
    strictDN: false,
  });
  try {
    if (s.startTls && s.url.startsWith('ldap:')) await client.startTLS(tlsOptions(s));
  } catch (err) {
    await client.unbind().catch(() => {});
    throw new DirectoryUnavailable(`StartTLS failed: ${detail(err)}`);
  }
  return client;
}

/** Runs `work` on a connection bound as the service account, then closes it. */
export async function asServiceAccount<T>(s: DirectorySettings, work: (c: Client) => Promise<T>): Promise<T> {
  const client = await connect(s);
  try {
    try {
      await client.bind(s.bindDn, s.bindPassword ?? '');
    } catch (err) {
      throw new DirectoryUnavailable(`the service account cannot sign in: ${detail(err)}`);
    }
    return await work(client).catch((err) => {
      if (err instanceof DirectoryUnavailable) throw err;
      throw new DirectoryUnavailable(detail(err));
    });
  } catch (err) {
    if (err instanceof DirectoryUnavailable) throw err;
    throw new DirectoryUnavailable(detail(err));
  } finally {
    await client.unbind().catch(() => {});
  }
}

const wanted = (map: AttributeMap, loginAttribute: string) =>
  [
    loginAttribute,
    map.entryId,
    map.employeeId,
    map.email,
    map.displayName,
    'cn',
    map.phone,
    map.manager,
    map.department,
    map.accountControl,
  ].filter((a): a is string => Boolean(a));

async function search(c: Client, s: DirectorySettings, filter: string, sizeLimit = 0): Promise<FoundEntry[]> {
  const { searchEntries } = await c.search(s.baseDn, {
    scope: 'sub',
    filter,
    attributes: wanted(s.attributes, s.loginAttribute),
    explicitBufferAttributes: [s.attributes.entryId],
    sizeLimit,
    timeLimit: TIMEOUT_MS / 1000,
    paged: sizeLimit ? false : { pageSize: PAGE_SIZE },
  });
  return searchEntries.map(({ dn, ...attrs }) => ({ dn, attrs: attrs as Record<string, RawValue> }));
}

/** The entries whose login attribute is `username` (at most two: two means the name is ambiguous). */
export function findByLogin(c: Client, s: DirectorySettings, username: string): Promise<FoundEntry[]> {
  return search(c, s, userSearchFilter(s.userFilter, s.loginAttribute, username), 2).catch((err) => {
    // Two entries or more answer "size limit exceeded" on some servers instead of returning two.
    if (err?.name === 'SizeLimitExceededError') return [{ dn: '' }, { dn: '' }] as unknown as FoundEntry[];
    throw err;
  });
}

/** Everyone the user filter finds under the base DN. */
export function listPeople(c: Client, s: DirectorySettings): Promise<FoundEntry[]> {
  return search(c, s, s.userFilter.trim());
}

/** The names (common name and DN) of the groups a person is in, by the group filter. */
export async function groupsOf(c: Client, s: DirectorySettings, dn: string): Promise<string[]> {
  const { searchEntries } = await c.search(s.baseDn, {
    scope: 'sub',
    filter: groupSearchFilter(s.groupFilter, dn),
    attributes: ['cn'],
    timeLimit: TIMEOUT_MS / 1000,
    paged: { pageSize: PAGE_SIZE },
  });
  return groupNames(
    searchEntries.map((g) => ({
      dn: g.dn,
      cn: typeof g.cn === 'string' ? g.cn : ((g.cn as string[] | undefined)?.[0] ?? null),
    })),
  );
}

/**
 * Whether `password` is the person's: a bind as their DN on a connection of its own. An empty password is refused
 * before the directory sees it (an empty simple bind is an anonymous bind, which succeeds).
 */
export async function passwordMatches(s: DirectorySettings, dn: string, password: string): Promise<boolean> {
  if (!password || !dn) return false;
  const client = await connect(s);
  try {
    await client.bind(dn, password);
    return true;
  } catch (err) {
    if (err instanceof InvalidCredentialsError) return false;
    throw new DirectoryUnavailable(detail(err));
  } finally {
    await client.unbind().catch(() => {});
  }
}
