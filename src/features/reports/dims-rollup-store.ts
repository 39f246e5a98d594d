// The second monthly rollup (migration 0025), for the dimensions the first one does not keep: per local month,
// facility, dimension (unit, clinical role, service, module, provider, group, agent) and the dimension's key (as
// groupKeySql gives it from the facts: the id or role as text, '' when not recorded), the same counts, sums and
// duration buckets as report_month_cells/-times, and the CSAT tallies as report_month_csat. Each ticket is in one
// key of each dimension, except providers: once under each provider that held it ('' when none did). Months are
// recomputed as a whole with the first rollup's (rollup-store.ts calls these), so both always cover the same months.
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/connect.ts';
import { CELL_SUM_COLUMNS, CELL_SUMS, METRIC_COLUMNS, METRIC_COUNTS, NOT_FOLLOW_UP } from './report-store.ts';
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

export const DIM_TABLES = ['report_month_dim_cells', 'report_month_dim_times'];
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
 * Recomputes the dimensions' cells and durations of the facts `f` that `facts` picks (the months' rows, already
 * deleted by the caller), where `month` is the local month of a fact `f` — the same expression and months as report_month_cells. The durations
 * are written in the order reports read them (dimension, month, key): a report by unit then reads the unit rows'
 * pages only, not every page of a table holding seven dimensions.
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
    INSERT INTO report_month_dim_times (month, facility_id, dimension, key, measure, bucket, n, max)
    SELECT ${month}, f.facility_id, d.dimension, d.key, m.measure, report_time_bucket(m.ms), count(*), max(m.ms)
    FROM report_ticket_facts f
    CROSS JOIN LATERAL (VALUES ('wall', f.resolve_wall_ms),
      ('cal', CASE WHEN f.resolve_calendar_ms IS NOT NULL THEN f.resolve_calendar_ms END)) AS m(measure, ms)
    ${DIM_KEYS}
    WHERE ${facts} AND ${NOT_FOLLOW_UP} AND f.resolved_at IS NOT NULL AND m.ms IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 3, 1, 4`);
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
