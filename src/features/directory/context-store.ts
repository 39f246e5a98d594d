// SQL of a ticket's clinical context: every directory row a ticket's place, asset and service refer to, the priority
// matrix and who covers the service at Tier 1-Plus, read in one statement. Opening a ticket needed five to seven
// selects for these (unit, facility, location, services, asset, the matrix setting, coverage, and the intake groups
// when nothing covers it), each a round trip and a Drizzle build (docs/benchmarks.md, "Speed (issue 17)").
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { rowFromJson } from '../../platform/db/json-rows.ts';
import type { ServiceRow } from './catalogue-store.ts';
import type { CoverageEntry, FirstLineGroup } from './rules.ts';
import type { AssetRow, FacilityRow, LocationRow, UnitRow } from './store.ts';
import { assets, facilities, locations, services, settings, units } from './tables.ts';

type SettingRow = typeof settings.$inferSelect;

export type ContextRefs = {
  facilityId: string | null;
  unitId: string | null;
  locationId: string | null;
  assetTag: string | null;
  /** The services and modules named (an application and one of its modules, usually). */
  serviceIds: string[];
  /** The person who needs help: whether they are a provider (physician, APP) is one of the SLA's facts. */
  requesterId: string | null;
  /** The setting the priority matrix is kept under. */
  matrixKey: string;
};

export type ContextRows = {
  /** The unit's facility when a known unit is named, else the facility named. */
  facility: FacilityRow | undefined;
  unit: UnitRow | undefined;
  location: LocationRow | undefined;
  asset: AssetRow | undefined;
  services: ServiceRow[];
  matrix: SettingRow | undefined;
  /** Tier 1-Plus coverage of the services named and of their applications. */
  coverage: CoverageEntry[];
  /** Every Tier 1-Plus group as the intake rule weighs it; read only when no coverage above was found, else null. */
  firstLineGroups: FirstLineGroup[] | null;
  /** Whether the requester is a provider (physician, APP); null when no such person. */
  requesterProvider: boolean | null;
};

type Json = Record<string, unknown>;

export async function contextRows(db: Queryable, r: ContextRefs): Promise<ContextRows> {
  const ids = `{${r.serviceIds.join(',')}}`;
  const res = await db.execute(sql`
    WITH named AS (SELECT * FROM services WHERE id = ANY(${ids}::uuid[])),
      covering AS (
        SELECT c.service_id, c.tier, c.group_id, g.provider_id FROM coverage c JOIN groups g ON g.id = c.group_id
        WHERE c.tier = 'tier1' AND c.service_id IN (SELECT id FROM named UNION SELECT parent_id FROM named))
    SELECT
      (SELECT to_jsonb(f) FROM facilities f
        WHERE f.id = coalesce((SELECT facility_id FROM units WHERE id = ${r.unitId}::uuid), ${r.facilityId}::uuid))
        AS facility,
      (SELECT to_jsonb(u) FROM units u WHERE u.id = ${r.unitId}::uuid) AS unit,
      (SELECT to_jsonb(l) FROM locations l WHERE l.id = ${r.locationId}::uuid) AS location,
      (SELECT to_jsonb(a) FROM assets a WHERE lower(a.tag) = lower(${r.assetTag}::text) LIMIT 1) AS asset,
      (SELECT coalesce(jsonb_agg(to_jsonb(n)), '[]') FROM named n) AS services,
      (SELECT to_jsonb(st) FROM settings st WHERE st.key = ${r.matrixKey}) AS matrix,
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'serviceId', c.service_id, 'tier', c.tier, 'groupId', c.group_id, 'providerId', c.provider_id)), '[]')
        FROM covering c) AS coverage,
      -- The intake rule's groups, only when nothing covers the services named.
      CASE WHEN NOT EXISTS (SELECT 1 FROM covering) THEN (
        SELECT coalesce(jsonb_agg(jsonb_build_object(
            'id', g.id, 'name', g.name, 'providerId', g.provider_id, 'providerKind', p.kind,
            'coveredServices', (SELECT count(*)::int FROM coverage c WHERE c.group_id = g.id AND c.tier = 'tier1'))), '[]')
          FROM groups g JOIN providers p ON p.id = g.provider_id WHERE g.tier = 'tier1')
      END AS "firstLineGroups",
      (SELECT p.provider FROM people p WHERE p.id = ${r.requesterId}::uuid) AS "requesterProvider"`);
  const [row] = rowsOf<Json>(res);
  const one = <T>(read: (json: Json) => T, json: unknown) => (json ? read(json as Json) : undefined);
  return {
    facility: one((j) => rowFromJson(facilities, j), row?.facility),
    unit: one((j) => rowFromJson(units, j), row?.unit),
    location: one((j) => rowFromJson(locations, j), row?.location),
    asset: one((j) => rowFromJson(assets, j), row?.asset),
    services: ((row?.services ?? []) as Json[]).map((j) => rowFromJson(services, j)),
    matrix: one((j) => rowFromJson(settings, j), row?.matrix),
    coverage: (row?.coverage ?? []) as CoverageEntry[],
    firstLineGroups: (row?.firstLineGroups ?? null) as FirstLineGroup[] | null,
    requesterProvider: (row?.requesterProvider ?? null) as boolean | null,
  };
}
