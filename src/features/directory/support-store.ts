// SQL of support: groups and their members, staff skills, and which group covers a service at a tier.
import { and, asc, count, eq, ilike, inArray, sql } from 'drizzle-orm';
import type { Tier } from '../../domain/vocabulary.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { users } from '../../platform/db/schema.ts';
import type { CoverageEntry, FirstLineGroup } from './rules.ts';
import { allOf, containing, type Page, paged } from './store.ts';
import { coverage, groupMembers, groups, providers, skills } from './tables.ts';

export type GroupRow = typeof groups.$inferSelect;

// Groups -----------------------------------------------------------------------------------------------------------

export function listGroups(db: Queryable, f: { tier?: Tier; providerId?: string; q?: string } & Page) {
  const where = allOf(
    f.tier ? eq(groups.tier, f.tier) : undefined,
    f.providerId ? eq(groups.providerId, f.providerId) : undefined,
    f.q ? ilike(groups.name, containing(f.q)) : undefined,
  );
  return paged(
    db.select().from(groups).where(where).orderBy(asc(groups.name)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(groups).where(where),
  );
}

export async function findGroup(db: Queryable, id: string): Promise<GroupRow | undefined> {
  return (await db.select().from(groups).where(eq(groups.id, id)).limit(1))[0];
}

export async function insertGroup(db: Queryable, row: typeof groups.$inferInsert): Promise<GroupRow> {
  return (await db.insert(groups).values(row).returning())[0]!;
}

export async function updateGroup(db: Queryable, id: string, set: Partial<typeof groups.$inferInsert>) {
  return (await db.update(groups).set(set).where(eq(groups.id, id)).returning())[0];
}

/** Member user ids of each group, by group id. */
export async function membersOf(db: Queryable, groupIds: string[]): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return members;
  const rows = await db
    .select()
    .from(groupMembers)
    .where(inArray(groupMembers.groupId, groupIds))
    .orderBy(asc(groupMembers.userId));
  for (const r of rows) members.get(r.groupId)?.push(r.userId);
  return members;
}

export async function replaceMembers(db: Queryable, groupId: string, userIds: string[]) {
  await db.delete(groupMembers).where(eq(groupMembers.groupId, groupId));
  if (userIds.length) await db.insert(groupMembers).values(userIds.map((userId) => ({ groupId, userId })));
}

/** The accounts among `ids`, with their roles (unknown ids are simply missing). */
export async function accountsByIds(db: Queryable, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select({ id: users.id, role: users.role }).from(users).where(inArray(users.id, ids));
}

export async function coveredTiersOf(db: Queryable, groupId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ tier: coverage.tier }).from(coverage).where(eq(coverage.groupId, groupId));
  return rows.map((r) => r.tier);
}

// Skills -----------------------------------------------------------------------------------------------------------

export function listSkills(db: Queryable, f: { userId?: string; skill?: string } & Page) {
  const where = allOf(
    f.userId ? eq(skills.userId, f.userId) : undefined,
    f.skill ? eq(skills.skill, f.skill) : undefined,
  );
  return paged(
    db
      .select()
      .from(skills)
      .where(where)
      .orderBy(asc(skills.userId), asc(skills.skill))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(skills).where(where),
  );
}

export async function replaceSkills(db: Queryable, userId: string, list: string[]) {
  await db.delete(skills).where(eq(skills.userId, userId));
  if (list.length) await db.insert(skills).values(list.map((skill) => ({ userId, skill })));
}

// Coverage ---------------------------------------------------------------------------------------------------------

const coverageColumns = {
  serviceId: coverage.serviceId,
  tier: sql<Tier>`${coverage.tier}`,
  groupId: coverage.groupId,
  providerId: groups.providerId,
};

export function listCoverage(db: Queryable, f: { serviceId?: string; tier?: Tier; groupId?: string } & Page) {
  const where = allOf(
    f.serviceId ? eq(coverage.serviceId, f.serviceId) : undefined,
    f.tier ? eq(coverage.tier, f.tier) : undefined,
    f.groupId ? eq(coverage.groupId, f.groupId) : undefined,
  );
  return paged<CoverageEntry>(
    db
      .select(coverageColumns)
      .from(coverage)
      .innerJoin(groups, eq(groups.id, coverage.groupId))
      .where(where)
      .orderBy(asc(coverage.serviceId), asc(coverage.tier))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(coverage).where(where),
  );
}

/** Coverage at a tier of any of these services (a module and its application). */
export async function coverageOf(db: Queryable, serviceIds: string[], tier: Tier): Promise<CoverageEntry[]> {
  if (serviceIds.length === 0) return [];
  return db
    .select(coverageColumns)
    .from(coverage)
    .innerJoin(groups, eq(groups.id, coverage.groupId))
    .where(and(inArray(coverage.serviceId, serviceIds), eq(coverage.tier, tier)));
}

/** Every Tier 1-Plus group with its provider's kind and the services it covers at Tier 1-Plus (the intake rule). */
export async function firstLineGroups(db: Queryable): Promise<FirstLineGroup[]> {
  return db
    .select({
      id: groups.id,
      name: groups.name,
      providerId: groups.providerId,
      providerKind: providers.kind,
      coveredServices: sql<number>`(SELECT count(*)::int FROM ${coverage} c
        WHERE c.group_id = ${groups.id} AND c.tier = 'tier1')`,
    })
    .from(groups)
    .innerJoin(providers, eq(providers.id, groups.providerId))
    .where(eq(groups.tier, 'tier1'));
}

export async function saveCoverage(db: Queryable, row: { serviceId: string; tier: Tier; groupId: string }) {
  await db
    .insert(coverage)
    .values(row)
    .onConflictDoUpdate({ target: [coverage.serviceId, coverage.tier], set: { groupId: row.groupId } });
}

export async function deleteCoverage(db: Queryable, serviceId: string, tier: Tier): Promise<boolean> {
  const rows = await db
    .delete(coverage)
    .where(and(eq(coverage.serviceId, serviceId), eq(coverage.tier, tier)))
    .returning({ serviceId: coverage.serviceId });
  return rows.length > 0;
}
