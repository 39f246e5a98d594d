// A person's own saved ticket filters ("My unit's BCMA tickets"), next to the built-in views.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RequestMeta } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { uuidParam } from '../../platform/http/validation.ts';
import { newId } from '../../platform/ids.ts';
import { savedViewBody, savedViewView } from './schemas.ts';
import { deleteSavedView, insertSavedView, type SavedViewRow, savedViewsOf } from './store.ts';

const MAX_VIEWS_PER_PERSON = 50;

const toView = (r: SavedViewRow) => ({
  id: r.id,
  name: r.name,
  filter: r.filter as Record<string, unknown>,
  createdAt: r.createdAt.toISOString(),
});

export async function saveView(ctx: AppContext, meta: RequestMeta, input: z.infer<typeof savedViewBody>) {
  const userId = meta.actor!.userId;
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

export async function deleteView(ctx: AppContext, meta: RequestMeta, id: string) {
  await ctx.database.db.transaction(async (tx) => {
    if (!(await deleteSavedView(tx, meta.actor!.userId, id))) throw new NotFound('No such saved view of yours.');
    await recordAudit(tx, meta, { action: 'saved-view.delete', targetType: 'saved_view', targetId: id });
  });
}

export function savedViewRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['tickets'];
    r.get(
      '/api/v1/tickets/saved-views',
      {
        config: { access: 'tickets:read' },
        schema: {
          tags,
          summary: 'My saved ticket filters',
          response: { 200: z.array(savedViewView), ...problemResponses(401, 403) },
        },
      },
      async (request) => (await savedViewsOf(ctx.database.db, request.actor!.userId)).map(toView),
    );
    r.post(
      '/api/v1/tickets/saved-views',
      {
        config: { access: 'tickets:read' },
        schema: {
          tags,
          summary: 'Save a ticket filter under a name (the same filters as GET /api/v1/tickets)',
          body: savedViewBody,
          response: { 201: savedViewView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => reply.code(201).send(await saveView(ctx, request.meta, request.body)),
    );
    r.delete(
      '/api/v1/tickets/saved-views/:id',
      {
        config: { access: 'tickets:read' },
        schema: {
          tags,
          summary: 'Delete one of my saved views',
          params: uuidParam,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteView(ctx, request.meta, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
