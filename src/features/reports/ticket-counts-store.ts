// A ticket report's sums, from the monthly rollups where they can answer and from the facts elsewhere. Whole local
// months inside the range come from report_month_cells/-times (a year of a million tickets is a few thousand rows),
// or for a cut by one of unit, role, service, module, provider, group or agent (an agent's own figures are filtered
// to the agent) from report_month_dim_cells/-packs; the days before the first whole month and after the last come
// from the facts, and so does every report neither rollup can cut (two such dimensions at once, one with a channel,
// priority or tier filter, by day or week, or a time zone other than the rollups'). Both parts give the same shape — counts, sums and durations by bucket per group
// — and are added up, so a figure is the same whichever part a day came from (rollup.test.ts).
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { dayCellFilter, dayCellKey, daysCanAnswer, wholeDays } from './days-rollup-store.ts';
import { addPack, type DimCut, dimCellFilter, dimCellKey, dimCut, readPacks } from './dims-rollup-store.ts';
import { ALL_SCOPE, percentilesSql, scopeOf } from './period-times-store.ts';
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
import { type BucketCount, BucketSum, percentileOfBuckets } from './rules/histogram.ts';
import type { Dimension, Period } from './rules/query.ts';
import type { ReportFilter } from './schemas.ts';

type Measure = 'wall' | 'cal';
/** A part's sums per group, and the select that gives its durations by bucket (key, measure, bucket, n, max). */
type Parts = { sums: Record<string, unknown>[]; times: SQL };
/** The dimensions' rollup's part: its sums per group and the select of its duration packs (key, measure, buckets). */
type PackedParts = { sums: Record<string, unknown>[]; packs: SQL };
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

/** The rollup's cells (and their durations' table) that answer a cut, with each group's key and the rows kept. */
type RollupRows = { key: SQL; where: SQL; cells: SQL; times: SQL };

/** The first rollup's rows of a cut it answers (cells by facility, channel, priority, tier). */
function cellRows(q: ReportFilter, groupBy: Dimension | null, months: { first: string; end: string }): RollupRows {
  const where = cellFilter(q, months.first, months.end);
  return { key: cellKey(groupBy), where, cells: sql`report_month_cells`, times: sql`report_month_times` };
}

/** The sums per group of the rollup's cells that `from` keeps. */
async function rollupSums(tx: Queryable, from: Omit<RollupRows, 'times'>, now: Date) {
  return rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      SELECT ${from.key} AS key, ${sql.raw(ROLLUP_METRICS.map((m) => `sum("${m}_n") AS "${m}_n", sum("${m}_k") AS "${m}_k"`).join(', '))},
        sum(c.wall_sum) AS wall_sum, sum(c.cal_n) AS cal_n, sum(c.cal_sum) AS cal_sum,
        sum(c.care_done_ms) + sum(c.care_open_n) * ${now.getTime()}::bigint - sum(c.care_open_created_ms) AS care_ms
      FROM ${from.cells} c WHERE ${from.where}
      GROUP BY 1`),
  );
}

async function rollupParts(tx: Queryable, from: RollupRows, now: Date): Promise<Parts> {
  const times = sql`
      SELECT ${from.key} AS key, c.measure, c.bucket, sum(c.n) AS n, max(c.max) AS max
      FROM ${from.times} c WHERE ${from.where}
      GROUP BY 1, 2, 3`;
  return { sums: await rollupSums(tx, from, now), times };
}

/** The dimensions' rollup's part of a cut (dims-rollup-store.ts): its cells' sums and its durations' packs. */
async function dimParts(
  tx: Queryable,
  q: ReportFilter,
  groupBy: Dimension | null,
  cut: DimCut,
  months: { first: string; end: string },
  now: Date,
): Promise<PackedParts> {
  const key = dimCellKey(groupBy);
  const where = dimCellFilter(q, cut, months.first, months.end);
  const sums = await rollupSums(tx, { key, where, cells: sql`report_month_dim_cells` }, now);
  return { sums, packs: sql`SELECT ${key} AS key, c.measure, c.buckets FROM report_month_dim_packs c WHERE ${where}` };
}

/**
 * Where a report's time figures come from: durations by bucket per group (`groups`, and the dimensions' rollup's
 * packs of them, `packs`: key, measure, buckets), figures kept ready per group
 * (`ready`: report_period_times), and the durations of all tickets for the overall figures (`total`; 'groups' when
 * they are the groups' added up).
 */
type TimeSources = { groups: SQL[]; packs?: SQL; ready: SQL[]; total: SQL[] | 'groups' };
type Read = { sums: Record<string, unknown>[][]; times: TimeSources };

/**
 * Durations by bucket of report_month_scope_times (or `table`, report_month_cut_times) rows `s` that `where` keeps, for
 * whole months [first, end), keyed by `key`.
 */
function scopeTimes(
  key: SQL,
  where: SQL,
  months: { first: string; end: string },
  table = sql`report_month_scope_times`,
): SQL {
  return sql`SELECT ${key} AS key, s.measure, s.bucket, s.n, s.max FROM ${table} s
    WHERE ${where} AND s.month >= ${months.first}::date AND s.month < ${months.end}::date`;
}

/** Kept figures of whole periods of report_period_times `p` that `starts` keeps, for the report's scope. */
function readyTimes(period: 'day' | 'week' | 'month', q: ReportFilter, starts: SQL): SQL {
  return sql`SELECT to_char(p.start, 'YYYY-MM-DD') AS key, p.measure, p.n, p.median, p.p90 FROM report_period_times p
    WHERE p.period = ${period} AND p.scope = ${scopeOf(q)} AND ${starts}`;
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
    return { parts, percentiles: await percentilesOf(tx, parts.times, withTotal) };
  });
  return figureCounts(read.parts.sums, read.percentiles, withTotal);

  async function edgeParts(tx: Queryable, range: { first: { starts: Date }; end: { starts: Date } }) {
    const found: Parts[] = [];
    for (const edge of edgesOf(q, range)) found.push(await factParts(tx, edge, groupBy, period, timeZone, now));
    return found;
  }

  async function readParts(tx: Queryable): Promise<Read> {
    const builtIn = await rollupTimeZone(tx);
    if (daysCanAnswer(q, groupBy, period) && builtIn === timeZone) {
      const days = await wholeDays(tx, q, timeZone, 'facts');
      if (days) return dayParts(tx, days);
    }
    const cut = dimCut(q, groupBy, period);
    const months =
      (rollupCanAnswer(q, groupBy, period) || cut !== null) && builtIn === timeZone
        ? await wholeMonths(tx, q, timeZone, 'facts')
        : null;
    if (!months) {
      const facts = await factParts(tx, q, groupBy, period, timeZone, now);
      return { sums: [facts.sums], times: { groups: [facts.times], ready: [], total: 'groups' } };
    }
    const whole = { first: months.first.month, end: months.end.month };
    const edges = await edgeParts(tx, months);
    const edgeTimes = edges.map((e) => e.times);
    const scope = sql`s.scope = ${scopeOf(q)}`;
    // The whole desk's (or the facility's) overall figures, when they are not the groups' added up.
    const total = [scopeTimes(sql`'*total*'`, scope, whole), ...edgeTimes];
    if (cut !== null) {
      const dims = await dimParts(tx, q, groupBy, cut, whole, now);
      const sums = [dims.sums, ...edges.map((e) => e.sums)];
      // Grouped by a dimension of the second rollup (not filtered to one key): the overall figures are the whole desk's.
      const overall = cut.key === null && groupBy !== 'provider' ? total : 'groups';
      return { sums, times: { groups: edgeTimes, packs: dims.packs, ready: [], total: overall } };
    }
    const rollup = await rollupParts(tx, cellRows(q, groupBy, whole), now);
    const sums = [rollup.sums, ...edges.map((e) => e.sums)];
    // A cut by facility, channel, priority, tier, by month or of everything, with no channel, priority or tier filter:
    // the kept figures.
    if (!q.channel && !q.priority && !q.tier) {
      if (groupBy === null) return { sums, times: { groups: total, ready: [], total: 'groups' } };
      if (groupBy === 'period') {
        const last = sql`(${whole.end}::date - interval '1 month')::date`;
        const ready = readyTimes('month', q, sql`p.start >= ${whole.first}::date AND p.start <= ${last}`);
        return { sums, times: { groups: edgeTimes, ready: [ready], total } };
      }
      if (groupBy === 'channel' || groupBy === 'priority' || groupBy === 'tier') {
        const cutTimes = scopeTimes(
          sql`s.key`,
          sql`s.dimension = ${groupBy} AND ${scope}`,
          whole,
          sql`report_month_cut_times`,
        );
        return { sums, times: { groups: [cutTimes, ...edgeTimes], ready: [], total } };
      }
      if (groupBy === 'facility') {
        const facilities = q.facilityId ? scope : sql`s.scope <> ${ALL_SCOPE}`;
        return {
          sums,
          times: { groups: [scopeTimes(sql`s.scope`, facilities, whole), ...edgeTimes], ready: [], total },
        };
      }
    }
    return { sums, times: { groups: [rollup.times, ...edgeTimes], ready: [], total: 'groups' } };
  }

  /**
   * A report by day or week read from the daily rollup: whole days' and whole weeks' figures kept ready, the days of
   * a week the range cuts by bucket, the overall figures from the whole months' buckets and the other days'.
   */
  async function dayParts(
    tx: Queryable,
    days: { first: { day: string; starts: Date }; end: { day: string; starts: Date } },
  ): Promise<Read> {
    const where = dayCellFilter(q, days.first.day, days.end.day);
    const from: RollupRows = {
      key: dayCellKey(period),
      where,
      cells: sql`report_day_cells`,
      times: sql`report_day_times`,
    };
    const rollup = await rollupParts(tx, from, now);
    const edges = await edgeParts(tx, days);
    const sums = [rollup.sums, ...edges.map((e) => e.sums)];
    const edgeTimes = edges.map((e) => e.times);
    const lastDay = sql`(${days.end.day}::date - 1)`;
    let groups: SQL[];
    let ready: SQL;
    if (period === 'day') {
      groups = edgeTimes;
      ready = readyTimes('day', q, sql`p.start >= ${days.first.day}::date AND p.start <= ${lastDay}`);
    } else {
      // Weeks wholly inside the range are kept ready; the range's first and last weeks may be cut short.
      // Only the days before the first Monday and from the last Monday on are read (an index range each), not the
      // whole year's buckets filtered.
      const firstMonday = mondayOnOrAfter(days.first.day);
      const lastMonday = mondayOnOrAfter(days.end.day, -1);
      const minDay = (x: string, y: string) => (x < y ? x : y);
      const maxDay = (x: string, y: string) => (x > y ? x : y);
      const partial = sql`((${dayCellFilter(q, days.first.day, minDay(firstMonday, days.end.day))})
        OR (${dayCellFilter(q, maxDay(lastMonday, days.first.day), days.end.day)}))`;
      groups = [
        sql`SELECT ${dayCellKey(period)} AS key, c.measure, c.bucket, sum(c.n) AS n, max(c.max) AS max
          FROM report_day_times c WHERE ${partial} GROUP BY 1, 2, 3`,
        ...edgeTimes,
      ];
      ready = readyTimes('week', q, sql`p.start >= ${days.first.day}::date AND p.start + 7 <= ${days.end.day}::date`);
    }
    // The overall figures: whole months from their buckets, the other days from the daily rollup's.
    const dayTimes = (fromDay: string, toDay: string) =>
      sql`SELECT '*total*' AS key, c.measure, c.bucket, c.n, c.max FROM report_day_times c
        WHERE ${dayCellFilter(q, fromDay, toDay)}`;
    const months = await wholeMonths(tx, { from: days.first.starts, to: days.end.starts }, timeZone, 'facts');
    const total = months
      ? [
          scopeTimes(sql`'*total*'`, sql`s.scope = ${scopeOf(q)}`, {
            first: months.first.month,
            end: months.end.month,
          }),
          dayTimes(days.first.day, months.first.month),
          dayTimes(months.end.month, days.end.day),
          ...edgeTimes,
        ]
      : [dayTimes(days.first.day, days.end.day), ...edgeTimes];
    return { sums, times: { groups, ready: [ready], total } };
  }
}

/**
 * The Monday on or after a calendar date (YYYY-MM-DD), or with `back` -1 the Monday on or before it, as ISO weeks
 * start (date_trunc('week')).
 */
function mondayOnOrAfter(day: string, back: 1 | -1 = 1): string {
  const d = new Date(`${day}T00:00:00Z`);
  const offset = (8 - d.getUTCDay()) % 7; // days to the next Monday (0 on a Monday)
  const shift = back === 1 ? offset : offset === 0 ? 0 : offset - 7;
  return new Date(d.getTime() + shift * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The median and p90 of each group's durations (and of all tickets'), in the database: buckets are added up per
 * group and the nearest-rank bucket's largest value is picked from the running counts (percentilesSql), so a report
 * by agent sends two numbers per group to the server instead of every bucket; groups whose figures are kept ready
 * (whole days, weeks and months) are read as they are. Groups read from the dimensions' rollup's packs are added up
 * here instead (packedPercentiles): a pack is a key's month of buckets in one value, which the database could only
 * take apart one entry at a time.
 */
async function percentilesOf(tx: Queryable, t: TimeSources, withTotal: boolean): Promise<Percentiles[]> {
  const union = (selects: SQL[]) =>
    sql.join(
      selects.map((b) => sql`(${b})`),
      sql` UNION ALL `,
    );
  const found: Percentiles[] = [];
  let groups = t.groups;
  let total = t.total;
  if (t.packs) {
    found.push(
      ...(await packedPercentiles(tx, t.packs, groups.length ? union(groups) : null, withTotal && total === 'groups')),
    );
    groups = [];
    if (total === 'groups') total = [];
  }
  const selects = [...t.ready];
  const totals = withTotal ? (total === 'groups' ? groups : total) : [];
  // The groups' buckets are read once, also when the overall figures are theirs added up.
  const totalOf = (from: SQL) => sql`SELECT '*total*' AS key, x.measure, x.bucket, x.n, x.max FROM (${from}) AS x`;
  if (groups.length) {
    const all = !totals.length
      ? sql`SELECT * FROM g`
      : sql`SELECT * FROM g UNION ALL ${totalOf(total === 'groups' ? sql`SELECT * FROM g` : union(totals))}`;
    selects.push(percentilesSql(sql`WITH g AS (${union(groups)}) ${all}`));
  } else if (totals.length) selects.push(percentilesSql(totalOf(union(totals))));
  if (selects.length) found.push(...rowsOf<Percentiles>(await tx.execute(union(selects))));
  return found;
}

/**
 * Each group's median and p90 from the dimensions' rollup's packs (key, measure, buckets) and the edges' durations by
 * bucket (key, measure, bucket, n, max), added up per group and measure in the server and read by the pure rule
 * (percentileOfBuckets) — the same buckets and the same rule as the database's percentilesSql, so the same figures.
 * With `withTotal`, all of them added up too, as '*total*'.
 */
async function packedPercentiles(
  tx: Queryable,
  packs: SQL,
  edges: SQL | null,
  withTotal: boolean,
): Promise<Percentiles[]> {
  type Group = { key: string; measure: Measure; packs: Parameters<typeof addPack>[1][]; rows: BucketCount[] };
  const groups = new Map<string, Group>();
  const groupOf = (key: string, measure: Measure) => {
    const id = `${measure}/${key}`;
    const seen = groups.get(id);
    if (seen) return seen;
    const g: Group = { key, measure, packs: [], rows: [] };
    groups.set(id, g);
    return g;
  };
  for (const p of await readPacks(tx, packs)) {
    groupOf(p.key, p.measure as Measure).packs.push(p.buckets);
    if (withTotal) groupOf('*total*', p.measure as Measure).packs.push(p.buckets);
  }
  if (edges) {
    const rows = rowsOf<{ key: string; measure: Measure; bucket: number; n: number | string; max: number | string }>(
      await tx.execute(edges),
    );
    for (const r of rows) {
      const b = { bucket: Number(r.bucket), n: Number(r.n), max: Number(r.max) };
      groupOf(r.key, r.measure).rows.push(b);
      if (withTotal) groupOf('*total*', r.measure).rows.push(b);
    }
  }
  const sum = new BucketSum();
  const figures: Percentiles[] = [];
  for (const g of groups.values()) {
    for (const pack of g.packs) addPack(sum, pack);
    for (const b of g.rows) sum.add(b.bucket, b.n, b.max);
    const buckets = sum.buckets();
    sum.clear();
    figures.push({
      key: g.key,
      measure: g.measure,
      median: percentileOfBuckets(buckets, 50),
      p90: percentileOfBuckets(buckets, 90),
    });
  }
  return figures;
}

/** Adds the parts up per group (and into the total when each ticket is in one group), with the time figures. */
function figureCounts(
  parts: Record<string, unknown>[][],
  percentiles: Percentiles[],
  withTotal: boolean,
): FigureCounts[] {
  const sums = new Map<string, Record<string, number>>();
  const add = (k: string, r: Record<string, unknown>) => {
    const into = sums.get(k) ?? {};
    for (const [c, x] of Object.entries(r)) if (c !== 'key') into[c] = (into[c] ?? 0) + (x === null ? 0 : Number(x));
    sums.set(k, into);
  };
  for (const p of parts) {
    for (const r of p) {
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
