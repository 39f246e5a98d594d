// Provider scorecards: the in-house desk, the outsourcer and the EHR vendor side by side, for the system and per
// facility, with a month-by-month trend and a before/after view around a facility's go-live. A ticket counts for
// every provider that held it; FCR only where the provider took the first contact; time held is the hospital
// clock while the provider held it (the SLA row's time used per holder).
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { csatResponses } from './csat-store.ts';
import { filterSql } from './report-store.ts';
import { csatOf, NURSE_ROLES, PHYSICIAN_ROLES, type SurveyResponse } from './rules/csat.ts';
import { rate } from './rules/stats.ts';
import type { goLiveQuery, ScorecardQuery, ScorecardView } from './schemas.ts';
import { reportTimeZone } from './service.ts';

type Figures = ScorecardView['providers'][number]['system'];

async function providerCounts(db: Queryable, q: ScorecardQuery, key: SQL) {
  return rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      SELECT p.provider_id::text AS provider, ${key} AS key, count(*) AS handled,
        count(*) FILTER (WHERE f.first_provider_id = p.provider_id AND f.live_contact) AS fc_n,
        count(*) FILTER (WHERE f.first_provider_id = p.provider_id AND f.live_contact AND f.fcr) AS fc_k,
        count(*) FILTER (WHERE f.resolution_met IS NOT NULL) AS sla_n,
        count(*) FILTER (WHERE f.resolution_met) AS sla_k,
        count(*) FILTER (WHERE f.resolved_at IS NOT NULL) AS ro_n,
        count(*) FILTER (WHERE f.resolved_at IS NOT NULL AND f.reopened_7d) AS ro_k,
        count(*) FILTER (WHERE p.provider_id = ANY(f.returned_by)) AS handbacks,
        percentile_disc(0.5) WITHIN GROUP (ORDER BY h.held) FILTER (WHERE h.held > 0) AS held_median,
        percentile_disc(0.9) WITHIN GROUP (ORDER BY h.held) FILTER (WHERE h.held > 0) AS held_p90
      FROM report_ticket_facts f
      CROSS JOIN LATERAL unnest(f.provider_ids) AS p(provider_id)
      LEFT JOIN LATERAL (
        SELECT sum(e.value::bigint) AS held FROM jsonb_each_text(f.held_ms) e
        WHERE split_part(e.key, '/', 2) = p.provider_id::text
      ) h ON true
      WHERE ${filterSql(q)}
      GROUP BY 1, 2`),
  );
}

const hours = (ms: string | number | null | undefined) =>
  ms === null || ms === undefined ? null : Math.round(Number(ms) / 360_000) / 10;

function figuresOf(
  r: Record<string, string | number | null> | undefined,
  responses: SurveyResponse[],
  minN: number,
): Figures {
  const n = (k: string) => Number(r?.[k] ?? 0);
  const csat = (rs: SurveyResponse[]) => csatOf(rs, minN);
  return {
    ticketsHandled: n('handled'),
    fcrAsFirstContact: rate(n('fc_k'), n('fc_n'), minN),
    hoursHeldMedian: hours(r?.held_median),
    hoursHeldP90: hours(r?.held_p90),
    contractSlaAttainment: rate(n('sla_k'), n('sla_n'), minN),
    reopenRate: rate(n('ro_k'), n('ro_n'), minN),
    handBacks: n('handbacks'),
    csat: csat(responses),
    physicianCsat: csat(responses.filter((x) => PHYSICIAN_ROLES.includes(x.clinicalRole ?? ''))),
    nurseCsat: csat(responses.filter((x) => NURSE_ROLES.includes(x.clinicalRole ?? ''))),
  };
}

export async function providerScorecards(db: Queryable, q: ScorecardQuery): Promise<ScorecardView> {
  const timeZone = await reportTimeZone(db, q.facilityId);
  const [providers, facilityRows, system, byFacility, byMonth, responses] = await Promise.all([
    rowsOf<{ id: string; name: string; kind: string }>(
      await db.execute(sql`SELECT id, name, kind FROM providers ORDER BY name`),
    ),
    rowsOf<{ id: string; name: string }>(
      await db.execute(sql`SELECT id::text AS id, name FROM facilities ORDER BY code`),
    ),
    providerCounts(db, q, sql`''`),
    providerCounts(db, q, sql`coalesce(f.facility_id::text, '')`),
    providerCounts(db, q, sql`to_char(date_trunc('month', f.created_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD')`),
    csatResponses(db, q),
  ]);
  const months = [...new Set(byMonth.map((r) => String(r.key)))].sort();
  return {
    timeZone,
    providers: providers.map((p) => {
      const mine = responses.filter((r) => r.providerIds.includes(p.id));
      const row = (rows: typeof system, key: string) => rows.find((r) => r.provider === p.id && r.key === key);
      return {
        id: p.id,
        name: p.name,
        kind: p.kind,
        system: figuresOf(row(system, ''), mine, q.minN),
        facilities: facilityRows
          .filter((f) => !q.facilityId || f.id === q.facilityId)
          .map((f) => ({
            id: f.id,
            name: f.name,
            figures: figuresOf(
              row(byFacility, f.id),
              mine.filter((r) => r.facilityId === f.id),
              q.minN,
            ),
          })),
        trend: months.map((month) => ({
          month,
          figures: figuresOf(
            row(byMonth, month),
            mine.filter((r) => r.month === month),
            q.minN,
          ),
        })),
      };
    }),
  };
}

/** Facilities that had a go-live: the first day tickets came in through the go-live channel (at-the-elbow staff). */
export async function goLives(db: Queryable) {
  return rowsOf<{ facility_id: string; name: string; first_at: string | Date }>(
    await db.execute(sql`
      SELECT t.facility_id::text AS facility_id, fa.name, min(t.created_at) AS first_at
      FROM tickets t JOIN facilities fa ON fa.id = t.facility_id
      WHERE t.channel = 'go_live' GROUP BY 1, 2 ORDER BY 3`),
  ).map((r) => ({ facilityId: r.facility_id, facility: r.name, goLiveAt: new Date(r.first_at).toISOString() }));
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
