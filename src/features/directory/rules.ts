// The directory's pure rules: how phone numbers, time zones and codes are written, where a person sits, what a
// skill names, who may join a support group, which group covers a service at a tier, and which of the desk's
// numbers a requester is told to call. No I/O here.
import type { Tier } from '../../domain/vocabulary.ts';
import { isStaff, type Role } from '../../platform/auth/roles.ts';
import type { FieldError } from '../../platform/errors.ts';

export const LOCATION_KINDS = ['room', 'bed', 'bay', 'station', 'area', 'other'] as const;
export const PROVIDER_KINDS = ['in_house', 'outsourcer', 'ehr_vendor', 'other_vendor'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export const SERVICE_KINDS = ['application', 'module', 'device', 'infrastructure'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

// Phones ------------------------------------------------------------------------------------------------------------

/** The desk is in the US unless told otherwise: ten-digit numbers get country code 1. */
export const DEFAULT_COUNTRY_CODE = '1';
const PHONE_CHARACTERS = /^\+?[\d\s().\-/]+$/;
export const PHONE_HINT =
  'is not a phone number: use 10 digits (US), + and the country code for others, or a 4–7 digit extension';

/**
 * A phone number as the digits the phone system sends: the country code and number without "+"
 * ("(555) 123-4567" → "15551234567", "+44 20 7946 0000" → "442079460000"), or a hospital extension ("4521").
 * Null when it cannot be a phone number.
 */
export function normalisePhone(raw: string, countryCode = DEFAULT_COUNTRY_CODE): string | null {
  const s = raw.trim();
  if (!PHONE_CHARACTERS.test(s)) return null;
  const digits = s.replace(/\D/g, '');
  if (s.startsWith('+')) return /^[1-9]\d{7,14}$/.test(digits) ? digits : null;
  if (digits.length >= 4 && digits.length <= 7) return digits;
  if (digits.length === 10) {
    // North American area codes never start with 0 or 1.
    if (countryCode === '1' && !/^[2-9]/.test(digits)) return null;
    return countryCode + digits;
  }
  // Eleven to fifteen digits already carry their country code (e.g. a number normalised before).
  return /^[1-9]\d{10,14}$/.test(digits) ? digits : null;
}

/** The digits to look for when someone searches the directory by phone, or null when the query is not a number. */
export function phoneSearchDigits(query: string): string | null {
  const s = query.trim();
  if (!PHONE_CHARACTERS.test(s)) return null;
  const digits = s.replace(/\D/g, '');
  return digits.length >= 4 ? digits : null;
}

// Time zones --------------------------------------------------------------------------------------------------------

/** The IANA zone's canonical spelling ("america/chicago" → "America/Chicago"), or null when it is not one. */
export function canonicalTimeZone(zone: string): string | null {
  const known = zoneCache.get(zone);
  if (known !== undefined) return known;
  const canonical = resolveZone(zone);
  // Asking Intl costs ~70 µs; an import of 20,000 rows names the same few zones over and over.
  if (zoneCache.size < 1000) zoneCache.set(zone, canonical);
  return canonical;
}
const zoneCache = new Map<string, string | null>();

function resolveZone(zone: string): string | null {
  // Offsets such as "+05:00" are accepted by Intl but are not zones: calendars need daylight-saving rules.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function timeZoneProblem(zone: string): string {
  return `"${zone.slice(0, 80)}" is not an IANA time zone (for example America/New_York)`;
}

// Codes -------------------------------------------------------------------------------------------------------------

/** Facility and unit codes: what people type and print on labels ("SMH", "4W", "ICU-2"). */
export const CODE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,39}$/u;
export const CODE_HINT = 'must be 1–40 letters, digits, ".", "_" or "-", starting with a letter or digit';

export function isCode(s: string): boolean {
  return CODE_PATTERN.test(s);
}

// Places ------------------------------------------------------------------------------------------------------------

/**
 * Where a person or thing sits. The unit decides the facility; a facility given with a unit must be the unit's.
 * Returns the placement, or the problem with the facility named.
 */
export function placement(
  facilityId: string | null,
  unit: { id: string; facilityId: string } | null,
): { facilityId: string | null; unitId: string | null } | { problem: string } {
  if (!unit) return { facilityId, unitId: null };
  if (facilityId !== null && facilityId !== unit.facilityId) return { problem: 'is not the facility of the unit' };
  return { facilityId: unit.facilityId, unitId: unit.id };
}

// Services ----------------------------------------------------------------------------------------------------------

/** Modules hang under an application (Epic → "ClinDoc"); nothing else has a parent. */
export function parentProblem(kind: ServiceKind, parent: { kind: string } | null): string | null {
  if (kind !== 'module') return parent ? 'only modules have a parent application' : null;
  if (!parent) return 'is required for a module: its application';
  return parent.kind === 'application' ? null : `has kind ${parent.kind}, not application`;
}

// Skills ------------------------------------------------------------------------------------------------------------

export type Skill = { kind: 'service'; serviceId: string } | { kind: 'credential'; credential: string };
const SERVICE_SKILL = /^service:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const CREDENTIAL_SKILL = /^credential:([A-Za-z][A-Za-z0-9-]{0,19})$/;
export const SKILL_HINT = 'must be "service:<service id>" or "credential:<code>" such as credential:RN';

/** What a staff member knows: a service (application, module, device…) or a clinical credential. */
export function parseSkill(s: string): Skill | null {
  const service = SERVICE_SKILL.exec(s);
  if (service) return { kind: 'service', serviceId: service[1]! };
  const credential = CREDENTIAL_SKILL.exec(s);
  return credential ? { kind: 'credential', credential: credential[1]! } : null;
}

// Support groups and coverage ---------------------------------------------------------------------------------------

/** Requesters do not work tickets; vendor accounts see only their provider's tickets, so only vendor-tier groups. */
export function membershipProblem(role: Role, groupTier: Tier): string | null {
  if (role === 'requester') return 'is a requester account, which cannot work tickets';
  if (role === 'vendor' && groupTier !== 'vendor') return 'is a vendor account, which belongs in vendor-tier groups';
  return null;
}

/** A group covers a service only at its own tier. */
export function coverageProblem(groupTier: Tier, tier: Tier): string | null {
  return groupTier === tier ? null : `is a ${groupTier} group, so it cannot cover ${tier}`;
}

export type CoverageEntry = { serviceId: string; tier: Tier; groupId: string; providerId: string };

/** Who handles a service at a tier: its own coverage, else (a module) its application's, else nobody. */
export function chooseCoverage(
  entries: readonly CoverageEntry[],
  service: { id: string; parentId: string | null },
  tier: Tier,
): { groupId: string; providerId: string } | null {
  const own = entries.find((e) => e.serviceId === service.id && e.tier === tier);
  const inherited = service.parentId
    ? entries.find((e) => e.serviceId === service.parentId && e.tier === tier)
    : undefined;
  const chosen = own ?? inherited;
  return chosen ? { groupId: chosen.groupId, providerId: chosen.providerId } : null;
}

/** A Tier 1-Plus group as the intake rule weighs it: whose it is, and how many services it covers at Tier 1-Plus. */
export type FirstLineGroup = {
  id: string;
  name: string;
  providerId: string;
  providerKind: ProviderKind;
  coveredServices: number;
};

/**
 * The desk's intake: the Tier 1-Plus group that receives a ticket no coverage names (no service chosen yet, as with
 * most email and many portal tickets, or a service without Tier 1-Plus coverage), so it sits in a group's queue like
 * every other ticket. The first-line group that covers the most services (the desk's main first line), then the
 * hospital's own (in-house) before an outsourcer's, then by name; null when the desk has no Tier 1-Plus group.
 */
export function intakeGroup(groups: readonly FirstLineGroup[]): { groupId: string; providerId: string } | null {
  const ranked = [...groups].sort(
    (a, b) =>
      b.coveredServices - a.coveredServices ||
      Number(b.providerKind === 'in_house') - Number(a.providerKind === 'in_house') ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const chosen = ranked[0];
  return chosen ? { groupId: chosen.id, providerId: chosen.providerId } : null;
}

/** Support groups and providers are the desk's business; requesters and vendors see places and services only. */
export function seesSupportDetails(role: Role): boolean {
  return isStaff(role);
}

// The desk's phone numbers ----------------------------------------------------------------------------------------

export type DeskPhoneNumbers = {
  main: string | null;
  providerLine: string | null;
  facilities: { facilityId: string; phone: string }[];
};

/** Each facility row must name a facility (one of `names`) and list it once; a problem per offending row. */
export function deskPhoneProblems(
  listed: readonly { facilityId: string }[],
  names: ReadonlyMap<string, string>,
): FieldError[] {
  const seen = new Set<string>();
  return listed.flatMap((f, i) => {
    const field = `facilities.${i}.facilityId`;
    if (!names.has(f.facilityId)) return [{ field, message: 'is not a facility' }];
    if (seen.has(f.facilityId)) return [{ field, message: `lists ${names.get(f.facilityId)} a second time` }];
    seen.add(f.facilityId);
    return [];
  });
}

/** The number a requester should call: their facility's, else the desk's main line; the provider line to providers. */
export function deskPhonesFor(
  numbers: DeskPhoneNumbers,
  person: { facilityId: string | null; facility: string | null; provider: boolean } | undefined,
): { desk: { label: string; phone: string } | null; providerLine: string | null } {
  const own = person?.facilityId ? numbers.facilities.find((f) => f.facilityId === person.facilityId) : undefined;
  const desk = own
    ? { label: `Service desk for ${person?.facility ?? 'your facility'}`, phone: own.phone }
    : numbers.main
      ? { label: 'Service desk', phone: numbers.main }
      : null;
  return { desk, providerLine: person?.provider ? numbers.providerLine : null };
}
