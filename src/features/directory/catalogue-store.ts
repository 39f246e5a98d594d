// SQL of the service catalogue (applications → modules, devices, infrastructure), support providers, the pickers'
// snapshot, and run-time settings.
import { asc, count, eq, ilike, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/connect.ts';
import type { ProviderKind, ServiceKind } from './rules.ts';
import { allOf, containing, type Page, paged } from './store.ts';
import { facilities, groups, providers, services, settings, units } from './tables.ts';

export type ServiceRow = typeof services.$inferSelect;
export type ProviderRow = typeof providers.$inferSelect;

// Services ---------------------------------------------------------------------------------------------------------

export function listServices(db: Queryable, f: { kind?: ServiceKind; parentId?: string; q?: string } & Page) {
  const where = allOf(
    f.kind ? eq(services.kind, f.kind) : undefined,
    f.parentId ? eq(services.parentId, f.parentId) : undefined,
    f.q ? ilike(services.name, containing(f.q)) : undefined,
  );
  return paged(
    db
      .select()
      .from(services)
      .where(where)
      .orderBy(asc(services.name), asc(services.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(services).where(where),
  );
}

export async function findService(db: Queryable, id: string): Promise<ServiceRow | undefined> {
  return (await db.select().from(services).where(eq(services.id, id)).limit(1))[0];
}

export async function insertService(db: Queryable, row: typeof services.$inferInsert): Promise<ServiceRow> {
  return (await db.insert(services).values(row).returning())[0]!;
}

export async function updateService(db: Queryable, id: string, set: Partial<typeof services.$inferInsert>) {
  return (await db.update(services).set(set).where(eq(services.id, id)).returning())[0];
}

export async function servicesByIds(db: Queryable, ids: string[]): Promise<ServiceRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(services).where(inArray(services.id, ids));
}

/** Which of these ids name a service (a reference check: survey policies' conditions). */
export async function existingServiceIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  return new Set(
    (await db.select({ id: services.id }).from(services).where(inArray(services.id, ids))).map((r) => r.id),
  );
}

export async function topLevelServices(db: Queryable): Promise<ServiceRow[]> {
  return db.select().from(services).where(isNull(services.parentId));
}

export async function modulesOf(db: Queryable, parentIds: string[]): Promise<ServiceRow[]> {
  if (parentIds.length === 0) return [];
  return db.select().from(services).where(inArray(services.parentId, parentIds));
}

// Providers --------------------------------------------------------------------------------------------------------

export function listProviders(db: Queryable, f: { kind?: ProviderKind; q?: string } & Page) {
  const where = allOf(
    f.kind ? eq(providers.kind, f.kind) : undefined,
    f.q ? ilike(providers.name, containing(f.q)) : undefined,
  );
  return paged(
    db.select().from(providers).where(where).orderBy(asc(providers.name)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(providers).where(where),
  );
}

export async function findProvider(db: Queryable, id: string): Promise<ProviderRow | undefined> {
  return (await db.select().from(providers).where(eq(providers.id, id)).limit(1))[0];
}

/** Which of these ids name a support provider (a reference check: survey policies' conditions). */
export async function existingProviderIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: providers.id }).from(providers).where(inArray(providers.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function insertProvider(db: Queryable, row: typeof providers.$inferInsert): Promise<ProviderRow> {
  return (await db.insert(providers).values(row).returning())[0]!;
}

export async function updateProvider(db: Queryable, id: string, set: Partial<typeof providers.$inferInsert>) {
  return (await db.update(providers).set(set).where(eq(providers.id, id)).returning())[0];
}

// The pickers' snapshot --------------------------------------------------------------------------------------------

/** Everything the pickers show; providers and groups only when asked for (desk staff). */
export async function catalogueRows(db: Queryable, withSupport: boolean) {
  const [facilityRows, unitRows, serviceRows, providerRows, groupRows] = await Promise.all([
    db.select().from(facilities).orderBy(asc(facilities.name)),
    db.select().from(units).orderBy(asc(units.name)),
    db.select().from(services).orderBy(asc(services.name)),
    withSupport ? db.select().from(providers).orderBy(asc(providers.name)) : Promise.resolve([]),
    withSupport ? db.select().from(groups).orderBy(asc(groups.name)) : Promise.resolve([]),
  ]);
  return { facilityRows, unitRows, serviceRows, providerRows, groupRows };
}

// Settings ---------------------------------------------------------------------------------------------------------

export async function findSetting(db: Queryable, key: string) {
  return (await db.select().from(settings).where(eq(settings.key, key)).limit(1))[0];
}

export async function saveSetting(db: Queryable, key: string, value: unknown) {
  const rows = await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } })
    .returning();
  return rows[0]!;
}
