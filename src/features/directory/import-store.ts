// SQL of CSV imports: what the directory holds by natural key, and batched upserts of rows whose ids are decided.
import { eq, getTableColumns, isNotNull, sql } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../platform/db/connect.ts';
import { users } from '../../platform/db/schema.ts';
import { type Known, NOTHING_KNOWN, serviceKey, unitKey } from './import-checks.ts';
import type { ImportKind } from './import-rules.ts';
import { facilities, people, providers, services, units } from './tables.ts';

/** One import at a time: what was checked is still true when it is written. */
export async function lockImports(tx: Queryable) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('clinidesk.directory.import'))`);
}

/** Loads what a file of this kind may refer to or update. */
export async function loadKnown(db: Queryable, kind: ImportKind): Promise<Known> {
  const known = { ...NOTHING_KNOWN };
  if (kind !== 'services') {
    const rows = await db.select({ code: facilities.code, id: facilities.id }).from(facilities);
    known.facilities = new Map(rows.map((r) => [r.code, r.id]));
  }
  if (kind === 'units' || kind === 'people') {
    const rows = await db
      .select({ facility: facilities.code, code: units.code, id: units.id })
      .from(units)
      .innerJoin(facilities, eq(facilities.id, units.facilityId));
    known.units = new Map(rows.map((r) => [unitKey(r.facility, r.code), r.id]));
  }
  if (kind === 'people') {
    const staff = await db
      .select({ employeeId: people.employeeId, id: people.id })
      .from(people)
      .where(isNotNull(people.employeeId));
    known.people = new Map(staff.map((r) => [r.employeeId!, r.id]));
    const accounts = await db
      .select({ id: users.id, username: users.username, personId: people.id, employeeId: people.employeeId })
      .from(users)
      .leftJoin(people, eq(people.userId, users.id));
    known.accounts = new Map(
      accounts.map((a) => [
        a.username.toLowerCase(),
        { id: a.id, linked: a.personId !== null, linkedEmployeeId: a.employeeId },
      ]),
    );
    const orgs = await db.select({ name: providers.name, id: providers.id }).from(providers);
    known.providers = new Map(orgs.map((r) => [r.name, r.id]));
  }
  if (kind === 'services') {
    const parent = alias(services, 'parent');
    const rows = await db
      .select({ id: services.id, kind: services.kind, name: services.name, parent: parent.name })
      .from(services)
      .leftJoin(parent, eq(parent.id, services.parentId));
    known.services = new Map(rows.map((r) => [serviceKey(r.parent, r.name), { id: r.id, kind: r.kind }]));
  }
  return known;
}

const BATCH = 500;

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

/** `SET field = excluded.column` for each field to overwrite on conflict. */
function fromExcluded<C extends Record<string, PgColumn>>(columns: C, fields: readonly (keyof C & string)[]) {
  return Object.fromEntries(fields.map((f) => [f, sql.raw(`excluded."${columns[f]!.name}"`)]));
}

export async function upsertFacilities(tx: Queryable, rows: (typeof facilities.$inferInsert)[]) {
  const set = fromExcluded(getTableColumns(facilities), ['name', 'timeZone']);
  await inBatches(rows, (b) => tx.insert(facilities).values(b).onConflictDoUpdate({ target: facilities.id, set }));
}

export async function upsertUnits(
  tx: Queryable,
  rows: (typeof units.$inferInsert)[],
  fields: readonly (keyof typeof units.$inferInsert)[],
) {
  const set = fromExcluded(getTableColumns(units), fields);
  await inBatches(rows, (b) => tx.insert(units).values(b).onConflictDoUpdate({ target: units.id, set }));
}

export async function upsertPeople(
  tx: Queryable,
  rows: (typeof people.$inferInsert)[],
  fields: readonly (keyof typeof people.$inferInsert)[],
) {
  const set = fromExcluded(getTableColumns(people), fields);
  await inBatches(rows, (b) => tx.insert(people).values(b).onConflictDoUpdate({ target: people.id, set }));
}

export async function upsertServices(
  tx: Queryable,
  rows: (typeof services.$inferInsert)[],
  fields: readonly (keyof typeof services.$inferInsert)[],
) {
  const set = fromExcluded(getTableColumns(services), fields);
  await inBatches(rows, (b) => tx.insert(services).values(b).onConflictDoUpdate({ target: services.id, set }));
}
