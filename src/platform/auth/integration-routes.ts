// HTTP for integration accounts and their API tokens (Admin → Integrations), usable while the desk runs.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { problemResponses } from '../http/openapi.ts';
import { uuidParam } from '../http/validation.ts';
import {
  integrationBody,
  integrationTokenBody,
  integrationTokenParams,
  integrationView,
  issuedTokenView,
} from './integration-schemas.ts';
import * as integrations from './integrations.ts';

export function integrationRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['integrations'];

    r.get(
      '/api/v1/integrations',
      {
        config: { access: 'users:manage' },
        schema: {
          tags,
          summary: 'Integration accounts (such as the phone system) with their tokens, never the secrets',
          response: { 200: z.array(integrationView), ...problemResponses(401, 403) },
        },
      },
      async () => integrations.listIntegrations(ctx),
    );

    r.post(
      '/api/v1/integrations',
      {
        config: { access: 'users:manage' },
        schema: {
          tags,
          summary: 'Create an integration account; it has no password and acts only through API tokens',
          body: integrationBody,
          response: { 201: integrationView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await integrations.createIntegration(ctx, request.meta, request.body)),
    );

    r.post(
      '/api/v1/integrations/:id/tokens',
      {
        config: { access: 'users:manage' },
        schema: {
          tags,
          summary: 'Issue an API token for an integration account; the token is shown once',
          params: uuidParam,
          body: integrationTokenBody,
          response: { 201: issuedTokenView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await integrations.issueIntegrationToken(ctx, request.meta, request.params.id, request.body)),
    );

    r.delete(
      '/api/v1/integrations/:id/tokens/:tokenId',
      {
        config: { access: 'users:manage' },
        schema: {
          tags,
          summary: 'Revoke an integration token; calls made with it are refused at once',
          params: integrationTokenParams,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await integrations.revokeIntegrationToken(ctx, request.meta, request.params.id, request.params.tokenId);
        return reply.code(204).send(null);
      },
    );
  };
}
