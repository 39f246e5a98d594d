// SQL for e-bonding: connections and the updates received.
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/connect.ts';
import { type Mark, newest } from './rules/freshness.ts';
import { ebondingConnections, ebondingUpdates } from './tables.ts';

export type ConnectionRow = typeof ebondingConnections.$inferSelect;
export type UpdateRow = typeof ebondingUpdates.$inferSelect;

export async function findConnection(db: Queryable, providerId: string): Promise<ConnectionRow | undefined> {
  return (await db.select().from(ebondingConnections).where(eq(ebondingConnections.providerId, providerId)))[0];
}

export async function insertConnection(db: Queryable, row: typeof ebondingConnections.$inferInsert) {
  return (await db.insert(ebondingConnections).values(row).returning())[0]!;
}

export async function updateConnection(
  db: Queryable,
  providerId: string,
  set: Pick<ConnectionRow, 'enabled' | 'stateMap'>,
): Promise<ConnectionRow> {
  const [row] = await db
    .update(ebondingConnections)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(ebondingConnections.providerId, providerId))
    .returning();
  return row!;
}

export async function findUpdate(db: Queryable, providerId: string, eventId: string): Promise<UpdateRow | undefined> {
  return (
    await db
      .select()
      .from(ebondingUpdates)
      .where(and(eq(ebondingUpdates.providerId, providerId), eq(ebondingUpdates.eventId, eventId)))
  )[0];
}

/** Records an update once per (provider, event id): false when that event id is already there (a duplicate, also
 *  one another instance committed a moment ago: the unique key decides, ON CONFLICT waits for it). */
export async function insertUpdate(db: Queryable, row: typeof ebondingUpdates.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(ebondingUpdates)
    .values(row)
    .onConflictDoNothing({ target: [ebondingUpdates.providerId, ebondingUpdates.eventId] })
    .returning({ id: ebondingUpdates.id });
  return inserted.length > 0;
}

/** The newest state change applied to this ticket from this provider (time, then event id), or null. */
export async function lastAppliedMark(db: Queryable, providerId: string, ticketId: string): Promise<Mark | null> {
  const applied = and(
    eq(ebondingUpdates.providerId, providerId),
    eq(ebondingUpdates.ticketId, ticketId),
    eq(ebondingUpdates.outcome, 'applied'),
    isNotNull(ebondingUpdates.vendorState),
  );
  const [top] = await db
    .select({ occurredAt: ebondingUpdates.occurredAt })
    .from(ebondingUpdates)
    .where(applied)
    .orderBy(desc(ebondingUpdates.occurredAt))
    .limit(1);
  if (!top) return null;
  // Ties on the time are broken by the event id as the rules compare strings (not the database's collation).
  const tied = await db
    .select({ occurredAt: ebondingUpdates.occurredAt, eventId: ebondingUpdates.eventId })
    .from(ebondingUpdates)
    .where(and(applied, eq(ebondingUpdates.occurredAt, top.occurredAt)));
  return tied.reduce<Mark | null>((a, b) => newest(a, b), null);
}

/** The ticket an earlier update from this provider named together with this case number (the newest), or null. */
export async function ticketIdOfLearnedReference(
  db: Queryable,
  providerId: string,
  reference: string,
): Promise<string | null> {
  const rows = await db
    .select({ ticketId: ebondingUpdates.ticketId })
    .from(ebondingUpdates)
    .where(
      and(
        eq(ebondingUpdates.providerId, providerId),
        isNotNull(ebondingUpdates.caseReference),
        sql`lower(${ebondingUpdates.caseReference}) = lower(${reference.trim()})`,
      ),
    )
    .orderBy(desc(ebondingUpdates.receivedAt))
    .limit(1);
  return rows[0]?.ticketId ?? null;
}
