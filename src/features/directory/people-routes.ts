// HTTP for people. Desk staff find callers by name or phone; administrators keep entries current; anyone
// signed in may read their own entry (the portal prefills unit and facility from it).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { uuidParam } from '../../platform/http/validation.ts';
import { personBody, personPatch, personQuery, personView } from './people-schemas.ts';
import * as service from './people-service.ts';
import { CREATE_PROBLEMS, MANAGE, READ, READ_PROBLEMS, UPDATE_PROBLEMS } from './places-routes.ts';
import { pageOf } from './schemas.ts';

export function peopleRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['people'];

    r.get(
      '/api/v1/people',
      {
        config: READ,
        schema: {
          tags,
          summary: 'Find people by name (similar spellings too), employee ID or phone digits',
          querystring: personQuery,
          response: { 200: pageOf(personView), ...READ_PROBLEMS },
        },
      },
      async (request) => service.listPeople(ctx, request.query),
    );
    r.get(
      '/api/v1/people/me',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'The directory entry linked to my account (404 when there is none)',
          response: { 200: personView, ...problemResponses(401, 404) },
        },
      },
      async (request) => service.myPerson(ctx, request.actor),
    );
    r.get(
      '/api/v1/people/:id',
      {
        config: READ,
        schema: {
          tags,
          summary: 'One person',
          params: uuidParam,
          response: { 200: personView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => service.getPerson(ctx, request.params.id),
    );
    r.post(
      '/api/v1/people',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Add a person (requester or staff)',
          body: personBody,
          response: { 201: personView, ...CREATE_PROBLEMS },
        },
      },
      async (request, reply) => reply.code(201).send(await service.createPerson(ctx, request.meta, request.body)),
    );
    r.patch(
      '/api/v1/people/:id',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Change a person; phones replace the list on file',
          params: uuidParam,
          body: personPatch,
          response: { 200: personView, ...UPDATE_PROBLEMS },
        },
      },
      async (request) => service.updatePerson(ctx, request.meta, request.params.id, request.body),
    );
  };
}
