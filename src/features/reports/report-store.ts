// The ticket reports in SQL over the facts table. Each metric's denominator and hit are written once here
// (METRIC_SQL) and used both for the figures and for the drill-down, so a figure and its tickets always agree;
// tests hold these sums equal to the pure rules (rules/metrics.ts) over the same rows.
import { asc, eq, type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { facilities } from '../directory/tables.ts';
import type { Dimension, Period } from './rules/query.ts';
import type { DrillMetric, ReportFilter } from './schemas.ts';

export const HIGHEST_TIER = sql.raw(`(CASE WHEN 'vendor' = ANY(f.tiers_reached) THEN 'vendor'
  WHEN 'tier3' = ANY(f.tiers_reached) THEN 'tier3' WHEN 'tier2' = ANY(f.tiers_reached) THEN 'tier2' ELSE 'tier1' END)`);

export const METRIC_SQL: Record<DrillMetric, { counted: string; hit: string }> = {
  tickets: { counted: 'true', hit: 'true' },
  fcrGross: { counted: 'f.live_contact', hit: 'f.fcr' },
  fcrNet: { counted: 'f.live_contact AND f.net_eligible', hit: 'f.fcr' },
  firstTouch: { counted: 'f.first_touch IS NOT NULL', hit: 'f.first_touch' },
  reopenRate: { counted: 'f.resolved_at IS NOT NULL', hit: 'f.reopened_7d' },
  escalationTier2: { counted: 'true', hit: `'tier2' = ANY(f.tiers_reached)` },
  escalationTier3: { counted: 'true', hit: `'tier3' = ANY(f.tiers_reached)` },
  escalationVendor: { counted: 'true', hit: `'vendor' = ANY(f.tiers_reached)` },
  responseAttainment: { counted: 'f.response_met IS NOT NULL', hit: 'f.response_met' },
  resolutionAttainment: { counted: 'f.resolution_met IS NOT NULL', hit: 'f.resolution_met' },
  patientCareAffected: { counted: 'f.patient_care_affected', hit: 'true' },
  open: { counted: 'f.resolved_at IS NULL', hit: 'true' },
};

/**
 * Facts `f` that are not a survey's service-recovery follow-up. NOT IN over the (few) follow-ups is one hashed set;
 * the planner ran NOT EXISTS as a loop per fact row.
 */
export const NOT_FOLLOW_UP = sql`f.ticket_id NOT IN (SELECT sr.followup_ticket_id FROM survey_recoveries sr WHERE sr.followup_ticket_id IS NOT NULL)`;

/**
 * The report's filter over the facts `f`. Service-recovery follow-ups (a survey's low score opened them) are the
 * desk following up its own work, not demand on it: they never count in FCR, first-touch or volumes.
 * `opened: false` leaves out the opened-in-range condition (CSAT is cut by when the answer came instead).
 */
export function filterSql(q: ReportFilter, opts: { opened: boolean } = { opened: true }): SQL {
  const c: SQL[] = [NOT_FOLLOW_UP];
  if (opts.opened) {
    c.push(
      sql`f.created_at >= ${q.from.toISOString()}::timestamptz`,
      sql`f.created_at < ${q.to.toISOString()}::timestamptz`,
    );
  }
  if (q.facilityId) c.push(sql`f.facility_id = ${q.facilityId}::uuid`);
  if (q.unitId) c.push(sql`f.unit_id = ${q.unitId}::uuid`);
  if (q.clinicalRole) c.push(sql`f.clinical_role = ${q.clinicalRole}`);
  if (q.serviceId) c.push(sql`f.service_id = ${q.serviceId}::uuid`);
  if (q.moduleId) c.push(sql`f.module_id = ${q.moduleId}::uuid`);
  if (q.channel) c.push(sql`f.channel = ${q.channel}`);
  if (q.priority) c.push(sql`f.priority = ${q.priority}`);
  if (q.providerId) c.push(sql`${q.providerId}::uuid = ANY(f.provider_ids)`);
  if (q.tier) c.push(sql`${HIGHEST_TIER} = ${q.tier}`);
  if (q.groupId) c.push(sql`f.group_id = ${q.groupId}::uuid`);
  if (q.agentId) c.push(sql`f.agent_id = ${q.agentId}::uuid`);
  return sql.join(c, sql` AND `);
}

/** The group key of a dimension and the rows it reads; a ticket counts once under each provider that held it. */
export function groupKeySql(groupBy: Dimension, period: Period, timeZone: string): { key: SQL; from: SQL } {
  const facts = sql`report_ticket_facts f`;
  const plain = (col: string) => ({ key: sql.raw(`coalesce(${col}::text, '')`), from: facts });
  switch (groupBy) {
    case 'period':
      return {
        key: sql`to_char(date_trunc(${period}, f.created_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD')`,
        from: facts,
      };
    case 'provider':
      return {
        ...plain('p.provider_id'),
        from: sql`report_ticket_facts f LEFT JOIN LATERAL unnest(f.provider_ids) AS p(provider_id) ON true`,
      };
    case 'tier':
      return { key: HIGHEST_TIER, from: facts };
    case 'clinical_role':
      return plain('f.clinical_role');
    case 'group':
      return plain('f.group_id');
    case 'agent':
      return plain('f.agent_id');
    default:
      return plain(`f.${groupBy}${['facility', 'unit', 'service', 'module'].includes(groupBy) ? '_id' : ''}`);
  }
}

export type FigureCounts = { key: string; v: Record<string, number | null> };

/**
 * A report's aggregate in a transaction of its own with room to hash its groups in memory, and without JIT
 * compilation, which costs more than it saves on a query run once.
 */
export async function reportRead<T>(db: Queryable, read: (q: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL work_mem = '64MB'`));
    await tx.execute(sql.raw('SET LOCAL jit = off'));
    return read(tx);
  });
}

/** Every metric's n and hits as aggregate columns ("fcrGross_n", "fcrGross_k", …) over the facts `f`. */
export const METRIC_COUNTS = sql.raw(
  Object.entries(METRIC_SQL)
    .map(
      ([m, s]) =>
        `count(*) FILTER (WHERE ${s.counted}) AS "${m}_n", count(*) FILTER (WHERE ${s.counted} AND ${s.hit}) AS "${m}_k"`,
    )
    .join(',\n'),
);

/** A rollup cell's metric columns ("fcrGross_n", "fcrGross_k", …), in METRIC_COUNTS' order. */
export const METRIC_COLUMNS = sql.raw(
  Object.keys(METRIC_SQL)
    .map((m) => `"${m}_n", "${m}_k"`)
    .join(', '),
);

/** A rollup cell's sums after the metric counts (CELL_SUMS gives them over the facts `f`, in this order). */
export const CELL_SUM_COLUMNS = sql.raw('wall_sum, cal_n, cal_sum, care_done_ms, care_open_n, care_open_created_ms');

/**
 * The sums behind a cell's means over the facts `f`: resolve times (wall clock, and calendar with how many had one)
 * and clinician time lost (resolved care time, and the open care tickets' count and summed opening instants, so
 * "lost until now" is worked out when the report is read).
 */
export const CELL_SUMS = sql.raw(`coalesce(sum(f.resolve_wall_ms) FILTER (WHERE f.resolved_at IS NOT NULL), 0),
      count(*) FILTER (WHERE f.resolved_at IS NOT NULL AND f.resolve_calendar_ms IS NOT NULL),
      coalesce(sum(f.resolve_calendar_ms) FILTER (WHERE f.resolved_at IS NOT NULL AND f.resolve_calendar_ms IS NOT NULL), 0),
      coalesce(sum(round(extract(epoch FROM f.resolved_at - f.created_at) * 1000))
        FILTER (WHERE f.patient_care_affected AND f.resolved_at IS NOT NULL), 0),
      count(*) FILTER (WHERE f.patient_care_affected AND f.resolved_at IS NULL),
      coalesce(sum(round(extract(epoch FROM f.created_at) * 1000)) FILTER (WHERE f.patient_care_affected AND f.resolved_at IS NULL), 0)`);

/** The tickets behind a figure, by ticket number (keyset: pass the last number as `after`). */
export async function drillTickets(
  db: Queryable,
  q: ReportFilter & { metric: DrillMetric; outcome: 'counted' | 'hit' | 'miss'; after?: number; limit: number },
  group: { groupBy: Dimension; key: string; period: Period; timeZone: string } | null,
) {
  const m = METRIC_SQL[q.metric];
  const outcome = q.outcome === 'hit' ? `AND (${m.hit})` : q.outcome === 'miss' ? `AND NOT (${m.hit})` : '';
  const g = group ? groupKeySql(group.groupBy, group.period, group.timeZone) : null;
  return rowsOf<{ id: string; number: string | number; created_at: string | Date }>(
    await db.execute(sql`
      SELECT DISTINCT f.ticket_id AS id, f.number, f.created_at
      FROM ${g ? g.from : sql`report_ticket_facts f`}
      WHERE ${filterSql(q)} AND (${sql.raw(m.counted)}) ${sql.raw(outcome)}
        ${g ? sql`AND ${g.key} = ${group!.key}` : sql``}
        ${q.after !== undefined ? sql`AND f.number > ${q.after}` : sql``}
      ORDER BY f.number
      LIMIT ${q.limit}`),
  );
}

/** Periods are cut in the facility's time zone when one facility is asked for, else the hospital's (the first). */
export async function reportTimeZone(db: Queryable, facilityId?: string): Promise<string> {
  const rows = facilityId
    ? await db.select({ tz: facilities.timeZone }).from(facilities).where(eq(facilities.id, facilityId))
    : await db.select({ tz: facilities.timeZone }).from(facilities).orderBy(asc(facilities.code)).limit(1);
  return rows[0]?.tz ?? 'UTC';
}

const NAME_SQL: Partial<Record<Dimension, string>> = {
  facility: 'SELECT id::text AS key, name AS label FROM facilities',
  unit: 'SELECT id::text AS key, name AS label FROM units',
  service: 'SELECT id::text AS key, name AS label FROM services',
  module: 'SELECT id::text AS key, name AS label FROM services',
  provider: 'SELECT id::text AS key, name AS label FROM providers',
  group: 'SELECT id::text AS key, name AS label FROM groups',
  agent: 'SELECT id::text AS key, display_name AS label FROM users',
};

/** The names of the ids a dimension's groups are keyed by (blank keys and dimensions without names are skipped). */
export async function namesOf(db: Queryable, dimension: Dimension, keys: string[]): Promise<Map<string, string>> {
  const base = NAME_SQL[dimension];
  const ids = keys.filter((k) => k !== '');
  if (!base || !ids.length) return new Map();
  const rows = rowsOf<{ key: string; label: string }>(
    await db.execute(
      sql`${sql.raw(base)} WHERE id IN (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    ),
  );
  return new Map(rows.map((r) => [r.key, r.label]));
}

/** The names export rows show instead of ids, fetched once per id for a whole export (the tables are small). */
export class ExportNames {
  private readonly known = new Map<string, Map<string, string>>();

  constructor(private readonly db: Queryable) {}

  private static readonly SQL: Record<string, string> = {
    facilities: 'SELECT id::text AS id, name FROM facilities',
    units: 'SELECT id::text AS id, name FROM units',
    services: 'SELECT id::text AS id, name FROM services',
    groups: 'SELECT id::text AS id, name FROM groups',
    users: 'SELECT id::text AS id, display_name AS name FROM users',
  };

  /** Looks up the ids not seen yet, one query per table. */
  async load(table: keyof typeof ExportNames.SQL, ids: (string | null)[]): Promise<void> {
    const names = this.known.get(table) ?? new Map<string, string>();
    this.known.set(table, names);
    const missing = [...new Set(ids.filter((id): id is string => id !== null && !names.has(id)))];
    if (!missing.length) return;
    const rows = rowsOf<{ id: string; name: string }>(
      await this.db.execute(
        sql`${sql.raw(ExportNames.SQL[table]!)} WHERE id IN (${sql.join(
          missing.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      ),
    );
    for (const r of rows) names.set(r.id, r.name);
  }

  name(table: string, id: string | null): string | null {
    return id === null ? null : (this.known.get(table)?.get(id) ?? null);
  }
}

/**
 * One keyset page of the report's rows (one per ticket, names instead of ids) after ticket number `after`: one
 * table read along the number index, times as ISO text and names from `names`, so a page costs little to plan, to
 * send and to turn into CSV.
 */
/** (The ids' names are loaded into `names`.) */
export async function exportRows(db: Queryable, q: ReportFilter, after: number, limit: number, names: ExportNames) {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT f.number, ${isoText(sql`f.created_at`)} AS created_at, f.channel, f.type, f.priority,
        f.facility_id::text AS facility_id, f.unit_id::text AS unit_id, f.clinical_role, f.service_id::text AS service_id,
        f.module_id::text AS module_id, f.group_id::text AS group_id, f.agent_id::text AS agent_id,
        ${HIGHEST_TIER} AS highest_tier,
        f.live_contact, f.fcr, f.net_eligible, f.first_touch, f.escalated, f.reopened_7d,
        ${isoText(sql`f.resolved_at`)} AS resolved_at,
        f.resolve_wall_ms, f.resolve_calendar_ms, f.sla_policy, f.response_met, f.resolution_met, f.patient_care_affected
      FROM report_ticket_facts f
      WHERE ${filterSql(q)} AND f.number > ${after}
      ORDER BY f.number
      LIMIT ${limit}`),
  );
  const ids = (col: string) => rows.map((r) => r[col] as string | null);
  await names.load('facilities', ids('facility_id'));
  await names.load('units', ids('unit_id'));
  await names.load('services', [...ids('service_id'), ...ids('module_id')]);
  await names.load('groups', ids('group_id'));
  await names.load('users', ids('agent_id'));
  return rows;
}

/** A timestamp as JavaScript's toISOString() writes it (UTC, milliseconds), formatted by the database. */
function isoText(col: SQL): SQL {
  return sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
