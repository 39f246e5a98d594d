// The daily rollup (migration 0025), for reports by day or week: per local day of the hospital's time zone and
// facility, the same counts, sums and duration buckets as report_month_cells/-times, and the CSAT tallies (by the day
// the answer came). The days are recomputed with their month of the monthly rollup, and a refresh recomputes the
// days of the tickets whose facts changed (rollup-store.ts calls these), so both always hold the same facts. A report by day or week with no filter but facility reads the whole
// local days inside its range here and the hours before the first and after the last from the facts.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { CELL_SUM_COLUMNS, CELL_SUMS, METRIC_COLUMNS, METRIC_COUNTS, NOT_FOLLOW_UP } from './report-store.ts';
import type { Dimension, Period } from './rules/query.ts';
import type { ReportFilter } from './schemas.ts';
import { TALLY } from './tally-store.ts';

export const DAY_TABLES = ['report_day_cells', 'report_day_times'];
export const DAY_CSAT_TABLE = 'report_day_csat';

const dayOf = (timeZone: string) => sql`date_trunc('day', f.created_at AT TIME ZONE ${timeZone})::date`;
const answeredDayOf = (timeZone: string) => sql`date_trunc('day', r.responded_at AT TIME ZONE ${timeZone})::date`;

/**
 * Recomputes the days of the facts `f` that `facts` picks (whole local days: a month's, or the days of the tickets a
 * refresh found changed), whose rows of DAY_TABLES the caller deleted (rollup-store.ts).
 */
export async function insertDays(db: Queryable, facts: SQL, timeZone: string): Promise<void> {
  await db.execute(sql`
    INSERT INTO report_day_cells (day, facility_id, ${METRIC_COLUMNS},
      ${CELL_SUM_COLUMNS})
    SELECT ${dayOf(timeZone)}, f.facility_id, ${METRIC_COUNTS},
      ${CELL_SUMS}
    FROM report_ticket_facts f
    WHERE ${facts} AND ${NOT_FOLLOW_UP}
    GROUP BY 1, 2`);
  await db.execute(sql`
    INSERT INTO report_day_times (day, facility_id, measure, bucket, n, max)
    SELECT ${dayOf(timeZone)}, f.facility_id, m.measure, report_time_bucket(m.ms), count(*), max(m.ms)
    FROM report_ticket_facts f
    CROSS JOIN LATERAL (VALUES ('wall', f.resolve_wall_ms),
      ('cal', CASE WHEN f.resolve_calendar_ms IS NOT NULL THEN f.resolve_calendar_ms END)) AS m(measure, ms)
    WHERE ${facts} AND ${NOT_FOLLOW_UP} AND f.resolved_at IS NOT NULL AND m.ms IS NOT NULL
    GROUP BY 1, 2, 3, 4`);
}

/**
 * Recomputes the days' CSAT tallies of the answers `r` that `answers` picks (whole local months of answers), whose rows
 * of DAY_CSAT_TABLE the caller deleted.
 */
export async function insertDayCsat(db: Queryable, answers: SQL, timeZone: string): Promise<void> {
  await db.execute(sql`
    INSERT INTO report_day_csat (day, facility_id, n, satisfied, score_sum, fcr_answered, fcr_yes)
    SELECT ${answeredDayOf(timeZone)}, f.facility_id, ${TALLY}
    FROM report_ticket_facts f JOIN survey_responses r ON r.ticket_id = f.ticket_id
    WHERE r.kind = 'ticket' AND ${answers} AND ${NOT_FOLLOW_UP}
    GROUP BY 1, 2`);
}

/** Whether the daily rollup can cut this report: by day or week, no filter but facility (so the whole desk's). */
export function daysCanAnswer(q: ReportFilter, groupBy: Dimension | null, period: Period): boolean {
  if (groupBy !== 'period' || period === 'month') return false;
  return !(
    q.unitId ||
    q.clinicalRole ||
    q.serviceId ||
    q.moduleId ||
    q.providerId ||
    q.groupId ||
    q.agentId ||
    q.channel ||
    q.priority ||
    q.tier
  );
}

/** A report group's key over the daily rollup's rows `c`, as the facts give it for the same period. */
export function dayCellKey(period: Period): SQL {
  if (period === 'day') return sql.raw(`to_char(c.day, 'YYYY-MM-DD')`);
  return sql.raw(`to_char(date_trunc('week', c.day::timestamp), 'YYYY-MM-DD')`);
}

/** The daily rollup's rows for whole days [fromDay, toDay) and the report's facility. */
export function dayCellFilter(q: ReportFilter, fromDay: string, toDay: string): SQL {
  const c: SQL[] = [sql`c.day >= ${fromDay}::date`, sql`c.day < ${toDay}::date`];
  if (q.facilityId) c.push(sql`c.facility_id = ${q.facilityId}::uuid`);
  return sql.join(c, sql` AND `);
}

const EMPTY_BETWEEN = {
  facts: (from: string, to: string) =>
    sql`NOT EXISTS (SELECT 1 FROM report_ticket_facts f WHERE f.created_at >= ${from}::timestamptz AND f.created_at < ${to}::timestamptz)`,
  answers: (from: string, to: string) =>
    sql`NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.responded_at >= ${from}::timestamptz AND r.responded_at < ${to}::timestamptz)`,
};

/**
 * The whole local days inside [from, to): the first and the day after the last, as days and instants (null when no
 * whole day fits). The day `to` falls in also counts as whole when nothing of `source` lies between `to` and its end
 * (a range up to now: the rollup's day so far is exactly the range's part of it).
 */
export async function wholeDays(
  db: Queryable,
  q: { from: Date; to: Date },
  timeZone: string,
  source: 'facts' | 'answers',
) {
  const [r] = rowsOf<{
    first: string | Date;
    first_starts: string | Date;
    end: string | Date;
    end_starts: string | Date;
    next: string | Date;
    next_starts: string | Date;
  }>(
    await db.execute(sql`
      SELECT d0::date AS first, d0 AT TIME ZONE ${timeZone} AS first_starts, d1::date AS end,
        d1 AT TIME ZONE ${timeZone} AS end_starts, (d1 + interval '1 day')::date AS next,
        (d1 + interval '1 day') AT TIME ZONE ${timeZone} AS next_starts
      FROM (SELECT
        date_trunc('day', (${q.from.toISOString()}::timestamptz - interval '1 microsecond') AT TIME ZONE ${timeZone})
          + interval '1 day' AS d0,
        date_trunc('day', ${q.to.toISOString()}::timestamptz AT TIME ZONE ${timeZone}) AS d1) AS x`),
  );
  if (!r) return null;
  const first = { day: isoDate(r.first), starts: new Date(r.first_starts) };
  let end = { day: isoDate(r.end), starts: new Date(r.end_starts) };
  if (end.starts.getTime() < q.to.getTime()) {
    const next = { day: isoDate(r.next), starts: new Date(r.next_starts) };
    const [probe] = rowsOf<{ empty: boolean }>(
      await db.execute(sql`SELECT ${EMPTY_BETWEEN[source](q.to.toISOString(), next.starts.toISOString())} AS empty`),
    );
    if (probe?.empty) end = next;
  }
  if (first.starts.getTime() < q.from.getTime() || first.starts.getTime() >= end.starts.getTime()) return null;
  return { first, end };
}

function isoDate(v: string | Date): string {
  return typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10);
}
