// The one-statement read of a ticket's clinical context (context-store.ts) gives what the separate reads it replaced
// give, on the test demo's directory: the rows named, the coverage of the services and their applications, and the
// intake groups only when nothing covers them.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/db.ts';
import { type Database, rowsOf } from '../../platform/db/connect.ts';
import { servicesByIds } from './catalogue-store.ts';
import { contextRows } from './context-store.ts';
import { intakeGroup } from './rules.ts';
import { contextOf } from './service.ts';
import { findAssetByTag, findFacility, findLocation, findUnit } from './store.ts';
import { coverageOf, firstLineGroups } from './support-store.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase('demo');
});
afterAll(() => database?.close());

const one = async <T>(text: string) => rowsOf<T>(await database.db.execute(sql.raw(text)))[0]!;
const UNKNOWN = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const byService = (a: { serviceId: string }, b: { serviceId: string }) => (a.serviceId < b.serviceId ? -1 : 1);

describe('a ticket context read in one statement', () => {
  it('gives the place, asset and services named, as the separate reads do', async () => {
    const place = await one<{ unit: string; location: string; facility: string }>(
      `SELECT u.id AS unit, l.id AS location, u.facility_id AS facility
       FROM locations l JOIN units u ON u.id = l.unit_id LIMIT 1`,
    );
    const mod = await one<{ id: string; parent: string }>(
      `SELECT id, parent_id AS parent FROM services WHERE kind = 'module' LIMIT 1`,
    );
    const asset = await one<{ tag: string }>('SELECT tag FROM assets LIMIT 1');
    const provider = await one<{ id: string }>('SELECT id FROM people WHERE provider LIMIT 1');
    const db = database.db;
    const rows = await contextRows(db, {
      facilityId: place.facility,
      unitId: place.unit,
      locationId: place.location,
      assetTag: asset.tag.toLowerCase(),
      serviceIds: [mod.parent, mod.id],
      requesterId: provider.id,
      matrixKey: 'priority_matrix',
    });
    expect(rows.requesterProvider).toBe(true);
    expect(rows.facility).toEqual(await findFacility(db, place.facility));
    expect(rows.unit).toEqual(await findUnit(db, place.unit));
    expect(rows.location).toEqual(await findLocation(db, place.location));
    expect(rows.asset).toEqual(await findAssetByTag(db, asset.tag));
    expect(rows.asset).toBeDefined();
    expect(new Set(rows.services)).toEqual(new Set(await servicesByIds(db, [mod.parent, mod.id])));
    expect(rows.coverage.toSorted(byService)).toEqual(
      (await coverageOf(db, [mod.id, mod.parent], 'tier1')).toSorted(byService),
    );
  });

  it('gives nothing for references that do not exist', async () => {
    const rows = await contextRows(database.db, {
      facilityId: UNKNOWN,
      unitId: UNKNOWN,
      locationId: UNKNOWN,
      assetTag: 'NO-SUCH-TAG',
      serviceIds: [UNKNOWN],
      requesterId: UNKNOWN,
      matrixKey: 'no such setting',
    });
    expect(rows.requesterProvider).toBeNull();
    expect(rows).toMatchObject({ facility: undefined, unit: undefined, location: undefined, asset: undefined });
    expect(rows.services).toEqual([]);
    expect(rows.matrix).toBeUndefined();
    expect(rows.coverage).toEqual([]);
  });

  it('reads the intake groups only when no coverage of the services named was found', async () => {
    const covered = await one<{ id: string }>(
      `SELECT s.id FROM services s JOIN coverage c ON c.service_id = s.id AND c.tier = 'tier1' LIMIT 1`,
    );
    const refs = {
      facilityId: null,
      unitId: null,
      locationId: null,
      assetTag: null,
      requesterId: null,
      matrixKey: 'priority_matrix',
    };
    const withCoverage = await contextRows(database.db, { ...refs, serviceIds: [covered.id] });
    expect(withCoverage.coverage.length).toBeGreaterThan(0);
    expect(withCoverage.firstLineGroups).toBeNull();

    const withNone = await contextRows(database.db, { ...refs, serviceIds: [] });
    expect(withNone.coverage).toEqual([]);
    const sorted = (g: { id: string }[]) => g.toSorted((a, b) => (a.id < b.id ? -1 : 1));
    expect(sorted(withNone.firstLineGroups ?? [])).toEqual(sorted(await firstLineGroups(database.db)));
    expect(withNone.firstLineGroups?.length).toBeGreaterThan(0);
  });

  it('sends a ticket about a covered service to its group, and one about nothing to the intake group', async () => {
    const covered = await one<{ id: string; parent: string | null; group: string }>(
      `SELECT s.id, s.parent_id AS parent, c.group_id AS "group" FROM services s
       JOIN coverage c ON c.service_id = s.id AND c.tier = 'tier1' LIMIT 1`,
    );
    const refs = { facilityId: null, unitId: null, locationId: null, assetTag: null, requesterId: null };
    const context = await contextOf(database.db, { ...refs, serviceIds: [covered.id] });
    const queue = await context.firstLineQueue({ id: covered.id, parentId: covered.parent });
    expect(queue?.groupId).toBe(covered.group);

    const intake = await contextOf(database.db, { ...refs, serviceIds: [] });
    const chosen = await intake.firstLineQueue(null);
    expect(chosen).not.toBeNull();
    expect(chosen).toEqual(intakeGroup(await firstLineGroups(database.db)));
  });
});
