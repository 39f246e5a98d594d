// SQL for the downtime procedures an incident surfaces: published downtime articles whose application or module is
// among the incident's (or that name none), for its facilities (or every facility), visible to the reader. A module
// named on the incident ranks its own procedure first; otherwise the application's general procedure comes first.
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { type Reader, visibleTo } from './search-store.ts';
import { kbArticles } from './tables.ts';

export type DowntimeScope = { serviceIds: string[]; facilityIds: string[] };

/** For each scope, in order, its procedures (at most `limit` each): one statement whatever the number of scopes. */
export async function downtimeArticles(db: Queryable, reader: Reader, scopes: DowntimeScope[], limit: number) {
  if (scopes.length === 0) return [];
  const given = JSON.stringify(scopes.map((s) => ({ s: s.serviceIds, f: s.facilityIds })));
  const res = await db.execute(sql`
    SELECT g.i::int AS scope, x.number, x.title
      FROM jsonb_array_elements(${given}::jsonb) WITH ORDINALITY AS g(scope, i)
      CROSS JOIN LATERAL (SELECT ARRAY(SELECT jsonb_array_elements_text(g.scope->'s'))::uuid[] AS services,
                                 ARRAY(SELECT jsonb_array_elements_text(g.scope->'f'))::uuid[] AS facilities) p
      CROSS JOIN LATERAL (
        SELECT a.number, a.title,
               row_number() OVER (ORDER BY coalesce(a.module_id = ANY(p.services), false) DESC,
                 (a.module_id IS NULL) DESC, coalesce(a.service_id = ANY(p.services), false) DESC, a.title) AS rank
          FROM ${kbArticles} a
         WHERE a.type = 'downtime' AND a.status = 'published' AND ${visibleTo(reader)}
           AND ((a.service_id IS NULL AND a.module_id IS NULL)
                OR a.service_id = ANY(p.services) OR a.module_id = ANY(p.services))
           AND (cardinality(a.facility_ids) = 0 OR cardinality(p.facilities) = 0 OR a.facility_ids && p.facilities)
         ORDER BY rank LIMIT ${limit}) x
     ORDER BY g.i, x.rank`);
  const out: { number: string | number; title: string }[][] = scopes.map(() => []);
  for (const r of rowsOf<{ scope: number; number: string | number; title: string }>(res)) {
    out[r.scope - 1]!.push({ number: r.number, title: r.title });
  }
  return out;
}
