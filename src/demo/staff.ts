// The desk's staff (~35 accounts across the tiers) and the demo sign-in accounts, wired into the organisation:
// each account has a person row, group memberships and skills. Only the demo accounts get a password.
import type { ClinicalRole } from '../domain/vocabulary.ts';
import type { Role } from '../platform/auth/roles.ts';
import { type Rng, uuidAt } from '../platform/seeded-random.ts';
import { DEMO_ACCOUNTS } from './accounts.ts';
import { GROUPS, type ProviderKey, SERVICES } from './catalogue.ts';
import { EMAIL_DOMAIN, type Unit } from './organisation.ts';
import type { PeopleBooks, Person } from './people.ts';

type StaffDef = {
  username: string;
  displayName: string;
  role: Role;
  provider: ProviderKey;
  groups: string[];
  credentials?: string[];
};

/** What every Tier 1-Plus agent is trained on, beyond the services their groups cover. */
const TIER1_KNOWS = ['account', 'sso', 'vdi', 'email'];
const s = (
  username: string,
  displayName: string,
  role: Role,
  provider: ProviderKey,
  groups: string[],
  credentials: string[] = [],
): StaffDef => ({ username, displayName, role, provider, groups, credentials });

export const STAFF: readonly StaffDef[] = [
  s('admin', 'Avery Admin', 'admin', 'in_house', []),
  s('agent', 'Jordan Reyes', 'agent', 'in_house', ['days', 'provider']),
  s('analyst', 'Priya Natarajan', 'analyst', 'in_house', ['orders', 'ed']),
  s('engineer', 'Marcus Feld', 'engineer', 'in_house', ['platform', 'integration']),
  s('manager', 'Dana Whitfield', 'manager', 'in_house', ['days']),
  s('vendor', 'Lee Okafor (EHR vendor)', 'vendor', 'ehr_vendor', ['vendor']),
  s('kbanerjee', 'Kavya Banerjee', 'agent', 'in_house', ['days'], ['RN']),
  s('tmorales', 'Tomas Morales', 'agent', 'in_house', ['days']),
  s('lnguyen', 'Linh Nguyen', 'agent', 'in_house', ['days'], ['CPhT']),
  s('bwashington', 'Brianna Washington', 'agent', 'in_house', ['days']),
  s('dkowalski', 'Derek Kowalski', 'agent', 'in_house', ['days'], ['RRT']),
  s('ahaddad', 'Amal Haddad', 'agent', 'in_house', ['provider', 'days'], ['RN']),
  s('mcho', 'Min-jun Cho', 'agent', 'in_house', ['provider', 'days']),
  s('rsantos', 'Renata Santos', 'agent', 'outsourcer', ['nights']),
  s('okim', 'Oliver Kim', 'agent', 'outsourcer', ['nights']),
  s('fmensah', 'Faith Mensah', 'agent', 'outsourcer', ['nights'], ['LPN']),
  s('vpetrov', 'Viktor Petrov', 'agent', 'outsourcer', ['nights']),
  s('gadeyemi', 'Grace Adeyemi', 'analyst', 'in_house', ['inpatient'], ['RN']),
  s('hsullivan', 'Helen Sullivan', 'analyst', 'in_house', ['inpatient', 'ed'], ['RN']),
  s('rbose', 'Rohan Bose', 'analyst', 'in_house', ['pharmacy'], ['PharmD']),
  s('cvargas', 'Camila Vargas', 'analyst', 'in_house', ['ancillary'], ['MLS']),
  s('jpark', 'Jae-won Park', 'analyst', 'in_house', ['periop'], ['RN']),
  s('ewright', 'Ethan Wright', 'analyst', 'in_house', ['access', 'ambulatory']),
  s('mibrahim', 'Mariam Ibrahim', 'analyst', 'in_house', ['revenue'], ['CPC']),
  s('tnakamura', 'Takeshi Nakamura', 'analyst', 'in_house', ['iam']),
  s('sgreene', 'Sophie Greene', 'analyst', 'in_house', ['imaging', 'ancillary'], ['RT(R)']),
  s('aortiz', 'Andres Ortiz', 'analyst', 'in_house', ['ambulatory', 'orders', 'iam']),
  s('kowusu', 'Kofi Owusu', 'engineer', 'in_house', ['network']),
  s('nrossi', 'Nina Rossi', 'engineer', 'in_house', ['telecom', 'network']),
  s('pwang', 'Peter Wang', 'engineer', 'in_house', ['integration', 'platform']),
  s('djenkins', 'Dwayne Jenkins', 'engineer', 'outsourcer', ['field']),
  s('lsilva', 'Lucas Silva', 'engineer', 'outsourcer', ['field']),
  s('icarvalho', 'Ines Carvalho', 'vendor', 'ehr_vendor', ['vendor']),
  s('tlindqvist', 'Tove Lindqvist', 'manager', 'in_house', []),
];

const DOMAINS: Record<ProviderKey, string> = {
  in_house: EMAIL_DOMAIN,
  outsourcer: 'harborline.example',
  ehr_vendor: 'ehrvendor.example',
};

export type UserRow = {
  id: string;
  username: string;
  displayName: string;
  email: string;
  role: Role;
  passwordHash: string | null;
};
export type StaffMember = UserRow & { groups: string[]; person: Person };

export type StaffInput = {
  units: Unit[];
  groupIds: Map<string, string>;
  serviceIds: Map<string, string>;
  providerIds: Map<ProviderKey, string>;
  books: PeopleBooks;
  passwordHash: string;
  createdMs: number;
};

/** Every account: staff (with the demo staff accounts), then the demo nurse and doctor as requesters. */
export function buildStaff(rng: Rng, input: StaffInput) {
  const demo = new Map(DEMO_ACCOUNTS.map((a) => [a.username, a]));
  const unit = (facility: string, code: string) =>
    input.units.find((u) => u.facility.code === facility && u.code === code)!;
  const desk = unit('SMMC', 'ISD');
  const users: UserRow[] = [];
  const people: Person[] = [];
  const members: { groupId: string; userId: string }[] = [];
  const skills: { userId: string; skill: string }[] = [];
  const staff: StaffMember[] = [];
  for (const a of DEMO_ACCOUNTS) input.books.emails.reserve(a.email);

  for (const d of STAFF) {
    const account = demo.get(d.username);
    const [first = d.displayName, last = ''] = d.displayName.replace(/ \(.*\)$/, '').split(' ');
    const email = account?.email ?? input.books.emails.take(first, last, DOMAINS[d.provider]);
    const user: UserRow = {
      id: uuidAt(rng, input.createdMs),
      username: d.username,
      displayName: account?.displayName ?? d.displayName,
      email,
      role: account?.role ?? d.role,
      passwordHash: account ? input.passwordHash : null,
    };
    const inHouse = d.provider === 'in_house';
    const person = personFor(rng, input, user, inHouse ? desk : null, 'it', null);
    person.providerOrgId = inHouse ? null : input.providerIds.get(d.provider)!;
    person.employeeId = inHouse ? input.books.nextEmployeeId() : null;
    person.sensitive = user.role !== 'agent';
    users.push(user);
    people.push(person);
    for (const key of d.groups) members.push({ groupId: input.groupIds.get(key)!, userId: user.id });
    for (const c of d.credentials ?? []) skills.push({ userId: user.id, skill: `credential:${c}` });
    for (const key of knownServices(d))
      skills.push({ userId: user.id, skill: `service:${input.serviceIds.get(key)!}` });
    staff.push({ ...user, groups: d.groups, person });
  }

  const requesters: [string, ClinicalRole, Unit, string][] = [
    ['nurse', 'rn', unit('SMMC', '4W'), 'Medical-Surgical Nursing'],
    ['doctor', 'attending', unit('SMMC', 'ED'), 'Emergency Medicine'],
  ];
  const demoRequesters: Person[] = [];
  for (const [username, role, home, specialty] of requesters) {
    const a = demo.get(username)!;
    const user: UserRow = { id: uuidAt(rng, input.createdMs), ...a, passwordHash: input.passwordHash };
    const person = personFor(rng, input, user, home, role, specialty);
    person.provider = role === 'attending';
    person.superUser = role === 'rn';
    // The demo nurse also leads her unit: she is told of outages and planned downtime on it (docs/incidents.md).
    if (role === 'rn') person.leadsUnit = true;
    users.push(user);
    people.push(person);
    demoRequesters.push(person);
  }
  return { users, people, members, skills, staff, demoRequesters };
}

function knownServices(d: StaffDef): string[] {
  const tier1 = d.groups.some((g) => GROUPS.find((x) => x.key === g)?.tier === 'tier1');
  const keys = new Set(tier1 ? TIER1_KNOWS : []);
  for (const svc of SERVICES) {
    if (tier1 && svc.parent === 'ehr') keys.add(svc.key);
    if (d.groups.includes('vendor') && svc.vendor) keys.add(svc.key);
    if ((svc.tier2 && d.groups.includes(svc.tier2)) || (svc.tier3 && d.groups.includes(svc.tier3))) keys.add(svc.key);
  }
  return [...keys].sort();
}

function personFor(
  rng: Rng,
  input: StaffInput,
  user: UserRow,
  unit: Unit | null,
  role: ClinicalRole,
  specialty: string | null,
): Person {
  const area = unit?.facility.areaCode ?? '312';
  return {
    id: uuidAt(rng, input.createdMs),
    employeeId: input.books.nextEmployeeId(),
    displayName: user.displayName,
    clinicalRole: role,
    specialty,
    unit,
    phones: [input.books.phones.take(area)],
    email: user.email,
    managerId: null,
    provider: false,
    sensitive: false,
    superUser: false,
    userId: user.id,
    providerOrgId: null,
    active: true,
  };
}
