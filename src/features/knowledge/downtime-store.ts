// SQL for the downtime procedures an incident surfaces: published downtime articles whose application or module is
// among the incident's (or that name none), for its facilities (or every facility), visible to the reader. A module
// named on the incident ranks its own procedure first; otherwise the application's general procedure comes first.
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { type Reader, visibleTo } from './search-store.ts';
import { kbArticles } from './tables.ts';

export type DowntimeScope = { serviceIds: string[]; facilityIds: string[] };

export async function downtimeArticles(db: Queryable, reader: Reader, scope: DowntimeScope, limit: number) {
  const services = `{${scope.serviceIds.join(',')}}`;
  const facilities = `{${scope.facilityIds.join(',')}}`;
  const res = await db.execute(sql`
    SELECT a.number, a.title FROM ${kbArticles} a
     WHERE a.type = 'downtime' AND a.status = 'published' AND ${visibleTo(reader)}
       AND ((a.service_id IS NULL AND a.module_id IS NULL)
            OR a.service_id = ANY(${services}::uuid[]) OR a.module_id = ANY(${services}::uuid[]))
       AND (cardinality(a.facility_ids) = 0 OR cardinality(${facilities}::uuid[]) = 0
            OR a.facility_ids && ${facilities}::uuid[])
     ORDER BY coalesce(a.module_id = ANY(${services}::uuid[]), false) DESC, (a.module_id IS NULL) DESC,
              coalesce(a.service_id = ANY(${services}::uuid[]), false) DESC, a.title
     LIMIT ${limit}`);
  return rowsOf<{ number: string | number; title: string }>(res);
}
