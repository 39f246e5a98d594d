// HTTP of the directory: registers every directory route, and serves the pickers' catalogue, the priority matrix
// setting and CSV imports. Places, catalogue, people and support routes are in their own files beside this one.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { catalogueRoutes } from './catalogue-routes.ts';
import { deskPhonesRoutes } from './desk-phones-routes.ts';
import { importCsv } from './import.ts';
import { peopleRoutes } from './people-routes.ts';
import { placesRoutes } from './places-routes.ts';
import {
  catalogueView,
  IMPORT_MAX_BYTES,
  importBody,
  importKindParam,
  importReport,
  priorityMatrixBody,
  priorityMatrixView,
} from './schemas.ts';
import { catalogue, priorityMatrixSetting, savePriorityMatrix } from './service.ts';
import { supportRoutes } from './support-routes.ts';

export function directoryRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    await app.register(placesRoutes(ctx));
    await app.register(catalogueRoutes(ctx));
    await app.register(peopleRoutes(ctx));
    await app.register(supportRoutes(ctx));
    await app.register(deskPhonesRoutes(ctx));
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/directory/catalogue',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['directory'],
          summary:
            'Everything the pickers need: facilities with units, applications with modules, devices, ' +
            'infrastructure; providers and groups for desk staff only',
          response: { 200: catalogueView, ...problemResponses(401) },
        },
      },
      async (request) => catalogue(ctx, request.actor),
    );

    r.get(
      '/api/v1/settings/priority-matrix',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['settings'],
          summary: 'The priority matrix in force (impact × urgency → P1–P4)',
          response: { 200: priorityMatrixView, ...problemResponses(401) },
        },
      },
      async () => priorityMatrixSetting(ctx),
    );
    r.put(
      '/api/v1/settings/priority-matrix',
      {
        config: { access: 'settings:manage' },
        schema: {
          tags: ['settings'],
          summary: 'Save the priority matrix; a worse case may never rank above a better one',
          body: priorityMatrixBody,
          response: { 200: priorityMatrixView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => savePriorityMatrix(ctx, request.meta, request.body.matrix),
    );

    r.post(
      '/api/v1/imports/:kind',
      {
        config: { access: 'directory:manage' },
        // The file travels inside JSON, which escapes quotes and line breaks: leave room for that.
        bodyLimit: IMPORT_MAX_BYTES + 1024 * 1024,
        schema: {
          tags: ['imports'],
          summary:
            'Import a CSV of facilities, units, people or services: every row is checked first; ' +
            'if any is bad nothing is imported and the report lists each problem by line',
          params: importKindParam,
          body: importBody,
          response: { 200: importReport, ...problemResponses(400, 401, 403, 413) },
        },
      },
      async (request) => importCsv(ctx, request.meta, request.params.kind, request.body.csv, request.body.dryRun),
    );
  };
}
