// A person's own saved ticket filters ("My unit's BCMA tickets"): list, save under a unique name, delete.
import type { z } from 'zod';
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import type { savedViewBody } from '../schemas.ts';
import { deleteSavedView, insertSavedView, type SavedViewRow, savedViewsOf } from '../store.ts';

const MAX_VIEWS_PER_PERSON = 50;

const toView = (r: SavedViewRow) => ({
  id: r.id,
  name: r.name,
  filter: r.filter as Record<string, unknown>,
  createdAt: r.createdAt.toISOString(),
});

export async function saveView(ctx: AppContext, meta: ActorMeta, input: z.infer<typeof savedViewBody>) {
  const userId = meta.actor.userId;
  return ctx.database.db.transaction(async (tx) => {
    const own = await savedViewsOf(tx, userId);
    if (own.some((v) => v.name.toLowerCase() === input.name.toLowerCase())) {
      throw new Conflict(`You already have a view called "${input.name}".`, [
        { field: 'body.name', message: 'is taken' },
      ]);
    }
    if (own.length >= MAX_VIEWS_PER_PERSON) throw new Conflict(`At most ${MAX_VIEWS_PER_PERSON} saved views each.`);
    const row = await insertSavedView(tx, { id: newId(), userId, name: input.name, filter: input.filter });
    await recordAudit(tx, meta, {
      action: 'saved-view.create',
      targetType: 'saved_view',
      targetId: row.id,
      summary: { name: input.name },
    });
    return toView(row);
  });
}

export async function deleteView(ctx: AppContext, meta: ActorMeta, id: string) {
  await ctx.database.db.transaction(async (tx) => {
    if (!(await deleteSavedView(tx, meta.actor.userId, id))) throw new NotFound('No such saved view of yours.');
    await recordAudit(tx, meta, { action: 'saved-view.delete', targetType: 'saved_view', targetId: id });
  });
}

export async function listViews(db: Queryable, userId: string) {
  return (await savedViewsOf(db, userId)).map(toView);
}
