// Builds the demo directory in memory (organisation, catalogue, providers, groups, coverage, accounts, people)
// and writes it in bulk. Building is pure and deterministic; writing is a handful of batched inserts.
import type { Queryable } from '../platform/db/connect.ts';
import { type Rng, uuidAt } from '../platform/seeded-random.ts';
import { assetsFor } from './assets.ts';
import { coverageOf, GROUPS, PROVIDERS, type ProviderKey, SERVICES } from './catalogue.ts';
import { buildOrganisation, type Organisation } from './organisation.ts';
import { buildRequesters, EmailBook, type Person, PhoneBook } from './people.ts';
import { buildStaff, type UserRow } from './staff.ts';
import type { GroupInfo, ServiceInfo, World } from './world.ts';
import { cols, insertAll } from './writer.ts';

export type Directory = {
  org: Organisation;
  providers: { id: string; key: ProviderKey; name: string }[];
  services: { key: string; id: string; parentId: string | null; kind: string; name: string; critical: boolean }[];
  groups: (GroupInfo & { description: string })[];
  coverage: { serviceId: string; tier: string; groupId: string }[];
  users: UserRow[];
  people: Person[];
  members: { groupId: string; userId: string }[];
  skills: { userId: string; skill: string }[];
  requesters: Person[];
  demoRequesters: Person[];
  createdMs: number;
};

export function buildDirectory(rng: Rng, createdMs: number, passwordHash: string, requesterCount: number): Directory {
  const id = () => uuidAt(rng, createdMs);
  const providers = PROVIDERS.map((p) => ({ id: id(), ...p }));
  const providerIds = new Map(providers.map((p) => [p.key, p.id]));
  const serviceIds = new Map(SERVICES.map((s) => [s.key, id()]));
  const services = SERVICES.map((s) => ({
    key: s.key,
    id: serviceIds.get(s.key)!,
    parentId: s.parent ? serviceIds.get(s.parent)! : null,
    kind: s.kind,
    name: s.name,
    critical: s.critical,
  }));
  const groups = GROUPS.map((g) => ({
    key: g.key,
    id: id(),
    name: g.name,
    tier: g.tier,
    providerId: providerIds.get(g.provider)!,
    members: [] as string[],
    description: g.description,
  }));
  const groupIds = new Map(groups.map((g) => [g.key, g.id]));
  const coverage = SERVICES.flatMap((s) =>
    coverageOf(s).map((c) => ({ serviceId: serviceIds.get(s.key)!, tier: c.tier, groupId: groupIds.get(c.group)! })),
  );
  const org = buildOrganisation(rng, createdMs, assetsFor);
  let employee = 100_200;
  const nextEmployeeId = () => {
    employee += 3;
    return `E${employee}`;
  };
  const books = { phones: new PhoneBook(), emails: new EmailBook(), nextEmployeeId };
  const staff = buildStaff(rng, {
    units: org.units,
    groupIds,
    serviceIds,
    providerIds,
    books,
    passwordHash,
    createdMs,
  });
  // Who takes tickets in each group: its members, except managers (members for reports, not for the queue).
  const managers = new Set(staff.users.filter((u) => u.role === 'manager').map((u) => u.id));
  for (const m of staff.members) {
    if (!managers.has(m.userId)) groups.find((g) => g.id === m.groupId)!.members.push(m.userId);
  }
  const requesters = buildRequesters(rng, org.units, requesterCount, books, createdMs);
  return {
    org,
    providers,
    services,
    groups,
    coverage,
    users: staff.users,
    people: [...staff.people, ...requesters],
    members: staff.members,
    skills: staff.skills,
    requesters: [...requesters, ...staff.demoRequesters],
    demoRequesters: staff.demoRequesters,
    createdMs,
  };
}

export function worldOf(dir: Directory, now: number): World {
  const services = new Map<string, ServiceInfo>();
  for (const s of SERVICES) {
    const row = dir.services.find((r) => r.key === s.key)!;
    services.set(s.key, {
      id: row.id,
      critical: s.critical,
      parentKey: s.parent ?? null,
      tier2: s.tier2,
      tier3: s.tier3,
    });
  }
  return {
    now,
    facilities: dir.org.facilities,
    services,
    groups: new Map(dir.groups.map((g) => [g.key, g])),
    providers: new Map(dir.providers.map((p) => [p.key, p.id])),
    names: new Map(dir.users.map((u) => [u.id, u.displayName])),
  };
}

/** Writes the directory; returns row counts per table. */
export async function writeDirectory(q: Queryable, dir: Directory): Promise<Record<string, number>> {
  const at = dir.createdMs;
  const units = dir.org.units;
  const n: Record<string, number> = {};
  n.facilities = await insertAll(
    q,
    'facilities',
    cols('id:uuid code:text name:text time_zone:text created_at:timestamptz'),
    dir.org.facilities,
    (f) => [f.id, f.code, f.name, f.timeZone, at],
  );
  n.units = await insertAll(
    q,
    'units',
    cols('id:uuid facility_id:uuid code:text name:text kind:text clinical:boolean created_at:timestamptz'),
    units,
    (u) => [u.id, u.facility.id, u.code, u.name, u.kind, u.clinical, at],
  );
  n.locations = await insertAll(
    q,
    'locations',
    cols('id:uuid unit_id:uuid name:text kind:text created_at:timestamptz'),
    units.flatMap((u) => u.locations),
    (l) => [l.id, l.unitId, l.name, l.kind, at],
  );
  n.assets = await insertAll(
    q,
    'assets',
    cols('id:uuid tag:text device_type:text unit_id:uuid location_id:uuid description:text created_at:timestamptz'),
    units.flatMap((u) => u.assets),
    (a) => [a.id, a.tag, a.deviceType, a.unitId, a.locationId, a.description, at],
  );
  n.providers = await insertAll(
    q,
    'providers',
    cols('id:uuid name:text kind:text created_at:timestamptz'),
    dir.providers,
    (p) => [p.id, p.name, p.key, at],
  );
  n.services = await insertAll(
    q,
    'services',
    cols('id:uuid parent_id:uuid kind:text name:text clinical_critical:boolean created_at:timestamptz'),
    dir.services,
    (s) => [s.id, s.parentId, s.kind, s.name, s.critical, at],
  );
  n.groups = await insertAll(
    q,
    'groups',
    cols('id:uuid name:text tier:text provider_id:uuid description:text created_at:timestamptz'),
    dir.groups,
    (g) => [g.id, g.name, g.tier, g.providerId, g.description, at],
  );
  n.coverage = await insertAll(q, 'coverage', cols('service_id:uuid tier:text group_id:uuid'), dir.coverage, (c) => [
    c.serviceId,
    c.tier,
    c.groupId,
  ]);
  n.users = await insertAll(
    q,
    'users',
    cols(
      'id:uuid username:text display_name:text email:text role:text password_hash:text created_at:timestamptz updated_at:timestamptz',
    ),
    dir.users,
    (u) => [u.id, u.username, u.displayName, u.email, u.role, u.passwordHash, at, at],
  );
  n.people = await insertAll(
    q,
    'people',
    cols(
      'id:uuid employee_id:text display_name:text clinical_role:text specialty:text facility_id:uuid unit_id:uuid phones:text[] email:text manager_id:uuid provider:boolean sensitive:boolean super_user:boolean user_id:uuid provider_org_id:uuid active:boolean created_at:timestamptz',
    ),
    dir.people,
    (p) => [
      p.id,
      p.employeeId,
      p.displayName,
      p.clinicalRole,
      p.specialty,
      p.unit?.facility.id ?? null,
      p.unit?.id ?? null,
      p.phones,
      p.email,
      p.managerId,
      p.provider,
      p.sensitive,
      p.superUser,
      p.userId,
      p.providerOrgId,
      p.active,
      at,
    ],
  );
  n.unit_leaders = await insertAll(
    q,
    'unit_leaders',
    cols('unit_id:uuid person_id:uuid created_at:timestamptz'),
    dir.people.filter((p) => p.leadsUnit && p.unit),
    (p) => [p.unit!.id, p.id, at],
  );
  n.group_members = await insertAll(q, 'group_members', cols('group_id:uuid user_id:uuid'), dir.members, (m) => [
    m.groupId,
    m.userId,
  ]);
  n.skills = await insertAll(q, 'skills', cols('user_id:uuid skill:text'), dir.skills, (s) => [s.userId, s.skill]);
  return n;
}
