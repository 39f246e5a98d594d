// The go-live command center's SQL (docs/golive.md): events, zones, shifts, issues, known issues, and the counts
// the board, the roll-ups and the huddle report read. Names of people, units, services, groups and providers are
// joined in the same statement (the directory's tables); tickets are joined for their status and owners.
import { and, eq, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import type { GoLiveCategory, HourCell, ShiftRole, ZoneLoad } from './rules.ts';
import { goLiveEvents, goLiveIssues, goLiveKnownIssues, goLiveShifts, goLiveZones, goLiveZoneUnits } from './tables.ts';

export type EventRow = typeof goLiveEvents.$inferSelect;
export type ZoneRow = typeof goLiveZones.$inferSelect;
export type ShiftRow = typeof goLiveShifts.$inferSelect;

const uuids = (ids: readonly string[]) => `{${ids.join(',')}}`;

// ---- Events ----

export async function insertEvent(db: Queryable, row: typeof goLiveEvents.$inferInsert): Promise<EventRow> {
  return (await db.insert(goLiveEvents).values(row).returning())[0]!;
}

export async function updateEvent(db: Queryable, id: string, set: Partial<typeof goLiveEvents.$inferInsert>) {
  return (
    await db
      .update(goLiveEvents)
      .set({ ...set, version: sql`${goLiveEvents.version} + 1`, updatedAt: new Date() })
      .where(eq(goLiveEvents.id, id))
      .returning()
  )[0];
}

export async function findEvent(db: Queryable, id: string, forUpdate = false): Promise<EventRow | undefined> {
  const q = db.select().from(goLiveEvents).where(eq(goLiveEvents.id, id)).limit(1);
  return (forUpdate ? await q.for('update') : await q)[0];
}

export async function listEvents(db: Queryable): Promise<EventRow[]> {
  return db.select().from(goLiveEvents).orderBy(sql`${goLiveEvents.startsAt} DESC`);
}

/** The running event (at `at`) with phone line `line` (trimmed, any case), the latest started first. */
export async function eventWithLineAt(db: Queryable, line: string, at: Date) {
  return (
    await db
      .select({ id: goLiveEvents.id, name: goLiveEvents.name })
      .from(goLiveEvents)
      .where(
        sql`${goLiveEvents.startsAt} <= ${at.toISOString()}::timestamptz AND ${goLiveEvents.endsAt} > ${at.toISOString()}::timestamptz
          AND lower(${line}) = ANY (SELECT lower(l) FROM unnest(${goLiveEvents.phoneLines}) AS l)`,
      )
      .orderBy(sql`${goLiveEvents.startsAt} DESC`)
      .limit(1)
  )[0];
}

/** The events whose support runs at `at` (the portal's known issues, the ATE staff's default event). */
export async function eventsLiveAt(db: Queryable, at: Date): Promise<EventRow[]> {
  return db
    .select()
    .from(goLiveEvents)
    .where(
      sql`${goLiveEvents.startsAt} <= ${at.toISOString()}::timestamptz AND ${goLiveEvents.endsAt} > ${at.toISOString()}::timestamptz`,
    )
    .orderBy(goLiveEvents.startsAt);
}

export async function facilitiesByIds(db: Queryable, ids: readonly string[]) {
  return rowsOf<{ id: string; name: string; time_zone: string }>(
    await db.execute(sql`SELECT id::text, name, time_zone FROM facilities
      WHERE id = ANY(${uuids(ids)}::uuid[]) ORDER BY code`),
  );
}

// ---- Zones ----

export async function insertZone(db: Queryable, row: typeof goLiveZones.$inferInsert): Promise<ZoneRow> {
  return (await db.insert(goLiveZones).values(row).returning())[0]!;
}

/** Changes a zone and bumps its version (a change of its units alone bumps it too). */
export async function updateZone(db: Queryable, id: string, set: Partial<typeof goLiveZones.$inferInsert>) {
  return (
    await db
      .update(goLiveZones)
      .set({ ...set, version: sql`${goLiveZones.version} + 1` })
      .where(eq(goLiveZones.id, id))
      .returning()
  )[0];
}

export async function findZone(db: Queryable, id: string, forUpdate = false): Promise<ZoneRow | undefined> {
  const q = db.select().from(goLiveZones).where(eq(goLiveZones.id, id)).limit(1);
  return (forUpdate ? await q.for('update') : await q)[0];
}

export async function deleteZone(db: Queryable, id: string) {
  await db.delete(goLiveZones).where(eq(goLiveZones.id, id));
}

/** What a zone holds that removing it would lose: shifts on the roster and issues logged in it. */
export async function zoneUsage(db: Queryable, zoneId: string) {
  return rowsOf<{ shifts: number; issues: number }>(
    await db.execute(sql`SELECT (SELECT count(*)::int FROM golive_shifts WHERE zone_id = ${zoneId}) AS shifts,
      (SELECT count(*)::int FROM golive_issues WHERE zone_id = ${zoneId}) AS issues`),
  )[0]!;
}

/** Units in the event's zones whose facility is not among `facilityIds` (they would be left stranded). */
export async function zoneUnitsOutside(db: Queryable, eventId: string, facilityIds: readonly string[]) {
  return rowsOf<{ unit: string; zone: string }>(
    await db.execute(sql`SELECT u.name AS unit, z.name AS zone FROM golive_zone_units zu
      JOIN units u ON u.id = zu.unit_id JOIN golive_zones z ON z.id = zu.zone_id
      WHERE zu.event_id = ${eventId} AND NOT (u.facility_id = ANY(${uuids(facilityIds)}::uuid[]))
      ORDER BY z.name, u.name`),
  );
}

/** How many of the event's shifts would fall outside new dates. */
export async function shiftsOutside(db: Queryable, eventId: string, startsAt: Date, endsAt: Date) {
  return rowsOf<{ n: number }>(
    await db.execute(sql`SELECT count(*)::int AS n FROM golive_shifts WHERE event_id = ${eventId}
      AND (starts_at < ${startsAt.toISOString()}::timestamptz OR ends_at > ${endsAt.toISOString()}::timestamptz)`),
  )[0]!.n;
}

export async function findZoneByName(db: Queryable, eventId: string, name: string): Promise<ZoneRow | undefined> {
  return (
    await db
      .select()
      .from(goLiveZones)
      .where(and(eq(goLiveZones.eventId, eventId), sql`lower(${goLiveZones.name}) = lower(${name})`))
      .limit(1)
  )[0];
}

/** The units with these ids and their facility (ids that name no unit are left out). */
export async function unitsByIds(db: Queryable, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return rowsOf<{ id: string; facility_id: string; name: string }>(
    await db.execute(sql`SELECT id::text, facility_id::text, name FROM units WHERE id = ANY(${uuids(ids)}::uuid[])`),
  );
}

/** The units of these ids already in another zone of the event than `zoneId`, with that zone's name. */
export async function unitsInOtherZones(db: Queryable, eventId: string, zoneId: string, unitIds: readonly string[]) {
  if (unitIds.length === 0) return [];
  return rowsOf<{ unit: string; zone: string }>(
    await db.execute(sql`SELECT u.name AS unit, z.name AS zone FROM golive_zone_units zu
      JOIN units u ON u.id = zu.unit_id JOIN golive_zones z ON z.id = zu.zone_id
      WHERE zu.event_id = ${eventId} AND zu.zone_id <> ${zoneId} AND zu.unit_id = ANY(${uuids(unitIds)}::uuid[])
      ORDER BY u.name`),
  );
}

export async function setZoneUnits(db: Queryable, eventId: string, zoneId: string, unitIds: readonly string[]) {
  await db.delete(goLiveZoneUnits).where(eq(goLiveZoneUnits.zoneId, zoneId));
  if (unitIds.length > 0)
    await db.insert(goLiveZoneUnits).values(unitIds.map((unitId) => ({ eventId, unitId, zoneId })));
}

export async function zonesOf(db: Queryable, eventId: string) {
  return rowsOf<{
    id: string;
    name: string;
    version: number;
    leader_id: string | null;
    leader_name: string | null;
    units: { id: string; name: string }[] | null;
  }>(
    await db.execute(sql`SELECT z.id::text, z.name, z.version, p.id::text AS leader_id, p.display_name AS leader_name,
        (SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name)
           FROM golive_zone_units zu JOIN units u ON u.id = zu.unit_id WHERE zu.zone_id = z.id) AS units
      FROM golive_zones z LEFT JOIN people p ON p.id = z.leader_person_id
      WHERE z.event_id = ${eventId} ORDER BY z.name`),
  );
}

/** The zone of the event a unit belongs to; undefined when the unit is in none of its zones. */
export async function zoneOfUnit(db: Queryable, eventId: string, unitId: string) {
  return rowsOf<{ zone_id: string; zone: string }>(
    await db.execute(sql`SELECT z.id::text AS zone_id, z.name AS zone FROM golive_zone_units zu
      JOIN golive_zones z ON z.id = zu.zone_id WHERE zu.event_id = ${eventId} AND zu.unit_id = ${unitId}`),
  )[0];
}

// ---- Shifts ----

/** Serialises roster changes of one person (two overlapping shifts added at once: one wins, the other is refused). */
export async function lockPerson(db: Queryable, personId: string) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`golive-person:${personId}`}, 0))`);
}

export async function insertShift(db: Queryable, row: typeof goLiveShifts.$inferInsert): Promise<ShiftRow> {
  return (await db.insert(goLiveShifts).values(row).returning())[0]!;
}

export async function findShift(db: Queryable, id: string, forUpdate = false): Promise<ShiftRow | undefined> {
  const q = db.select().from(goLiveShifts).where(eq(goLiveShifts.id, id)).limit(1);
  return (forUpdate ? await q.for('update') : await q)[0];
}

export async function setShiftTimes(db: Queryable, id: string, set: { checkedInAt?: Date; checkedOutAt?: Date }) {
  return (await db.update(goLiveShifts).set(set).where(eq(goLiveShifts.id, id)).returning())[0]!;
}

export async function deleteShift(db: Queryable, id: string) {
  await db.delete(goLiveShifts).where(eq(goLiveShifts.id, id));
}

/** A person's shifts around an interval, in every go-live (a person cannot be in two places), with the zone's name. */
export async function personShiftsAround(db: Queryable, personId: string, from: Date, to: Date) {
  return rowsOf<{
    id: string;
    person_id: string;
    starts_at: string | Date;
    ends_at: string | Date;
    zone: string | null;
  }>(
    await db.execute(sql`SELECT s.id::text, s.person_id::text, s.starts_at, s.ends_at, z.name AS zone
      FROM golive_shifts s LEFT JOIN golive_zones z ON z.id = s.zone_id
      WHERE s.person_id = ${personId} AND s.starts_at < ${to.toISOString()}::timestamptz
        AND s.ends_at > ${from.toISOString()}::timestamptz`),
  ).map((r) => ({
    id: r.id,
    personId: r.person_id,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    zoneName: r.zone,
  }));
}

export type RosterRow = {
  id: string;
  person_id: string;
  person: string;
  provider: string | null;
  zone_id: string | null;
  zone: string | null;
  role: ShiftRole;
  starts_at: string | Date;
  ends_at: string | Date;
  checked_in_at: string | Date | null;
  checked_out_at: string | Date | null;
};

/** The event's shifts that overlap [from, to), by zone then start. */
export async function rosterOf(db: Queryable, eventId: string, from: Date, to: Date) {
  return rowsOf<RosterRow>(
    await db.execute(sql`SELECT s.id::text, s.person_id::text, p.display_name AS person, pr.name AS provider,
        s.zone_id::text, z.name AS zone, s.role, s.starts_at, s.ends_at, s.checked_in_at, s.checked_out_at
      FROM golive_shifts s JOIN people p ON p.id = s.person_id
      LEFT JOIN providers pr ON pr.id = s.provider_id LEFT JOIN golive_zones z ON z.id = s.zone_id
      WHERE s.event_id = ${eventId} AND s.starts_at < ${to.toISOString()}::timestamptz
        AND s.ends_at > ${from.toISOString()}::timestamptz
      ORDER BY z.name NULLS FIRST, s.starts_at, p.display_name`),
  );
}

/** The shift of this person in the event that covers `at` (check-in window included), if any. */
export async function currentShiftOf(db: Queryable, eventId: string, personId: string, at: Date, earlyMs: number) {
  return rowsOf<{ id: string; provider_id: string | null; zone_id: string | null }>(
    await db.execute(sql`SELECT id::text, provider_id::text, zone_id::text FROM golive_shifts
      WHERE event_id = ${eventId} AND person_id = ${personId}
        AND starts_at - make_interval(secs => ${earlyMs / 1000}) <= ${at.toISOString()}::timestamptz
        AND ends_at > ${at.toISOString()}::timestamptz
      ORDER BY starts_at LIMIT 1`),
  )[0];
}

// ---- Issues ----

export async function insertIssue(db: Queryable, row: typeof goLiveIssues.$inferInsert) {
  await db.insert(goLiveIssues).values(row);
}

export async function isGoLiveTicket(db: Queryable, eventId: string, ticketId: string): Promise<boolean> {
  const rows = await db
    .select({ id: goLiveIssues.ticketId })
    .from(goLiveIssues)
    .where(and(eq(goLiveIssues.eventId, eventId), eq(goLiveIssues.ticketId, ticketId)));
  return rows.length > 0;
}

/** A provider's group to credit an issue resolved on the spot to: its Tier 1-Plus group first. */
export async function groupOfProvider(db: Queryable, providerId: string) {
  return rowsOf<{ group_id: string; provider_id: string }>(
    await db.execute(sql`SELECT id::text AS group_id, provider_id::text FROM groups WHERE provider_id = ${providerId}
      ORDER BY (tier = 'tier1') DESC, name LIMIT 1`),
  )[0];
}

export async function providerName(db: Queryable, providerId: string | null) {
  if (!providerId) return null;
  return (
    rowsOf<{ name: string }>(await db.execute(sql`SELECT name FROM providers WHERE id = ${providerId}`))[0]?.name ??
    null
  );
}

export type BoardRow = {
  number: string | number;
  summary: string;
  status: string;
  priority: number;
  category: GoLiveCategory;
  zone: string | null;
  unit: string | null;
  application: string | null;
  module: string | null;
  group_name: string | null;
  provider: string | null;
  assignee: string | null;
  patient_care_affected: boolean;
  resolved_on_spot: boolean;
  duplicate_of: string | number | null;
  duplicates: string | number;
  logged_by: string | null;
  created_at: string | Date;
};

const BOARD_SELECT = sql`SELECT t.number, t.summary, t.status, t.priority, g.category, z.name AS zone, u.name AS unit,
    svc.name AS application, md.name AS module,
    gr.name AS group_name, pr.name AS provider, au.display_name AS assignee, t.patient_care_affected,
    g.resolved_on_spot, (SELECT o.number FROM ticket_links l JOIN tickets o ON o.id = l.other_id
      WHERE l.ticket_id = t.id AND l.kind = 'duplicate_of' ORDER BY l.created_at LIMIT 1) AS duplicate_of,
    (SELECT count(*) FROM ticket_links l WHERE l.other_id = t.id AND l.kind = 'duplicate_of') AS duplicates,
    lp.display_name AS logged_by, t.created_at
  FROM golive_issues g JOIN tickets t ON t.id = g.ticket_id
  LEFT JOIN golive_zones z ON z.id = g.zone_id LEFT JOIN units u ON u.id = t.unit_id
  LEFT JOIN services svc ON svc.id = t.service_id LEFT JOIN services md ON md.id = t.module_id
  LEFT JOIN groups gr ON gr.id = t.group_id LEFT JOIN providers pr ON pr.id = t.provider_id
  LEFT JOIN users au ON au.id = t.assignee_id LEFT JOIN people lp ON lp.id = g.logged_by_person_id`;

/** The open issues of the board (patient care first, then priority, oldest first), and the latest resolved. */
export async function boardOf(db: Queryable, eventId: string, limit: number) {
  const open = rowsOf<BoardRow>(
    await db.execute(sql`${BOARD_SELECT}
      WHERE g.event_id = ${eventId} AND t.status NOT IN ('resolved', 'closed')
      ORDER BY t.patient_care_affected DESC, t.priority, t.created_at LIMIT ${limit}`),
  );
  const resolved = rowsOf<BoardRow>(
    await db.execute(sql`${BOARD_SELECT}
      WHERE g.event_id = ${eventId} AND t.status IN ('resolved', 'closed')
      ORDER BY t.resolved_at DESC NULLS LAST LIMIT 20`),
  );
  return { open, resolved };
}

/** The board's counters: open issues, open issues affecting patient care, issues resolved on the spot since `since`. */
export async function boardCounts(db: Queryable, eventId: string, since: Date) {
  return rowsOf<{ open: number; patient_care: number; on_spot: number }>(
    await db.execute(sql`SELECT
        count(*) FILTER (WHERE t.status NOT IN ('resolved', 'closed'))::int AS open,
        count(*) FILTER (WHERE t.status NOT IN ('resolved', 'closed') AND t.patient_care_affected)::int AS patient_care,
        count(*) FILTER (WHERE g.resolved_on_spot AND g.created_at >= ${since.toISOString()}::timestamptz)::int AS on_spot
      FROM golive_issues g JOIN tickets t ON t.id = g.ticket_id WHERE g.event_id = ${eventId}`),
  )[0]!;
}

/** Issues logged per hour × zone × category × application in [from, to). */
export async function hourCells(db: Queryable, eventId: string, from: Date, to: Date): Promise<HourCell[]> {
  const rows = rowsOf<{
    hour: string | Date;
    zone: string | null;
    category: GoLiveCategory;
    application: string | null;
    logged: number;
    on_spot: number;
    patient_care: number;
  }>(
    await db.execute(sql`SELECT date_trunc('hour', g.created_at) AS hour, z.name AS zone, g.category,
        svc.name AS application, count(*)::int AS logged,
        count(*) FILTER (WHERE g.resolved_on_spot)::int AS on_spot,
        count(*) FILTER (WHERE t.patient_care_affected)::int AS patient_care
      FROM golive_issues g JOIN tickets t ON t.id = g.ticket_id
      LEFT JOIN golive_zones z ON z.id = g.zone_id
      LEFT JOIN services svc ON svc.id = t.service_id
      WHERE g.event_id = ${eventId} AND g.created_at >= ${from.toISOString()}::timestamptz
        AND g.created_at < ${to.toISOString()}::timestamptz
      GROUP BY 1, 2, 3, 4`),
  );
  return rows.map((r) => ({
    hour: new Date(r.hour),
    zone: r.zone,
    category: r.category,
    application: r.application,
    logged: r.logged,
    resolvedOnSpot: r.on_spot,
    patientCareAffected: r.patient_care,
  }));
}

/** Each zone's unresolved issues now and an hour before, and its support people checked in now. */
export async function zoneLoads(db: Queryable, eventId: string, now: Date): Promise<ZoneLoad[]> {
  const at = now.toISOString();
  const rows = rowsOf<{ zone_id: string; zone: string; now: number; hour_ago: number; checked_in: number }>(
    await db.execute(sql`SELECT z.id::text AS zone_id, z.name AS zone,
        (SELECT count(*) FROM golive_issues g JOIN tickets t ON t.id = g.ticket_id
          WHERE g.zone_id = z.id AND g.created_at <= ${at}::timestamptz
            AND (t.resolved_at IS NULL OR t.resolved_at > ${at}::timestamptz))::int AS now,
        (SELECT count(*) FROM golive_issues g JOIN tickets t ON t.id = g.ticket_id
          WHERE g.zone_id = z.id AND g.created_at <= ${at}::timestamptz - interval '1 hour'
            AND (t.resolved_at IS NULL OR t.resolved_at > ${at}::timestamptz - interval '1 hour'))::int AS hour_ago,
        (SELECT count(*) FROM golive_shifts s WHERE s.zone_id = z.id AND s.checked_in_at <= ${at}::timestamptz
            AND (s.checked_out_at IS NULL OR s.checked_out_at > ${at}::timestamptz)
            AND s.ends_at > ${at}::timestamptz - interval '30 minutes')::int AS checked_in
      FROM golive_zones z WHERE z.event_id = ${eventId} ORDER BY z.name`),
  );
  return rows.map((r) => ({
    zoneId: r.zone_id,
    zone: r.zone,
    unresolvedNow: r.now,
    unresolvedHourAgo: r.hour_ago,
    checkedIn: r.checked_in,
  }));
}

/** Open issues affecting patient care, for the huddle. */
export async function openPatientCare(db: Queryable, eventId: string) {
  return rowsOf<BoardRow>(
    await db.execute(sql`${BOARD_SELECT}
      WHERE g.event_id = ${eventId} AND t.status NOT IN ('resolved', 'closed') AND t.patient_care_affected
      ORDER BY t.priority, t.created_at LIMIT 50`),
  );
}

// ---- Known issues ----

export async function insertKnownIssue(db: Queryable, row: typeof goLiveKnownIssues.$inferInsert) {
  return (await db.insert(goLiveKnownIssues).values(row).returning())[0]!;
}

export async function retireKnownIssue(db: Queryable, id: string, at: Date) {
  return (
    await db
      .update(goLiveKnownIssues)
      .set({ retiredAt: at })
      .where(and(eq(goLiveKnownIssues.id, id), sql`${goLiveKnownIssues.retiredAt} IS NULL`))
      .returning()
  )[0];
}

export type KnownIssueRow = {
  id: string;
  event_id: string;
  event: string;
  title: string;
  workaround: string;
  ticket: string | number | null;
  article_number: number | null;
  article_title: string | null;
  published_at: string | Date;
  retired_at: string | Date | null;
};

/** Known issues of one event (all, newest first), or the current ones of every event live at `liveAt`. */
export async function knownIssues(db: Queryable, q: { eventId: string } | { liveAt: Date }) {
  const where =
    'eventId' in q
      ? sql`k.event_id = ${q.eventId}`
      : sql`k.retired_at IS NULL AND e.starts_at <= ${q.liveAt.toISOString()}::timestamptz
          AND e.ends_at > ${q.liveAt.toISOString()}::timestamptz`;
  return rowsOf<KnownIssueRow>(
    await db.execute(sql`SELECT k.id::text, k.event_id::text, e.name AS event, k.title, k.workaround,
        t.number AS ticket, a.number AS article_number, a.title AS article_title, k.published_at, k.retired_at
      FROM golive_known_issues k JOIN golive_events e ON e.id = k.event_id
      LEFT JOIN tickets t ON t.id = k.ticket_id LEFT JOIN kb_articles a ON a.id = k.article_id
      WHERE ${where} ORDER BY k.retired_at NULLS FIRST, k.published_at DESC`),
  );
}
