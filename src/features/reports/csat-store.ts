// The one place survey responses are read for reports (the surveys feature's survey_responses: score 1–5,
// solved_first_contact = customer-verified FCR, clinical_role, facility_id, provider_ids, responded_at — each
// response keeps the requester's role, facility and the providers that served them as they were when asked).
// CSAT is cut by when the answer came (responded_at), not when the ticket was opened. Answers are added up in SQL,
// one row per group (rules/csat.ts turns the sums into figures), so 300,000 answers never travel to the app.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { dayCellFilter, dayCellKey, daysCanAnswer, wholeDays } from './days-rollup-store.ts';
import { type DimCut, dimCellFilter, dimCellKey, dimCut } from './dims-rollup-store.ts';
import { filterSql, groupKeySql } from './report-store.ts';
import { cellFilter, cellKey, edgesOf, rollupCanAnswer, rollupTimeZone, wholeMonths } from './rollup-store.ts';
import { addTallies, type CsatTally, NURSE_ROLES, PHYSICIAN_ROLES } from './rules/csat.ts';
import type { Dimension, Period } from './rules/query.ts';
import type { ReportFilter } from './schemas.ts';
import { TALLY, type TallyRow, tally } from './tally-store.ts';

export type CsatFilter = { from: Date; to: Date; facilityId?: string; providerId?: string };

const answeredIn = (f: { from: Date; to: Date }) => [
  sql`r.responded_at >= ${f.from.toISOString()}::timestamptz`,
  sql`r.responded_at < ${f.to.toISOString()}::timestamptz`,
];

const ROLE_GROUP =
  sql.raw(`(CASE WHEN r.clinical_role IN (${PHYSICIAN_ROLES.map((x) => `'${x}'`).join(', ')}) THEN 'physician'
  WHEN r.clinical_role IN (${NURSE_ROLES.map((x) => `'${x}'`).join(', ')}) THEN 'nurse' ELSE '' END)`);

export type ProviderTally = { provider: string; key: string; roleGroup: '' | 'physician' | 'nurse'; tally: CsatTally };

/**
 * Scorecards: every answer in the range (ticket surveys and pulse surveys alike), counted once for each provider the
 * response names, per `by` (one key for the whole system, each facility, or each local month in `timeZone`, as the
 * scorecard's other figures) and role group.
 */
export async function providerCsat(
  db: Queryable,
  f: CsatFilter,
  by: 'system' | 'facility' | 'month',
  timeZone: string,
): Promise<ProviderTally[]> {
  const where: SQL[] = answeredIn(f);
  if (f.facilityId) where.push(sql`r.facility_id = ${f.facilityId}::uuid`);
  if (f.providerId) where.push(sql`${f.providerId}::uuid = ANY(r.provider_ids)`);
  const key =
    by === 'system'
      ? sql`''`
      : by === 'facility'
        ? sql`coalesce(r.facility_id::text, '')`
        : sql`to_char(date_trunc('month', r.responded_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD')`;
  const rows = rowsOf<TallyRow & { provider: string; key: string; role_group: ProviderTally['roleGroup'] }>(
    await db.execute(sql`
      SELECT p.provider_id::text AS provider, ${key} AS key, ${ROLE_GROUP} AS role_group, ${TALLY}
      FROM survey_responses r CROSS JOIN LATERAL (SELECT DISTINCT unnest(r.provider_ids)) AS p(provider_id)
      WHERE ${sql.join(where, sql` AND `)}
      GROUP BY 1, 2, 3`),
  );
  return rows.map((r) => ({ provider: r.provider, key: String(r.key), roleGroup: r.role_group, tally: tally(r) }));
}

/**
 * The ticket report: answers in the range about tickets the report's other filters keep (facility, role, channel,
 * agent, provider…), so an agent's own report shows only their tickets' answers and follow-ups are left out.
 * Grouped by the report's dimension over the ticket's facts (a ticket's answer counts under each provider that held
 * it), except periods, which are cut by when the answer came; one row for all answers when `groupBy` is null.
 */
export async function ticketCsat(
  db: Queryable,
  q: ReportFilter,
  groupBy: Dimension | null,
  period: Period,
  timeZone: string,
): Promise<Map<string, CsatTally>> {
  if (daysCanAnswer(q, groupBy, period) && (await rollupTimeZone(db)) === timeZone) {
    const days = await wholeDays(db, q, timeZone, 'answers');
    if (days) {
      const where = dayCellFilter(q, days.first.day, days.end.day);
      const parts = [await summedCsat(db, dayCellKey(period), sql`report_day_csat`, where)];
      for (const edge of edgesOf(q, days)) parts.push(await rawCsat(db, edge, groupBy, period, timeZone));
      return tallies(parts);
    }
  }
  const cut = dimCut(q, groupBy, period);
  const months =
    (rollupCanAnswer(q, groupBy, period) || cut !== null) && (await rollupTimeZone(db)) === timeZone
      ? await wholeMonths(db, q, timeZone, 'answers')
      : null;
  if (!months) return tallies([await rawCsat(db, q, groupBy, period, timeZone)]);
  const parts = [await rolledUpCsat(db, q, groupBy, cut, { first: months.first.month, end: months.end.month })];
  for (const edge of edgesOf(q, months)) parts.push(await rawCsat(db, edge, groupBy, period, timeZone));
  return tallies(parts);
}

type KeyedTally = TallyRow & { key: string };

/** Adds the parts' tallies up by key. */
function tallies(parts: KeyedTally[][]): Map<string, CsatTally> {
  const out = new Map<string, CsatTally>();
  for (const rows of parts) {
    for (const r of rows) {
      const t = tally(r);
      const seen = out.get(String(r.key));
      out.set(String(r.key), seen ? addTallies(seen, t) : t);
    }
  }
  return out;
}

/** The answers that came in during [from, to), read from the answers themselves. */
async function rawCsat(db: Queryable, q: ReportFilter, groupBy: Dimension | null, period: Period, timeZone: string) {
  const g =
    groupBy === null
      ? { key: sql`'*total*'`, from: sql`report_ticket_facts f` }
      : groupBy === 'period'
        ? {
            key: sql`to_char(date_trunc(${period}, r.responded_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD')`,
            from: sql`report_ticket_facts f`,
          }
        : groupKeySql(groupBy, period, timeZone);
  return rowsOf<KeyedTally>(
    await db.execute(sql`
      SELECT ${g.key} AS key, ${TALLY}
      FROM ${g.from} JOIN survey_responses r ON r.ticket_id = f.ticket_id
      WHERE r.kind = 'ticket' AND ${sql.join(answeredIn(q), sql` AND `)} AND ${filterSql(q, { opened: false })}
      GROUP BY 1`),
  );
}

/**
 * The answers of whole months [first, end), from the monthly rollup (the cut is one it keeps), or from the
 * dimensions' rollup for a cut by unit, role, service, module, provider, group or agent (`cut`).
 */
async function rolledUpCsat(
  db: Queryable,
  q: ReportFilter,
  groupBy: Dimension | null,
  cut: DimCut | null,
  months: { first: string; end: string },
) {
  const from =
    cut === null
      ? { key: cellKey(groupBy), table: sql`report_month_csat`, where: cellFilter(q, months.first, months.end) }
      : {
          key: dimCellKey(groupBy),
          table: sql`report_month_dim_csat`,
          where: dimCellFilter(q, cut, months.first, months.end),
        };
  return summedCsat(db, from.key, from.table, from.where);
}

/** A rollup's CSAT tallies (`table` as c) added up per `key`. */
async function summedCsat(db: Queryable, key: SQL, table: SQL, where: SQL) {
  return rowsOf<KeyedTally>(
    await db.execute(sql`
      SELECT ${key} AS key, sum(c.n) AS n, sum(c.satisfied) AS satisfied, sum(c.score_sum) AS score_sum,
        sum(c.fcr_answered) AS fcr_answered, sum(c.fcr_yes) AS fcr_yes
      FROM ${table} c WHERE ${where}
      GROUP BY 1`),
  );
}
