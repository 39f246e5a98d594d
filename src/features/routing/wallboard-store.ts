// The wallboard's SQL: the desk's time zone, calls waiting per line, agents per state, the figures' counts per
// period and line — counted in the database over the `contacts_offered_at_idx` range of each period, never a week of
// calls read into memory — and the shared copy of the slow periods' counts (kept in `settings`, so every instance
// reads the same one).
import { asc, count, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { findSetting, saveSetting } from '../directory/service.ts';
import { facilities } from '../directory/tables.ts';
import { ABANDON_GRACE_MS } from './rules/contact-events.ts';
import type { LineCounts } from './rules/metrics.ts';
import type { Line } from './rules/route.ts';
import { WAITING } from './store.ts';
import { agentPresence, contacts } from './tables.ts';

/** The desk's time zone: the first facility's by code, UTC when there is none. */
export async function deskTimeZone(db: Queryable): Promise<string> {
  const rows = await db.select({ tz: facilities.timeZone }).from(facilities).orderBy(asc(facilities.code)).limit(1);
  return rows[0]?.tz ?? 'UTC';
}

export async function waitingPerLine(db: Queryable) {
  return db
    .select({ line: contacts.line, n: count(), oldest: sql<string | Date | null>`min(${contacts.queuedAt})` })
    .from(contacts)
    .where(WAITING)
    .groupBy(contacts.line);
}

export async function agentsPerState(db: Queryable) {
  return db.select({ state: agentPresence.state, n: count() }).from(agentPresence).groupBy(agentPresence.state);
}

/** A period of the wallboard: calls offered from `from` (included) until `to` (excluded; null: no end). */
export type Period = { key: string; from: Date; to: Date | null };

/**
 * Per period and line, the counts `figuresOf()` turns into the figures — the same counts the pure `lineCounts()`
 * takes from the same calls: waits from queue entry to answer, abandons after the grace period, answered within
 * each line's own target, the mean wait and the nearest-rank p80 (`percentile_disc`). Lines without calls in a
 * period have no row.
 */
export async function lineCountsPerPeriod(
  db: Queryable,
  periods: readonly Period[],
  targets: Record<Line, number>,
): Promise<(LineCounts & { period: string; line: Line })[]> {
  if (!periods.length) return [];
  const wait = sql`extract(epoch FROM c.answered_at - c.queued_at) * 1000`;
  const target = sql`(CASE c.line WHEN 'provider' THEN ${targets.provider}::int WHEN 'clinical' THEN ${targets.clinical}::int ELSE ${targets.general}::int END)`;
  // One aggregate per period, each over its own index range with its bounds as values (so the planner sees how few
  // rows a day is), joined by UNION ALL into one round trip.
  const perPeriod = periods.map(
    (p) => sql`(SELECT ${p.key}::text AS period, c.line, count(*) AS offered,
        count(*) FILTER (WHERE c.answered_at IS NOT NULL) AS answered,
        count(*) FILTER (WHERE c.answered_at IS NULL AND c.outcome = 'abandoned'
          AND extract(epoch FROM coalesce(c.ended_at, c.queued_at) - c.queued_at) * 1000 > ${ABANDON_GRACE_MS}) AS abandoned,
        count(*) FILTER (WHERE c.answered_at IS NOT NULL AND ${wait} <= ${target}) AS within,
        avg(${wait}) FILTER (WHERE c.answered_at IS NOT NULL) AS mean_ms,
        percentile_disc(0.8) WITHIN GROUP (ORDER BY ${wait}) FILTER (WHERE c.answered_at IS NOT NULL) AS p80_ms
      FROM contacts c WHERE c.offered_at >= ${p.from.toISOString()}::timestamptz
        ${p.to ? sql`AND c.offered_at < ${p.to.toISOString()}::timestamptz` : sql``}
      GROUP BY c.line)`,
  );
  const rows = rowsOf<{
    period: string;
    line: Line;
    offered: number | string;
    answered: number | string;
    abandoned: number | string;
    within: number | string;
    mean_ms: number | string | null;
    p80_ms: number | string | null;
  }>(await db.execute(sql.join(perPeriod, sql` UNION ALL `)));
  const num = (x: number | string | null) => (x === null ? null : Number(x));
  return rows.map((r) => ({
    period: r.period,
    line: r.line,
    offered: Number(r.offered),
    answered: Number(r.answered),
    abandoned: Number(r.abandoned),
    answeredWithinTarget: Number(r.within),
    meanWaitMs: num(r.mean_ms),
    p80WaitMs: num(r.p80_ms),
  }));
}

/** Where the counts of yesterday and this week are kept between polls (see service/wallboard.ts). */
export const WALLBOARD_COUNTS_KEY = 'wallboard.counts';

export async function readSharedCounts(db: Queryable): Promise<unknown> {
  return (await findSetting(db, WALLBOARD_COUNTS_KEY))?.value ?? null;
}

export async function saveSharedCounts(db: Queryable, value: unknown): Promise<void> {
  await saveSetting(db, WALLBOARD_COUNTS_KEY, value);
}
