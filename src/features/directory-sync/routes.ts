// HTTP of the hospital directory (LDAP / Active Directory), administrators only: the connection, its test, and the
// sync's runs (dry or real). Sign-in with directory passwords goes through POST /api/v1/auth/login (service.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import * as admin from './admin.ts';
import { connectionBody, connectionTest, connectionView, directoryStatus, runBody, syncReport } from './schemas.ts';
import { runSync } from './sync.ts';

export function directorySyncRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['hospital directory'];

    r.get(
      '/api/v1/directory-connection',
      {
        config: { access: 'users:manage' },
        schema: {
          tags,
          summary: 'The hospital directory connection (the bind password is never shown) and the latest sync runs',
          response: { 200: directoryStatus, ...problemResponses(401, 403) },
        },
      },
      async () => admin.directoryStatus(ctx),
    );

    r.put(
      '/api/v1/directory-connection',
      {
        config: { access: 'users:manage' },
        schema: {
          tags,
          summary: 'Set the hospital directory connection (omit bindPassword to keep the stored one)',
          body: connectionBody,
          response: { 200: connectionView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => admin.saveConnection(ctx, request.actorMeta, request.body),
    );

    r.delete(
      '/api/v1/directory-connection',
      {
        config: { access: 'users:manage' },
        schema: {
          tags,
          summary: 'Remove the directory connection: directory sign-in and the sync stop; people and accounts stay',
          response: { 204: z.null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await admin.deleteConnection(ctx, request.actorMeta);
        return reply.code(204).send(null);
      },
    );

    r.post(
      '/api/v1/directory-connection/test',
      {
        config: { access: 'users:manage' },
        schema: {
          tags,
          summary: 'Connect, sign in as the service account and count the people the user filter finds',
          body: z.object({}).strict().describe('Empty'),
          response: { 200: connectionTest, ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => admin.testConnection(ctx, request.actorMeta),
    );

    r.post(
      '/api/v1/directory-sync/runs',
      {
        config: { access: 'users:manage' },
        schema: {
          tags,
          summary: 'Run the directory sync now, or a dry run that reports what would change and changes nothing',
          body: runBody,
          response: { 200: syncReport, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => runSync(ctx, request.actorMeta, { dryRun: request.body.dryRun, trigger: 'admin' }),
    );
  };
}
