// SQL for incident communications: updates, the timer state the reminder job claims (SKIP LOCKED), and the
// incidents as the status page and banners read them (names of what they affect joined from the directory).
import { eq, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { literals } from '../../platform/db/literals.ts';
import type { IncidentFacts } from './rules/status-page.ts';
import type { IncidentKind, IncidentState } from './rules/vocabulary.ts';
import { incidentComms, incidentPlannedNotices, incidentUpdates, statusRequestWindows } from './tables.ts';

export type UpdateRow = typeof incidentUpdates.$inferSelect;
export type CommsRow = typeof incidentComms.$inferSelect;

export async function insertUpdate(tx: Queryable, row: typeof incidentUpdates.$inferInsert): Promise<UpdateRow> {
  const [inserted] = await tx.insert(incidentUpdates).values(row).returning();
  return inserted!;
}

/** The promise of the newest update replaces the old one: the reminders start afresh for it. */
export async function setNextUpdate(tx: Queryable, incidentId: string, nextUpdateAt: Date | null): Promise<void> {
  await tx
    .insert(incidentComms)
    .values({ incidentId, nextUpdateAt })
    .onConflictDoUpdate({ target: incidentComms.incidentId, set: { nextUpdateAt } });
}

export async function commsOf(db: Queryable, incidentId: string): Promise<CommsRow | undefined> {
  return (await db.select().from(incidentComms).where(eq(incidentComms.incidentId, incidentId)))[0];
}

export type UpdateWithAuthor = UpdateRow & { authorName: string | null };

export async function updatesOf(db: Queryable, incidentId: string, limit = 200): Promise<UpdateWithAuthor[]> {
  const res = await db.execute(sql`
    SELECT u.id, u.incident_id, u.public_text, u.internal_note, u.next_update_at, u.author_id, u.posted_at,
           usr.display_name AS author_name
      FROM ${incidentUpdates} u LEFT JOIN users usr ON usr.id = u.author_id
     WHERE u.incident_id = ${incidentId}
     ORDER BY u.posted_at DESC, u.id DESC LIMIT ${limit}`);
  return rowsOf<Record<string, unknown>>(res).map((r) => ({
    id: r.id as string,
    incidentId: r.incident_id as string,
    publicText: r.public_text as string,
    internalNote: (r.internal_note as string | null) ?? null,
    nextUpdateAt: r.next_update_at ? new Date(r.next_update_at as string) : null,
    authorId: (r.author_id as string | null) ?? null,
    postedAt: new Date(r.posted_at as string),
    authorName: (r.author_name as string | null) ?? null,
  }));
}

/** Timer rows whose promise is near or past (five minutes' notice), for open incidents; others' held rows skipped. */
export async function claimDueTimers(db: Queryable, horizon: Date, limit: number) {
  const res = await db.execute(sql`
    SELECT c.incident_id, c.next_update_at, c.due_reminded_for, c.overdue_reminded_for,
           i.number, i.state, i.title, i.commander_id, i.comms_lead_id
      FROM ${incidentComms} c JOIN incidents i ON i.id = c.incident_id
     WHERE c.next_update_at IS NOT NULL AND c.next_update_at <= ${horizon.toISOString()}::timestamptz
       AND i.state IN (${literals<IncidentState>(['declared', 'monitoring'])})
       AND (c.overdue_reminded_for IS DISTINCT FROM c.next_update_at)
     ORDER BY c.next_update_at LIMIT ${limit}
       FOR UPDATE OF c SKIP LOCKED`);
  return rowsOf<Record<string, unknown>>(res).map((r) => ({
    incidentId: r.incident_id as string,
    number: Number(r.number),
    state: r.state as IncidentState,
    title: r.title as string,
    commanderId: (r.commander_id as string | null) ?? null,
    commsLeadId: (r.comms_lead_id as string | null) ?? null,
    nextUpdateAt: new Date(r.next_update_at as string),
    dueRemindedFor: r.due_reminded_for ? new Date(r.due_reminded_for as string) : null,
    overdueRemindedFor: r.overdue_reminded_for ? new Date(r.overdue_reminded_for as string) : null,
  }));
}

export async function markReminded(tx: Queryable, incidentId: string, kind: 'due' | 'overdue', promise: Date) {
  await tx
    .update(incidentComms)
    .set(kind === 'due' ? { dueRemindedFor: promise } : { overdueRemindedFor: promise })
    .where(eq(incidentComms.incidentId, incidentId));
}

/**
 * The incidents the status page and the banners may show: open and scheduled ones, and those resolved since
 * `resolvedSince`; with the names of their applications/modules, facilities and units, and the latest update.
 */
export type StatusRow = Omit<IncidentFacts, 'downtimeArticles'> & {
  /** Ids of what it affects, for matching the downtime procedures. */
  scope: { serviceIds: string[]; facilityIds: string[] };
};

export async function incidentsForStatus(db: Queryable, resolvedSince: Date): Promise<StatusRow[]> {
  const res = await db.execute(sql`
    SELECT i.id, i.number, i.kind, i.planned, i.title, i.public_summary, i.severity, i.state, i.started_at,
           i.scheduled_start, i.scheduled_end, i.resolved_at, c.next_update_at,
           i.service_ids, i.module_ids, i.facility_ids, i.unit_ids,
           ARRAY(SELECT coalesce(p.name || ' — ', '') || s.name FROM services s LEFT JOIN services p ON p.id = s.parent_id
                  WHERE s.id = ANY(i.service_ids || i.module_ids) ORDER BY p.name NULLS FIRST, s.name) AS services,
           ARRAY(SELECT f.name FROM facilities f WHERE f.id = ANY(i.facility_ids) ORDER BY f.name) AS facilities,
           ARRAY(SELECT un.name FROM units un WHERE un.id = ANY(i.unit_ids) ORDER BY un.name) AS units,
           lu.public_text AS update_text, lu.internal_note AS update_note, lu.posted_at AS update_at
      FROM incidents i
      LEFT JOIN ${incidentComms} c ON c.incident_id = i.id
      LEFT JOIN LATERAL (SELECT u.public_text, u.internal_note, u.posted_at FROM ${incidentUpdates} u
                          WHERE u.incident_id = i.id ORDER BY u.posted_at DESC, u.id DESC LIMIT 1) lu ON true
     WHERE i.state IN (${literals<IncidentState>(['scheduled', 'declared', 'monitoring'])})
        OR (i.resolved_at IS NOT NULL AND i.resolved_at >= ${resolvedSince.toISOString()}::timestamptz)
     ORDER BY i.number DESC LIMIT 200`);
  const date = (v: unknown) => (v ? new Date(v as string) : null);
  return rowsOf<Record<string, unknown>>(res).map((r) => ({
    id: r.id as string,
    number: Number(r.number),
    kind: r.kind as IncidentKind,
    planned: Boolean(r.planned),
    title: r.title as string,
    publicSummary: (r.public_summary as string | null) || null,
    severity: r.severity as string,
    state: r.state as IncidentState,
    startedAt: date(r.started_at),
    scheduledStart: date(r.scheduled_start),
    scheduledEnd: date(r.scheduled_end),
    resolvedAt: date(r.resolved_at),
    nextUpdateAt: date(r.next_update_at),
    services: r.services as string[],
    facilities: r.facilities as string[],
    units: r.units as string[],
    scope: {
      serviceIds: [...(r.service_ids as string[]), ...(r.module_ids as string[])],
      facilityIds: r.facility_ids as string[],
    },
    latestUpdate: r.update_text
      ? {
          publicText: r.update_text as string,
          internalNote: (r.update_note as string | null) ?? null,
          postedAt: new Date(r.update_at as string),
        }
      : null,
  }));
}

// Planned-downtime notices -----------------------------------------------------------------------------------------

export type PlannedNoticeCandidate = {
  incidentId: string;
  number: number;
  state: IncidentState;
  scheduledStart: Date;
  noticeHoursBefore: number;
};

/**
 * Scheduled downtimes whose own notice time (their notice hours before the start) has come and that were not yet
 * announced for their current start (at any notice hours: changing them after the notice does not send another):
 * locked with SKIP LOCKED (another instance takes others, none twice at once).
 */
export async function claimDuePlannedNotices(db: Queryable, now: Date, limit: number) {
  const res = await db.execute(sql`
    SELECT i.id, i.number, i.state, i.scheduled_start, i.notice_hours_before
      FROM incidents i
     WHERE i.state = 'scheduled' AND i.scheduled_start IS NOT NULL
       AND i.scheduled_start > ${now.toISOString()}::timestamptz
       AND i.scheduled_start <= ${now.toISOString()}::timestamptz + make_interval(hours => i.notice_hours_before)
       AND NOT EXISTS (SELECT 1 FROM ${incidentPlannedNotices} n
                        WHERE n.incident_id = i.id AND n.scheduled_start = i.scheduled_start)
     ORDER BY i.scheduled_start LIMIT ${limit}
       FOR UPDATE OF i SKIP LOCKED`);
  return rowsOf<Record<string, unknown>>(res).map(
    (r): PlannedNoticeCandidate => ({
      incidentId: r.id as string,
      number: Number(r.number),
      state: r.state as IncidentState,
      scheduledStart: new Date(r.scheduled_start as string),
      noticeHoursBefore: Number(r.notice_hours_before),
    }),
  );
}

/** Records the notice as sent; false when it already was (the key is the guard, whatever held the lock). */
export async function markPlannedNoticeSent(
  db: Queryable,
  row: { incidentId: string; hoursBefore: number; scheduledStart: Date; sentAt: Date },
): Promise<boolean> {
  const rows = await db
    .insert(incidentPlannedNotices)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: incidentPlannedNotices.incidentId });
  return rows.length > 0;
}

/** Counts one status request for the client's minute and answers the minute's count (one statement, any instance). */
export async function countStatusRequest(db: Queryable, clientKey: string, windowStart: Date): Promise<number> {
  const res = await db.execute(sql`
    INSERT INTO ${statusRequestWindows} AS w (client_key, window_start, hits)
    VALUES (${clientKey}, ${windowStart.toISOString()}::timestamptz, 1)
    ON CONFLICT (client_key, window_start) DO UPDATE SET hits = w.hits + 1
    RETURNING w.hits`);
  return Number(rowsOf<{ hits: number }>(res)[0]!.hits);
}

/** Forgets the minutes before `before`. */
export async function sweepStatusWindows(db: Queryable, before: Date): Promise<void> {
  await db.execute(sql`DELETE FROM ${statusRequestWindows} WHERE window_start < ${before.toISOString()}::timestamptz`);
}
