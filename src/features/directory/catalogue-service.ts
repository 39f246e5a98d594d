// Use cases of the service catalogue (applications and their modules, devices, infrastructure) and of the
// support providers (in-house, outsourcer, EHR vendor) who deliver a tier for a service.
import type { z } from 'zod';
import type { RequestMeta } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/context.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import * as store from './catalogue-store.ts';
import { changeDirectory, changedFields, recordChange } from './commit.ts';
import { viewPage } from './places-service.ts';
import { parentProblem } from './rules.ts';
import type { providerBody, providerPatch, ServiceView, serviceBody, servicePatch } from './schemas.ts';

export const toServiceView = (r: store.ServiceRow): ServiceView => ({
  id: r.id,
  parentId: r.parentId,
  kind: r.kind,
  name: r.name,
  clinicalCritical: r.clinicalCritical,
});
export const toProviderView = (r: store.ProviderRow) => ({
  id: r.id,
  name: r.name,
  kind: r.kind as 'in_house' | 'outsourcer' | 'ehr_vendor' | 'other_vendor',
});

export const listServices = (ctx: AppContext, q: Parameters<typeof store.listServices>[1]) =>
  viewPage(store.listServices(ctx.database.db, q), toServiceView);
export const listProviders = (ctx: AppContext, q: Parameters<typeof store.listProviders>[1]) =>
  viewPage(store.listProviders(ctx.database.db, q), toProviderView);

export async function createService(ctx: AppContext, meta: RequestMeta, input: z.infer<typeof serviceBody>) {
  return changeDirectory(ctx, async (tx) => {
    const parentId = input.parentId ?? null;
    const parent = parentId ? await store.findService(tx, parentId) : null;
    if (parentId && !parent) {
      throw new Invalid('The parentId is not a service.', [{ field: 'parentId', message: 'is not a service' }]);
    }
    const problem = parentProblem(input.kind, parent ?? null);
    if (problem) throw new Invalid(`The parentId ${problem}.`, [{ field: 'parentId', message: problem }]);
    const row = await store.insertService(tx, {
      id: newId(),
      kind: input.kind,
      name: input.name,
      parentId,
      clinicalCritical: input.clinicalCritical ?? false,
    });
    await recordChange(tx, meta, {
      action: 'service.create',
      id: row.id,
      summary: { kind: row.kind, name: row.name, parentId },
    });
    return toServiceView(row);
  });
}

export async function updateService(
  ctx: AppContext,
  meta: RequestMeta,
  id: string,
  patch: z.infer<typeof servicePatch>,
) {
  return changeDirectory(ctx, async (tx) => {
    const changed = changedFields(patch);
    const row = changed.length ? await store.updateService(tx, id, patch) : await store.findService(tx, id);
    if (!row) throw new NotFound('No such service.');
    if (changed.length) {
      await recordChange(tx, meta, { action: 'service.update', id, summary: { name: row.name, changed } });
    }
    return toServiceView(row);
  });
}

export async function createProvider(ctx: AppContext, meta: RequestMeta, input: z.infer<typeof providerBody>) {
  return changeDirectory(ctx, async (tx) => {
    const row = await store.insertProvider(tx, { id: newId(), ...input });
    await recordChange(tx, meta, { action: 'provider.create', id: row.id, summary: { name: row.name } });
    return toProviderView(row);
  });
}

export async function updateProvider(
  ctx: AppContext,
  meta: RequestMeta,
  id: string,
  patch: z.infer<typeof providerPatch>,
) {
  return changeDirectory(ctx, async (tx) => {
    const changed = changedFields(patch);
    const row = changed.length ? await store.updateProvider(tx, id, patch) : await store.findProvider(tx, id);
    if (!row) throw new NotFound('No such provider.');
    if (changed.length) {
      await recordChange(tx, meta, { action: 'provider.update', id, summary: { name: row.name, changed } });
    }
    return toProviderView(row);
  });
}
