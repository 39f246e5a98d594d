// HTTP for tickets: open, list/search, read, change, and the views' counts. Sub-resources are in routes-activity.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { parseTicketNumber } from './rules/vocabulary.ts';
import {
  listQuery,
  openTicketBody,
  ticketDetail,
  ticketNumberParam,
  ticketPage,
  updateTicketBody,
  viewCounts,
} from './schemas.ts';
import { listTicketsFor, viewCountsFor } from './service/list-tickets.ts';
import { openTicket } from './service/open-ticket.ts';
import { ticketDetailFor, viewTicket } from './service/read-ticket.ts';
import { updateTicketFields } from './service/update-ticket.ts';

export const tags = ['tickets'];
export const numberOf = (p: { number: string }) => parseTicketNumber(p.number)!;

export function ticketRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;

    r.post(
      '/api/v1/tickets',
      {
        config: { access: 'tickets:create' },
        schema: {
          tags,
          summary: 'Open a ticket (portal, or an agent on a call who may resolve it at once)',
          body: openTicketBody,
          response: { 201: ticketDetail, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const { ticket, viewer, phiWarnings } = await openTicket(ctx, request.actorMeta, request.body);
        const detail = await ticketDetailFor(db, viewer, ticket);
        return reply.code(201).send({ ...detail, phiWarnings });
      },
    );

    r.get(
      '/api/v1/tickets',
      {
        config: { access: 'tickets:read' },
        schema: {
          tags,
          summary: 'Queues and search: filters, built-in views, ranked full-text search',
          querystring: listQuery,
          response: { 200: ticketPage, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => listTicketsFor(ctx, request.actor, request.query),
    );

    r.get(
      '/api/v1/tickets/views',
      {
        config: { access: 'tickets:read' },
        schema: {
          tags,
          summary: 'Built-in views for my role, with open counts',
          response: { 200: viewCounts, ...problemResponses(401, 403) },
        },
      },
      async (request) => viewCountsFor(ctx, request.actor),
    );

    r.get(
      '/api/v1/tickets/:number',
      {
        config: { access: 'tickets:read' },
        schema: {
          tags,
          summary: 'One ticket with its clinical context, conversation, tier history and first-contact verdict',
          params: ticketNumberParam,
          response: { 200: ticketDetail, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => viewTicket(ctx, request.actorMeta, numberOf(request.params)),
    );

    r.patch(
      '/api/v1/tickets/:number',
      {
        config: { access: 'tickets:work' },
        schema: {
          tags,
          summary: 'Change status (state machine), resolution, assignment, clinical context; send the version you read',
          params: ticketNumberParam,
          body: updateTicketBody,
          response: { 200: ticketDetail, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const { ticket, viewer } = await updateTicketFields(
          ctx,
          request.actorMeta,
          numberOf(request.params),
          request.body,
        );
        return ticketDetailFor(db, viewer, ticket);
      },
    );
  };
}
