// Use cases of places: facilities (each with its time zone), their units, locations in units, and assets.
import type { z } from 'zod';
import type { RequestMeta } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { changeDirectory, changedFields, recordChange } from './commit.ts';
import type {
  assetBody,
  assetPatch,
  facilityBody,
  facilityPatch,
  locationBody,
  locationPatch,
  unitBody,
  unitPatch,
} from './schemas.ts';
import * as store from './store.ts';

export const toFacilityView = (r: store.FacilityRow) => ({
  id: r.id,
  code: r.code,
  name: r.name,
  timeZone: r.timeZone,
  createdAt: r.createdAt.toISOString(),
});
export const toUnitView = (r: store.UnitRow) => ({
  id: r.id,
  facilityId: r.facilityId,
  code: r.code,
  name: r.name,
  kind: r.kind,
  clinical: r.clinical,
});
export const toLocationView = (r: store.LocationRow) => ({ id: r.id, unitId: r.unitId, name: r.name, kind: r.kind });
export const toAssetView = (r: store.AssetRow) => ({
  id: r.id,
  tag: r.tag,
  deviceType: r.deviceType,
  unitId: r.unitId,
  locationId: r.locationId,
  description: r.description,
});

// Lists ------------------------------------------------------------------------------------------------------------

/** A page of rows as a page of views. */
export async function viewPage<R, V>(page: Promise<{ items: R[]; total: number }>, view: (r: R) => V) {
  const { items, total } = await page;
  return { items: items.map(view), total };
}
export const listFacilities = (ctx: AppContext, q: Parameters<typeof store.listFacilities>[1]) =>
  viewPage(store.listFacilities(ctx.database.db, q), toFacilityView);
export const listUnits = (ctx: AppContext, q: Parameters<typeof store.listUnits>[1]) =>
  viewPage(store.listUnits(ctx.database.db, q), toUnitView);
export const listLocations = (ctx: AppContext, q: Parameters<typeof store.listLocations>[1]) =>
  viewPage(store.listLocations(ctx.database.db, q), toLocationView);
export const listAssets = (ctx: AppContext, q: Parameters<typeof store.listAssets>[1]) =>
  viewPage(store.listAssets(ctx.database.db, q), toAssetView);

// Facilities -------------------------------------------------------------------------------------------------------

export async function createFacility(ctx: AppContext, meta: RequestMeta, input: z.infer<typeof facilityBody>) {
  return changeDirectory(ctx, async (tx) => {
    const row = await store.insertFacility(tx, { id: newId(), ...input });
    await recordChange(tx, meta, { action: 'facility.create', id: row.id, summary: { code: row.code } });
    return toFacilityView(row);
  });
}

export async function updateFacility(
  ctx: AppContext,
  meta: RequestMeta,
  id: string,
  patch: z.infer<typeof facilityPatch>,
) {
  return changeDirectory(ctx, async (tx) => {
    const changed = changedFields(patch);
    const row = changed.length ? await store.updateFacility(tx, id, patch) : await store.findFacility(tx, id);
    if (!row) throw new NotFound('No such facility.');
    if (changed.length) {
      await recordChange(tx, meta, { action: 'facility.update', id, summary: { code: row.code, changed } });
    }
    return toFacilityView(row);
  });
}

// Units ------------------------------------------------------------------------------------------------------------

export async function createUnit(ctx: AppContext, meta: RequestMeta, input: z.infer<typeof unitBody>) {
  return changeDirectory(ctx, async (tx) => {
    const row = await store.insertUnit(tx, { id: newId(), ...input, clinical: input.clinical ?? true });
    await recordChange(tx, meta, { action: 'unit.create', id: row.id, summary: { code: row.code } });
    return toUnitView(row);
  });
}

export async function updateUnit(ctx: AppContext, meta: RequestMeta, id: string, patch: z.infer<typeof unitPatch>) {
  return changeDirectory(ctx, async (tx) => {
    const changed = changedFields(patch);
    const row = changed.length ? await store.updateUnit(tx, id, patch) : await store.findUnit(tx, id);
    if (!row) throw new NotFound('No such unit.');
    if (changed.length) {
      await recordChange(tx, meta, { action: 'unit.update', id, summary: { code: row.code, changed } });
    }
    return toUnitView(row);
  });
}

// Locations --------------------------------------------------------------------------------------------------------

export async function createLocation(ctx: AppContext, meta: RequestMeta, input: z.infer<typeof locationBody>) {
  return changeDirectory(ctx, async (tx) => {
    const row = await store.insertLocation(tx, { id: newId(), ...input, kind: input.kind ?? 'room' });
    await recordChange(tx, meta, { action: 'location.create', id: row.id, summary: { name: row.name } });
    return toLocationView(row);
  });
}

export async function updateLocation(
  ctx: AppContext,
  meta: RequestMeta,
  id: string,
  patch: z.infer<typeof locationPatch>,
) {
  return changeDirectory(ctx, async (tx) => {
    const changed = changedFields(patch);
    const row = changed.length ? await store.updateLocation(tx, id, patch) : await store.findLocation(tx, id);
    if (!row) throw new NotFound('No such location.');
    if (changed.length) await recordChange(tx, meta, { action: 'location.update', id, summary: { changed } });
    return toLocationView(row);
  });
}

// Assets -----------------------------------------------------------------------------------------------------------

/** An asset in a location is in that location's unit. */
async function assetPlace(tx: Queryable, unitId: string | null, locationId: string | null) {
  if (!locationId) return { unitId, locationId };
  const location = await store.findLocation(tx, locationId);
  if (!location)
    throw new Invalid('The locationId is not a location.', [{ field: 'locationId', message: 'is not a location' }]);
  if (unitId && unitId !== location.unitId) {
    throw new Invalid('That location is in another unit.', [{ field: 'locationId', message: 'is not in the unit' }]);
  }
  return { unitId: location.unitId, locationId };
}

export async function createAsset(ctx: AppContext, meta: RequestMeta, input: z.infer<typeof assetBody>) {
  return changeDirectory(ctx, async (tx) => {
    const place = await assetPlace(tx, input.unitId ?? null, input.locationId ?? null);
    const row = await store.insertAsset(tx, {
      id: newId(),
      ...input,
      ...place,
      description: input.description ?? null,
    });
    await recordChange(tx, meta, { action: 'asset.create', id: row.id, summary: { tag: row.tag } });
    return toAssetView(row);
  });
}

export async function updateAsset(ctx: AppContext, meta: RequestMeta, id: string, patch: z.infer<typeof assetPatch>) {
  return changeDirectory(ctx, async (tx) => {
    const current = await store.findAsset(tx, id);
    if (!current) throw new NotFound('No such asset.');
    const changed = changedFields(patch);
    if (!changed.length) return toAssetView(current);
    // The location decides the unit; a unit sent with a location must be that location's.
    const locationId = patch.locationId !== undefined ? patch.locationId : current.locationId;
    const unitId = patch.unitId !== undefined ? patch.unitId : patch.locationId ? null : current.unitId;
    const place = await assetPlace(tx, unitId, locationId);
    const row = (await store.updateAsset(tx, id, { ...patch, ...place }))!;
    await recordChange(tx, meta, { action: 'asset.update', id, summary: { tag: row.tag, changed } });
    return toAssetView(row);
  });
}
