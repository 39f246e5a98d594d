// The phone report's SQL over the contacts: per group, calls offered and answered, abandons after the grace period,
// ASA mean and p80, answered within each call's own line target, and average handle time.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { ABANDON_GRACE_MS } from '../routing/rules/contact-events.ts';
import type { Line } from '../routing/rules/route.ts';
import type { CALL_DIMENSIONS, CallQuery } from './schemas.ts';

/** The group key of a call dimension (periods cut in `timeZone`). */
function callKeySql(groupBy: (typeof CALL_DIMENSIONS)[number], q: CallQuery, timeZone: string): SQL {
  switch (groupBy) {
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

/** One row per group (one row for all calls when `groupBy` is null). */
export async function callCounts(
  db: Queryable,
  q: CallQuery,
  groupBy: (typeof CALL_DIMENSIONS)[number] | null,
  timeZone: string,
  targets: Record<Line, number>,
) {
  const key = groupBy ? callKeySql(groupBy, q, timeZone) : sql`'*total*'`;
  const where: SQL[] = [
    sql`c.offered_at >= ${q.from.toISOString()}::timestamptz`,
    sql`c.offered_at < ${q.to.toISOString()}::timestamptz`,
  ];
  if (q.line) where.push(sql`c.line = ${q.line}`);
  if (q.agentId) where.push(sql`c.agent_id = ${q.agentId}::uuid`);
  const wait = sql`extract(epoch FROM c.answered_at - c.queued_at) * 1000`;
  const target = sql`(CASE c.line WHEN 'provider' THEN ${targets.provider}::int WHEN 'clinical' THEN ${targets.clinical}::int ELSE ${targets.general}::int END)`;
  return rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      SELECT ${key} AS key, count(*) AS offered,
        count(*) FILTER (WHERE c.answered_at IS NOT NULL) AS answered,
        count(*) FILTER (WHERE c.answered_at IS NULL AND c.outcome = 'abandoned'
          AND extract(epoch FROM coalesce(c.ended_at, c.queued_at) - c.queued_at) * 1000 > ${ABANDON_GRACE_MS}) AS abandoned,
        avg(${wait}) FILTER (WHERE c.answered_at IS NOT NULL) AS asa_ms,
        percentile_disc(0.8) WITHIN GROUP (ORDER BY ${wait}) FILTER (WHERE c.answered_at IS NOT NULL) AS p80_ms,
        count(*) FILTER (WHERE c.answered_at IS NOT NULL AND ${wait} <= ${target}) AS within,
        avg(extract(epoch FROM coalesce(c.wrap_done_at, c.ended_at) - c.answered_at) * 1000)
          FILTER (WHERE c.answered_at IS NOT NULL AND c.ended_at IS NOT NULL) AS aht_ms
      FROM contacts c WHERE ${sql.join(where, sql` AND `)}
      GROUP BY 1 ORDER BY 1`),
  );
}
