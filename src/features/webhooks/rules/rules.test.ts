import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressAllowed,
  addressKind,
  checkTargetUrl,
  embeddedIpv4,
  hostAllowed,
  parseAllowList,
  parseIp,
  parseIpv6,
  resolvedAllowed,
} from './address.ts';
import {
  DISABLE_AFTER_FAILURES,
  DISABLE_AFTER_MS,
  eventTypesNotAllowed,
  excerpt,
  FIRST_RETRY_MS,
  isWebhookSecret,
  MAX_RETRY_MS,
  matches,
  nextAttemptAt,
  RETRY_WINDOW_MS,
  retryDelayMs,
  shouldDisable,
  signingSecrets,
  WEBHOOK_EVENT_TYPES,
} from './delivery.ts';

const octet = fc.integer({ min: 0, max: 255 });
const v4 = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;
const hex = (n: number) => n.toString(16);

describe('address parsing', () => {
  it('reads IPv6 in its shorthand forms, with an IPv4 tail', () => {
    expect(parseIpv6('::1')).toEqual([...Array(15).fill(0), 1]);
    expect(parseIpv6('::')).toEqual(Array(16).fill(0));
    expect(parseIpv6('::ffff:127.0.0.1')).toEqual([...Array(10).fill(0), 0xff, 0xff, 127, 0, 0, 1]);
    expect(parseIpv6('[fe80::1]')).toEqual([0xfe, 0x80, ...Array(13).fill(0), 1]);
    expect(parseIpv6('2001:db8:0:0:0:0:0:1')).toEqual(parseIpv6('2001:db8::1'));
    for (const bad of ['1:2:3:4:5:6:7:8:9', '1::2::3', 'fe80::1%eth0', '::ffff:300.0.0.1', 'g::1', ':::', '1:2'])
      expect(parseIpv6(bad), bad).toBeNull();
  });

  it('reads every IPv4 address written as dotted decimal, and nothing else as IPv4', () => {
    fc.assert(
      fc.property(octet, octet, octet, octet, (a, b, c, d) => {
        expect(parseIp(v4(a, b, c, d))).toEqual({ version: 4, bytes: [a, b, c, d] });
      }),
    );
    for (const bad of ['1.2.3', '1.2.3.4.5', '01.2.3.4', '256.1.1.1', '0x7f.0.0.1', ''])
      expect(parseIp(bad), bad).toBeNull();
  });
});

describe('the SSRF rule: which addresses a webhook may reach', () => {
  const refused = [
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['169.254.169.254', 'link-local'], // cloud metadata
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'], // 6to4 of 192.168.1.1
    ['::127.0.0.1', 'loopback'], // IPv4-compatible
  ] as const;
  it.each(refused)('refuses %s (%s)', (ip, kind) => {
    expect(addressKind(parseIp(ip)!)).toBe(kind);
    const v = addressAllowed(ip);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toContain(kind);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8', '172.32.0.1', '100.128.0.1'])(
    'allows the public address %s',
    (ip) => expect(addressAllowed(ip)).toEqual({ ok: true }),
  );

  it('property: every address in 127/8, 10/8, 192.168/16, 169.254/16 is refused, and so is its IPv4-mapped form', () => {
    const privateV4 = fc.oneof(
      fc.tuple(octet, octet, octet).map(([b, c, d]) => v4(127, b, c, d)),
      fc.tuple(octet, octet, octet).map(([b, c, d]) => v4(10, b, c, d)),
      fc.tuple(octet, octet).map(([c, d]) => v4(192, 168, c, d)),
      fc.tuple(octet, octet).map(([c, d]) => v4(169, 254, c, d)),
      fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([b, c, d]) => v4(172, b, c, d)),
    );
    fc.assert(
      fc.property(privateV4, (ip) => {
        expect(addressAllowed(ip).ok).toBe(false);
        expect(addressAllowed(`::ffff:${ip}`).ok).toBe(false);
        const [a, b, c, d] = ip.split('.').map(Number) as [number, number, number, number];
        expect(addressAllowed(`::ffff:${hex((a << 8) | b)}:${hex((c << 8) | d)}`).ok).toBe(false);
      }),
    );
  });

  it('property: an IPv4-mapped IPv6 address is judged exactly as the IPv4 address it carries', () => {
    fc.assert(
      fc.property(octet, octet, octet, octet, (a, b, c, d) => {
        const ip = v4(a, b, c, d);
        expect(addressAllowed(`::ffff:${ip}`).ok).toBe(addressAllowed(ip).ok);
        expect(embeddedIpv4(parseIpv6(`::ffff:${ip}`)!)).toEqual([a, b, c, d]);
      }),
    );
  });

  it('property: every link-local (fe80::/10) and unique local (fc00::/7) IPv6 address is refused', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(
        fc.integer({ min: 0xfc00, max: 0xfdff }),
        fc.integer({ min: 0xfe80, max: 0xfebf }),
        fc.array(group, { minLength: 7, maxLength: 7 }),
        (ula, ll, rest) => {
          expect(addressAllowed([ula, ...rest].map(hex).join(':')).ok).toBe(false);
          expect(addressAllowed([ll, ...rest].map(hex).join(':')).ok).toBe(false);
        },
      ),
    );
  });

  it("allows what the administrator's list allows, and only that", () => {
    const { allow, refused: bad } = parseAllowList([
      '127.0.0.1/32',
      'fd00::/8',
      'pager.hospital.local',
      '*.int.local',
      'x/99',
      '',
    ]);
    expect(bad).toEqual(['x/99']);
    expect(addressAllowed('127.0.0.1', allow).ok).toBe(true);
    expect(addressAllowed('::ffff:127.0.0.1', allow).ok).toBe(true);
    expect(addressAllowed('127.0.0.2', allow).ok).toBe(false);
    expect(addressAllowed('fd00::5', allow).ok).toBe(true);
    expect(addressAllowed('fe80::5', allow).ok).toBe(false);
    expect(hostAllowed('PAGER.hospital.local.', allow)).toBe(true);
    expect(hostAllowed('a.b.int.local', allow)).toBe(true);
    expect(hostAllowed('int.local', allow)).toBe(false);
    expect(resolvedAllowed('pager.hospital.local', ['10.0.0.1'], allow).ok).toBe(true);
  });

  it('property: an address in an allowed CIDR range is allowed, whatever its kind', () => {
    fc.assert(
      fc.property(octet, octet, octet, octet, fc.integer({ min: 8, max: 32 }), (a, b, c, d, prefix) => {
        const { allow } = parseAllowList([`${v4(a, b, c, d)}/${prefix}`]);
        expect(addressAllowed(v4(a, b, c, d), allow).ok).toBe(true);
      }),
    );
  });

  it('refuses a name when any one of its addresses is refused (a rebinding answer among public ones)', () => {
    expect(resolvedAllowed('hooks.example.org', ['93.184.215.14', '10.0.0.5']).ok).toBe(false);
    expect(resolvedAllowed('hooks.example.org', ['93.184.215.14']).ok).toBe(true);
    expect(resolvedAllowed('hooks.example.org', []).ok).toBe(false);
  });
});

describe('target URLs', () => {
  it('takes only http and https, without credentials, to an allowed host', () => {
    expect(checkTargetUrl('https://hooks.example.org/x').ok).toBe(true);
    expect(checkTargetUrl('http://93.184.215.14:8080/x').ok).toBe(true);
    const refusals = {
      'ftp://hooks.example.org/': 'http:// or https://',
      'file:///etc/passwd': 'http:// or https://',
      'gopher://127.0.0.1/': 'http:// or https://',
      'not a url': 'not a web address',
      'https://user:pw@hooks.example.org/': 'user name or password',
      'http://localhost:8080/': 'local name',
      'http://intranet/': 'local name',
      'http://127.0.0.1/': 'loopback',
      'http://[::1]/': 'loopback',
      'http://[::ffff:127.0.0.1]/': 'loopback',
      'http://2130706433/': 'loopback', // 127.0.0.1 in decimal: the URL parser normalises it
      'http://0x7f.1/': 'loopback',
      'http://169.254.169.254/latest/meta-data': 'link-local',
    };
    for (const [url, words] of Object.entries(refusals)) {
      const c = checkTargetUrl(url);
      expect(c.ok, url).toBe(false);
      if (!c.ok) expect(c.reason, url).toContain(words);
    }
  });

  it('lets an allow-listed address or host through', () => {
    const { allow } = parseAllowList(['127.0.0.1/32', 'localhost']);
    expect(checkTargetUrl('http://127.0.0.1:9999/hook', allow).ok).toBe(true);
    expect(checkTargetUrl('http://localhost:9999/hook', allow).ok).toBe(true);
    expect(checkTargetUrl('http://[::1]:9999/hook', allow).ok).toBe(false);
  });
});

describe('which events match a subscription', () => {
  const ticket = { kind: 'ticket' as const, facilityId: 'f1', serviceId: 's1', providerIds: ['p1', 'p2'] };
  const f = (over: Partial<Parameters<typeof matches>[0]> = {}) => ({
    eventTypes: ['ticket.opened'],
    providerIds: [],
    facilityIds: [],
    serviceIds: [],
    ...over,
  });
  it('needs the event type and every filter that is set', () => {
    expect(matches(f(), 'ticket.opened', ticket)).toBe(true);
    expect(matches(f(), 'ticket.updated', ticket)).toBe(false);
    expect(matches(f({ facilityIds: ['f1', 'f9'] }), 'ticket.opened', ticket)).toBe(true);
    expect(matches(f({ facilityIds: ['f9'] }), 'ticket.opened', ticket)).toBe(false);
    expect(matches(f({ serviceIds: ['s1'], providerIds: ['p2'] }), 'ticket.opened', ticket)).toBe(true);
    expect(matches(f({ providerIds: ['p3'] }), 'ticket.opened', ticket)).toBe(false);
    expect(matches(f({ serviceIds: ['s1'] }), 'ticket.opened', { ...ticket, serviceId: null })).toBe(false);
  });
  it('matches an incident only for subscriptions without ticket filters', () => {
    const inc = { kind: 'other' as const };
    expect(matches(f({ eventTypes: ['incident.declared'] }), 'incident.declared', inc)).toBe(true);
    expect(matches(f({ eventTypes: ['incident.declared'], facilityIds: ['f1'] }), 'incident.declared', inc)).toBe(
      false,
    );
  });
  it("keeps a vendor's subscription to ticket events and its contract clock's", () => {
    expect(eventTypesNotAllowed('vendor', ['ticket.opened', 'sla.breached', 'incident.declared'])).toEqual([
      'incident.declared',
    ]);
    expect(eventTypesNotAllowed('hospital', [...WEBHOOK_EVENT_TYPES])).toEqual([]);
  });
});

describe('retries and switching off', () => {
  it('backs off exponentially from 30 s to an hour, with jitter between half and all of each wait', () => {
    expect(retryDelayMs(1, 0)).toBe(FIRST_RETRY_MS / 2);
    expect(retryDelayMs(1, 0.999999)).toBeCloseTo(FIRST_RETRY_MS, -1);
    expect(retryDelayMs(3, 0)).toBe(FIRST_RETRY_MS * 2);
    expect(retryDelayMs(40, 0.5)).toBe(MAX_RETRY_MS * 0.75);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (n - 1));
        const d = retryDelayMs(n, r);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }),
    );
  });

  it('property: retries stop within a day of the first attempt, and a failing delivery gets at least 20 tries', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 200, maxLength: 200 }), (rs) => {
        const start = new Date('2026-01-01T00:00:00Z');
        let now = start;
        let attempts = 1;
        let gaveUp = false;
        for (const r of rs) {
          const next = nextAttemptAt(attempts, start, now, r);
          if (!next) {
            gaveUp = true;
            break;
          }
          expect(next.getTime()).toBeLessThanOrEqual(start.getTime() + RETRY_WINDOW_MS);
          expect(next.getTime()).toBeGreaterThan(now.getTime());
          now = next;
          attempts++;
        }
        expect(gaveUp).toBe(true);
        expect(attempts).toBeGreaterThanOrEqual(20);
        expect(now.getTime() - start.getTime()).toBeGreaterThan(RETRY_WINDOW_MS - 2 * MAX_RETRY_MS);
      }),
      { numRuns: 50 },
    );
  });

  it('switches a subscription off after a day of failures or a long run of them, never while it succeeds', () => {
    const now = new Date('2026-01-02T00:00:00Z');
    const since = (ms: number) => new Date(now.getTime() - ms);
    expect(shouldDisable({ consecutiveFailures: 5, failingSince: since(DISABLE_AFTER_MS) }, now)).toBe(true);
    expect(shouldDisable({ consecutiveFailures: 5, failingSince: since(DISABLE_AFTER_MS - 1000) }, now)).toBe(false);
    expect(shouldDisable({ consecutiveFailures: DISABLE_AFTER_FAILURES, failingSince: since(60_000) }, now)).toBe(true);
    expect(shouldDisable({ consecutiveFailures: 0, failingSince: null }, now)).toBe(false);
  });
});

describe('secrets and excerpts', () => {
  it('recognises Standard Webhooks secrets', () => {
    expect(isWebhookSecret(`whsec_${Buffer.alloc(32, 7).toString('base64')}`)).toBe(true);
    expect(isWebhookSecret(`whsec_${Buffer.alloc(8, 7).toString('base64')}`)).toBe(false);
    expect(isWebhookSecret('sk_live_abc')).toBe(false);
  });
  it('signs with the rotated secret too while its overlap lasts', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    expect(signingSecrets('new', 'old', new Date('2026-01-02T00:00:00Z'), now)).toEqual(['new', 'old']);
    expect(signingSecrets('new', 'old', new Date('2026-01-01T11:59:59Z'), now)).toEqual(['new']);
    expect(signingSecrets('new', null, null, now)).toEqual(['new']);
  });
  it('cuts long text at a character boundary and says so', () => {
    expect(excerpt('short', 10)).toBe('short');
    expect(excerpt('abcdefghijkl', 5)).toBe('abcde… (cut)');
    expect(excerpt('abcd😀', 5)).toBe('abcd… (cut)');
  });
});
