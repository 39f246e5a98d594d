// SQL for SLA: policies and calendars (read, and written by the administrator), a ticket's SLA row, the sweep's
// claim of due rows. What the SLA reads of tickets (facts, watchers, history) is the tickets' to query:
// tickets/service/reads.ts.
import { and, asc, eq, getTableColumns, is, SQL, sql } from 'drizzle-orm';
import type { Role } from '../../platform/auth/roles.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { copyIn } from '../../platform/db/copy-in-store.ts';
import { literals } from '../../platform/db/literals.ts';
import { users } from '../../platform/db/schema.ts';
import { people } from '../directory/tables.ts';
import type { ClockState } from './rules/clock.ts';
import { slaCalendars, slaPolicies, slaSettingsStamp, ticketSla } from './tables.ts';

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

/** The SLA settings' stamp: changed by every change to the calendars or policies (migration 0056). */
export async function settingsStamp(db: Queryable): Promise<string> {
  const [row] = await db.select({ stamp: slaSettingsStamp.stamp }).from(slaSettingsStamp);
  if (!row) throw new Error('sla_settings_stamp has no row (migration 0056)');
  return row.stamp;
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

export async function upsertTicketSla(db: Queryable, row: NewTicketSlaRow): Promise<void> {
  const { ticketId: _id, ...rest } = row;
  await db.insert(ticketSla).values(row).onConflictDoUpdate({ target: ticketSla.ticketId, set: rest });
}

const SLA_COLUMNS = Object.entries(getTableColumns(ticketSla)).map(([key, column]) => {
  // jsonb_populate_recordset gives a key the record lacks NULL, not the column's default: the defaults are filled in
  // here. Every default of ticket_sla is a plain value (0, false, []); an SQL one would need its own handling.
  if (column.hasDefault && (column.default === undefined || is(column.default, SQL)))
    throw new Error(`ticket_sla.${column.name} has a default upsertTicketSlaMany cannot fill in`);
  return { key: key as keyof NewTicketSlaRow, name: column.name, fallback: column.hasDefault ? column.default : null };
});
/** ticket_sla's column types, each one COPY's text form below is written for. */
const COPYABLE_TYPES = new Set(['uuid', 'text', 'smallint', 'bigint', 'boolean', 'jsonb', 'timestamp with time zone']);
for (const column of Object.values(getTableColumns(ticketSla))) {
  if (!COPYABLE_TYPES.has(column.getSQLType()))
    throw new Error(`ticket_sla.${column.name} is ${column.getSQLType()}, which insertBackfilledSla cannot write`);
}

/** A value of slaRecord in COPY's text form (copy-in-store.ts escapes it). */
function copyText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'object') return JSON.stringify(value); // jsonb: ticket_sla has no array column
  return String(value);
}

const SLA_REPLACE = sql.raw(
  SLA_COLUMNS.filter((c) => c.key !== 'ticketId')
    .map((c) => `"${c.name}" = excluded."${c.name}"`)
    .join(', '),
);

/**
 * Inserts a new ticket's row if the SLA settings' stamp is still `stamp` (the settings it was worked out with);
 * false, and nothing written, when they changed. The stamp is checked in the same statement.
 */
export async function insertTicketSlaUnderStamp(db: Queryable, row: NewTicketSlaRow, stamp: string): Promise<boolean> {
  const inserted = rowsOf(
    await db.execute(sql`
    INSERT INTO ticket_sla
    SELECT r.* FROM jsonb_populate_record(NULL::ticket_sla, ${JSON.stringify(slaRecord(row))}::jsonb) r
    WHERE EXISTS (SELECT 1 FROM ${slaSettingsStamp} WHERE ${slaSettingsStamp.stamp} = ${stamp}::uuid)
    RETURNING ticket_id`),
  );
  return inserted.length === 1;
}

/** The row as a record of ticket_sla's columns by name, defaults filled in (jsonb_populate_record reads it). */
function slaRecord(row: NewTicketSlaRow): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const c of SLA_COLUMNS) record[c.name] = row[c.key] ?? c.fallback;
  return record;
}

/**
 * Upserts many rows in one statement (the backfill's batches); each row replaces the ticket's row wholly. The batch
 * travels as one JSON parameter that the database spreads into rows of the table's own type: Drizzle's multi-row
 * VALUES took 27 parameters a row (13,500 for a batch of 500) and 50–180 ms to build per batch.
 */
export async function upsertTicketSlaMany(db: Queryable, rows: NewTicketSlaRow[]): Promise<void> {
  if (!rows.length) return;
  const records = rows.map(slaRecord);
  await db.execute(sql`
    INSERT INTO ticket_sla
    SELECT * FROM jsonb_populate_recordset(NULL::ticket_sla, ${JSON.stringify(records)}::jsonb)
    ON CONFLICT (ticket_id) DO UPDATE SET ${SLA_REPLACE}`);
}

/**
 * Writes the backfill's rows: for tickets that had none when this transaction looked. On the embedded database the
 * transaction holds its only connection, so none can have been written since, and the rows are COPYed in (on a
 * first start's 15,000 tickets, 1.0 s against 1.6 s as one JSON parameter). On a PostgreSQL server another
 * instance's backfill may have written some meanwhile, and each row replaces that one (upsertTicketSlaMany).
 */
export async function insertBackfilledSla(db: Queryable, rows: NewTicketSlaRow[]): Promise<void> {
  if (!rows.length) return;
  const copied = await copyIn(
    db,
    'ticket_sla',
    SLA_COLUMNS.map((c) => c.name),
    rows.map((row) => {
      const record = slaRecord(row);
      return SLA_COLUMNS.map((c) => copyText(record[c.name]));
    }),
  );
  if (!copied) await upsertTicketSlaMany(db, rows);
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

const STOPPED = literals<ClockState>(['stopped']);

/** Every SLA row whose clocks (the hospital's or a contract's) still run is due for a look by the sweep now. */
export async function markRunningForRecompute(db: Queryable): Promise<number> {
  const res = await db
    .update(ticketSla)
    .set({ nextCheckAt: sql`now()` })
    .where(
      sql`${ticketSla.resolutionState} IS DISTINCT FROM ${STOPPED} OR ${ticketSla.responseState} IS DISTINCT FROM ${STOPPED}
          OR ${ticketSla.contractClocks} @> '[{"running": true}]'::jsonb`,
    )
    .returning({ id: ticketSla.ticketId });
  return res.length;
}

// Calendars and policies, as the administrator changes them ------------------------------------------------------

export async function insertCalendar(db: Queryable, row: typeof slaCalendars.$inferInsert): Promise<CalendarRow> {
  const [created] = await db.insert(slaCalendars).values(row).returning();
  return created!;
}

/** Writes the calendar if it is still at `current`'s version; undefined when someone changed it meanwhile. */
export async function updateCalendarAt(
  db: Queryable,
  current: CalendarRow,
  set: Partial<typeof slaCalendars.$inferInsert>,
): Promise<CalendarRow | undefined> {
  const [row] = await db
    .update(slaCalendars)
    .set(set)
    .where(and(eq(slaCalendars.id, current.id), eq(slaCalendars.version, current.version)))
    .returning();
  return row;
}

/** Whether any ticket's clocks were measured on this calendar. */
export async function calendarMeasuredTickets(db: Queryable, id: string): Promise<boolean> {
  return rowsOf(await db.execute(sql`SELECT 1 FROM ticket_sla WHERE calendar_id = ${id} LIMIT 1`)).length > 0;
}

export async function deleteCalendarRow(db: Queryable, id: string): Promise<void> {
  await db.delete(slaCalendars).where(eq(slaCalendars.id, id));
}

export async function insertPolicy(db: Queryable, row: typeof slaPolicies.$inferInsert): Promise<PolicyRow> {
  const [created] = await db.insert(slaPolicies).values(row).returning();
  return created!;
}

/** Writes the policy if it is still at `current`'s version; undefined when someone changed it meanwhile. */
export async function updatePolicyAt(
  db: Queryable,
  current: PolicyRow,
  set: Partial<typeof slaPolicies.$inferInsert>,
): Promise<PolicyRow | undefined> {
  const [row] = await db
    .update(slaPolicies)
    .set(set)
    .where(and(eq(slaPolicies.id, current.id), eq(slaPolicies.version, current.version)))
    .returning();
  return row;
}

/** Whether any ticket's clocks were measured under this policy. */
export async function policyMeasuredTickets(db: Queryable, id: string): Promise<boolean> {
  return rowsOf(await db.execute(sql`SELECT 1 FROM ticket_sla WHERE policy_id = ${id} LIMIT 1`)).length > 0;
}

export async function deletePolicyRow(db: Queryable, id: string): Promise<void> {
  await db.delete(slaPolicies).where(eq(slaPolicies.id, id));
}

const VENDOR = literals<Role>(['vendor']);

/** Which of these users are an outside provider's staff (role vendor), with their provider: who may hear of a
 *  clock is decided by whose clock it is (service.ts `announce`). */
export async function vendorStaffAmong(db: Queryable, userIds: readonly string[]): Promise<Map<string, string | null>> {
  if (!userIds.length) return new Map();
  const ids = sql.join(
    userIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const res = await db.execute(sql`
    SELECT u.id, p.provider_org_id FROM ${users} u LEFT JOIN ${people} p ON p.user_id = u.id
     WHERE u.id IN (${ids}) AND u.role = ${VENDOR}`);
  return new Map(rowsOf<{ id: string; provider_org_id: string | null }>(res).map((r) => [r.id, r.provider_org_id]));
}
