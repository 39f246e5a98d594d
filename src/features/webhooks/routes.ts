// HTTP for outbound webhooks: administrators' subscriptions (the secret in the answer to creating one or rotating it,
// never again), the delivery log and redelivery. docs/webhooks.md.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { uuidParam } from '../../platform/http/validation.ts';
import {
  createSubscriptionBody,
  deliveriesQuery,
  deliveriesView,
  deliveryParams,
  deliveryView,
  rotateBody,
  subscriptionsView,
  subscriptionView,
  subscriptionWithSecret,
  updateSubscriptionBody,
} from './schemas.ts';
import * as admin from './service/admin.ts';

const tags = ['webhooks'];

export function webhookRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const access = { access: 'settings:manage' as const };

    r.get(
      '/api/v1/webhooks',
      {
        config: access,
        schema: {
          tags,
          summary: 'Webhook subscriptions with their delivery counts (secrets are never shown again)',
          response: { 200: subscriptionsView, ...problemResponses(401, 403) },
        },
      },
      async () => admin.listSubscriptions(ctx),
    );

    r.post(
      '/api/v1/webhooks',
      {
        config: access,
        schema: {
          tags,
          summary: 'Create a subscription; the answer holds its signing secret, shown this once',
          body: createSubscriptionBody,
          response: { 201: subscriptionWithSecret, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await admin.createSubscription(ctx, request.actorMeta, request.body)),
    );

    r.patch(
      '/api/v1/webhooks/:id',
      {
        config: access,
        schema: {
          tags,
          summary: 'Change a subscription: target, events, filters, on or off (switching on clears a switch-off)',
          params: uuidParam,
          body: updateSubscriptionBody,
          response: { 200: subscriptionView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => admin.updateSubscription(ctx, request.actorMeta, request.params.id, request.body),
    );

    r.delete(
      '/api/v1/webhooks/:id',
      {
        config: access,
        schema: {
          tags,
          summary: 'Delete a subscription and its delivery log',
          params: uuidParam,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await admin.deleteSubscription(ctx, request.actorMeta, request.params.id);
        return reply.code(204).send(null);
      },
    );

    r.post(
      '/api/v1/webhooks/:id/rotate-secret',
      {
        config: access,
        schema: {
          tags,
          summary: 'A new signing secret, shown this once; the old one keeps signing beside it for 24 hours',
          params: uuidParam,
          body: rotateBody,
          response: { 200: subscriptionWithSecret, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => admin.rotateSecret(ctx, request.actorMeta, request.params.id, request.body.version),
    );

    r.get(
      '/api/v1/webhooks/:id/deliveries',
      {
        config: access,
        schema: {
          tags,
          summary: 'The delivery log: each delivery with its request and every attempt with the answer received',
          params: uuidParam,
          querystring: deliveriesQuery,
          response: { 200: deliveriesView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => admin.listDeliveries(ctx, request.params.id, request.query),
    );

    r.post(
      '/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
      {
        config: access,
        schema: {
          tags,
          summary: 'Send a delivery again now (same webhook-id and body: a receiver that has it can drop it)',
          params: deliveryParams,
          response: { 200: deliveryView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => admin.redeliver(ctx, request.actorMeta, request.params.id, request.params.deliveryId),
    );
  };
}
