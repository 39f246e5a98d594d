// The phone figures over any range, exactly as the wallboard's (routing/rules/metrics.ts): ASA mean and p80 over
// answered calls, % answered within each call's own line target, abandonment with short abandons (≤ 5 s) not
// counted, and average handle time (talk + hold + wrap-up). SQL over the contacts; tests hold it equal to the rules.
import type { Actor } from '../../platform/actor.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { LINES, type Line } from '../routing/rules/route.ts';
import { loadRoutingConfig } from '../routing/service/settings.ts';
import { callCounts } from './calls-store.ts';
import { namesOf, reportTimeZone } from './report-store.ts';
import { inTimeZone } from './rules/query.ts';
import { rate } from './rules/stats.ts';
import type { CallQuery } from './schemas.ts';
import { scoped } from './service.ts';

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

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
  const scopedQuery = scoped(actor, query);
  const { scope } = scopedQuery;
  const timeZone = await reportTimeZone(db, scopedQuery.q.facilityId);
  const q = inTimeZone(scopedQuery.q, timeZone);
  const config = await loadRoutingConfig(db);
  const targets = Object.fromEntries(LINES.map((line) => [line, config.lines[line].targetMs])) as Record<Line, number>;
  const [total, groups] = await Promise.all([
    callCounts(db, q, null, timeZone, targets),
    callCounts(db, q, q.groupBy, timeZone, targets),
  ]);
  const names =
    q.groupBy === 'agent'
      ? await namesOf(
          db,
          'agent',
          groups.map((g) => String(g.key)),
        )
      : new Map();
  return {
    timeZone,
    scope,
    targets: Object.fromEntries(Object.entries(targets).map(([l, t]) => [l, t / 1000])),
    total: figures(total[0], q.minN),
    groups: groups.map((g) => ({
      key: String(g.key),
      label: names.get(String(g.key)) ?? (g.key === '' ? 'not answered' : String(g.key)),
      figures: figures(g, q.minN),
    })),
  };
}
