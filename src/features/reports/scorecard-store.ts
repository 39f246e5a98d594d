// The scorecards' SQL over the facts: a ticket counts for every provider that held it, FCR only where the provider
// took the first contact, and time held is the SLA row's hospital-clock time per holder.
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { filterSql } from './report-store.ts';
import type { ScorecardQuery } from './schemas.ts';

/** Per provider and per `by` (one key for the whole system, each facility, or each local month). */
export async function providerCounts(
  db: Queryable,
  q: ScorecardQuery,
  by: 'system' | 'facility' | 'month',
  timeZone: string,
) {
  const key =
    by === 'system'
      ? sql`''`
      : by === 'facility'
        ? sql`coalesce(f.facility_id::text, '')`
        : sql`to_char(date_trunc('month', f.created_at AT TIME ZONE ${timeZone}), 'YYYY-MM-DD')`;
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
