// The second monthly rollup (migration 0025), for the dimensions the first one does not keep: per local month,
// facility, dimension (unit, clinical role, service, module, provider, group, agent) and the dimension's key (as
// groupKeySql gives it from the facts: the id or role as text, '' when not recorded), the same counts and sums as
// report_month_cells, the durations by bucket packed into one row per measure (report_month_dim_packs, migration
// 0038), and the CSAT tallies as report_month_csat. Each ticket is in one
// key of each dimension, except providers: once under each provider that held it ('' when none did). Months are
// recomputed as a whole with the first rollup's (rollup-store.ts calls these), so both always cover the same months.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { CELL_SUM_COLUMNS, CELL_SUMS, METRIC_COLUMNS, METRIC_COUNTS, NOT_FOLLOW_UP } from './report-store.ts';
import type { BucketSum } from './rules/histogram.ts';
import type { Dimension, Period } from './rules/query.ts';
import type { ReportFilter } from './schemas.ts';
import { TALLY } from './tally-store.ts';

/** The dimensions this rollup keeps, by the report filter that picks one key of each. */
export const DIM_FILTERS = {
  unit: 'unitId',
  clinical_role: 'clinicalRole',
  service: 'serviceId',
  module: 'moduleId',
  provider: 'providerId',
  group: 'groupId',
  agent: 'agentId',
} as const satisfies Partial<Record<Dimension, keyof ReportFilter>>;
export type KeptDimension = keyof typeof DIM_FILTERS;
const KEPT = Object.keys(DIM_FILTERS) as KeptDimension[];

export const DIM_TABLES = ['report_month_dim_cells', 'report_month_dim_packs'];
export const DIM_CSAT_TABLE = 'report_month_dim_csat';

/**
 * Every (dimension, key) a fact `f` counts under, as `d.dimension`, `d.key`: one row per dimension, and one per
 * provider that held the ticket (one '' row when none did, as the facts' LEFT JOIN of unnest(provider_ids) gives).
 */
const DIM_KEYS = sql.raw(`CROSS JOIN LATERAL (
    SELECT 'unit' AS dimension, coalesce(f.unit_id::text, '') AS key
    UNION ALL SELECT 'clinical_role', coalesce(f.clinical_role::text, '')
    UNION ALL SELECT 'service', coalesce(f.service_id::text, '')
    UNION ALL SELECT 'module', coalesce(f.module_id::text, '')
    UNION ALL SELECT 'group', coalesce(f.group_id::text, '')
    UNION ALL SELECT 'agent', coalesce(f.agent_id::text, '')
    UNION ALL SELECT 'provider', coalesce(p.provider_id::text, '')
      FROM unnest(CASE WHEN cardinality(f.provider_ids) > 0 THEN f.provider_ids ELSE ARRAY[NULL]::uuid[] END)
        AS p(provider_id)
  ) AS d`);

/**
 * One pack entry's bytes: the bucket (int2), its count (int4) and its largest value (float8: every whole ms below
 * 2^53 exactly), big-endian as the database's *send functions write them.
 */
export const PACK_ENTRY_BYTES = 14;

/** The pack of the buckets `b` (bucket, n, max) of a group: their entries in bucket order, as one bytea. */
export const PACK_BUCKETS = sql.raw(
  `string_agg(int2send(b.bucket::int2) || int4send(b.n::int4) || float8send(b.max::float8), ''::bytea ORDER BY b.bucket)`,
);

/**
 * Recomputes the dimensions' cells and durations of the facts `f` that `facts` picks (the months' rows, already
 * deleted by the caller), where `month` is the local month of a fact `f` — the same expression and months as
 * report_month_cells. A key's month holds few tickets, so its durations by bucket are about one bucket per ticket: as
 * rows, a year of units was about as many rows as tickets and reading them cost seconds at a million tickets. Each
 * (month, facility, dimension, key, measure) keeps them instead as one row, its buckets packed (PACK_BUCKETS), which a
 * report reads whole and adds up in the server (addPack). The packs are written in the order reports read them
 * (dimension, month, key).
 */
export async function insertDimMonths(db: Queryable, facts: SQL, month: SQL): Promise<void> {
  await db.execute(sql`
    INSERT INTO report_month_dim_cells (month, facility_id, dimension, key, ${METRIC_COLUMNS},
      ${CELL_SUM_COLUMNS})
    SELECT ${month}, f.facility_id, d.dimension, d.key, ${METRIC_COUNTS},
      ${CELL_SUMS}
    FROM report_ticket_facts f ${DIM_KEYS}
    WHERE ${facts} AND ${NOT_FOLLOW_UP}
    GROUP BY 1, 2, 3, 4`);
  await db.execute(sql`
    INSERT INTO report_month_dim_packs (month, facility_id, dimension, key, measure, n, buckets)
    SELECT b.month, b.facility_id, b.dimension, b.key, b.measure, sum(b.n), ${PACK_BUCKETS}
    FROM (
      SELECT ${month} AS month, f.facility_id, d.dimension, d.key, m.measure, report_time_bucket(m.ms) AS bucket,
        count(*) AS n, max(m.ms) AS max
      FROM report_ticket_facts f
      CROSS JOIN LATERAL (VALUES ('wall', f.resolve_wall_ms),
        ('cal', CASE WHEN f.resolve_calendar_ms IS NOT NULL THEN f.resolve_calendar_ms END)) AS m(measure, ms)
      ${DIM_KEYS}
      WHERE ${facts} AND ${NOT_FOLLOW_UP} AND f.resolved_at IS NOT NULL AND m.ms IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6
    ) AS b
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 3, 1, 4`);
}

/** A pack as the driver hands bytea back: a Buffer (node-postgres), a Uint8Array (PGlite), or hex text. */
export type PackValue = Uint8Array | string;

/** Adds a pack's buckets (PACK_BUCKETS) into `sum`. */
export function addPack(sum: BucketSum, value: PackValue): void {
  const pack = typeof value === 'string' ? hexBytes(value) : value;
  if (pack.byteLength % PACK_ENTRY_BYTES !== 0) throw new Error(`a duration pack of ${pack.byteLength} bytes`);
  const view = new DataView(pack.buffer, pack.byteOffset, pack.byteLength);
  for (let o = 0; o < pack.byteLength; o += PACK_ENTRY_BYTES)
    sum.add(view.getInt16(o), view.getInt32(o + 2), view.getFloat64(o + 6));
}

function hexBytes(text: string): Uint8Array {
  return Buffer.from(text.startsWith('\\x') ? text.slice(2) : text, 'hex');
}

/** The packs (key, measure, buckets) a select gives, as the driver hands them back. */
export async function readPacks(
  db: Queryable,
  select: SQL,
): Promise<{ key: string; measure: string; buckets: PackValue }[]> {
  return rowsOf<{ key: string; measure: string; buckets: PackValue }>(await db.execute(select));
}

/**
 * Recomputes the dimensions' CSAT tallies of the answers `r` that `answers` picks (already deleted by the caller), where
 * `month` is the local month an answer `r` came in, by the answered ticket's facility and keys.
 */
export async function insertDimCsatMonths(db: Queryable, answers: SQL, month: SQL): Promise<void> {
  await db.execute(sql`
    INSERT INTO report_month_dim_csat (month, facility_id, dimension, key, n, satisfied, score_sum, fcr_answered, fcr_yes)
    SELECT ${month}, f.facility_id, d.dimension, d.key, ${TALLY}
    FROM report_ticket_facts f JOIN survey_responses r ON r.ticket_id = f.ticket_id ${DIM_KEYS}
    WHERE r.kind = 'ticket' AND ${answers} AND ${NOT_FOLLOW_UP}
    GROUP BY 1, 2, 3, 4`);
}

/** A cut this rollup answers: one dimension, and the key the report is filtered to (null: grouped by the keys). */
export type DimCut = { dimension: KeptDimension; key: string | null };

/**
 * Whether this rollup can cut the report: grouped by one kept dimension with no filter but facility; or filtered to
 * one key of exactly one kept dimension (an agent's own report is filtered to their id) and grouped by nothing, by
 * month, by facility or by that same dimension (not providers). Channel, priority and tier filters are not kept here.
 */
export function dimCut(q: ReportFilter, groupBy: Dimension | null, period: Period): DimCut | null {
  if (q.channel || q.priority || q.tier) return null;
  const filtered = KEPT.filter((d) => q[DIM_FILTERS[d]] !== undefined && q[DIM_FILTERS[d]] !== null);
  const grouped = groupBy !== null && (KEPT as string[]).includes(groupBy) ? (groupBy as KeptDimension) : null;
  if (filtered.length > 1) return null;
  if (filtered.length === 0) return grouped ? { dimension: grouped, key: null } : null;
  const dimension = filtered[0]!;
  const key = String(q[DIM_FILTERS[dimension]]);
  if (groupBy === null || groupBy === 'facility') return { dimension, key };
  // Grouped by the filtered dimension: one group, that key; but a ticket one provider held shows under each other
  // provider that held it too, which this rollup does not keep.
  if (groupBy === dimension && dimension !== 'provider') return { dimension, key };
  if (groupBy === 'period' && period === 'month') return { dimension, key };
  return null;
}

/** A report group's key over this rollup's rows `c`, as the facts give it (groupKeySql) for the same cut. */
export function dimCellKey(groupBy: Dimension | null): SQL {
  if (groupBy === null) return sql.raw(`'*total*'`);
  if (groupBy === 'period') return sql.raw(`to_char(c.month, 'YYYY-MM-DD')`);
  if (groupBy === 'facility') return sql.raw(`coalesce(c.facility_id::text, '')`);
  return sql.raw('c.key');
}

/** The rows of this rollup a cut keeps, for whole months [fromMonth, toMonth) and the report's facility. */
export function dimCellFilter(q: ReportFilter, cut: DimCut, fromMonth: string, toMonth: string): SQL {
  const c: SQL[] = [
    sql`c.dimension = ${cut.dimension}`,
    sql`c.month >= ${fromMonth}::date`,
    sql`c.month < ${toMonth}::date`,
  ];
  // Ids are compared as the facts' uuid text gives them (lower case), whatever case they were sent in.
  if (cut.key !== null)
    c.push(cut.dimension === 'clinical_role' ? sql`c.key = ${cut.key}` : sql`c.key = ${cut.key}::uuid::text`);
  if (q.facilityId) c.push(sql`c.facility_id = ${q.facilityId}::uuid`);
  return sql.join(c, sql` AND `);
}
