// The reports' time figures kept ready (migration 0032): each whole local day's, week's (from Monday) and month's
// median and p90 time to resolve, for the whole desk (scope '*') and each facility (scope: its id, '' for tickets
// with none), and each month's durations by bucket for those scopes. A real history has nearly one duration bucket
// per ticket in a day or a rollup cell, so adding a year of them up for every report cost seconds at a million
// tickets; a report by day, week or month now reads one row per group, and a range's overall figures (and a report
// by channel, priority or tier, report_month_cut_times) a few thousand bucket rows. Both are recomputed with the months and days of the monthly and daily rollups (rollup-store.ts calls
// these, after the daily rollup), by the same nearest-rank rule as every report (percentilesSql).
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/connect.ts';
import { HIGHEST_TIER, NOT_FOLLOW_UP } from './report-store.ts';

/** Kept per month with the monthly rollup's tables (deleted by month with them). */
export const SCOPE_TABLES = ['report_month_scope_times', 'report_month_cut_times'];
/** Kept per day, week and month: deleted by this module, emptied with every rollup table by a whole rebuild. */
export const PERIOD_TABLE = 'report_period_times';

/** The scope every facility's tickets count under, beside their facility's own. */
export const ALL_SCOPE = '*';

/** The scope a report filter reads: one facility's, or the whole desk's. */
export function scopeOf(q: { facilityId?: string | null }): SQL {
  return q.facilityId ? sql`${q.facilityId}::uuid::text` : sql`${ALL_SCOPE}`;
}

/**
 * Each (key, measure)'s count, median and p90 from durations by bucket (key, measure, bucket, n, max): the largest
 * value of the bucket holding the nearest rank, as percentileOfBuckets (rules/histogram.ts) and every report read it.
 * In two passes, so a year of a million tickets' buckets is never sorted: the buckets are counted in runs of 16
 * (hashed, a few hundred runs per key), the runs' running counts find the run that holds each rank, and only the
 * buckets of those runs are added up and ordered. Runs of consecutive buckets keep the buckets' order, so the bucket
 * found is the one a single ordered pass finds (rules.test.ts and the reports' tests compare it with the pure rule).
 */
export function percentilesSql(buckets: SQL): SQL {
  return sql`
    WITH u AS NOT MATERIALIZED (${buckets}),
    runs AS (SELECT key, measure, bucket >> 4 AS run, sum(n) AS n FROM u GROUP BY 1, 2, 3),
    counted AS (SELECT key, measure, run, n, sum(n) OVER (PARTITION BY key, measure ORDER BY run) AS cum,
        sum(n) OVER (PARTITION BY key, measure) AS total FROM runs),
    wanted AS (SELECT c.key, c.measure, c.run, c.total, ps.p, r.rank - (c.cum - c.n) AS within
      FROM counted c CROSS JOIN (VALUES (50), (90)) AS ps(p)
      CROSS JOIN LATERAL (SELECT greatest(1, ceil((ps.p::float8 / 100) * c.total::float8)) AS rank) AS r
      WHERE c.cum >= r.rank AND c.cum - c.n < r.rank),
    inside AS (SELECT u.key, u.measure, u.bucket, sum(u.n) AS n, max(u.max) AS max
      FROM u JOIN (SELECT DISTINCT key, measure, run FROM wanted) AS w
        ON w.key = u.key AND w.measure = u.measure AND w.run = u.bucket >> 4
      GROUP BY 1, 2, 3),
    ordered AS (SELECT key, measure, bucket >> 4 AS run, max,
        sum(n) OVER (PARTITION BY key, measure, bucket >> 4 ORDER BY bucket) AS cum FROM inside)
    SELECT w.key, w.measure, max(w.total) AS n, min(o.max) FILTER (WHERE w.p = 50) AS median,
      min(o.max) FILTER (WHERE w.p = 90) AS p90
    FROM wanted w JOIN ordered o ON o.key = w.key AND o.measure = w.measure AND o.run = w.run AND o.cum >= w.within
    GROUP BY 1, 2`;
}

/**
 * Recomputes the months' durations by scope and their kept figures from the facts `f` that `facts` picks (those
 * months' facts, as the monthly rollup; `monthOf` is a fact's local month, as there), in the caller's transaction. report_month_scope_times is one of the monthly
 * tables, so the caller has deleted its rows of the months.
 */
export async function rebuildScopeMonths(db: Queryable, list: SQL, facts: SQL, monthOf: SQL): Promise<void> {
  await db.execute(sql`
    INSERT INTO report_month_scope_times (month, scope, measure, bucket, n, max)
    SELECT ${monthOf}, s.scope, m.measure, report_time_bucket(m.ms), count(*), max(m.ms)
    FROM report_ticket_facts f
    CROSS JOIN LATERAL (VALUES ('wall', f.resolve_wall_ms),
      ('cal', CASE WHEN f.resolve_calendar_ms IS NOT NULL THEN f.resolve_calendar_ms END)) AS m(measure, ms)
    CROSS JOIN LATERAL (VALUES (${ALL_SCOPE}), (coalesce(f.facility_id::text, ''))) AS s(scope)
    WHERE ${facts} AND ${NOT_FOLLOW_UP} AND f.resolved_at IS NOT NULL AND m.ms IS NOT NULL
    GROUP BY 1, 2, 3, 4`);
  // The same by channel, priority and highest tier, for reports grouped by one of them.
  await db.execute(sql`
    INSERT INTO report_month_cut_times (month, scope, dimension, key, measure, bucket, n, max)
    SELECT ${monthOf}, s.scope, d.dimension, d.key, m.measure, report_time_bucket(m.ms), count(*), max(m.ms)
    FROM report_ticket_facts f
    CROSS JOIN LATERAL (VALUES ('wall', f.resolve_wall_ms),
      ('cal', CASE WHEN f.resolve_calendar_ms IS NOT NULL THEN f.resolve_calendar_ms END)) AS m(measure, ms)
    CROSS JOIN LATERAL (VALUES (${ALL_SCOPE}), (coalesce(f.facility_id::text, ''))) AS s(scope)
    CROSS JOIN LATERAL (VALUES ('channel', f.channel::text), ('priority', f.priority::text),
      ('tier', ${HIGHEST_TIER})) AS d(dimension, key)
    WHERE ${facts} AND ${NOT_FOLLOW_UP} AND f.resolved_at IS NOT NULL AND m.ms IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6`);
  await db.execute(sql`DELETE FROM report_period_times WHERE period = 'month' AND start IN (${list})`);
  await insertPeriods(
    db,
    'month',
    sql`SELECT to_char(month, 'YYYY-MM-DD') || '/' || scope AS key, measure, bucket, n, max
      FROM report_month_scope_times WHERE month IN (${list})`,
  );
}

/**
 * Recomputes the kept figures of the local days the daily rollup has just recomputed — every day of the months in
 * `months`, or the days in `days` — and of every week with one of those days in it, whole, from the daily rollup of
 * all its days.
 */
export async function rebuildPeriodDays(db: Queryable, which: { months: SQL } | { days: SQL }): Promise<void> {
  const isDay = (col: SQL) =>
    'months' in which ? sql`date_trunc('month', ${col})::date IN (${which.months})` : sql`${col} IN (${which.days})`;
  const weeks =
    'months' in which
      ? sql`SELECT DISTINCT date_trunc('week', g)::date FROM unnest(ARRAY[${which.months}]::date[]) AS m,
          generate_series(m::timestamp, m::timestamp + interval '1 month' - interval '1 day', interval '1 day') AS g`
      : sql`SELECT DISTINCT date_trunc('week', d::timestamp)::date FROM unnest(ARRAY[${which.days}]::date[]) AS d`;
  await db.execute(sql`DELETE FROM report_period_times WHERE period = 'day' AND ${isDay(sql`start`)}`);
  await insertPeriods(db, 'day', dayBuckets(sql`to_char(d.day, 'YYYY-MM-DD')`, isDay(sql`d.day`)));
  await db.execute(sql`DELETE FROM report_period_times WHERE period = 'week' AND start IN (${weeks})`);
  await insertPeriods(
    db,
    'week',
    dayBuckets(
      sql`to_char(date_trunc('week', d.day::timestamp), 'YYYY-MM-DD')`,
      sql`date_trunc('week', d.day::timestamp)::date IN (${weeks})`,
    ),
  );
}

/** The daily rollup's buckets `d` that `where` keeps, keyed '<period start>/<scope>' by `start`. */
function dayBuckets(start: SQL, where: SQL): SQL {
  return sql`
    SELECT ${start} || '/' || ${ALL_SCOPE} AS key, d.measure, d.bucket, d.n, d.max FROM report_day_times d WHERE ${where}
    UNION ALL
    SELECT ${start} || '/' || coalesce(d.facility_id::text, ''), d.measure, d.bucket, d.n, d.max
    FROM report_day_times d WHERE ${where}`;
}

/** Inserts the figures of buckets keyed '<period start>/<scope>'. */
async function insertPeriods(db: Queryable, period: 'day' | 'week' | 'month', buckets: SQL): Promise<void> {
  await db.execute(sql`
    INSERT INTO report_period_times (period, start, scope, measure, n, median, p90)
    SELECT ${period}, split_part(p.key, '/', 1)::date, substr(p.key, 12), p.measure, p.n, p.median, p.p90
    FROM (${percentilesSql(buckets)}) AS p`);
}
