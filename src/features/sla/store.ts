// SQL for SLA: policies and calendars, a ticket's SLA row, the sweep's claim of due rows. What the SLA reads of
// tickets (facts, watchers, history) is the tickets' to query: tickets/service/reads.ts.
import { asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/connect.ts';
import { slaCalendars, slaPolicies, ticketSla } from './tables.ts';

export type CalendarRow = typeof slaCalendars.$inferSelect;
export type PolicyRow = typeof slaPolicies.$inferSelect;
export type TicketSlaRow = typeof ticketSla.$inferSelect;
export type NewTicketSlaRow = typeof ticketSla.$inferInsert;

export async function listCalendars(db: Queryable): Promise<CalendarRow[]> {
  return db.select().from(slaCalendars).orderBy(asc(slaCalendars.name));
}

export async function listPolicies(db: Queryable): Promise<PolicyRow[]> {
  return db.select().from(slaPolicies).orderBy(asc(slaPolicies.position), asc(slaPolicies.name));
}

export async function findCalendar(db: Queryable, id: string): Promise<CalendarRow | undefined> {
  return (await db.select().from(slaCalendars).where(eq(slaCalendars.id, id)))[0];
}

export async function findPolicy(db: Queryable, id: string): Promise<PolicyRow | undefined> {
  return (await db.select().from(slaPolicies).where(eq(slaPolicies.id, id)))[0];
}

/** The ticket's SLA row, locked for this transaction (the sweep skips it meanwhile). */
export async function lockTicketSla(db: Queryable, ticketId: string): Promise<TicketSlaRow | undefined> {
  return (await db.select().from(ticketSla).where(eq(ticketSla.ticketId, ticketId)).for('update'))[0];
}

export async function findTicketSla(db: Queryable, ticketId: string): Promise<TicketSlaRow | undefined> {
  return (await db.select().from(ticketSla).where(eq(ticketSla.ticketId, ticketId)))[0];
}

export async function upsertTicketSla(db: Queryable, row: NewTicketSlaRow): Promise<void> {
  const { ticketId: _id, ...rest } = row;
  await db.insert(ticketSla).values(row).onConflictDoUpdate({ target: ticketSla.ticketId, set: rest });
}

/** Claims up to `limit` SLA rows whose next look is due; rows another instance holds are skipped, not waited for. */
export async function claimDue(db: Queryable, now: Date, limit: number): Promise<TicketSlaRow[]> {
  return db
    .select()
    .from(ticketSla)
    .where(sql`${ticketSla.nextCheckAt} IS NOT NULL AND ${ticketSla.nextCheckAt} <= ${now.toISOString()}::timestamptz`)
    .orderBy(asc(ticketSla.nextCheckAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}
