// The phone figures over any range, exactly as the wallboard's (routing/rules/metrics.ts): ASA mean and p80 over
// answered calls, % answered within each call's own line target, abandonment with short abandons (≤ 5 s) not
// counted, and average handle time (talk + hold + wrap-up). SQL over the contacts; tests hold it equal to the rules.
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { ABANDON_GRACE_MS } from '../routing/rules/contact-events.ts';
import { loadRoutingConfig } from '../routing/service/settings.ts';
import { rate } from './rules/stats.ts';
import type { CALL_DIMENSIONS, CallQuery } from './schemas.ts';
import { reportTimeZone, scoped } from './service.ts';

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

async function callCounts(db: Queryable, q: CallQuery, key: SQL, targets: Record<string, number>) {
  const where: SQL[] = [
    sql`c.offered_at >= ${q.from.toISOString()}::timestamptz`,
    sql`c.offered_at < ${q.to.toISOString()}::timestamptz`,
  ];
  if (q.line) where.push(sql`c.line = ${q.line}`);
  if (q.agentId) where.push(sql`c.agent_id = ${q.agentId}::uuid`);
  const wait = sql`extract(epoch FROM c.answered_at - c.queued_at) * 1000`;
  const target = sql`(CASE c.line WHEN 'provider' THEN ${targets.provider ?? 20_000}::int WHEN 'clinical' THEN ${targets.clinical ?? 30_000}::int ELSE ${targets.general ?? 30_000}::int END)`;
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

function figures(r: Record<string, string | number | null> | undefined, minN: number) {
  const n = (k: string) => Number(r?.[k] ?? 0);
  const ms = (k: string) => (r?.[k] === null || r?.[k] === undefined ? null : Number(r[k]) / 1000);
  return {
    offered: n('offered'),
    answered: n('answered'),
    asaSeconds: round1(ms('asa_ms')),
    asaP80Seconds: round1(ms('p80_ms')),
    answeredWithinTarget: rate(n('within'), n('answered'), minN),
    abandonment: rate(n('abandoned'), n('offered'), minN),
    ahtSeconds: round1(ms('aht_ms')),
  };
}

export async function callReport(db: Queryable, actor: Actor, query: CallQuery) {
  const { q, scope } = scoped(actor, query);
  const timeZone = await reportTimeZone(db, q.facilityId);
  const config = await loadRoutingConfig(db);
  const targets = Object.fromEntries(Object.entries(config.lines).map(([line, l]) => [line, l.targetMs]));
  const keys: Record<(typeof CALL_DIMENSIONS)[number], SQL> = {
    period: sql`to_char(date_trunc(${q.period}, c.offered_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD')`,
    line: sql`c.line`,
    agent: sql`coalesce(c.agent_id::text, '')`,
    channel: sql`c.channel`,
  };
  const [total, groups] = await Promise.all([
    callCounts(db, q, sql`'*total*'`, targets),
    callCounts(db, q, keys[q.groupBy], targets),
  ]);
  const names =
    q.groupBy === 'agent' && groups.some((g) => g.key)
      ? rowsOf<{ key: string; label: string }>(
          await db.execute(
            sql`SELECT id::text AS key, display_name AS label FROM users WHERE id IN (${sql.join(
              groups.filter((g) => g.key).map((g) => sql`${g.key}::uuid`),
              sql`, `,
            )})`,
          ),
        )
      : [];
  return {
    timeZone,
    scope,
    targets: Object.fromEntries(Object.entries(targets).map(([l, t]) => [l, t / 1000])),
    total: figures(total[0], q.minN),
    groups: groups.map((g) => ({
      key: String(g.key),
      label: names.find((x) => x.key === g.key)?.label ?? (g.key === '' ? 'not answered' : String(g.key)),
      figures: figures(g, q.minN),
    })),
  };
}
