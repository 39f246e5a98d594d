// The recovery checklist after a downtime: created from the template for the affected units (the incident's, or
// those named), each item assigned and marked done with who and when. One transaction per change, audited, on the
// incident's timeline, announced to the desk.
import type { z } from 'zod';
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Invalid, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { loadIncident } from '../../incidents/service/read.ts';
import { recordTimelineEvent } from '../../incidents/service/timeline.ts';
import * as store from '../recovery-store.ts';
import { checklistFor, progressOf } from '../rules/checklist.ts';
import { incidentNumber } from '../rules/status-page.ts';
import type { createRecoveryBody, updateRecoveryItemBody } from '../schemas.ts';

export async function recoveryChecklist(ctx: AppContext, number: number) {
  const incident = await loadIncident(ctx.database.db, number);
  const items = await store.itemsOf(ctx.database.db, incident.id);
  return { items, progress: progressOf(items.map((i) => ({ done: i.doneAt !== null }))) };
}

export async function createRecoveryChecklist(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: z.infer<typeof createRecoveryBody>,
) {
  await ctx.database.db.transaction(async (tx) => {
    const incident = await loadIncident(tx, number, true);
    const wanted = input.unitIds ?? incident.unitIds;
    if (wanted.length === 0) {
      throw new Invalid('Name the units to recover: this incident names no unit.', [
        { field: 'unitIds', message: 'Choose at least one unit.' },
      ]);
    }
    const found = await store.unitsByIds(tx, wanted);
    if (found.length !== new Set(wanted).size) {
      throw new Invalid('One of the units is not in the directory.', [{ field: 'unitIds', message: 'Unknown unit.' }]);
    }
    const start = await store.nextPosition(tx, incident.id);
    const planned = checklistFor(found).map((i) => ({ ...i, id: newId(), position: start + i.position }));
    const added = await store.insertItems(tx, incident.id, planned);
    await recordTimelineEvent(
      tx,
      incident.id,
      meta.actor.userId,
      `Recovery checklist: ${added} items for ${found.map((u) => u.name).join(', ')}`,
    );
    await recordAudit(tx, meta, {
      action: 'incident_comms.recovery',
      targetType: 'incident',
      targetId: incident.id,
      summary: { number: incidentNumber(incident.number), created: added, unitIds: found.map((u) => u.id) },
    });
  });
  return recoveryChecklist(ctx, number);
}

export async function updateRecoveryItem(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  itemId: string,
  input: z.infer<typeof updateRecoveryItemBody>,
) {
  await ctx.database.db.transaction(async (tx) => {
    const incident = await loadIncident(tx, number);
    const item = await store.findItem(tx, incident.id, itemId);
    if (!item)
      throw new NotFound(`There is no such item on the recovery checklist of ${incidentNumber(incident.number)}.`);
    const set: Parameters<typeof store.saveItem>[2] = {};
    if (input.assigneeId !== undefined) {
      if (input.assigneeId !== null && !(await store.isAssignable(tx, input.assigneeId))) {
        throw new Invalid('That person cannot be assigned: choose an active account of the desk or the unit.', [
          { field: 'assigneeId', message: 'Not an active account.' },
        ]);
      }
      set.assigneeId = input.assigneeId;
    }
    if (input.done !== undefined && input.done !== (item.doneAt !== null)) {
      Object.assign(
        set,
        input.done ? { doneAt: new Date(), doneBy: meta.actor.userId } : { doneAt: null, doneBy: null },
      );
    }
    if (Object.keys(set).length === 0) return;
    await store.saveItem(tx, item.id, set);
    if (input.done !== undefined && 'doneAt' in set) {
      await recordTimelineEvent(
        tx,
        incident.id,
        meta.actor.userId,
        `${input.done ? 'Done' : 'Reopened'}: ${item.title}`,
        { recoveryItemId: item.id, unitId: item.unitId },
      );
    }
    await recordAudit(tx, meta, {
      action: 'incident_comms.recovery',
      targetType: 'incident',
      targetId: incident.id,
      summary: { number: incidentNumber(incident.number), itemId: item.id, ...input },
    });
  });
  return recoveryChecklist(ctx, number);
}
