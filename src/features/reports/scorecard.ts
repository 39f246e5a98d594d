// Provider scorecards: the in-house desk, the outsourcer and the EHR vendor side by side, for the system and per
// facility, with a month-by-month trend and a before/after view around a facility's go-live. A ticket counts for
// every provider that held it; FCR only where the provider took the first contact; time held is the hospital
// clock while the provider held it (the SLA row's time used per holder). Two clocks (DOMAIN.md): the contract is
// judged on the provider's contract clocks, one verdict per holding (rules/contract-attainment.ts), and the
// clinician's experience on the hospital's resolution clock of the tickets the provider held.
import type { z } from 'zod';
import type { Queryable } from '../../platform/db/connect.ts';
import { type ProviderTally, providerCsat } from './csat-store.ts';
import { reportTimeZone } from './report-store.ts';
import { addTallies, type CsatTally, csatOfTally, EMPTY_TALLY } from './rules/csat.ts';
import { inTimeZone } from './rules/query.ts';
import { rate } from './rules/stats.ts';
import type { goLiveQuery, ScorecardQuery, ScorecardView } from './schemas.ts';
import { facilityList, goLiveDays, providerCounts, providerList } from './scorecard-store.ts';

type Figures = ScorecardView['providers'][number]['system'];

const hours = (ms: string | number | null | undefined) =>
  ms === null || ms === undefined ? null : Math.round(Number(ms) / 360_000) / 10;

/** One provider's answers under one key, per role group ('' = neither physician nor nurse). */
type Tallies = Partial<Record<ProviderTally['roleGroup'], CsatTally>>;

function figuresOf(
  r: Record<string, string | number | null> | undefined,
  tallies: Tallies | undefined,
  minN: number,
): Figures {
  const n = (k: string) => Number(r?.[k] ?? 0);
  const t = tallies ?? {};
  const all = [t[''], t.physician, t.nurse].reduce<CsatTally>((s, x) => (x ? addTallies(s, x) : s), EMPTY_TALLY);
  return {
    ticketsHandled: n('handled'),
    fcrAsFirstContact: rate(n('fc_k'), n('fc_n'), minN),
    hoursHeldMedian: hours(r?.held_median),
    hoursHeldP90: hours(r?.held_p90),
    contractSlaAttainment: rate(n('contract_k'), n('contract_n'), minN),
    clinicianWaitMet: rate(n('sla_k'), n('sla_n'), minN),
    reopenRate: rate(n('ro_k'), n('ro_n'), minN),
    handBacks: n('handbacks'),
    csat: csatOfTally(all, minN),
    physicianCsat: csatOfTally(t.physician ?? EMPTY_TALLY, minN),
    nurseCsat: csatOfTally(t.nurse ?? EMPTY_TALLY, minN),
  };
}

/** provider → key → role group → tally. */
function byProviderAndKey(rows: ProviderTally[]): Map<string, Tallies> {
  const out = new Map<string, Tallies>();
  for (const r of rows) {
    const k = `${r.provider}|${r.key}`;
    const entry = out.get(k) ?? {};
    entry[r.roleGroup] = r.tally;
    out.set(k, entry);
  }
  return out;
}

export async function providerScorecards(db: Queryable, query: ScorecardQuery): Promise<ScorecardView> {
  const timeZone = await reportTimeZone(db, query.facilityId);
  const q = inTimeZone(query, timeZone);
  const [providers, facilityRows, counted, answered] = await Promise.all([
    providerList(db),
    facilityList(db),
    providerCounts(db, q, timeZone),
    providerCsat(db, q, timeZone),
  ]);
  const csat = {
    system: byProviderAndKey(answered.system),
    facility: byProviderAndKey(answered.facility),
    month: byProviderAndKey(answered.month),
  };
  const of = (by: string) => counted.filter((r) => r.by === by);
  const months = [...new Set(of('month').map((r) => String(r.key)))].sort();
  const index = (rows: typeof counted) => new Map(rows.map((r) => [`${r.provider}|${r.key}`, r]));
  const rows = { system: index(of('system')), facility: index(of('facility')), month: index(of('month')) };
  return {
    timeZone,
    providers: providers.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      system: figuresOf(rows.system.get(`${p.id}|`), csat.system.get(`${p.id}|`), q.minN),
      facilities: facilityRows
        .filter((f) => !q.facilityId || f.id === q.facilityId)
        .map((f) => ({
          id: f.id,
          name: f.name,
          figures: figuresOf(rows.facility.get(`${p.id}|${f.id}`), csat.facility.get(`${p.id}|${f.id}`), q.minN),
        })),
      trend: months.map((month) => ({
        month,
        figures: figuresOf(rows.month.get(`${p.id}|${month}`), csat.month.get(`${p.id}|${month}`), q.minN),
      })),
    })),
  };
}

/** Facilities that had a go-live: the first day tickets came in through the go-live channel (at-the-elbow staff). */
export async function goLives(db: Queryable) {
  return (await goLiveDays(db)).map((r) => ({
    facilityId: r.facility_id,
    facility: r.name,
    goLiveAt: new Date(r.first_at).toISOString(),
  }));
}

/** The same scorecard for the `days` before and the `days` after a facility's go-live. */
export async function goLiveView(db: Queryable, q: z.infer<typeof goLiveQuery>) {
  const day = 86_400_000;
  const at = q.goLiveAt.getTime();
  const window = (from: number, to: number) =>
    providerScorecards(db, { from: new Date(from), to: new Date(to), facilityId: q.facilityId, minN: q.minN });
  const [before, after] = await Promise.all([window(at - q.days * day, at), window(at, at + q.days * day)]);
  return { facilityId: q.facilityId, goLiveAt: q.goLiveAt.toISOString(), days: q.days, before, after };
}
