// The scorecards' SQL over the facts: a ticket counts for every provider that held it, FCR only where the provider
// took the first contact, and time held is the SLA row's hospital-clock time per holder, read from its buckets
// (rules/histogram.ts) like every time figure in the reports.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { percentilesSql } from './period-times-store.ts';
import { filterSql, reportRead } from './report-store.ts';
import { edgesOf, HELD_JOIN, PROVIDER_COUNTS, rollupTimeZone, wholeMonths } from './rollup-store.ts';
import type { ScorecardQuery } from './schemas.ts';

type Cell = Record<string, unknown> & { provider: string; facility: string; month: string };
/** A part's counts per provider, facility and month, and the select of its held times by bucket (same keys). */
type Parts = { cells: Cell[]; held: SQL };
const COUNT_COLUMNS = [
  'handled',
  'fc_n',
  'fc_k',
  'sla_n',
  'sla_k',
  'ro_n',
  'ro_k',
  'handbacks',
  'contract_n',
  'contract_k',
];

/** The scorecard's counts and held time by bucket per provider, facility and local month, from the facts. */
async function factParts(tx: Queryable, q: ScorecardQuery, timeZone: string): Promise<Parts> {
  const keys = sql`p.provider_id::text AS provider, coalesce(f.facility_id::text, '') AS facility,
    to_char(date_trunc('month', f.created_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD') AS month`;
  const from = sql`report_ticket_facts f CROSS JOIN LATERAL unnest(f.provider_ids) AS p(provider_id)`;
  const cells = rowsOf<Cell>(
    await tx.execute(sql`SELECT ${keys}, ${PROVIDER_COUNTS} FROM ${from} WHERE ${filterSql(q)} GROUP BY 1, 2, 3`),
  );
  const held = sql`
      SELECT ${keys}, report_time_bucket(h.held) AS bucket, count(*) AS n, max(h.held) AS max
      FROM ${from} ${HELD_JOIN}
      WHERE ${filterSql(q)} AND h.held > 0
      GROUP BY 1, 2, 3, 4`;
  return { cells, held };
}

/** The same from the monthly rollup, for whole months [first, end). */
async function rollupParts(tx: Queryable, q: ScorecardQuery, months: { first: string; end: string }): Promise<Parts> {
  const where = sql.join(
    [
      sql`c.month >= ${months.first}::date`,
      sql`c.month < ${months.end}::date`,
      ...(q.facilityId ? [sql`c.facility_id = ${q.facilityId}::uuid`] : []),
    ],
    sql` AND `,
  );
  const keys = sql`c.provider_id::text AS provider, coalesce(c.facility_id::text, '') AS facility,
    to_char(c.month, 'YYYY-MM-DD') AS month`;
  const cells = rowsOf<Cell>(
    await tx.execute(sql`
      SELECT ${keys}, ${sql.raw(COUNT_COLUMNS.map((c) => `sum(c.${c}) AS ${c}`).join(', '))}
      FROM report_month_providers c WHERE ${where} GROUP BY 1, 2, 3`),
  );
  const held = sql`SELECT ${keys}, c.bucket, c.n, c.max FROM report_month_held c WHERE ${where}`;
  return { cells, held };
}

/**
 * Per provider, for the whole system (by 'system' and key ''), each facility (by 'facility') and each local month
 * (by 'month'): the counts and the median and p90 of time held. Whole months come from the monthly rollup when it is
 * cut in the same time zone, the days at the range's edges (or the whole range) from the facts; all are added up by
 * provider, facility and month, then into the three views.
 */
export async function providerCounts(db: Queryable, q: ScorecardQuery, timeZone: string) {
  const { parts, times } = await reportRead(db, async (tx) => {
    const months = (await rollupTimeZone(tx)) === timeZone ? await wholeMonths(tx, q, timeZone, 'facts') : null;
    const found: Parts[] = [];
    if (!months) found.push(await factParts(tx, q, timeZone));
    else {
      found.push(await rollupParts(tx, q, { first: months.first.month, end: months.end.month }));
      for (const edge of edgesOf(q, months)) found.push(await factParts(tx, edge, timeZone));
    }
    // Time held, added up into the three views and read as median and p90 in the database.
    const held = sql.join(
      found.map((p) => sql`(${p.held})`),
      sql` UNION ALL `,
    );
    const views = sql`WITH h AS (${held})
      SELECT h.provider || '|system|' AS key, 'held' AS measure, h.bucket, h.n, h.max FROM h
      UNION ALL SELECT h.provider || '|facility|' || h.facility, 'held', h.bucket, h.n, h.max FROM h
      UNION ALL SELECT h.provider || '|month|' || h.month, 'held', h.bucket, h.n, h.max FROM h`;
    const read = rowsOf<{ key: string; median: number | string | null; p90: number | string | null }>(
      await tx.execute(percentilesSql(views)),
    );
    return { parts: found, times: new Map(read.map((r) => [r.key, r])) };
  });
  const views = (r: { provider: string; facility: string; month: string }) => [
    `${r.provider}|system|`,
    `${r.provider}|facility|${r.facility}`,
    `${r.provider}|month|${r.month}`,
  ];
  const sums = new Map<string, Record<string, number>>();
  for (const p of parts) {
    for (const c of p.cells) {
      for (const k of views(c)) {
        const into = sums.get(k) ?? {};
        for (const col of COUNT_COLUMNS) into[col] = (into[col] ?? 0) + Number(c[col] ?? 0);
        sums.set(k, into);
      }
    }
  }
  const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return [...sums.entries()].map(([k, v]): Record<string, string | number | null> => {
    const [provider, by, key] = k.split('|') as [string, string, string];
    return { provider, by, key, ...v, held_median: num(times.get(k)?.median), held_p90: num(times.get(k)?.p90) };
  });
}

export async function providerList(db: Queryable) {
  return rowsOf<{ id: string; name: string; kind: string }>(
    await db.execute(sql`SELECT id, name, kind FROM providers ORDER BY name`),
  );
}

export async function facilityList(db: Queryable) {
  return rowsOf<{ id: string; name: string }>(
    await db.execute(sql`SELECT id::text AS id, name FROM facilities ORDER BY code`),
  );
}

/** Facilities that had a go-live: the first day tickets came in through the go-live channel. */
export async function goLiveDays(db: Queryable) {
  return rowsOf<{ facility_id: string; name: string; first_at: string | Date }>(
    await db.execute(sql`
      SELECT t.facility_id::text AS facility_id, fa.name, min(t.created_at) AS first_at
      FROM tickets t JOIN facilities fa ON fa.id = t.facility_id
      WHERE t.channel = 'go_live' GROUP BY 1, 2 ORDER BY 3`),
  );
}
