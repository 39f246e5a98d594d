// A ticket report's sums, from the monthly rollups where they can answer and from the facts elsewhere. Whole local
// months inside the range come from report_month_cells/-times (a year of a million tickets is a few thousand rows),
// or for a cut by one of unit, role, service, module, provider, group or agent (an agent's own figures are filtered
// to the agent) from report_month_dim_cells/-times; the days before the first whole month and after the last come
// from the facts, and so does every report neither rollup can cut (two such dimensions at once, one with a channel,
// priority or tier filter, by day or week, or a time zone other than the rollups'). Both parts give the same shape — counts, sums and durations by bucket per group
// — and are added up, so a figure is the same whichever part a day came from (rollup.test.ts).
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { dayCellFilter, dayCellKey, daysCanAnswer, wholeDays } from './days-rollup-store.ts';
import { type DimCut, dimCellFilter, dimCellKey, dimCut } from './dims-rollup-store.ts';
import { type FigureCounts, filterSql, groupKeySql, METRIC_COUNTS, reportRead } from './report-store.ts';
import {
  cellFilter,
  cellKey,
  edgesOf,
  ROLLUP_METRICS,
  rollupCanAnswer,
  rollupTimeZone,
  wholeMonths,
} from './rollup-store.ts';
import type { Dimension, Period } from './rules/query.ts';
import type { ReportFilter } from './schemas.ts';

type Measure = 'wall' | 'cal';
/** A part's sums per group, and the select that gives its durations by bucket (key, measure, bucket, n, max). */
type Parts = { sums: Record<string, unknown>[]; times: SQL };
type Percentiles = { key: string; measure: Measure; median: number | string | null; p90: number | string | null };

async function factParts(
  tx: Queryable,
  q: ReportFilter,
  groupBy: Dimension | null,
  period: Period,
  timeZone: string,
  now: Date,
): Promise<Parts> {
  const g = groupBy ? groupKeySql(groupBy, period, timeZone) : null;
  const key = g ? g.key : sql`'*total*'`;
  const from = g ? g.from : sql`report_ticket_facts f`;
  const sums = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      SELECT ${key} AS key, ${METRIC_COUNTS},
        coalesce(sum(f.resolve_wall_ms) FILTER (WHERE f.resolved_at IS NOT NULL), 0) AS wall_sum,
        count(*) FILTER (WHERE f.resolved_at IS NOT NULL AND f.resolve_calendar_ms IS NOT NULL) AS cal_n,
        coalesce(sum(f.resolve_calendar_ms) FILTER (WHERE f.resolved_at IS NOT NULL AND f.resolve_calendar_ms IS NOT NULL), 0) AS cal_sum,
        coalesce(sum(extract(epoch FROM coalesce(f.resolved_at, ${now.toISOString()}::timestamptz) - f.created_at) * 1000)
          FILTER (WHERE f.patient_care_affected), 0) AS care_ms
      FROM ${from} WHERE ${filterSql(q)}
      GROUP BY 1`),
  );
  const times = sql`
      SELECT ${key} AS key, m.measure, report_time_bucket(m.ms) AS bucket, count(*) AS n, max(m.ms) AS max
      FROM ${from}
      CROSS JOIN LATERAL (VALUES ('wall', f.resolve_wall_ms),
        ('cal', CASE WHEN f.resolve_calendar_ms IS NOT NULL THEN f.resolve_calendar_ms END)) AS m(measure, ms)
      WHERE ${filterSql(q)} AND f.resolved_at IS NOT NULL AND m.ms IS NOT NULL
      GROUP BY 1, 2, 3`;
  return { sums, times };
}

/** Which rollup answers a cut: the first (cells by channel, priority, tier) or the dimensions' (dims-rollup-store.ts). */
function rollupOf(
  q: ReportFilter,
  groupBy: Dimension | null,
  cut: DimCut | null,
  months: { first: string; end: string },
) {
  if (cut === null) {
    const where = cellFilter(q, months.first, months.end);
    return { key: cellKey(groupBy), where, cells: sql`report_month_cells`, times: sql`report_month_times` };
  }
  const where = dimCellFilter(q, cut, months.first, months.end);
  return { key: dimCellKey(groupBy), where, cells: sql`report_month_dim_cells`, times: sql`report_month_dim_times` };
}

async function rollupParts(
  tx: Queryable,
  from: { key: SQL; where: SQL; cells: SQL; times: SQL },
  now: Date,
): Promise<Parts> {
  const { key, where } = from;
  const sums = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      SELECT ${key} AS key, ${sql.raw(ROLLUP_METRICS.map((m) => `sum("${m}_n") AS "${m}_n", sum("${m}_k") AS "${m}_k"`).join(', '))},
        sum(c.wall_sum) AS wall_sum, sum(c.cal_n) AS cal_n, sum(c.cal_sum) AS cal_sum,
        sum(c.care_done_ms) + sum(c.care_open_n) * ${now.getTime()}::bigint - sum(c.care_open_created_ms) AS care_ms
      FROM ${from.cells} c WHERE ${where}
      GROUP BY 1`),
  );
  const times = sql`
      SELECT ${key} AS key, c.measure, c.bucket, sum(c.n) AS n, max(c.max) AS max
      FROM ${from.times} c WHERE ${where}
      GROUP BY 1, 2, 3`;
  return { sums, times };
}

/**
 * Every metric's n and hits and the time figures, one row per group and one for all tickets (key '*total*'). The
 * total is the groups added up, except by provider, where a ticket held by two providers is in two groups but once
 * in the total (the service asks for the total separately then).
 */
export async function ticketCounts(
  db: Queryable,
  q: ReportFilter,
  groupBy: Dimension | null,
  period: Period,
  timeZone: string,
  now: Date,
): Promise<FigureCounts[]> {
  const withTotal = groupBy !== null && groupBy !== 'provider';
  const read = await reportRead(db, async (tx) => {
    const parts = await readParts(tx);
    return { parts, percentiles: await percentilesOf(tx, parts, withTotal) };
  });
  return figureCounts(read.parts, read.percentiles, withTotal);

  async function readParts(tx: Queryable): Promise<Parts[]> {
    if (daysCanAnswer(q, groupBy, period) && (await rollupTimeZone(tx)) === timeZone) {
      const days = await wholeDays(tx, q, timeZone, 'facts');
      if (days) {
        const where = dayCellFilter(q, days.first.day, days.end.day);
        const from = { key: dayCellKey(period), where, cells: sql`report_day_cells`, times: sql`report_day_times` };
        const found: Parts[] = [await rollupParts(tx, from, now)];
        for (const edge of edgesOf(q, days)) found.push(await factParts(tx, edge, groupBy, period, timeZone, now));
        return found;
      }
    }
    const cut = dimCut(q, groupBy, period);
    const months =
      (rollupCanAnswer(q, groupBy, period) || cut !== null) && (await rollupTimeZone(tx)) === timeZone
        ? await wholeMonths(tx, q, timeZone, 'facts')
        : null;
    if (!months) return [await factParts(tx, q, groupBy, period, timeZone, now)];
    const whole = { first: months.first.month, end: months.end.month };
    const found: Parts[] = [await rollupParts(tx, rollupOf(q, groupBy, cut, whole), now)];
    for (const edge of edgesOf(q, months)) found.push(await factParts(tx, edge, groupBy, period, timeZone, now));
    return found;
  }
}

/**
 * The median and p90 of each group's durations (and of all tickets' when each is in one group), in the database:
 * the parts' buckets are added up per group and the nearest-rank bucket's largest value is picked from the running
 * counts, as percentileOfBuckets (rules/histogram.ts) does, so a report by day or by agent sends two numbers per
 * group to the server instead of every bucket.
 */
async function percentilesOf(tx: Queryable, parts: Parts[], withTotal: boolean): Promise<Percentiles[]> {
  const all = sql.join(
    parts.map((p) => sql`(${p.times})`),
    sql` UNION ALL `,
  );
  const total = withTotal ? sql`UNION ALL SELECT '*total*', measure, bucket, n, max FROM t` : sql``;
  const rank = (p: number) => sql.raw(`greatest(1, ceil((${p}::float8 / 100) * total::float8))`);
  return rowsOf<Percentiles>(
    await tx.execute(sql`
      WITH t AS (${all}),
      b AS (SELECT key, measure, bucket, sum(n) AS n, max(max) AS max
        FROM (SELECT key, measure, bucket, n, max FROM t ${total}) AS u GROUP BY 1, 2, 3),
      c AS (SELECT key, measure, max, sum(n) OVER (PARTITION BY key, measure ORDER BY bucket) AS cum,
        sum(n) OVER (PARTITION BY key, measure) AS total FROM b)
      SELECT key, measure, min(max) FILTER (WHERE cum >= ${rank(50)}) AS median,
        min(max) FILTER (WHERE cum >= ${rank(90)}) AS p90
      FROM c GROUP BY 1, 2`),
  );
}

/** Adds the parts up per group (and into the total when each ticket is in one group), with the time figures. */
function figureCounts(parts: Parts[], percentiles: Percentiles[], withTotal: boolean): FigureCounts[] {
  const sums = new Map<string, Record<string, number>>();
  const add = (k: string, r: Record<string, unknown>) => {
    const into = sums.get(k) ?? {};
    for (const [c, x] of Object.entries(r)) if (c !== 'key') into[c] = (into[c] ?? 0) + (x === null ? 0 : Number(x));
    sums.set(k, into);
  };
  for (const p of parts) {
    for (const r of p.sums) {
      add(String(r.key), r);
      if (withTotal) add('*total*', r);
    }
  }
  const times = new Map(percentiles.map((p) => [`${p.measure}/${p.key}`, p]));
  const at = (measure: Measure, key: string, which: 'median' | 'p90') => {
    const v = times.get(`${measure}/${key}`)?.[which];
    return v === null || v === undefined ? null : Number(v);
  };
  if (withTotal && !sums.has('*total*')) sums.set('*total*', {});
  return [...sums.entries()]
    .map(([key, s]) => {
      const wallN = s.reopenRate_n ?? 0;
      const calN = s.cal_n ?? 0;
      const v: Record<string, number | null> = {
        ...s,
        wall_mean: wallN ? (s.wall_sum ?? 0) / wallN : null,
        cal_mean: calN ? (s.cal_sum ?? 0) / calN : null,
        wall_median: at('wall', key, 'median'),
        wall_p90: at('wall', key, 'p90'),
        cal_median: at('cal', key, 'median'),
        cal_p90: at('cal', key, 'p90'),
      };
      return { key, v };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
