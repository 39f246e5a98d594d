// SQL of people: requesters and staff, searched by name (trigram) or by phone digits.
import { asc, count, desc, eq, getTableColumns, inArray, or, type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { rowFromJson, selectList } from '../../platform/db/json-rows.ts';
import { users } from '../../platform/db/schema.ts';
import { allOf, containing, type Page, paged } from './store.ts';
import { facilities, people, unitLeaders, units } from './tables.ts';

export type PersonRow = typeof people.$inferSelect;
export type PersonWithPlace = PersonRow & { facility: string | null; unit: string | null; leadsUnitIds: string[] };

/** What a search looks for: text in the name (or an exact employee ID), and phone digits when it looks like one. */
export type PersonSearch = { text: string; phoneDigits: string | null; phone: string | null };
export type PersonFilter = {
  search?: PersonSearch;
  unitId?: string;
  facilityId?: string;
  provider?: boolean;
  active?: boolean;
} & Page;

function withPlace(db: Queryable) {
  return db
    .select({
      ...getTableColumns(people),
      facility: facilities.name,
      unit: units.name,
      leadsUnitIds: sql<string[]>`coalesce((select array_agg(l.unit_id::text order by l.unit_id)
        from ${unitLeaders} l where l.person_id = ${people.id}), '{}'::text[])`,
    })
    .from(people)
    .leftJoin(facilities, eq(facilities.id, people.facilityId))
    .leftJoin(units, eq(units.id, people.unitId));
}

function matching(s: PersonSearch): SQL {
  const name = s.text.toLowerCase();
  return or(
    sql`lower(${people.displayName}) like ${containing(name)}`,
    sql`${name} <% lower(${people.displayName})`, // a similar word: "delgato" finds "Rosa Delgado"
    eq(people.employeeId, s.text),
    s.phone ? sql`${people.phones} @> array[${s.phone}]::text[]` : undefined,
    s.phoneDigits
      ? sql`exists (select 1 from unnest(${people.phones}) as p(phone) where p.phone like ${`%${s.phoneDigits}`})`
      : undefined,
  )!;
}

export function listPeople(db: Queryable, f: PersonFilter) {
  const where = allOf(
    f.search ? matching(f.search) : undefined,
    f.unitId ? eq(people.unitId, f.unitId) : undefined,
    f.facilityId ? eq(people.facilityId, f.facilityId) : undefined,
    f.provider !== undefined ? eq(people.provider, f.provider) : undefined,
    f.active !== undefined ? eq(people.active, f.active) : undefined,
  );
  const order = f.search
    ? [desc(sql`word_similarity(${f.search.text.toLowerCase()}, lower(${people.displayName}))`)]
    : [];
  return paged<PersonWithPlace>(
    withPlace(db)
      .where(where)
      .orderBy(...order, asc(people.displayName), asc(people.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(people).where(where),
  );
}

export async function findPerson(db: Queryable, id: string): Promise<PersonWithPlace | undefined> {
  return onePersonWithPlace(db, sql`p.id = ${id}::uuid`);
}

export async function findPersonOfUser(db: Queryable, userId: string): Promise<PersonWithPlace | undefined> {
  return onePersonWithPlace(db, sql`p.user_id = ${userId}::uuid`);
}

/** The person of an account and the person with an id (either may be missing), in one read: opening a ticket needs
 *  both, whose it is asked by and for whom. */
export async function findPersonOfUserAndPerson(db: Queryable, userId: string, id: string | undefined) {
  const rows = await peopleWithPlace(db, sql`p.user_id = ${userId}::uuid OR p.id = ${id ?? null}::uuid`, 2);
  return { ofUser: rows.find((r) => r.userId === userId), named: id ? rows.find((r) => r.id === id) : undefined };
}

/** As `withPlace`, written as SQL text: every request reads the viewer's person, and a ticket opened its requester
 *  (json-rows.ts `selectList`). */
async function onePersonWithPlace(db: Queryable, where: SQL): Promise<PersonWithPlace | undefined> {
  return (await peopleWithPlace(db, where, 1))[0];
}

async function peopleWithPlace(db: Queryable, where: SQL, limit: number): Promise<PersonWithPlace[]> {
  const res = await db.execute(sql`
    SELECT ${selectList(people, 'p')}, f.name AS "placeFacility", u.name AS "placeUnit",
      coalesce((SELECT array_agg(l.unit_id::text ORDER BY l.unit_id) FROM unit_leaders l WHERE l.person_id = p.id),
        '{}'::text[]) AS "placeLeads"
    FROM people p LEFT JOIN facilities f ON f.id = p.facility_id LEFT JOIN units u ON u.id = p.unit_id
    WHERE ${where} LIMIT ${limit}`);
  return rowsOf<Record<string, unknown>>(res).map((row) => ({
    ...rowFromJson(people, row),
    facility: row.placeFacility as string | null,
    unit: row.placeUnit as string | null,
    leadsUnitIds: row.placeLeads as string[],
  }));
}

export async function insertPerson(db: Queryable, row: typeof people.$inferInsert): Promise<PersonRow> {
  return (await db.insert(people).values(row).returning())[0]!;
}

export async function updatePerson(db: Queryable, id: string, set: Partial<typeof people.$inferInsert>) {
  return (await db.update(people).set(set).where(eq(people.id, id)).returning())[0];
}

export async function accountExists(db: Queryable, userId: string): Promise<boolean> {
  return (await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1)).length > 0;
}

export async function userIdOfPerson(db: Queryable, personId: string): Promise<string | null> {
  const rows = await db.select({ userId: people.userId }).from(people).where(eq(people.id, personId)).limit(1);
  return rows[0]?.userId ?? null;
}

/** Active people whose email on file is this address (case-insensitive), people with an account first. */
export async function findPeopleByEmail(db: Queryable, email: string): Promise<PersonRow[]> {
  return db
    .select()
    .from(people)
    .where(sql`lower(${people.email}) = ${email.toLowerCase()} AND ${people.active}`)
    .orderBy(sql`${people.userId} IS NULL`, asc(people.createdAt))
    .limit(5);
}

/** The person with this employee ID (exact), active or not. */
export async function findPersonByEmployeeId(db: Queryable, employeeId: string): Promise<PersonRow | undefined> {
  return (await db.select().from(people).where(eq(people.employeeId, employeeId)).limit(1))[0];
}

/** Links a person to an account, only while the person has none (false when someone else got there first). */
export async function linkPersonToUser(db: Queryable, personId: string, userId: string): Promise<boolean> {
  const rows = await db
    .update(people)
    .set({ userId })
    .where(sql`${people.id} = ${personId} AND ${people.userId} IS NULL`)
    .returning({ id: people.id });
  return rows.length > 0;
}

/** The units a person leads. */
export async function unitsLedBy(db: Queryable, personId: string): Promise<string[]> {
  const rows = await db
    .select({ unitId: unitLeaders.unitId })
    .from(unitLeaders)
    .where(eq(unitLeaders.personId, personId))
    .orderBy(asc(unitLeaders.unitId));
  return rows.map((r) => r.unitId);
}

/** Which of these ids are units. */
export async function existingUnitIds(db: Queryable, unitIds: string[]): Promise<string[]> {
  if (!unitIds.length) return [];
  const rows = await db.select({ id: units.id }).from(units).where(inArray(units.id, unitIds));
  return rows.map((r) => r.id);
}

/** Makes the person lead exactly these units. */
export async function setUnitsLed(db: Queryable, personId: string, unitIds: string[]): Promise<void> {
  await db.delete(unitLeaders).where(eq(unitLeaders.personId, personId));
  if (unitIds.length) await db.insert(unitLeaders).values(unitIds.map((unitId) => ({ unitId, personId })));
}

/** Whether this account's directory entry leads a unit or is a super-user (who may be told of incidents). */
export async function leadsOrSuperUser(db: Queryable, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: people.id })
    .from(people)
    .where(
      sql`${people.userId} = ${userId} AND (${people.superUser} OR exists (select 1 from ${unitLeaders} l where l.person_id = ${people.id}))`,
    )
    .limit(1);
  return rows.length > 0;
}
