// HTTP of the desk's phone numbers: administrators read and change them; anyone signed in reads the ones meant for
// them (the portal's "call the desk").
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { deskPhones, myDeskPhones, saveDeskPhones } from './desk-phones.ts';
import { deskPhonesBody, deskPhonesView, myDeskPhones as myDeskPhonesView } from './desk-phones-schemas.ts';

export function deskPhonesRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['settings'];

    r.get(
      '/api/v1/settings/desk-phones',
      {
        config: { access: 'settings:manage' },
        schema: {
          tags,
          summary: "The desk's numbers: main line, provider line and one per facility",
          response: { 200: deskPhonesView, ...problemResponses(401, 403) },
        },
      },
      async () => deskPhones(ctx.database.db),
    );
    r.put(
      '/api/v1/settings/desk-phones',
      {
        config: { access: 'settings:manage' },
        schema: {
          tags,
          summary: "Replace the desk's numbers (any common phone format; stored as digits)",
          body: deskPhonesBody,
          response: { 200: deskPhonesView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => saveDeskPhones(ctx, request.meta, request.body),
    );
    r.get(
      '/api/v1/desk-phones/mine',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: "The number to call for the signed-in person's facility, and the provider line for providers",
          response: { 200: myDeskPhonesView, ...problemResponses(401) },
        },
      },
      async (request) => myDeskPhones(ctx, request.actor),
    );
  };
}
