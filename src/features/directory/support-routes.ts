// HTTP for support: groups with their tier, provider and members; staff skills; coverage of services by tier.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { uuidParam } from '../../platform/http/validation.ts';
import { CREATE_PROBLEMS, MANAGE, READ, READ_PROBLEMS, UPDATE_PROBLEMS } from './places-routes.ts';
import { pageOf } from './schemas.ts';
import {
  coverageBody,
  coverageParams,
  coverageQuery,
  coverageView,
  groupBody,
  groupPatch,
  groupQuery,
  groupView,
  skillQuery,
  skillsBody,
  skillView,
  userIdParam,
} from './support-schemas.ts';
import * as service from './support-service.ts';

export function supportRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/groups',
      {
        config: READ,
        schema: {
          tags: ['groups'],
          summary: 'Support groups with their tier, provider and members',
          querystring: groupQuery,
          response: { 200: pageOf(groupView), ...READ_PROBLEMS },
        },
      },
      async (request) => service.listGroups(ctx, request.query),
    );
    r.post(
      '/api/v1/groups',
      {
        config: MANAGE,
        schema: {
          tags: ['groups'],
          summary: 'Add a support group',
          body: groupBody,
          response: { 201: groupView, ...CREATE_PROBLEMS },
        },
      },
      async (request, reply) => reply.code(201).send(await service.createGroup(ctx, request.meta, request.body)),
    );
    r.patch(
      '/api/v1/groups/:id',
      {
        config: MANAGE,
        schema: {
          tags: ['groups'],
          summary: 'Change a group; memberIds replaces the members',
          params: uuidParam,
          body: groupPatch,
          response: { 200: groupView, ...UPDATE_PROBLEMS },
        },
      },
      async (request) => service.updateGroup(ctx, request.meta, request.params.id, request.body),
    );

    r.get(
      '/api/v1/skills',
      {
        config: READ,
        schema: {
          tags: ['skills'],
          summary: 'Who knows what: skills by user, or users with a skill',
          querystring: skillQuery,
          response: { 200: pageOf(skillView), ...READ_PROBLEMS },
        },
      },
      async (request) => service.listSkills(ctx, request.query),
    );
    r.put(
      '/api/v1/skills/:userId',
      {
        config: MANAGE,
        schema: {
          tags: ['skills'],
          summary: "Set a staff member's skills (replaces them all)",
          params: userIdParam,
          body: skillsBody,
          response: { 200: z.array(skillView), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => service.setSkills(ctx, request.meta, request.params.userId, request.body.skills),
    );

    r.get(
      '/api/v1/coverage',
      {
        config: READ,
        schema: {
          tags: ['coverage'],
          summary: 'Which group (and provider) handles each service at each tier',
          querystring: coverageQuery,
          response: { 200: pageOf(coverageView), ...READ_PROBLEMS },
        },
      },
      async (request) => service.listCoverage(ctx, request.query),
    );
    r.put(
      '/api/v1/coverage',
      {
        config: MANAGE,
        schema: {
          tags: ['coverage'],
          summary: 'Set the group that covers a service at a tier (a module without its own follows its application)',
          body: coverageBody,
          response: { 200: coverageView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => service.setCoverage(ctx, request.meta, request.body),
    );
    r.delete(
      '/api/v1/coverage/:serviceId/:tier',
      {
        config: MANAGE,
        schema: {
          tags: ['coverage'],
          summary: 'Remove the coverage of a service at a tier',
          params: coverageParams,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await service.removeCoverage(ctx, request.meta, request.params.serviceId, request.params.tier);
        return reply.code(204).send(null);
      },
    );
  };
}
