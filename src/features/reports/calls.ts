// The phone figures over any range, exactly as the wallboard's (routing/rules/metrics.ts): ASA mean and p80 over
// answered calls, % answered within each call's own line target, abandonment with short abandons (≤ 5 s) not
// counted, and average handle time (talk + hold + wrap-up). Whole months from the phone rollup, the rest from the
// contacts (calls-store.ts); tests hold it equal to the rules and to a read of the contacts alone.
import type { Actor } from '../../platform/actor.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { callTargets } from './call-targets.ts';
import {
  type CallParts,
  type CallTargets,
  callRollupState,
  contactParts,
  rolledUpCallParts,
  sameTargets,
} from './calls-store.ts';
import { namesOf, reportRead, reportTimeZone } from './report-store.ts';
import { edgesOf, wholeMonths } from './rollup-store.ts';
import { inTimeZone } from './rules/query.ts';
import { rate } from './rules/stats.ts';
import type { CallQuery } from './schemas.ts';
import { scoped } from './service.ts';

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

type Totals = {
  offered: number;
  answered: number;
  abandoned: number;
  within: number;
  waitSum: number;
  handleN: number;
  handleSum: number;
  waits: Map<number, number>;
};

/** Adds the parts up per group, and every group into the total (each call is in exactly one group). */
function addUp(parts: CallParts[]): Map<string, Totals> {
  const groups = new Map<string, Totals>();
  const of = (key: string) => {
    let g = groups.get(key);
    if (!g) {
      g = { offered: 0, answered: 0, abandoned: 0, within: 0, waitSum: 0, handleN: 0, handleSum: 0, waits: new Map() };
      groups.set(key, g);
    }
    return g;
  };
  for (const p of parts) {
    for (const r of p.sums) {
      for (const g of new Set([of(String(r.key)), of('*total*')])) {
        g.offered += Number(r.offered);
        g.answered += Number(r.answered);
        g.abandoned += Number(r.abandoned);
        g.within += Number(r.within);
        g.waitSum += Number(r.wait_sum);
        g.handleN += Number(r.handle_n);
        g.handleSum += Number(r.handle_sum);
      }
    }
    for (const w of p.waits) {
      for (const g of new Set([of(String(w.key)), of('*total*')])) {
        const t = Number(w.tenths);
        g.waits.set(t, (g.waits.get(t) ?? 0) + Number(w.n));
      }
    }
  }
  of('*total*');
  return groups;
}

/** The nearest-rank p-th percentile of the waits, in tenths of a second (as the wallboard's rules rank them). */
function percentileTenths(waits: Map<number, number>, p: number): number | null {
  const sorted = [...waits.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [tenths, n] of sorted) {
    seen += n;
    if (seen >= rank) return tenths;
  }
  return sorted[sorted.length - 1]![0];
}

function figures(g: Totals, minN: number) {
  const p80 = percentileTenths(g.waits, 80);
  return {
    offered: g.offered,
    answered: g.answered,
    asaSeconds: g.answered ? round1(g.waitSum / g.answered / 1000) : null,
    asaP80Seconds: p80 === null ? null : p80 / 10,
    answeredWithinTarget: rate(g.within, g.answered, minN),
    abandonment: rate(g.abandoned, g.offered, minN),
    ahtSeconds: g.handleN ? round1(g.handleSum / g.handleN / 1000) : null,
  };
}

/**
 * Reads the parts of a phone report: whole months from the rollup when it was cut in this time zone with these
 * targets, the rest from the contacts.
 */
async function callParts(db: Queryable, q: CallQuery, timeZone: string, targets: CallTargets): Promise<CallParts[]> {
  return reportRead(db, async (tx) => {
    const state = await callRollupState(tx);
    const rollupCuts = q.groupBy !== 'period' || q.period === 'month';
    const months =
      rollupCuts && state.timeZone === timeZone && sameTargets(state.targets, targets)
        ? await wholeMonths(tx, q, timeZone, 'calls')
        : null;
    if (!months) return [await contactParts(tx, q, q.groupBy, timeZone, targets)];
    const found = [await rolledUpCallParts(tx, q, q.groupBy, { first: months.first.month, end: months.end.month })];
    for (const edge of edgesOf(q, months)) found.push(await contactParts(tx, edge, q.groupBy, timeZone, targets));
    return found;
  });
}

export async function callReport(db: Queryable, actor: Actor, query: CallQuery) {
  const scopedQuery = scoped(actor, query);
  const { scope } = scopedQuery;
  const timeZone = await reportTimeZone(db, scopedQuery.q.facilityId);
  const q = inTimeZone(scopedQuery.q, timeZone);
  const targets = await callTargets(db);
  const groups = addUp(await callParts(db, q, timeZone, targets));
  const keys = [...groups.keys()].filter((k) => k !== '*total*').sort();
  const names = q.groupBy === 'agent' ? await namesOf(db, 'agent', keys) : new Map<string, string>();
  return {
    timeZone,
    scope,
    targets: Object.fromEntries(Object.entries(targets).map(([l, t]) => [l, t / 1000])),
    total: figures(groups.get('*total*')!, q.minN),
    groups: keys.map((key) => ({
      key,
      label: names.get(key) ?? (key === '' ? 'not answered' : key),
      figures: figures(groups.get(key)!, q.minN),
    })),
  };
}
