// Reports as use cases: who sees what (agents their own tickets, managers and analysts all), the time zone the
// periods are cut in, the figures, their labels and the drill-down to the tickets behind a figure.
import { TIER_LABELS, type Tier } from '../../domain/vocabulary.ts';
import type { Actor } from '../../platform/actor.ts';
import { can } from '../../platform/auth/roles.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { formatTicketNumber } from '../tickets/rules/vocabulary.ts';
import { ticketCsat } from './csat-store.ts';
import { factsAsOf } from './refresh.ts';
import { drillTickets, type FigureCounts, namesOf, reportTimeZone } from './report-store.ts';
import { csatOfTally, EMPTY_TALLY } from './rules/csat.ts';
import { type Dimension, inTimeZone } from './rules/query.ts';
import { type Distribution, rate } from './rules/stats.ts';
import type { DrillQuery, ReportFilter, ReportQuery, TicketFiguresView, TicketReportView } from './schemas.ts';
import { ticketCounts } from './ticket-counts-store.ts';

/** A report query with its calendar-date boundaries at midnight in the report's time zone (rules/query.ts). */
export async function inReportTime<T extends ReportFilter>(db: Queryable, q: T): Promise<T> {
  return inTimeZone(q, await reportTimeZone(db, q.facilityId));
}

/** Agents see the figures of the tickets they took; reports:read-all sees every ticket. */
export function scoped<T extends ReportFilter>(actor: Actor, q: T): { q: T; scope: 'all' | 'own' } {
  if (can(actor.role, 'reports:read-all')) return { q, scope: 'all' };
  return { q: { ...q, agentId: actor.userId }, scope: 'own' };
}

const minutes = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : Math.round(ms / 6000) / 10;

function dist(v: Record<string, number | null>, prefix: string, n: number, minN: number): Distribution {
  return {
    n,
    mean: minutes(v[`${prefix}_mean`]),
    median: minutes(v[`${prefix}_median`]),
    p90: minutes(v[`${prefix}_p90`]),
    tooFewToCompare: n < minN,
  };
}

export function figuresOf(c: FigureCounts | undefined, minN: number): TicketFiguresView {
  const v = c?.v ?? {};
  const r = (m: string) => rate(v[`${m}_k`] ?? 0, v[`${m}_n`] ?? 0, minN);
  return {
    tickets: v.tickets_n ?? 0,
    fcrGross: r('fcrGross'),
    fcrNet: r('fcrNet'),
    firstTouch: r('firstTouch'),
    reopenRate: r('reopenRate'),
    escalationRate: { tier2: r('escalationTier2'), tier3: r('escalationTier3'), vendor: r('escalationVendor') },
    responseAttainment: r('responseAttainment'),
    resolutionAttainment: r('resolutionAttainment'),
    timeToResolveWall: dist(v, 'wall', v.reopenRate_n ?? 0, minN),
    timeToResolveCalendar: dist(v, 'cal', v.cal_n ?? 0, minN),
    patientCareAffected: {
      tickets: v.patientCareAffected_n ?? 0,
      clinicianHoursLost: Math.round((v.care_ms ?? 0) / 360_000) / 10,
    },
    open: v.open_n ?? 0,
  };
}

/** Human names for the group keys (ids become names; tiers and priorities their desk labels). */
export async function labelsOf(db: Queryable, groupBy: Dimension, keys: string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>(keys.map((k) => [k, k === '' ? 'not recorded' : k]));
  if (groupBy === 'tier') for (const k of keys) labels.set(k, TIER_LABELS[k as Tier] ?? k);
  if (groupBy === 'priority') for (const k of keys) labels.set(k, `P${k}`);
  for (const [id, name] of await namesOf(db, groupBy, keys)) labels.set(id, name);
  return labels;
}

export async function ticketReport(
  db: Queryable,
  actor: Actor,
  query: ReportQuery,
  now = new Date(),
): Promise<TicketReportView> {
  const scopedQuery = scoped(actor, query);
  const groupBy = scopedQuery.q.groupBy as Dimension;
  const timeZone = await reportTimeZone(db, scopedQuery.q.facilityId);
  const { scope } = scopedQuery;
  const q = inTimeZone(scopedQuery.q, timeZone);
  // By provider the total is a query of its own (a ticket held by two providers counts once); else one pass gives both.
  const [counted, providerTotal, asOf, csatTotal, csatGroups] = await Promise.all([
    ticketCounts(db, q, groupBy, q.period, timeZone, now),
    groupBy === 'provider' ? ticketCounts(db, q, null, q.period, timeZone, now) : Promise.resolve([]),
    factsAsOf(db),
    ticketCsat(db, q, null, q.period, timeZone),
    ticketCsat(db, q, groupBy, q.period, timeZone),
  ]);
  const total = groupBy === 'provider' ? providerTotal : counted.filter((c) => c.key === '*total*');
  const groups = counted.filter((c) => c.key !== '*total*');
  // A group can have answers but no ticket opened in the range (answers about older tickets): it is shown too.
  const keys = groups.map((g) => g.key);
  const extra = [...csatGroups.keys()].filter((k) => !keys.includes(k));
  const allKeys = extra.length ? [...keys, ...extra].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : keys;
  const counts = new Map(groups.map((g) => [g.key, g]));
  const labels = await labelsOf(db, groupBy, allKeys);
  return {
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    timeZone,
    groupBy,
    period: q.period,
    minN: q.minN,
    factsAsOf: asOf,
    scope,
    total: figuresOf(total[0], q.minN),
    csat: csatOfTally(csatTotal.get('*total*') ?? EMPTY_TALLY, q.minN),
    groups: allKeys.map((key) => ({
      key,
      label: labels.get(key) ?? key,
      figures: figuresOf(counts.get(key), q.minN),
      csat: csatOfTally(csatGroups.get(key) ?? EMPTY_TALLY, q.minN),
    })),
  };
}

export async function drillDown(db: Queryable, actor: Actor, query: DrillQuery) {
  const timeZone = await reportTimeZone(db, query.facilityId);
  const q = inTimeZone(scoped(actor, query).q, timeZone);
  const group =
    q.groupBy && q.group !== undefined
      ? { groupBy: q.groupBy as Dimension, key: q.group, period: q.period, timeZone }
      : null;
  const rows = await drillTickets(db, q, group);
  return {
    tickets: rows.map((r) => ({
      id: r.id,
      number: formatTicketNumber(Number(r.number)),
      createdAt: new Date(r.created_at).toISOString(),
    })),
    next: rows.length === q.limit ? Number(rows[rows.length - 1]!.number) : null,
  };
}
