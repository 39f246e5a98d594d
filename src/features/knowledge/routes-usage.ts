// HTTP for how articles are used: votes, use on a ticket, the articles used on a ticket, and the owners' lists
// (review queue, gaps, deflection).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { parseTicketNumber } from '../tickets/rules/vocabulary.ts';
import { ticketNumberParam } from '../tickets/schemas.ts';
import { numberOf } from './routes-articles.ts';
import {
  articleNumberParam,
  daysQuery,
  deflection,
  gapList,
  linkedArticles,
  reviewQuery,
  reviewQueue,
  useBody,
  useResult,
  voteBody,
} from './schemas.ts';
import { deflectionOf, gapsOf, reviewQueueOf } from './service/owners.ts';
import { linkedToTicket, useOnTicket, vote } from './service/use.ts';

const tags = ['knowledge'];

export function usageRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;

    r.post(
      '/api/v1/knowledge/articles/:number/votes',
      {
        config: { access: 'knowledge:read' },
        schema: {
          tags,
          summary: 'Helpful or not, with an optional comment (one vote per person, replaced on change)',
          params: articleNumberParam,
          body: voteBody,
          response: {
            200: z.object({ helpful: z.boolean(), comment: z.string().nullable() }),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => vote(ctx, request.actorMeta, numberOf(request.params), request.body),
    );

    r.post(
      '/api/v1/knowledge/articles/:number/use',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: "Send the article's steps as a public reply on a ticket and link the article to it",
          params: articleNumberParam,
          body: useBody,
          response: { 200: useResult, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => useOnTicket(ctx, request.actorMeta, numberOf(request.params), request.body),
    );

    r.get(
      '/api/v1/knowledge/tickets/:number/articles',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: 'Articles used on a ticket',
          params: ticketNumberParam,
          response: { 200: linkedArticles, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => linkedToTicket(db, request.actor, parseTicketNumber(request.params.number)!),
    );

    r.get(
      '/api/v1/knowledge/review',
      {
        config: { access: 'knowledge:publish' },
        schema: {
          tags,
          summary: 'Review queue: articles in review, and published articles whose review is due within 14 days',
          querystring: reviewQuery,
          response: { 200: reviewQueue, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => reviewQueueOf(db, request.query.mine === 'true' ? request.actor.userId : null),
    );

    r.get(
      '/api/v1/knowledge/gaps',
      {
        config: { access: 'knowledge:publish' },
        schema: {
          tags,
          summary: 'Searches that found nothing good, most frequent first',
          querystring: daysQuery,
          response: { 200: gapList, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => gapsOf(db, request.query.days),
    );

    r.get(
      '/api/v1/knowledge/deflection',
      {
        config: { access: 'knowledge:publish' },
        schema: {
          tags,
          summary: 'Portal searches not followed by a ticket within the window (deflected) vs followed',
          querystring: daysQuery,
          response: { 200: deflection, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => deflectionOf(db, request.query.days, request.query.windowMinutes),
    );
  };
}
