// HTTP for the service catalogue (applications with modules, devices, infrastructure) and support providers.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { uuidParam } from '../../platform/http/validation.ts';
import * as service from './catalogue-service.ts';
import { CREATE_PROBLEMS, MANAGE, READ, READ_PROBLEMS, UPDATE_PROBLEMS } from './places-routes.ts';
import {
  pageOf,
  providerBody,
  providerPatch,
  providerQuery,
  providerView,
  serviceBody,
  servicePatch,
  serviceQuery,
  serviceView,
} from './schemas.ts';

export function catalogueRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    const tags = ['services'];
    r.get(
      '/api/v1/services',
      {
        config: READ,
        schema: {
          tags,
          summary: 'Services, by name; filter by kind, or by parentId for the modules of an application',
          querystring: serviceQuery,
          response: { 200: pageOf(serviceView), ...READ_PROBLEMS },
        },
      },
      async (request) => service.listServices(ctx, request.query),
    );
    r.post(
      '/api/v1/services',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Add an application, a module of an application, a device class or an infrastructure service',
          body: serviceBody,
          response: { 201: serviceView, ...CREATE_PROBLEMS },
        },
      },
      async (request, reply) => reply.code(201).send(await service.createService(ctx, request.meta, request.body)),
    );
    r.patch(
      '/api/v1/services/:id',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Rename a service or change whether it is clinical-critical',
          params: uuidParam,
          body: servicePatch,
          response: { 200: serviceView, ...UPDATE_PROBLEMS },
        },
      },
      async (request) => service.updateService(ctx, request.meta, request.params.id, request.body),
    );

    r.get(
      '/api/v1/providers',
      {
        config: READ,
        schema: {
          tags: ['providers'],
          summary: 'Support providers (in-house, outsourcers, vendors), by name',
          querystring: providerQuery,
          response: { 200: pageOf(providerView), ...READ_PROBLEMS },
        },
      },
      async (request) => service.listProviders(ctx, request.query),
    );
    r.post(
      '/api/v1/providers',
      {
        config: MANAGE,
        schema: {
          tags: ['providers'],
          summary: 'Add a support provider',
          body: providerBody,
          response: { 201: providerView, ...CREATE_PROBLEMS },
        },
      },
      async (request, reply) => reply.code(201).send(await service.createProvider(ctx, request.meta, request.body)),
    );
    r.patch(
      '/api/v1/providers/:id',
      {
        config: MANAGE,
        schema: {
          tags: ['providers'],
          summary: 'Change a support provider',
          params: uuidParam,
          body: providerPatch,
          response: { 200: providerView, ...UPDATE_PROBLEMS },
        },
      },
      async (request) => service.updateProvider(ctx, request.meta, request.params.id, request.body),
    );
  };
}
