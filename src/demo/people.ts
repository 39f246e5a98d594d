// The requesters: ~2,000 people across the units, with a realistic clinical-role mix (nurses most), specialties
// for providers, phones on file, a manager on record for most, and the provider / sensitive / super-user flags.
import type { ClinicalRole } from '../domain/vocabulary.ts';
import { type Rng, uuidAt } from '../platform/seeded-random.ts';
import { FIRST_NAMES, LAST_NAMES } from './names.ts';
import { EMAIL_DOMAIN, type Unit } from './organisation.ts';

export type Person = {
  id: string;
  employeeId: string | null;
  displayName: string;
  clinicalRole: ClinicalRole;
  specialty: string | null;
  /** Null for outsourcer and vendor staff. */
  unit: Unit | null;
  phones: string[];
  email: string;
  managerId: string | null;
  provider: boolean;
  sensitive: boolean;
  superUser: boolean;
  userId: string | null;
  providerOrgId: string | null;
  active: boolean;
  /** Leads their unit (unit_leaders): each unit's manager on record, and the demo nurse on hers. */
  leadsUnit?: true;
};

type Mix = readonly (readonly [ClinicalRole, number])[];

function roleMix(unit: Unit): Mix {
  switch (unit.workforce) {
    case 'registration':
      return [
        ['registration', 90],
        ['other', 10],
      ];
    case 'billing':
      return [
        ['revenue_cycle', 95],
        ['other', 5],
      ];
    case 'him':
      return [
        ['revenue_cycle', 45],
        ['other', 55],
      ];
    case 'rt':
      return [['tech', 100]];
    case 'it':
      return [];
  }
  switch (unit.kind) {
    case 'ed':
      return [
        ['rn', 50],
        ['attending', 12],
        ['resident', 8],
        ['app', 8],
        ['tech', 8],
        ['registration', 7],
        ['unit_clerk', 7],
      ];
    case 'or':
      return [
        ['rn', 42],
        ['tech', 20],
        ['attending', 20],
        ['resident', 6],
        ['app', 8],
        ['unit_clerk', 4],
      ];
    case 'outpatient':
      return [
        ['rn', 22],
        ['attending', 24],
        ['app', 12],
        ['tech', 18],
        ['registration', 18],
        ['other', 6],
      ];
    case 'pharmacy':
      return [
        ['pharmacist', 60],
        ['tech', 40],
      ];
    case 'lab':
      return [
        ['tech', 85],
        ['attending', 5],
        ['other', 10],
      ];
    case 'radiology':
      return [
        ['tech', 68],
        ['attending', 15],
        ['rn', 8],
        ['registration', 9],
      ];
    default:
      return [
        ['rn', 66],
        ['unit_clerk', 7],
        ['tech', 9],
        ['attending', 6],
        ['resident', 5],
        ['app', 4],
        ['other', 3],
      ];
  }
}

const TECH_TITLE: Partial<Record<string, string>> = {
  pharmacy: 'Pharmacy Technician',
  lab: 'Medical Laboratory Science',
  radiology: 'Radiologic Technology',
  or: 'Surgical Technology',
  outpatient: 'Medical Assistant',
  support: 'Respiratory Therapy',
};

function specialtyOf(rng: Rng, role: ClinicalRole, unit: Unit): string | null {
  if (role === 'attending' || role === 'resident' || role === 'app') {
    return unit.specialties.length ? rng.pick(unit.specialties) : 'Internal Medicine';
  }
  if (role === 'pharmacist') return rng.pick(['Clinical Pharmacy', 'Critical Care Pharmacy', 'Oncology Pharmacy']);
  if (role === 'tech') return TECH_TITLE[unit.kind] ?? 'Patient Care Technician';
  if (role === 'revenue_cycle') return rng.pick(['Patient Accounts', 'Coding', 'Claims Follow-Up', 'Charge Capture']);
  return null;
}

function credential(rng: Rng, role: ClinicalRole, unit: Unit): string {
  switch (role) {
    case 'attending':
    case 'resident':
      return rng.chance(0.85) ? ', MD' : ', DO';
    case 'app':
      return unit.kind === 'or' && rng.chance(0.5) ? ', CRNA' : rng.chance(0.6) ? ', NP' : ', PA-C';
    case 'rn':
      return ', RN';
    case 'pharmacist':
      return ', PharmD';
    default:
      return '';
  }
}

/** Unique US "555" numbers per area code, normalised to digits (e.g. "13125550147"). */
export class PhoneBook {
  private next = new Map<string, number>();
  take(areaCode: string): string {
    const k = this.next.get(areaCode) ?? 0;
    this.next.set(areaCode, k + 1);
    return `1${areaCode}555${String((k * 7919 + 1031) % 10_000).padStart(4, '0')}`;
  }
}

const MOBILE_AREA: Record<string, string> = { SMMC: '773', SMLH: '630', SMHC: '616' };

export class EmailBook {
  private used = new Set<string>();
  reserve(email: string): void {
    this.used.add(email.toLowerCase());
  }
  take(first: string, last: string, domain = EMAIL_DOMAIN): string {
    const base = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    for (let n = 1; ; n++) {
      const email = `${base}${n === 1 ? '' : n}@${domain}`;
      if (!this.used.has(email)) {
        this.used.add(email);
        return email;
      }
    }
  }
}

export type PeopleBooks = { phones: PhoneBook; emails: EmailBook; nextEmployeeId: () => string };

export function buildRequesters(rng: Rng, units: Unit[], total: number, books: PeopleBooks, createdMs: number) {
  const staffed = units.filter((u) => u.staff > 0);
  const weight = staffed.reduce((s, u) => s + u.staff, 0);
  const people: Person[] = [];
  let allocated = 0;
  let cumulative = 0;
  for (const unit of staffed) {
    cumulative += unit.staff;
    const count = Math.round((cumulative / weight) * total) - allocated;
    allocated += count;
    const mix = roleMix(unit);
    const members: Person[] = [];
    for (let i = 0; i < count; i++) members.push(makePerson(rng, unit, rng.weighted(mix), books, createdMs));
    // The unit's manager on record: its first nurse (or first member), whom most of the unit report to.
    const manager = members.find((p) => p.clinicalRole === 'rn') ?? members[0];
    if (manager) {
      manager.sensitive = true;
      manager.leadsUnit = true;
    }
    for (const p of members) {
      if (p !== manager && manager && rng.chance(0.75)) p.managerId = manager.id;
    }
    people.push(...members);
  }
  return people;
}

function makePerson(rng: Rng, unit: Unit, role: ClinicalRole, books: PeopleBooks, createdMs: number): Person {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const provider = role === 'attending' || role === 'resident' || role === 'app';
  const phones = [books.phones.take(unit.facility.areaCode)];
  if (rng.chance(provider ? 0.8 : 0.35)) phones.push(books.phones.take(MOBILE_AREA[unit.facility.code] ?? '773'));
  const goLiveSite = unit.facility.code === 'SMLH';
  return {
    id: uuidAt(rng, createdMs),
    employeeId: books.nextEmployeeId(),
    displayName: `${first} ${last}${credential(rng, role, unit)}`,
    clinicalRole: role,
    specialty: specialtyOf(rng, role, unit),
    unit,
    phones,
    email: books.emails.take(first, last),
    managerId: null,
    provider,
    sensitive: role === 'revenue_cycle' || (unit.workforce === 'him' && rng.chance(0.5)),
    superUser: (role === 'rn' || role === 'unit_clerk') && rng.chance(goLiveSite ? 0.06 : 0.02),
    userId: null,
    providerOrgId: null,
    active: rng.chance(0.98),
  };
}
