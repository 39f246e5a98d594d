// HTTP for a person's own saved ticket filters ("My unit's BCMA tickets"), next to the built-in views; the use cases
// are service/saved-views.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { uuidParam } from '../../platform/http/validation.ts';
import { savedViewBody, savedViewView } from './schemas.ts';
import { deleteView, listViews, saveView } from './service/saved-views.ts';

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
      async (request) => listViews(ctx.database.db, request.actor.userId),
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
      async (request, reply) => reply.code(201).send(await saveView(ctx, request.actorMeta, request.body)),
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
        await deleteView(ctx, request.actorMeta, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
