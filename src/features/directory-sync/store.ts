// SQL of LDAP / Active Directory: the connection, which entry each synchronised person is (with their account's
// state, joined), the units a department names, and the sync runs.
import { and, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/connect.ts';
import { users } from '../../platform/db/schema.ts';
import { people, units } from '../directory/tables.ts';
import { directoryConnections, directoryPeople, directorySyncRuns } from './tables.ts';

export type ConnectionRow = typeof directoryConnections.$inferSelect;

export async function findConnection(db: Queryable): Promise<ConnectionRow | undefined> {
  return (await db.select().from(directoryConnections).limit(1))[0];
}

export async function saveConnection(
  db: Queryable,
  row: Omit<typeof directoryConnections.$inferInsert, 'id'>,
): Promise<ConnectionRow> {
  const { createdAt: _c, ...set } = row;
  return (
    await db
      .insert(directoryConnections)
      .values({ ...row, id: true })
      .onConflictDoUpdate({ target: directoryConnections.id, set: { ...set, updatedAt: sql`now()` } })
      .returning()
  )[0]!;
}

export async function deleteConnection(db: Queryable): Promise<boolean> {
  return (await db.delete(directoryConnections).returning()).length > 0;
}

export async function markSynced(db: Queryable) {
  await db.update(directoryConnections).set({ lastSyncAt: sql`now()` });
}

// Synchronised people -----------------------------------------------------------------------------------------------

/** A synchronised person with what the sync compares: their fields and their account's state. */
export async function linkedPeople(db: Queryable) {
  return db
    .select({
      link: directoryPeople,
      person: {
        id: people.id,
        employeeId: people.employeeId,
        email: people.email,
        displayName: people.displayName,
        phones: people.phones,
        unitId: people.unitId,
        managerId: people.managerId,
        active: people.active,
        userId: people.userId,
      },
    })
    .from(directoryPeople)
    .innerJoin(people, eq(people.id, directoryPeople.personId));
}

export async function findLinkByEntry(db: Queryable, entryId: string) {
  return (await db.select().from(directoryPeople).where(eq(directoryPeople.entryId, entryId)).limit(1))[0];
}

export async function findLinkByPerson(db: Queryable, personId: string) {
  return (await db.select().from(directoryPeople).where(eq(directoryPeople.personId, personId)).limit(1))[0];
}

export async function upsertLink(db: Queryable, row: typeof directoryPeople.$inferInsert) {
  await db
    .insert(directoryPeople)
    .values(row)
    .onConflictDoUpdate({
      target: directoryPeople.personId,
      set: { entryId: row.entryId, dn: row.dn, lastSeenAt: sql`now()` },
    });
}

export async function setDisabledBySync(db: Queryable, personId: string, disabledBySync: boolean) {
  await db
    .update(directoryPeople)
    .set({ accountDisabledBySync: disabledBySync })
    .where(eq(directoryPeople.personId, personId));
}

/** People by their entries' DNs (case-insensitive), for managers. */
export async function personIdsByDn(db: Queryable, dns: string[]): Promise<Map<string, string>> {
  if (!dns.length) return new Map();
  const lower = [...new Set(dns.map((d) => d.toLowerCase()))];
  const rows = await db
    .select({ dn: directoryPeople.dn, personId: directoryPeople.personId })
    .from(directoryPeople)
    .where(inArray(sql`lower(${directoryPeople.dn})`, lower));
  return new Map(rows.map((r) => [r.dn.toLowerCase(), r.personId]));
}

/** Units by name or code (case-insensitive), for the directory's department: only names that pick one unit. */
export async function unitIdsByName(db: Queryable, names: string[]): Promise<Map<string, string>> {
  if (!names.length) return new Map();
  const lower = [...new Set(names.map((n) => n.toLowerCase()))];
  const rows = await db
    .select({ id: units.id, name: units.name, code: units.code })
    .from(units)
    .where(or(inArray(sql`lower(${units.name})`, lower), inArray(sql`lower(${units.code})`, lower)));
  const hits = new Map<string, string[]>();
  for (const r of rows) {
    for (const key of new Set([r.name.toLowerCase(), r.code.toLowerCase()])) {
      if (lower.includes(key)) hits.set(key, [...(hits.get(key) ?? []), r.id]);
    }
  }
  return new Map([...hits].filter(([, ids]) => ids.length === 1).map(([k, ids]) => [k, ids[0]!]));
}

/** Whether the account has a local password (such accounts are never managed by the directory). */
export async function accountsWithPassword(db: Queryable, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, userIds), isNotNull(users.passwordHash)));
  return new Set(rows.map((r) => r.id));
}

// Runs --------------------------------------------------------------------------------------------------------------

export async function insertRun(db: Queryable, row: typeof directorySyncRuns.$inferInsert) {
  await db.insert(directorySyncRuns).values(row);
}

export function recentRuns(db: Queryable, limit: number) {
  return db.select().from(directorySyncRuns).orderBy(desc(directorySyncRuns.finishedAt)).limit(limit);
}

export async function deleteOldRuns(db: Queryable, keep: number) {
  await db.execute(
    sql`DELETE FROM ${directorySyncRuns} WHERE ${directorySyncRuns.id} NOT IN (
      SELECT ${directorySyncRuns.id} FROM ${directorySyncRuns} ORDER BY ${directorySyncRuns.finishedAt} DESC LIMIT ${keep})`,
  );
}
