// The one place survey responses are read for reports (the surveys feature's survey_responses: score 1–5,
// solved_first_contact = customer-verified FCR, clinical_role, facility_id, provider_ids, responded_at — each
// response keeps the requester's role, facility and the providers that served them as they were when asked).
// CSAT is cut by when the answer came (responded_at), not when the ticket was opened. Answers are added up in SQL,
// one row per group (rules/csat.ts turns the sums into figures), so 300,000 answers never travel to the app.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { dayCellFilter, dayCellKey, daysCanAnswer, wholeDays } from './days-rollup-store.ts';
import { type DimCut, dimCellFilter, dimCellKey, dimCut } from './dims-rollup-store.ts';
import { filterSql, groupKeySql, reportRead } from './report-store.ts';
import { cellFilter, cellKey, edgesOf, rollupCanAnswer, rollupTimeZone, wholeMonths } from './rollup-store.ts';
import { addTallies, type CsatTally } from './rules/csat.ts';
import type { Dimension, Period } from './rules/query.ts';
import type { ReportFilter } from './schemas.ts';
import { ANSWERS_BY_PROVIDER, ROLE_GROUP, TALLY, type TallyRow, tally } from './tally-store.ts';

export type CsatFilter = { from: Date; to: Date; facilityId?: string; providerId?: string };

const answeredIn = (f: { from: Date; to: Date }) => [
  sql`r.responded_at >= ${f.from.toISOString()}::timestamptz`,
  sql`r.responded_at < ${f.to.toISOString()}::timestamptz`,
];

export type ProviderTally = { provider: string; key: string; roleGroup: '' | 'physician' | 'nurse'; tally: CsatTally };

/**
 * Scorecards: every answer in the range (ticket surveys and pulse surveys alike), counted once for each provider the
 * response names, per provider, the answer's facility, the local month it came in (in `timeZone`) and role group —
 * whole months from the rollup (report_month_provider_csat) when it is cut in `timeZone`, the range's edges from the
 * answers — then added up per `by` (one key for the whole system, each facility, or each month, as the scorecard's
 * other figures), so one read serves the three views.
 */
export async function providerCsat(
  db: Queryable,
  f: CsatFilter,
  timeZone: string,
): Promise<Record<'system' | 'facility' | 'month', ProviderTally[]>> {
  const parts = await reportRead(db, async (tx) => {
    const months = (await rollupTimeZone(tx)) === timeZone ? await wholeMonths(tx, f, timeZone, 'answers') : null;
    if (!months) return [await rawProviderCsat(tx, f, timeZone)];
    const found = [await rolledUpProviderCsat(tx, f, { first: months.first.month, end: months.end.month })];
    for (const edge of edgesOf(f, months)) found.push(await rawProviderCsat(tx, edge, timeZone));
    return found;
  });
  const views = { system: new Map<string, ProviderTally>(), facility: new Map(), month: new Map() } as Record<
    'system' | 'facility' | 'month',
    Map<string, ProviderTally>
  >;
  for (const r of parts.flat()) {
    const keys = { system: '', facility: String(r.facility), month: String(r.month) };
    for (const by of ['system', 'facility', 'month'] as const) {
      const id = `${r.provider}|${keys[by]}|${r.role_group}`;
      const seen = views[by].get(id);
      const t = tally(r);
      views[by].set(
        id,
        seen
          ? { ...seen, tally: addTallies(seen.tally, t) }
          : { provider: r.provider, key: keys[by], roleGroup: r.role_group, tally: t },
      );
    }
  }
  return {
    system: [...views.system.values()],
    facility: [...views.facility.values()],
    month: [...views.month.values()],
  };
}

type ProviderTallyRow = TallyRow & {
  provider: string;
  facility: string;
  month: string;
  role_group: ProviderTally['roleGroup'];
};

async function rawProviderCsat(db: Queryable, f: CsatFilter, timeZone: string) {
  const where: SQL[] = answeredIn(f);
  if (f.facilityId) where.push(sql`r.facility_id = ${f.facilityId}::uuid`);
  if (f.providerId) where.push(sql`${f.providerId}::uuid = ANY(r.provider_ids)`);
  return rowsOf<ProviderTallyRow>(
    await db.execute(sql`
      SELECT p.provider_id::text AS provider, coalesce(r.facility_id::text, '') AS facility,
        to_char(date_trunc('month', r.responded_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD') AS month,
        ${ROLE_GROUP} AS role_group, ${TALLY}
      FROM ${ANSWERS_BY_PROVIDER}
      WHERE ${sql.join(where, sql` AND `)}
      GROUP BY 1, 2, 3, 4`),
  );
}

async function rolledUpProviderCsat(db: Queryable, f: CsatFilter, months: { first: string; end: string }) {
  const where: SQL[] = [sql`c.month >= ${months.first}::date`, sql`c.month < ${months.end}::date`];
  if (f.facilityId) where.push(sql`c.facility_id = ${f.facilityId}::uuid`);
  if (f.providerId) where.push(sql`c.provider_id = ${f.providerId}::uuid`);
  return rowsOf<ProviderTallyRow>(
    await db.execute(sql`
      SELECT c.provider_id::text AS provider, coalesce(c.facility_id::text, '') AS facility,
        to_char(c.month, 'YYYY-MM-DD') AS month, c.role_group,
        sum(c.n) AS n, sum(c.satisfied) AS satisfied, sum(c.score_sum) AS score_sum,
        sum(c.fcr_answered) AS fcr_answered, sum(c.fcr_yes) AS fcr_yes
      FROM report_month_provider_csat c WHERE ${sql.join(where, sql` AND `)}
      GROUP BY 1, 2, 3, 4`),
  );
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
