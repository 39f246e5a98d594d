import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIERS } from '../../domain/vocabulary.ts';
import { ROLES } from '../../platform/auth/roles.ts';
import {
  type CoverageEntry,
  canonicalTimeZone,
  chooseCoverage,
  coverageProblem,
  deskPhoneProblems,
  deskPhonesFor,
  type FirstLineGroup,
  intakeGroup,
  isCode,
  membershipProblem,
  normalisePhone,
  parentProblem,
  parseSkill,
  phoneSearchDigits,
  placement,
  seesSupportDetails,
} from './rules.ts';

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
/** A North American number: area code and exchange start with 2–9. */
const nanp = fc
  .tuple(fc.integer({ min: 2, max: 9 }), digits(2), fc.integer({ min: 2, max: 9 }), digits(6))
  .map(([a, b, c, d]) => `${a}${b}${c}${d}`);
/** The ways people write a US number: "(555) 123-4567", "555.123.4567", "+1 555 123 4567"… */
const written = nanp.chain((n) =>
  fc
    .constantFrom(
      n,
      `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`,
      `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`,
      `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
      `+1 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
      `1-${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
      `  ${n}  `,
    )
    .map((text) => ({ n, text })),
);

describe('phone numbers', () => {
  it('writes the usual US formats as the digits the phone system sends', () => {
    expect(normalisePhone('(555) 234-5678')).toBe('15552345678');
    expect(normalisePhone('555.234.5678')).toBe('15552345678');
    expect(normalisePhone('+1 555 234 5678')).toBe('15552345678');
    expect(normalisePhone('1-555-234-5678')).toBe('15552345678');
  });

  it('keeps international numbers with their country code and hospital extensions as they are', () => {
    expect(normalisePhone('+44 20 7946 0000')).toBe('442079460000');
    expect(normalisePhone('+47 2212 3456')).toBe('4722123456');
    expect(normalisePhone('4521')).toBe('4521');
    expect(normalisePhone('7-4521')).toBe('74521');
  });

  it('refuses what cannot be a number', () => {
    for (const bad of ['', '12', '555-CALL-NOW', '555 234 5678 ext 12', '0123456789', '+0 555', '++15552345678']) {
      expect(normalisePhone(bad), bad).toBeNull();
    }
  });

  it('gives every way of writing a US number the same digits, with country code 1', () => {
    fc.assert(fc.property(written, ({ n, text }) => normalisePhone(text) === `1${n}`));
  });

  it('uses another default country code when told', () => {
    expect(normalisePhone('2079460000', '44')).toBe('442079460000');
  });

  it('answers digits only, as an extension (4–7) or a full number (8–15), and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const out = normalisePhone(s);
        return out === null || /^\d{4,7}$/.test(out) || /^[1-9]\d{7,14}$/.test(out);
      }),
    );
  });

  it('is stable: a stored number normalises to itself, and "+" before it means the same number', () => {
    const anything = fc.oneof(
      written.map((w) => w.text),
      fc.string({ maxLength: 20 }),
      digits(12),
    );
    fc.assert(
      fc.property(anything, (s) => {
        const out = normalisePhone(s);
        if (out === null) return true;
        if (out.length <= 7 || out.length >= 11) expect(normalisePhone(out)).toBe(out);
        if (out.length >= 8) expect(normalisePhone(`+${out}`)).toBe(out);
        return true;
      }),
    );
  });

  it('searches by the digits typed, once there are at least four', () => {
    expect(phoneSearchDigits('4567')).toBe('4567');
    expect(phoneSearchDigits('(555) 234-5678')).toBe('5552345678');
    expect(phoneSearchDigits('45')).toBeNull();
    expect(phoneSearchDigits('Rosa 4567')).toBeNull();
  });
});

describe('time zones', () => {
  it('accepts IANA zones in any case and answers the canonical spelling', () => {
    expect(canonicalTimeZone('America/Chicago')).toBe('America/Chicago');
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it('refuses made-up zones and bare offsets (calendars need daylight-saving rules)', () => {
    for (const bad of ['Mars/Olympus', '+05:00', '-0800', '', 'America/', 'x'.repeat(100), 'Europe/Lon don']) {
      expect(canonicalTimeZone(bad), bad).toBeNull();
    }
  });

  it('accepts every zone this runtime knows', () => {
    for (const zone of Intl.supportedValuesOf('timeZone')) expect(canonicalTimeZone(zone), zone).not.toBeNull();
  });

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.string({ maxLength: 70 }), (s) => canonicalTimeZone(s) === null || s.length > 0));
  });
});

describe('codes, places, skills', () => {
  it('takes codes people print on labels, in any script', () => {
    for (const ok of ['SMH', '4W', 'ICU-2', 'ed.main', 'Ünit_3', '東病棟']) expect(isCode(ok), ok).toBe(true);
    for (const bad of ['', '-4W', '4 West', 'a/b', 'x'.repeat(41)]) expect(isCode(bad), bad).toBe(false);
  });

  it('lets the unit decide the facility, and refuses a facility the unit is not in', () => {
    const unit = { id: 'u1', facilityId: 'f1' };
    expect(placement(null, unit)).toEqual({ facilityId: 'f1', unitId: 'u1' });
    expect(placement('f1', unit)).toEqual({ facilityId: 'f1', unitId: 'u1' });
    expect(placement('f2', unit)).toEqual({ problem: 'is not the facility of the unit' });
    expect(placement('f2', null)).toEqual({ facilityId: 'f2', unitId: null });
  });

  it('reads skills as a service or a clinical credential', () => {
    const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect(parseSkill(`service:${id}`)).toEqual({ kind: 'service', serviceId: id });
    expect(parseSkill('credential:RN')).toEqual({ kind: 'credential', credential: 'RN' });
    for (const bad of ['RN', 'service:epic', 'credential:', 'credential:R N', `service:${id}x`]) {
      expect(parseSkill(bad), bad).toBeNull();
    }
  });

  it('hangs modules under applications only', () => {
    expect(parentProblem('module', { kind: 'application' })).toBeNull();
    expect(parentProblem('module', null)).toMatch(/required/);
    expect(parentProblem('module', { kind: 'device' })).toBe('has kind device, not application');
    expect(parentProblem('application', null)).toBeNull();
    expect(parentProblem('device', { kind: 'application' })).toMatch(/only modules/);
  });
});

describe('support groups and coverage', () => {
  it('keeps requesters out of groups and vendor accounts in vendor-tier groups', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...TIERS), (role, tier) => {
        const problem = membershipProblem(role, tier);
        const allowed = role !== 'requester' && (role !== 'vendor' || tier === 'vendor');
        return (problem === null) === allowed;
      }),
    );
  });

  it('lets a group cover services only at its own tier', () => {
    expect(coverageProblem('tier2', 'tier2')).toBeNull();
    expect(coverageProblem('tier1', 'tier2')).toMatch(/tier1 group/);
  });

  it('shows support groups and providers to desk staff only', () => {
    expect(seesSupportDetails('agent')).toBe(true);
    expect(seesSupportDetails('requester')).toBe(false);
    expect(seesSupportDetails('vendor')).toBe(false);
  });

  const APP = 'app';
  const MODULE = 'module';
  const entry = fc.record({
    serviceId: fc.constantFrom(APP, MODULE, 'other'),
    tier: fc.constantFrom(...TIERS),
    groupId: fc.uuid(),
    providerId: fc.uuid(),
  });
  const uniqueEntries = fc.uniqueArray(entry, { selector: (e) => `${e.serviceId}/${e.tier}`, maxLength: 12 });

  it("covers a module by its own group, else by its application's, else by nobody", () => {
    fc.assert(
      fc.property(uniqueEntries, fc.constantFrom(...TIERS), (entries: CoverageEntry[], tier) => {
        const chosen = chooseCoverage(entries, { id: MODULE, parentId: APP }, tier);
        const own = entries.find((e) => e.serviceId === MODULE && e.tier === tier);
        const app = entries.find((e) => e.serviceId === APP && e.tier === tier);
        const expected = own ?? app;
        expect(chosen).toEqual(expected ? { groupId: expected.groupId, providerId: expected.providerId } : null);
      }),
    );
  });

  it('never lends an application the coverage of its modules or of another tier', () => {
    fc.assert(
      fc.property(uniqueEntries, fc.constantFrom(...TIERS), (entries: CoverageEntry[], tier) => {
        const chosen = chooseCoverage(entries, { id: APP, parentId: null }, tier);
        const own = entries.find((e) => e.serviceId === APP && e.tier === tier);
        expect(chosen?.groupId ?? null).toBe(own?.groupId ?? null);
      }),
    );
  });
});

describe("the desk's phone numbers", () => {
  const numbers = {
    main: '15550100000',
    providerLine: '15550100001',
    facilities: [{ facilityId: 'north', phone: '15550100002' }],
  };

  it('names each facility row that is unknown or listed again', () => {
    const names = new Map([['north', 'North Campus']]);
    expect(
      deskPhoneProblems([{ facilityId: 'north' }, { facilityId: 'north' }, { facilityId: 'gone' }], names),
    ).toEqual([
      { field: 'facilities.1.facilityId', message: 'lists North Campus a second time' },
      { field: 'facilities.2.facilityId', message: 'is not a facility' },
    ]);
    expect(deskPhoneProblems([{ facilityId: 'north' }], names)).toEqual([]);
  });

  it("tells a requester their facility's number, else the main line, and the provider line only to providers", () => {
    const at = (facilityId: string | null, provider = false) => ({ facilityId, facility: 'North Campus', provider });
    expect(deskPhonesFor(numbers, at('north'))).toEqual({
      desk: { label: 'Service desk for North Campus', phone: '15550100002' },
      providerLine: null,
    });
    expect(deskPhonesFor(numbers, at('south', true))).toEqual({
      desk: { label: 'Service desk', phone: '15550100000' },
      providerLine: '15550100001',
    });
    expect(deskPhonesFor({ ...numbers, main: null }, undefined)).toEqual({ desk: null, providerLine: null });
  });
});

describe("the desk's intake group", () => {
  const group = (id: string, name: string, over: Partial<FirstLineGroup> = {}): FirstLineGroup => ({
    id,
    name,
    providerId: `p-${id}`,
    providerKind: 'in_house',
    coveredServices: 0,
    ...over,
  });

  it('sends a ticket no coverage names to the first line that covers the most services', () => {
    const days = group('a', 'Service Desk — Tier 1-Plus (Days)', { coveredServices: 40 });
    const nights = group('b', 'Service Desk — Tier 1-Plus (Nights)', { providerKind: 'outsourcer' });
    const providerLine = group('c', 'Provider Line — Tier 1-Plus');
    expect(intakeGroup([nights, providerLine, days])).toEqual({ groupId: 'a', providerId: 'p-a' });
  });

  it("prefers the hospital's own first line to an outsourcer's when coverage ties, then the name", () => {
    const outsourced = group('a', 'A outsourced desk', { providerKind: 'outsourcer', coveredServices: 3 });
    const own = group('b', 'B own desk', { coveredServices: 3 });
    expect(intakeGroup([outsourced, own])?.groupId).toBe('b');
    expect(intakeGroup([group('x', 'Zeta'), group('y', 'Alpha')])?.groupId).toBe('y');
  });

  it('names no group when the desk has no Tier 1-Plus group', () => {
    expect(intakeGroup([])).toBeNull();
  });

  it('picks one of the given groups, covering the most services, whatever their order (property)', () => {
    const groups = fc.uniqueArray(
      fc.record({
        id: fc.uuid(),
        name: fc.string({ maxLength: 8 }),
        providerId: fc.uuid(),
        providerKind: fc.constantFrom('in_house', 'outsourcer', 'ehr_vendor', 'other_vendor') as fc.Arbitrary<
          FirstLineGroup['providerKind']
        >,
        coveredServices: fc.nat({ max: 5 }),
      }),
      { selector: (g) => g.id, minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(groups, fc.nat(), (list, shift) => {
        const chosen = intakeGroup(list)!;
        const picked = list.find((g) => g.id === chosen.groupId)!;
        expect(picked.providerId).toBe(chosen.providerId);
        expect(picked.coveredServices).toBe(Math.max(...list.map((g) => g.coveredServices)));
        const rotated = [...list.slice(shift % list.length), ...list.slice(0, shift % list.length)];
        expect(intakeGroup(rotated)).toEqual(chosen);
      }),
    );
  });
});
