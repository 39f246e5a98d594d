// HTTP for e-bonding: administrators keep a provider's connection and its tokens; the provider's ticketing system
// posts case updates with a token of its account. The contract: docs/vendors.md ("E-bonding").
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { integrationTokenBody, issuedTokenView } from '../../platform/auth/integration-schemas.ts';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { uuidParam } from '../../platform/http/validation.ts';
import { loadViewer } from '../tickets/service/viewer.ts';
import { connectionBody, connectionView, providerTokenParams, updateAnswer, updateBody } from './schemas.ts';
import * as admin from './service/connection.ts';
import { rawSummary, receiveUpdate, refused } from './service/receive-update.ts';

const tags = ['e-bonding'];

export function ebondingRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    // The account and its tokens are managed like integration accounts' (Admin → Integrations).
    const access = { access: 'users:manage' as const };

    r.get(
      '/api/v1/providers/:id/ebonding',
      {
        config: access,
        schema: {
          tags,
          summary: "A provider's e-bonding connection: on or off, its state mapping, its account and tokens",
          params: uuidParam,
          response: { 200: connectionView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => admin.getConnection(ctx, request.params.id),
    );

    r.put(
      '/api/v1/providers/:id/ebonding',
      {
        config: access,
        schema: {
          tags,
          summary: 'Save the connection (the first save makes its password-less vendor account, bound to the provider)',
          params: uuidParam,
          body: connectionBody,
          response: { 200: connectionView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => admin.saveConnection(ctx, request.actorMeta, request.params.id, request.body),
    );

    r.post(
      '/api/v1/providers/:id/ebonding/tokens',
      {
        config: access,
        schema: {
          tags,
          summary: 'A token for the provider’s system, shown this once (cdk_…); only its hash is stored',
          params: uuidParam,
          body: integrationTokenBody,
          response: { 201: issuedTokenView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await admin.issueConnectionToken(ctx, request.actorMeta, request.params.id, request.body)),
    );

    r.delete(
      '/api/v1/providers/:id/ebonding/tokens/:tokenId',
      {
        config: access,
        schema: {
          tags,
          summary: 'Revoke a token of the provider’s system (it answers 401 from now on)',
          params: providerTokenParams,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await admin.revokeConnectionToken(ctx, request.actorMeta, request.params.id, request.params.tokenId);
        return reply.code(204).send(null);
      },
    );

    r.post(
      '/api/v1/ebonding/updates',
      {
        // Desk roles pass this gate and are refused by the use case (403): only a provider's vendor accounts post.
        config: { access: 'tickets:work' },
        // Bad input is refused as everywhere (400 problem+json), and audited as a refused update first.
        attachValidation: true,
        schema: {
          tags,
          summary:
            "The provider's ticketing system updates a vendor case: state, comment, fix version, its case number",
          body: updateBody,
          response: { 200: updateAnswer, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        if (request.validationError) {
          const viewer = await loadViewer(ctx.database.db, request.actor);
          await refused(ctx, request.actorMeta, viewer, rawSummary(request.body), request.validationError);
          throw request.validationError;
        }
        return receiveUpdate(ctx, request.actorMeta, request.body);
      },
    );
  };
}
