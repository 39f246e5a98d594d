// The scorecards' SQL over the facts: a ticket counts for every provider that held it, FCR only where the provider
// took the first contact, and time held is the SLA row's hospital-clock time per holder.
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { filterSql, reportRead } from './report-store.ts';
import type { ScorecardQuery } from './schemas.ts';

/**
 * Per provider, for the whole system (by '' and key ''), each facility (by 'facility') and each local month
 * (by 'month'): one pass over the facts with GROUPING SETS instead of three.
 */
export async function providerCounts(db: Queryable, q: ScorecardQuery, timeZone: string) {
  const rows = rowsOf<Record<string, string | number | null>>(
    await reportRead(db, (tx) =>
      tx.execute(sql`
      SELECT f.provider, CASE WHEN grouping(f.facility) = 0 THEN 'facility' WHEN grouping(f.month) = 0 THEN 'month' ELSE 'system' END AS by,
        coalesce(CASE WHEN grouping(f.facility) = 0 THEN f.facility WHEN grouping(f.month) = 0 THEN f.month END, '') AS key,
        count(*) AS handled,
        count(*) FILTER (WHERE f.first_provider_id = f.pid AND f.live_contact) AS fc_n,
        count(*) FILTER (WHERE f.first_provider_id = f.pid AND f.live_contact AND f.fcr) AS fc_k,
        count(*) FILTER (WHERE f.resolution_met IS NOT NULL) AS sla_n,
        count(*) FILTER (WHERE f.resolution_met) AS sla_k,
        count(*) FILTER (WHERE f.resolved_at IS NOT NULL) AS ro_n,
        count(*) FILTER (WHERE f.resolved_at IS NOT NULL AND f.reopened_7d) AS ro_k,
        count(*) FILTER (WHERE f.pid = ANY(f.returned_by)) AS handbacks,
        percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.held) FILTER (WHERE f.held > 0) AS held_pct
      FROM (
        SELECT f.first_provider_id, f.live_contact, f.fcr, f.resolution_met, f.resolved_at, f.reopened_7d, f.returned_by,
          p.provider_id AS pid, p.provider_id::text AS provider, coalesce(f.facility_id::text, '') AS facility,
          to_char(date_trunc('month', f.created_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD') AS month, h.held
        FROM report_ticket_facts f
        CROSS JOIN LATERAL unnest(f.provider_ids) AS p(provider_id)
        LEFT JOIN LATERAL (
          SELECT sum(e.value::bigint) AS held FROM jsonb_each_text(f.held_ms) e
          WHERE split_part(e.key, '/', 2) = p.provider_id::text
        ) h ON true
        WHERE ${filterSql(q)}
      ) f
      GROUP BY GROUPING SETS ((f.provider), (f.provider, f.facility), (f.provider, f.month))`),
    ),
  );
  return rows.map((r): Record<string, string | number | null> => {
    const pct = r.held_pct as unknown;
    const items =
      pct === null || pct === undefined ? [] : Array.isArray(pct) ? pct : String(pct).replace(/[{}]/g, '').split(',');
    const n = (x: unknown) => (x === undefined || x === null || x === 'NULL' ? null : Number(x));
    return { ...r, held_median: n(items[0]), held_p90: n(items[1]) };
  });
}

export async function providerList(db: Queryable) {
  return rowsOf<{ id: string; name: string; kind: string }>(
    await db.execute(sql`SELECT id, name, kind FROM providers ORDER BY name`),
  );
}

export async function facilityList(db: Queryable) {
  return rowsOf<{ id: string; name: string }>(
    await db.execute(sql`SELECT id::text AS id, name FROM facilities ORDER BY code`),
  );
}

/** Facilities that had a go-live: the first day tickets came in through the go-live channel. */
export async function goLiveDays(db: Queryable) {
  return rowsOf<{ facility_id: string; name: string; first_at: string | Date }>(
    await db.execute(sql`
      SELECT t.facility_id::text AS facility_id, fa.name, min(t.created_at) AS first_at
      FROM tickets t JOIN facilities fa ON fa.id = t.facility_id
      WHERE t.channel = 'go_live' GROUP BY 1, 2 ORDER BY 3`),
  );
}
