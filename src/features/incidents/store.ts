// SQL of major incidents: the incident with the names of what it affects and its people, the open ones that cover
// a service, the timeline, and the children (tickets linked or suggested) with their counts.
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Role } from '../../platform/auth/roles.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { rowFromJson, selectList } from '../../platform/db/json-rows.ts';
import { literals } from '../../platform/db/literals.ts';
import { users } from '../../platform/db/schema.ts';
import { facilities, services, units } from '../directory/tables.ts';
import { formatTicketNumber } from '../tickets/rules/vocabulary.ts';
import { tickets } from '../tickets/tables.ts';
import { OPEN_STATES } from './rules/vocabulary.ts';
import { incidents, incidentTickets, incidentTimeline } from './tables.ts';

export type IncidentRow = typeof incidents.$inferSelect;
export type NewIncident = typeof incidents.$inferInsert;
export type TimelineRow = typeof incidentTimeline.$inferSelect;
export type ChildLinkRow = typeof incidentTickets.$inferSelect;

export async function insertIncident(tx: Queryable, row: NewIncident): Promise<IncidentRow> {
  return (await tx.insert(incidents).values(row).returning())[0]!;
}

export async function findIncidentByNumber(db: Queryable, number: number, forUpdate = false) {
  const q = db.select().from(incidents).where(eq(incidents.number, number));
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function findIncident(db: Queryable, id: string) {
  return (await db.select().from(incidents).where(eq(incidents.id, id)))[0] ?? null;
}

/** Writes the changes when the version still matches and bumps it; null when someone changed it first. */
export async function updateIncident(
  tx: Queryable,
  row: IncidentRow,
  changes: Partial<NewIncident>,
): Promise<IncidentRow | null> {
  const updated = await tx
    .update(incidents)
    .set({ ...changes, updatedAt: new Date(), version: row.version + 1 })
    .where(and(eq(incidents.id, row.id), eq(incidents.version, row.version)))
    .returning();
  return updated[0] ?? null;
}

/** Incidents, open ones first (then newest first). */
export function listIncidents(db: Queryable, states: readonly string[] | null, limit: number) {
  return db
    .select()
    .from(incidents)
    .where(states ? inArray(incidents.state, states as IncidentRow['state'][]) : undefined)
    .orderBy(
      sql`CASE WHEN ${incidents.state} IN ('scheduled','declared','monitoring') THEN 0 ELSE 1 END`,
      desc(incidents.createdAt),
      desc(incidents.id),
    )
    .limit(limit);
}

/** The open incidents (scheduled, declared, monitoring), newest first. */
/** Written as SQL text: every ticket opened reads them (json-rows.ts `selectList`). */
export async function openIncidents(db: Queryable): Promise<IncidentRow[]> {
  const res = await db.execute(sql`
    SELECT ${selectList(incidents, 'i')} FROM incidents i
    WHERE i.state IN (${literals(OPEN_STATES)}) ORDER BY i.created_at DESC`);
  return rowsOf<Record<string, unknown>>(res).map((row) => rowFromJson(incidents, row));
}

/** Names for the ids an incident names: services and modules, facilities, units, staff accounts. */
export async function namesOf(db: Queryable, ids: { services: string[]; facilities: string[]; units: string[] }) {
  // One query after another: inside a transaction they share one connection (and PGlite has only one).
  const s = ids.services.length
    ? await db
        .select({ id: services.id, name: services.name, kind: services.kind, parentId: services.parentId })
        .from(services)
        .where(inArray(services.id, ids.services))
    : [];
  const f = ids.facilities.length
    ? await db
        .select({ id: facilities.id, name: facilities.name })
        .from(facilities)
        .where(inArray(facilities.id, ids.facilities))
    : [];
  const u = ids.units.length
    ? await db
        .select({ id: units.id, name: units.name, facilityId: units.facilityId })
        .from(units)
        .where(inArray(units.id, ids.units))
    : [];
  return { services: s, facilities: f, units: u };
}

export async function staffNames(db: Queryable, ids: string[]) {
  if (!ids.length) return new Map<string, { displayName: string; role: string; disabled: boolean }>();
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, { displayName: r.displayName, role: r.role, disabled: !!r.disabledAt }]));
}

/** Active desk staff accounts, by name: who may be named commander or lead (declare.ts checks the same). */
export async function activeStaff(db: Queryable, staffRoles: readonly Role[], limit: number) {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(inArray(users.role, [...staffRoles]), isNull(users.disabledAt)))
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(limit);
}

export async function insertTimeline(tx: Queryable, row: typeof incidentTimeline.$inferInsert): Promise<void> {
  await tx.insert(incidentTimeline).values(row);
}

export function timelineOf(db: Queryable, incidentId: string) {
  return db
    .select({ t: incidentTimeline, author: users.displayName })
    .from(incidentTimeline)
    .leftJoin(users, eq(users.id, incidentTimeline.authorId))
    .where(eq(incidentTimeline.incidentId, incidentId))
    .orderBy(asc(incidentTimeline.at), asc(incidentTimeline.id));
}

/** Linked, open (linked and not resolved or closed) and suggested children of each incident. */
export async function childCounts(db: Queryable, incidentIds: string[]) {
  const out = new Map<string, { linked: number; open: number; suggested: number }>();
  for (const id of incidentIds) out.set(id, { linked: 0, open: 0, suggested: 0 });
  if (!incidentIds.length) return out;
  const rows = await db
    .select({
      incidentId: incidentTickets.incidentId,
      linked: sql<number>`count(*) FILTER (WHERE ${incidentTickets.status} = 'linked')::int`,
      open: sql<number>`count(*) FILTER (WHERE ${incidentTickets.status} = 'linked' AND ${tickets.status} NOT IN ('resolved','closed'))::int`,
      suggested: sql<number>`count(*) FILTER (WHERE ${incidentTickets.status} = 'suggested')::int`,
    })
    .from(incidentTickets)
    .innerJoin(tickets, eq(tickets.id, incidentTickets.ticketId))
    .where(inArray(incidentTickets.incidentId, incidentIds))
    .groupBy(incidentTickets.incidentId);
  for (const r of rows) out.set(r.incidentId, { linked: r.linked, open: r.open, suggested: r.suggested });
  return out;
}

/** The link between this ticket and any incident (linked first). */
export async function linksOfTicket(db: Queryable, ticketId: string) {
  return db
    .select({ link: incidentTickets, incident: incidents })
    .from(incidentTickets)
    .innerJoin(incidents, eq(incidents.id, incidentTickets.incidentId))
    .where(eq(incidentTickets.ticketId, ticketId))
    .orderBy(sql`CASE WHEN ${incidentTickets.status} = 'linked' THEN 0 ELSE 1 END`, desc(incidentTickets.linkedAt));
}

export async function findLink(db: Queryable, incidentId: string, ticketId: string) {
  return (
    (
      await db
        .select()
        .from(incidentTickets)
        .where(and(eq(incidentTickets.incidentId, incidentId), eq(incidentTickets.ticketId, ticketId)))
    )[0] ?? null
  );
}

/** Links (or re-links) a ticket as a child or suggestion; a ticket already linked elsewhere stays where it is. */
export async function upsertLink(tx: Queryable, row: typeof incidentTickets.$inferInsert): Promise<boolean> {
  const res = await tx.execute(sql`
    INSERT INTO ${incidentTickets} (incident_id, ticket_id, status, source, reason, linked_by, linked_at)
    VALUES (${row.incidentId}, ${row.ticketId}, ${row.status}, ${row.source}, ${row.reason ?? ''},
            ${row.linkedBy ?? null}, now())
    ON CONFLICT (incident_id, ticket_id) DO UPDATE
      SET status = EXCLUDED.status, source = EXCLUDED.source, reason = EXCLUDED.reason,
          linked_by = EXCLUDED.linked_by, linked_at = EXCLUDED.linked_at
    RETURNING 1 AS ok`);
  return rowsOf(res).length > 0;
}

export async function setLinkStatus(
  tx: Queryable,
  incidentId: string,
  ticketId: string,
  status: ChildLinkRow['status'],
) {
  await tx
    .update(incidentTickets)
    .set({ status })
    .where(and(eq(incidentTickets.incidentId, incidentId), eq(incidentTickets.ticketId, ticketId)));
}

/** The children with the ticket facts the incident page shows, newest first. */
export function childrenOf(db: Queryable, incidentId: string, limit: number) {
  return db
    .select({
      link: incidentTickets,
      number: tickets.number,
      summary: tickets.summary,
      ticketStatus: tickets.status,
      facility: facilities.name,
      unit: units.name,
    })
    .from(incidentTickets)
    .innerJoin(tickets, eq(tickets.id, incidentTickets.ticketId))
    .leftJoin(facilities, eq(facilities.id, tickets.facilityId))
    .leftJoin(units, eq(units.id, tickets.unitId))
    .where(and(eq(incidentTickets.incidentId, incidentId), inArray(incidentTickets.status, ['linked', 'suggested'])))
    .orderBy(desc(incidentTickets.linkedAt), desc(tickets.number))
    .limit(limit);
}

/** Linked children counted by facility and unit, most first. */
export function childrenByUnit(db: Queryable, incidentId: string) {
  return db
    .select({ facility: facilities.name, unit: units.name, count: sql<number>`count(*)::int` })
    .from(incidentTickets)
    .innerJoin(tickets, eq(tickets.id, incidentTickets.ticketId))
    .leftJoin(facilities, eq(facilities.id, tickets.facilityId))
    .leftJoin(units, eq(units.id, tickets.unitId))
    .where(and(eq(incidentTickets.incidentId, incidentId), eq(incidentTickets.status, 'linked')))
    .groupBy(facilities.name, units.name)
    .orderBy(desc(sql`count(*)`), asc(facilities.name), asc(units.name));
}

/** Up to `limit` linked children still open, oldest link first: one batch of a fan-out. */
export async function openChildrenBatch(db: Queryable, incidentId: string, afterNumber: number, limit: number) {
  return db
    .select({ ticketId: tickets.id, number: tickets.number })
    .from(incidentTickets)
    .innerJoin(tickets, eq(tickets.id, incidentTickets.ticketId))
    .where(
      and(
        eq(incidentTickets.incidentId, incidentId),
        eq(incidentTickets.status, 'linked'),
        sql`${tickets.status} NOT IN ('resolved','closed')`,
        sql`${tickets.number} > ${afterNumber}`,
      ),
    )
    .orderBy(asc(tickets.number))
    .limit(limit);
}

export async function ticketNumberOf(db: Queryable, ticketId: string): Promise<string | null> {
  const [row] = await db.select({ number: tickets.number }).from(tickets).where(eq(tickets.id, ticketId));
  return row ? formatTicketNumber(row.number) : null;
}

/** Up to `limit` linked children the incident's fan-out has not handled yet (ticket ids, by ticket number). */
export async function pendingFanOut(db: Queryable, incidentId: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: incidentTickets.ticketId })
    .from(incidentTickets)
    .innerJoin(tickets, eq(tickets.id, incidentTickets.ticketId))
    .where(
      and(
        eq(incidentTickets.incidentId, incidentId),
        eq(incidentTickets.status, 'linked'),
        isNull(incidentTickets.fannedOutAt),
      ),
    )
    .orderBy(asc(tickets.number))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function markFannedOut(tx: Queryable, incidentId: string, ticketIds: string[], at: Date, handled: number) {
  if (!ticketIds.length) return;
  await tx
    .update(incidents)
    .set({ fanOutHandled: sql`${incidents.fanOutHandled} + ${handled}` })
    .where(eq(incidents.id, incidentId));
  await tx
    .update(incidentTickets)
    .set({ fannedOutAt: at })
    .where(and(eq(incidentTickets.incidentId, incidentId), inArray(incidentTickets.ticketId, ticketIds)));
}

export async function finishFanOut(tx: Queryable, incidentId: string) {
  await tx.update(incidents).set({ fanOutDoneAt: new Date() }).where(eq(incidents.id, incidentId));
}

export async function pendingFanOutIncidents(db: Queryable): Promise<string[]> {
  const rows = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(isNotNull(incidents.fanOut), isNull(incidents.fanOutDoneAt)))
    .orderBy(asc(incidents.resolvedAt));
  return rows.map((r) => r.id);
}

/** The account that last resolved the incident (the author of its "resolved" timeline entry). */
export async function resolverOf(db: Queryable, incidentId: string) {
  const [row] = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
    .from(incidentTimeline)
    .innerJoin(users, eq(users.id, incidentTimeline.authorId))
    .where(
      and(
        eq(incidentTimeline.incidentId, incidentId),
        eq(incidentTimeline.kind, 'state'),
        sql`${incidentTimeline.data}->>'to' = 'resolved'`,
      ),
    )
    .orderBy(desc(incidentTimeline.at))
    .limit(1);
  return row ?? null;
}

/** A new fan-out (the incident resolved again after a reopening) handles every child again. */
export async function resetFannedOut(tx: Queryable, incidentId: string) {
  await tx.update(incidentTickets).set({ fannedOutAt: null }).where(eq(incidentTickets.incidentId, incidentId));
}
