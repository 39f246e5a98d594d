// SQL of places: facilities, units, locations and assets. Other directory SQL: catalogue-store.ts (services,
// providers, settings), people-store.ts, support-store.ts (groups, skills, coverage), import-store.ts.
import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { DeviceType, UnitKind } from '../../domain/vocabulary.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { assets, facilities, locations, units } from './tables.ts';

export type FacilityRow = typeof facilities.$inferSelect;
export type UnitRow = typeof units.$inferSelect;
export type LocationRow = typeof locations.$inferSelect;
export type AssetRow = typeof assets.$inferSelect;
export type Page = { limit: number; offset: number };

/** A LIKE pattern matching text that contains `q` literally (%, _ and \ in `q` are not wildcards). */
export function containing(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One page of a list and the number of matches in all. */
export async function paged<T>(items: Promise<T[]>, counted: Promise<{ n: number }[]>) {
  const [rows, total] = await Promise.all([items, counted]);
  return { items: rows, total: Number(total[0]?.n ?? 0) };
}

/** The conditions that are given, all of them. */
export const allOf = (...conditions: (SQL | undefined)[]) => and(...conditions.filter((c) => c !== undefined));

// Facilities -------------------------------------------------------------------------------------------------------

export function listFacilities(db: Queryable, f: { q?: string } & Page) {
  const where = f.q ? or(ilike(facilities.name, containing(f.q)), ilike(facilities.code, containing(f.q))) : undefined;
  return paged(
    db
      .select()
      .from(facilities)
      .where(where)
      .orderBy(asc(facilities.name), asc(facilities.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(facilities).where(where),
  );
}

export async function findFacility(db: Queryable, id: string): Promise<FacilityRow | undefined> {
  return (await db.select().from(facilities).where(eq(facilities.id, id)).limit(1))[0];
}

/** The names of the facilities with these ids (ids that name no facility are left out). */
export async function facilityNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: facilities.id, name: facilities.name })
    .from(facilities)
    .where(inArray(facilities.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertFacility(db: Queryable, row: typeof facilities.$inferInsert): Promise<FacilityRow> {
  return (await db.insert(facilities).values(row).returning())[0]!;
}

export async function updateFacility(db: Queryable, id: string, set: Partial<typeof facilities.$inferInsert>) {
  return (await db.update(facilities).set(set).where(eq(facilities.id, id)).returning())[0];
}

// Units ------------------------------------------------------------------------------------------------------------

export function listUnits(db: Queryable, f: { facilityId?: string; kind?: UnitKind; q?: string } & Page) {
  const where = allOf(
    f.facilityId ? eq(units.facilityId, f.facilityId) : undefined,
    f.kind ? eq(units.kind, f.kind) : undefined,
    f.q ? or(ilike(units.name, containing(f.q)), ilike(units.code, containing(f.q))) : undefined,
  );
  return paged(
    db.select().from(units).where(where).orderBy(asc(units.name), asc(units.id)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(units).where(where),
  );
}

export async function findUnit(db: Queryable, id: string): Promise<UnitRow | undefined> {
  return (await db.select().from(units).where(eq(units.id, id)).limit(1))[0];
}

export async function insertUnit(db: Queryable, row: typeof units.$inferInsert): Promise<UnitRow> {
  return (await db.insert(units).values(row).returning())[0]!;
}

export async function updateUnit(db: Queryable, id: string, set: Partial<typeof units.$inferInsert>) {
  return (await db.update(units).set(set).where(eq(units.id, id)).returning())[0];
}

// Locations --------------------------------------------------------------------------------------------------------

export function listLocations(db: Queryable, f: { unitId?: string; q?: string } & Page) {
  const where = allOf(
    f.unitId ? eq(locations.unitId, f.unitId) : undefined,
    f.q ? ilike(locations.name, containing(f.q)) : undefined,
  );
  return paged(
    db
      .select()
      .from(locations)
      .where(where)
      .orderBy(asc(locations.name), asc(locations.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(locations).where(where),
  );
}

export async function findLocation(db: Queryable, id: string): Promise<LocationRow | undefined> {
  return (await db.select().from(locations).where(eq(locations.id, id)).limit(1))[0];
}

export async function insertLocation(db: Queryable, row: typeof locations.$inferInsert): Promise<LocationRow> {
  return (await db.insert(locations).values(row).returning())[0]!;
}

export async function updateLocation(db: Queryable, id: string, set: Partial<typeof locations.$inferInsert>) {
  return (await db.update(locations).set(set).where(eq(locations.id, id)).returning())[0];
}

// Assets -----------------------------------------------------------------------------------------------------------

export function listAssets(db: Queryable, f: { unitId?: string; deviceType?: DeviceType; q?: string } & Page) {
  const where = allOf(
    f.unitId ? eq(assets.unitId, f.unitId) : undefined,
    f.deviceType ? eq(assets.deviceType, f.deviceType) : undefined,
    f.q ? ilike(assets.tag, containing(f.q)) : undefined,
  );
  return paged(
    db.select().from(assets).where(where).orderBy(asc(assets.tag)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(assets).where(where),
  );
}

export async function findAssetByTag(db: Queryable, tag: string): Promise<AssetRow | undefined> {
  return (await db.select().from(assets).where(sql`lower(${assets.tag}) = lower(${tag})`).limit(1))[0];
}

export async function findAsset(db: Queryable, id: string): Promise<AssetRow | undefined> {
  return (await db.select().from(assets).where(eq(assets.id, id)).limit(1))[0];
}

export async function insertAsset(db: Queryable, row: typeof assets.$inferInsert): Promise<AssetRow> {
  return (await db.insert(assets).values(row).returning())[0]!;
}

export async function updateAsset(db: Queryable, id: string, set: Partial<typeof assets.$inferInsert>) {
  return (await db.update(assets).set(set).where(eq(assets.id, id)).returning())[0];
}
