// Where a webhook may be sent (SSRF guard), pure: only http(s) URLs without credentials, and only to public unicast
// addresses. Loopback, unspecified, private (RFC 1918, unique local), carrier-grade NAT, link-local, multicast,
// documentation, benchmarking and reserved ranges are refused, in IPv4 and IPv6, and an IPv6 address that carries an
// IPv4 one (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) is judged by
// the IPv4 address inside. A name is judged by every address it resolves to (the service resolves; the sender checks
// again at connection time, so a name that changes its answer — DNS rebinding — is refused then). The server's
// administrator may allow a CIDR range or a host name (CLINIDESK_WEBHOOK_ALLOW, docs/webhooks.md).

export type Ip = { version: 4 | 6; bytes: number[] };

/** "a.b.c.d" with four decimal parts 0–255 (no leading zeros, no shorthand: the URL parser already normalised). */
export function parseIpv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

/** An IPv6 address (with "::" and an IPv4 tail allowed, no zone) as 16 bytes. */
export function parseIpv6(input: string): number[] | null {
  let s = input;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (!s || s.includes('%') || !/^[0-9a-fA-F:.]+$/.test(s)) return null;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    // An IPv4 tail ("::ffff:1.2.3.4") becomes its two hexadecimal groups ("::ffff:102:304").
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (!v4) return null;
    const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
    s = `${s.slice(0, lastColon + 1)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const groupsWanted = 8;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const toGroups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = toGroups(halves[0]!);
  const rest = halves.length === 2 ? toGroups(halves[1]!) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  let groups: string[];
  if (halves.length === 2) {
    const missing = groupsWanted - head.length - rest.length;
    if (missing < 1) return null;
    groups = [...head, ...Array(missing).fill('0'), ...rest];
  } else {
    groups = head;
  }
  if (groups.length !== groupsWanted) return null;
  const bytes = groups.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
  return bytes;
}

export function parseIp(s: string): Ip | null {
  const v4 = parseIpv4(s);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = parseIpv6(s);
  return v6 ? { version: 6, bytes: v6 } : null;
}

/** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), else null. */
export function embeddedIpv4(b: number[]): number[] | null {
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12); // ::ffff:a.b.c.d
  if (zeros(0, 12) && !(zeros(12, 15) && (b[15] === 0 || b[15] === 1))) return b.slice(12); // ::a.b.c.d
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return b.slice(12); // NAT64
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6); // 6to4
  return null;
}

type Range = { bytes: number[]; prefix: number; kind: AddressKind };

export type AddressKind =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared (carrier-grade NAT)'
  | 'link-local'
  | 'multicast'
  | 'documentation'
  | 'reserved';

const v4 = (s: string, prefix: number, kind: AddressKind): Range => ({ bytes: parseIpv4(s)!, prefix, kind });
const v6 = (s: string, prefix: number, kind: AddressKind): Range => ({ bytes: parseIpv6(s)!, prefix, kind });

const V4_RANGES: Range[] = [
  v4('0.0.0.0', 8, 'unspecified'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'shared (carrier-grade NAT)'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'),
  v4('192.0.2.0', 24, 'documentation'),
  v4('192.88.99.0', 24, 'reserved'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'reserved'),
  v4('198.51.100.0', 24, 'documentation'),
  v4('203.0.113.0', 24, 'documentation'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'),
];

const V6_RANGES: Range[] = [
  v6('::', 128, 'unspecified'),
  v6('::1', 128, 'loopback'),
  v6('100::', 64, 'reserved'),
  v6('2001::', 23, 'reserved'), // IETF protocol assignments, Teredo (2001::/32) among them
  v6('2001:db8::', 32, 'documentation'),
  v6('fc00::', 7, 'private'),
  v6('fe80::', 10, 'link-local'),
  v6('fec0::', 10, 'private'),
  v6('ff00::', 8, 'multicast'),
];

export function inPrefix(addr: number[], net: number[], prefix: number): boolean {
  if (addr.length !== net.length) return false;
  for (let bit = 0; bit < prefix; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((addr[i]! & mask) !== (net[i]! & mask)) return false;
  }
  return true;
}

/** What kind of address this is; an IPv6 address carrying an IPv4 one is the IPv4 one's kind. */
export function addressKind(ip: Ip): AddressKind {
  if (ip.version === 6) {
    const inner = embeddedIpv4(ip.bytes);
    if (inner) return addressKind({ version: 4, bytes: inner });
    const hit = V6_RANGES.find((r) => inPrefix(ip.bytes, r.bytes, r.prefix));
    if (hit) return hit.kind;
    // Only global unicast (2000::/3) is routable on the internet today; anything else is reserved.
    return (ip.bytes[0]! & 0xe0) === 0x20 ? 'public' : 'reserved';
  }
  return V4_RANGES.find((r) => inPrefix(ip.bytes, r.bytes, r.prefix))?.kind ?? 'public';
}

/** The administrator's allow-list: CIDR ranges and host names (exact, or "*.example.org" for names under it). */
export type AllowList = { cidrs: { ip: Ip; prefix: number }[]; hosts: string[] };

export const EMPTY_ALLOW_LIST: AllowList = { cidrs: [], hosts: [] };

/** Parses the entries; entries that are neither a CIDR, an address nor a host name are listed as refused. */
export function parseAllowList(entries: string[]): { allow: AllowList; refused: string[] } {
  const allow: AllowList = { cidrs: [], hosts: [] };
  const refused: string[] = [];
  for (const raw of entries.map((e) => e.trim()).filter(Boolean)) {
    const [addr, bits, extra] = raw.split('/');
    const ip = addr ? parseIp(addr) : null;
    if (ip && extra === undefined) {
      const max = ip.version === 4 ? 32 : 128;
      const prefix = bits === undefined ? max : /^[0-9]{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
      if (Number.isInteger(prefix) && prefix >= 0 && prefix <= max) allow.cidrs.push({ ip, prefix });
      else refused.push(raw);
    } else if (/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(raw)) {
      allow.hosts.push(raw.toLowerCase());
    } else {
      refused.push(raw);
    }
  }
  return { allow, refused };
}

export function hostAllowed(host: string, allow: AllowList): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return allow.hosts.some((a) => (a.startsWith('*.') ? h.endsWith(a.slice(1)) : h === a));
}

function cidrAllows(ip: Ip, allow: AllowList): boolean {
  return allow.cidrs.some((c) => c.ip.version === ip.version && inPrefix(ip.bytes, c.ip.bytes, c.prefix));
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** May a webhook connect to this address? Public unicast, or within a range the administrator allowed. */
export function addressAllowed(address: string, allow: AllowList = EMPTY_ALLOW_LIST): Verdict {
  const ip = parseIp(address);
  if (!ip) return { ok: false, reason: `"${address}" is not an IP address.` };
  // An IPv4-mapped address is allowed or refused exactly as the IPv4 address it carries.
  const inner = ip.version === 6 ? embeddedIpv4(ip.bytes) : null;
  const judged: Ip = inner ? { version: 4, bytes: inner } : ip;
  if (cidrAllows(judged, allow) || cidrAllows(ip, allow)) return { ok: true };
  const kind = addressKind(judged);
  if (kind === 'public') return { ok: true };
  return {
    ok: false,
    reason: `Webhooks are not sent to ${kind} addresses (${address}) unless the server's administrator allows them.`,
  };
}

export type TargetCheck =
  | { ok: true; url: URL; host: string; literal: boolean }
  | { ok: false; reason: string; field: 'url' };

/**
 * A target URL as typed by an administrator: http(s), no user name or password in it, and a host that is either an
 * allowed address, an allow-listed name, or a name still to be resolved (the caller checks every address it gets).
 */
export function checkTargetUrl(input: string, allow: AllowList = EMPTY_ALLOW_LIST): TargetCheck {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, field: 'url', reason: 'The address is not a web address (it should start with https://).' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, field: 'url', reason: 'Webhooks go to http:// or https:// addresses only.' };
  if (url.username || url.password)
    return {
      ok: false,
      field: 'url',
      reason: 'The address may not carry a user name or password: receivers check the signature instead.',
    };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) return { ok: false, field: 'url', reason: 'The address has no host name.' };
  if (parseIp(host)) {
    const v = addressAllowed(host, allow);
    return v.ok ? { ok: true, url, host, literal: true } : { ok: false, field: 'url', reason: v.reason };
  }
  if (hostAllowed(host, allow)) return { ok: true, url, host, literal: false };
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (lower === 'localhost' || lower.endsWith('.localhost') || !lower.includes('.'))
    return {
      ok: false,
      field: 'url',
      reason: `Webhooks are not sent to "${host}" (a local name) unless the server's administrator allows it.`,
    };
  return { ok: true, url, host, literal: false };
}

/** Every address a name resolved to must be allowed (one private answer among public ones is refused). */
export function resolvedAllowed(host: string, addresses: string[], allow: AllowList = EMPTY_ALLOW_LIST): Verdict {
  if (hostAllowed(host, allow)) return { ok: true };
  if (!addresses.length) return { ok: false, reason: `The name "${host}" did not resolve to any address.` };
  for (const a of addresses) {
    const v = addressAllowed(a, allow);
    if (!v.ok) return { ok: false, reason: `"${host}" resolves to ${a}: ${v.reason}` };
  }
  return { ok: true };
}
