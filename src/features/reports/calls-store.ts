// The phone report's SQL. Per group: calls offered and answered, abandons after the grace period, answered within
// each call's own line target, the waits and handle times added up, and the answered calls' waits counted by tenth
// of a second — the precision the figures are shown in, so the p80 read from those counts is the exact one, as shown.
// Whole local months come from the monthly rollup (report_month_calls/-_waits, migration 0022), the range's edges and
// every cut the rollup does not keep (by week or day, other targets or another time zone) from the contacts. Both
// parts give the same shape and are added up, so a figure is the same whichever part a day came from (calls.test.ts).
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { ABANDON_GRACE_MS } from '../routing/rules/contact-events.ts';
import { LINES, type Line } from '../routing/rules/route.ts';
import { dateList, deleteRows, inMonths, isoDate } from './rollup-store.ts';
import type { CALL_DIMENSIONS, CallQuery } from './schemas.ts';

type CallDimension = (typeof CALL_DIMENSIONS)[number];
export type CallTargets = Record<Line, number>;

/** One group's counts and sums (numbers as the driver returns them). */
export type CallSums = {
  key: string;
  offered: number | string;
  answered: number | string;
  abandoned: number | string;
  within: number | string;
  wait_sum: number | string;
  handle_n: number | string;
  handle_sum: number | string;
};
/** How many answered calls of a group waited `tenths` tenths of a second (rounded half up). */
export type WaitCount = { key: string; tenths: number | string; n: number | string };
export type CallParts = { sums: CallSums[]; waits: WaitCount[] };

const WAIT = sql.raw('extract(epoch FROM c.answered_at - c.queued_at) * 1000');
const HANDLE = sql.raw('extract(epoch FROM coalesce(c.wrap_done_at, c.ended_at) - c.answered_at) * 1000');

/** The counts and sums of calls `c`, in the columns of CallSums (and of report_month_calls). */
function callSums(targets: CallTargets): SQL {
  const target = sql`(CASE c.line WHEN 'provider' THEN ${targets.provider}::int WHEN 'clinical' THEN ${targets.clinical}::int ELSE ${targets.general}::int END)`;
  return sql`count(*) AS offered,
    count(*) FILTER (WHERE c.answered_at IS NOT NULL) AS answered,
    count(*) FILTER (WHERE c.answered_at IS NULL AND c.outcome = 'abandoned'
      AND extract(epoch FROM coalesce(c.ended_at, c.queued_at) - c.queued_at) * 1000 > ${ABANDON_GRACE_MS}) AS abandoned,
    count(*) FILTER (WHERE c.answered_at IS NOT NULL AND ${WAIT} <= ${target}) AS within,
    coalesce(sum(${WAIT}) FILTER (WHERE c.answered_at IS NOT NULL), 0) AS wait_sum,
    count(*) FILTER (WHERE c.answered_at IS NOT NULL AND c.ended_at IS NOT NULL) AS handle_n,
    coalesce(sum(${HANDLE}) FILTER (WHERE c.answered_at IS NOT NULL AND c.ended_at IS NOT NULL), 0) AS handle_sum`;
}
const TENTHS = sql`round(${WAIT} / 100)::int`;

const monthOf = (timeZone: string) => sql`date_trunc('month', c.offered_at AT TIME ZONE ${timeZone})::date`;

/** Calls offered in the given local months (bounds first, so the offered_at index finds them). */
const callsIn = (months: string[], timeZone: string) => inMonths('c.offered_at', monthOf(timeZone), months, timeZone);

/** The group key of a call dimension over the contacts `c` (periods cut in `timeZone`). */
function callKeySql(groupBy: CallDimension | null, q: CallQuery, timeZone: string): SQL {
  switch (groupBy) {
    case null:
      return sql`'*total*'`;
    case 'period':
      return sql`to_char(date_trunc(${q.period}, c.offered_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD')`;
    case 'line':
      return sql`c.line`;
    case 'agent':
      return sql`coalesce(c.agent_id::text, '')`;
    case 'channel':
      return sql`c.channel`;
  }
}

/** The same key over the rollup's cells `c` (months only). */
function cellKeySql(groupBy: CallDimension | null): SQL {
  if (groupBy === 'period') return sql`to_char(c.month, 'YYYY-MM-DD')`;
  return callKeySql(groupBy, {} as CallQuery, 'UTC');
}

function filters(q: Pick<CallQuery, 'line' | 'agentId'>): SQL[] {
  const where: SQL[] = [];
  if (q.line) where.push(sql`c.line = ${q.line}`);
  if (q.agentId) where.push(sql`c.agent_id = ${q.agentId}::uuid`);
  return where;
}

/** The calls offered in [q.from, q.to), grouped, read from the contacts. */
export async function contactParts(
  db: Queryable,
  q: CallQuery,
  groupBy: CallDimension | null,
  timeZone: string,
  targets: CallTargets,
): Promise<CallParts> {
  const key = callKeySql(groupBy, q, timeZone);
  const where = sql.join(
    [
      sql`c.offered_at >= ${q.from.toISOString()}::timestamptz`,
      sql`c.offered_at < ${q.to.toISOString()}::timestamptz`,
      ...filters(q),
    ],
    sql` AND `,
  );
  const sums = rowsOf<CallSums>(
    await db.execute(sql`SELECT ${key} AS key, ${callSums(targets)} FROM contacts c WHERE ${where} GROUP BY 1`),
  );
  const waits = rowsOf<WaitCount>(
    await db.execute(sql`
      SELECT ${key} AS key, ${TENTHS} AS tenths, count(*) AS n
      FROM contacts c WHERE ${where} AND c.answered_at IS NOT NULL
      GROUP BY 1, 2`),
  );
  return { sums, waits };
}

/** The whole local months [fromMonth, toMonth) from the rollup, grouped. */
export async function rolledUpCallParts(
  db: Queryable,
  q: CallQuery,
  groupBy: CallDimension | null,
  months: { first: string; end: string },
): Promise<CallParts> {
  const key = cellKeySql(groupBy);
  const where = sql.join(
    [sql`c.month >= ${months.first}::date`, sql`c.month < ${months.end}::date`, ...filters(q)],
    sql` AND `,
  );
  const sums = rowsOf<CallSums>(
    await db.execute(sql`
      SELECT ${key} AS key, sum(c.offered) AS offered, sum(c.answered) AS answered, sum(c.abandoned) AS abandoned,
        sum(c.within) AS within, sum(c.wait_sum) AS wait_sum, sum(c.handle_n) AS handle_n,
        sum(c.handle_sum) AS handle_sum
      FROM report_month_calls c WHERE ${where} GROUP BY 1`),
  );
  const waits = rowsOf<WaitCount>(
    await db.execute(sql`
      SELECT ${key} AS key, c.tenths, sum(c.n) AS n FROM report_month_call_waits c WHERE ${where} GROUP BY 1, 2`),
  );
  return { sums, waits };
}

/** The time zone and line targets the phone rollup was built with (nulls: never built). */
export async function callRollupState(db: Queryable): Promise<{ timeZone: string | null; targets: unknown }> {
  const row = rowsOf<{ tz: string | null; targets: unknown }>(
    await db.execute(sql`SELECT calls_time_zone AS tz, call_targets AS targets FROM report_refresh WHERE id = 1`),
  )[0];
  return { timeZone: row?.tz ?? null, targets: row?.targets ?? null };
}

/** Whether the rollup's "within target" counts were made with these targets. */
export function sameTargets(built: unknown, targets: CallTargets): boolean {
  if (!built || typeof built !== 'object') return false;
  return LINES.every((l) => (built as Record<string, unknown>)[l] === targets[l]);
}

/** The local months of the calls added or changed since `since`. */
export async function callMonthsChangedSince(db: Queryable, since: Date, timeZone: string): Promise<string[]> {
  const rows = rowsOf<{ month: string | Date }>(
    await db.execute(sql`
      SELECT DISTINCT ${monthOf(timeZone)} AS month FROM contacts c
      WHERE c.updated_at >= ${since.toISOString()}::timestamptz`),
  );
  return rows.map((r) => isoDate(r.month));
}

/** Recomputes the given months of the phone rollup from the contacts, in the caller's transaction. */
export async function rebuildCallMonths(
  db: Queryable,
  months: string[],
  timeZone: string,
  targets: CallTargets,
): Promise<void> {
  if (!months.length) return;
  await deleteRows(db, CALL_TABLES, sql`month IN (${dateList(months)})`);
  await db.execute(sql`
    INSERT INTO report_month_calls (month, line, agent_id, channel, offered, answered, abandoned, within, wait_sum,
      handle_n, handle_sum)
    SELECT ${monthOf(timeZone)}, c.line, c.agent_id, c.channel, ${callSums(targets)}
    FROM contacts c WHERE ${callsIn(months, timeZone)}
    GROUP BY 1, 2, 3, 4`);
  await db.execute(sql`
    INSERT INTO report_month_call_waits (month, line, agent_id, channel, tenths, n)
    SELECT ${monthOf(timeZone)}, c.line, c.agent_id, c.channel, ${TENTHS}, count(*)
    FROM contacts c WHERE ${callsIn(months, timeZone)} AND c.answered_at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5`);
}

const CALL_TABLES = ['report_month_calls', 'report_month_call_waits'];

async function allCallMonths(db: Queryable, timeZone: string): Promise<string[]> {
  return rowsOf<{ month: string | Date }>(
    await db.execute(sql`SELECT DISTINCT ${monthOf(timeZone)} AS month FROM contacts c`),
  ).map((r) => isoDate(r.month));
}

/**
 * Rebuilds every month of the phone rollup in the caller's one transaction and records the time zone and targets it
 * was cut with. The refresh and the CLI rebuild in steps instead (beginCallRebuild); this is the tests' reference.
 */
export async function rebuildAllCallMonths(db: Queryable, timeZone: string, targets: CallTargets): Promise<number> {
  await deleteRows(db, CALL_TABLES, sql`true`);
  const months = await allCallMonths(db, timeZone);
  await rebuildCallMonths(db, months, timeZone, targets);
  await writeCallState(db, { timeZone, targets }, null);
  return months.length;
}

/** A phone rollup rebuild in steps under way: what it cuts with, and the months still to do. */
export type PendingCalls = { timeZone: string; targets: CallTargets; months: string[] };

/** The phone rollup's rebuild in steps under way (null: none). */
export async function callsPending(db: Queryable): Promise<PendingCalls | null> {
  const row = rowsOf<{ pending: PendingCalls | string | null }>(
    await db.execute(sql`SELECT calls_pending AS pending FROM report_refresh WHERE id = 1`),
  )[0];
  if (!row?.pending) return null;
  return typeof row.pending === 'string' ? (JSON.parse(row.pending) as PendingCalls) : row.pending;
}

/** Records what the rollup was built with (null: not built) and the rebuild under way. The row may not be there yet. */
async function writeCallState(
  db: Queryable,
  built: { timeZone: string; targets: CallTargets } | null,
  pending: PendingCalls | null,
) {
  const targets = built === null ? null : JSON.stringify(built.targets);
  const json = pending === null ? null : JSON.stringify(pending);
  await db.execute(sql`
    INSERT INTO report_refresh (id, calls_time_zone, call_targets, calls_pending)
    VALUES (1, ${built?.timeZone ?? null}, ${targets}::jsonb, ${json}::jsonb)
    ON CONFLICT (id) DO UPDATE SET calls_time_zone = excluded.calls_time_zone, call_targets = excluded.call_targets,
      calls_pending = excluded.calls_pending`);
}

/**
 * Starts a rebuild of the phone rollup in steps: empties it, marks it not built (reports read the contacts) and lists
 * every month with calls as still to do. Returns how many.
 */
export async function beginCallRebuild(db: Queryable, timeZone: string, targets: CallTargets): Promise<number> {
  await db.execute(sql`TRUNCATE ${sql.raw(CALL_TABLES.join(', '))}`);
  const months = (await allCallMonths(db, timeZone)).sort();
  await writeCallState(db, null, { timeZone, targets, months });
  return months.length;
}

/**
 * One step of the phone rollup's rebuild under way, in the caller's transaction: the next month; the step that does
 * the last marks the rollup built. Returns false when no rebuild is under way.
 */
export async function rebuildNextCallMonth(db: Queryable): Promise<boolean> {
  const pending = await callsPending(db);
  if (!pending) return false;
  const [month, ...rest] = pending.months;
  if (month !== undefined) await rebuildCallMonths(db, [month], pending.timeZone, pending.targets);
  if (rest.length) await writeCallState(db, null, { ...pending, months: rest });
  else await writeCallState(db, { timeZone: pending.timeZone, targets: pending.targets }, null);
  return true;
}
