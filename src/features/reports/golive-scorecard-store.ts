// The go-live scorecard's SQL: the go-live events (the golive feature's golive_events), one row per issue logged
// through an event (golive_issues joined to the report facts, so every verdict is the facts' own), the CSAT tallies
// of the answers about those issues per provider they name, and satisfaction at the go-live's facilities by month
// since it started. A few hundred issues per go-live: read whole, shaped by rules/golive-scorecard.ts.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import type { GoLiveIssueFacts, GoLiveProviderTally } from './rules/golive-scorecard.ts';
import { TALLY, type TallyRow, tally } from './tally-store.ts';

export type GoLiveEventRow = {
  id: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  facilityIds: string[];
  facilities: string[];
};

type EventSqlRow = {
  id: string;
  name: string;
  starts_at: Date | string;
  ends_at: Date | string;
  time_zone: string;
  facility_ids: string[] | string;
  facilities: string[] | string | null;
};

/** node-postgres hands back uuid[] and text[] of a subquery as '{a,b}' text at times; PGlite as arrays. */
const textArray = (v: string[] | string | null): string[] =>
  v === null
    ? []
    : Array.isArray(v)
      ? v
      : v
          .replace(/^\{|\}$/g, '')
          .split(',')
          .filter(Boolean)
          .map(unquote);
const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s);

const EVENT_SELECT = sql`SELECT e.id::text AS id, e.name, e.starts_at, e.ends_at, e.time_zone,
    e.facility_ids::text[] AS facility_ids,
    (SELECT array_agg(fa.name ORDER BY fa.code) FROM facilities fa WHERE fa.id = ANY(e.facility_ids)) AS facilities
  FROM golive_events e`;

function eventOf(r: EventSqlRow): GoLiveEventRow {
  return {
    id: r.id,
    name: r.name,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    timeZone: r.time_zone,
    facilityIds: textArray(r.facility_ids),
    facilities: textArray(r.facilities),
  };
}

/** Every go-live event, the newest first. */
export async function goLiveEventList(db: Queryable): Promise<GoLiveEventRow[]> {
  return rowsOf<EventSqlRow>(await db.execute(sql`${EVENT_SELECT} ORDER BY e.starts_at DESC, e.name`)).map(eventOf);
}

export async function goLiveEventById(db: Queryable, id: string): Promise<GoLiveEventRow | undefined> {
  const [row] = rowsOf<EventSqlRow>(await db.execute(sql`${EVENT_SELECT} WHERE e.id = ${id}::uuid`));
  return row ? eventOf(row) : undefined;
}

/** The issues logged through the event whose facts are judged (an issue logged in the last half-minute may not be). */
export async function goLiveIssueFacts(db: Queryable, eventId: string): Promise<GoLiveIssueFacts[]> {
  const rows = rowsOf<{
    ticket_id: string;
    first_provider_id: string | null;
    provider_ids: string[] | string;
    resolved_on_spot: boolean;
    live_contact: boolean;
    fcr: boolean;
    escalated: boolean;
    resolve_wall_ms: string | number | null;
    patient_care_affected: boolean;
  }>(
    await db.execute(sql`
      SELECT g.ticket_id::text AS ticket_id, f.first_provider_id::text AS first_provider_id,
        f.provider_ids::text[] AS provider_ids, g.resolved_on_spot, f.live_contact, f.fcr, f.escalated,
        f.resolve_wall_ms, f.patient_care_affected
      FROM golive_issues g JOIN report_ticket_facts f ON f.ticket_id = g.ticket_id
      WHERE g.event_id = ${eventId}::uuid`),
  );
  return rows.map((r) => ({
    ticketId: r.ticket_id,
    firstProviderId: r.first_provider_id,
    providerIds: textArray(r.provider_ids),
    resolvedOnSpot: r.resolved_on_spot,
    liveContact: r.live_contact,
    fcr: r.fcr,
    escalated: r.escalated,
    resolveWallMs: r.resolve_wall_ms === null ? null : Number(r.resolve_wall_ms),
    patientCareAffected: r.patient_care_affected,
  }));
}

/**
 * The survey answers about the event's issues: once for every provider an answer names (as the scorecards count
 * them), and once in all under provider ''.
 */
export async function goLiveAnswerTallies(db: Queryable, eventId: string): Promise<GoLiveProviderTally[]> {
  const about = sql`golive_issues g JOIN survey_responses r ON r.ticket_id = g.ticket_id`;
  const rows = rowsOf<TallyRow & { provider_id: string }>(
    await db.execute(sql`
      SELECT p.provider_id::text AS provider_id, ${TALLY}
      FROM ${about} CROSS JOIN LATERAL (SELECT DISTINCT unnest(r.provider_ids)) AS p(provider_id)
      WHERE g.event_id = ${eventId}::uuid GROUP BY 1
      UNION ALL
      SELECT '' AS provider_id, ${TALLY} FROM ${about} WHERE g.event_id = ${eventId}::uuid`),
  );
  return rows.filter((r) => Number(r.n) > 0).map((r) => ({ providerId: r.provider_id, tally: tally(r) }));
}

/**
 * Every survey answer (ticket and pulse surveys) from the event's facilities, by month since the go-live started:
 * month 1 is the first month from the start (months counted in the event's time zone), up to month 12, and month 0
 * the three months before, the baseline; months not begun yet are left out. Answers about a service-recovery
 * follow-up are left out, as in every report.
 */
export async function satisfactionSinceGoLive(db: Queryable, e: GoLiveEventRow) {
  const start = sql`(${e.startsAt.toISOString()}::timestamptz AT TIME ZONE ${e.timeZone})`;
  const edge = (months: SQL) => sql`((${start} + (${months}) * interval '1 month') AT TIME ZONE ${e.timeZone})`;
  const rows = rowsOf<TallyRow & { k: number | string; from_at: Date | string; to_at: Date | string }>(
    await db.execute(sql`
      WITH m AS (
        SELECT k, CASE WHEN k = 0 THEN ${edge(sql`-3`)} ELSE ${edge(sql`k - 1`)} END AS from_at, ${edge(sql`k`)} AS to_at
        FROM generate_series(0, 12) AS k),
      a AS (
        SELECT m.k, ${TALLY} FROM m
        JOIN survey_responses r ON r.responded_at >= m.from_at AND r.responded_at < m.to_at
        WHERE r.facility_id = ANY(${`{${e.facilityIds.join(',')}}`}::uuid[])
          AND NOT EXISTS (SELECT 1 FROM survey_recoveries sr WHERE sr.followup_ticket_id = r.ticket_id)
        GROUP BY m.k)
      SELECT m.k, m.from_at, m.to_at, coalesce(a.n, 0) AS n, coalesce(a.satisfied, 0) AS satisfied,
        coalesce(a.score_sum, 0) AS score_sum, coalesce(a.fcr_answered, 0) AS fcr_answered,
        coalesce(a.fcr_yes, 0) AS fcr_yes
      FROM m LEFT JOIN a ON a.k = m.k WHERE m.from_at < now() ORDER BY m.k`),
  );
  return rows.map((r) => ({
    month: Number(r.k),
    from: new Date(r.from_at),
    to: new Date(r.to_at),
    tally: tally(r),
  }));
}
