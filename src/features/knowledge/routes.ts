// HTTP for the knowledge base: search and agent assist, articles and their lifecycle, versions, votes, use on a
// ticket, and the owners' lists (review queue, gaps, deflection).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { parseTicketNumber } from '../tickets/rules/vocabulary.ts';
import { ticketNumberParam } from '../tickets/schemas.ts';
import { renderMarkdown } from './rules/markdown.ts';
import { parseArticleNumber } from './rules/vocabulary.ts';
import {
  articleDetail,
  articleNumberParam,
  createArticleBody,
  daysQuery,
  deflection,
  diffQuery,
  diffResult,
  gapList,
  linkedArticles,
  previewBody,
  reviewQuery,
  reviewQueue,
  searchQuery,
  searchResult,
  suggestQuery,
  transitionBody,
  updateArticleBody,
  useBody,
  useResult,
  versionSummary,
  voteBody,
} from './schemas.ts';
import { searchArticles, suggestArticles } from './search.ts';
import * as service from './service.ts';

const tags = ['knowledge'];
const numberOf = (p: { number: string }) => parseArticleNumber(p.number)!;
const trackQuery = z
  .object({ track: z.enum(['true', 'false']).default('true').describe('Count this read as a view') })
  .strict();

export function knowledgeRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const detail = (actor: Parameters<typeof service.articleDetail>[1], number: number) =>
      service.articleDetail(db, actor, number, false);

    r.get(
      '/api/v1/knowledge/articles',
      {
        config: { access: 'knowledge:read' },
        schema: {
          tags,
          summary: 'Search (ranked, typo-tolerant, highlighted) or list articles; requesters see portal articles only',
          querystring: searchQuery,
          response: { 200: searchResult, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => searchArticles(ctx, request.actor!, request.query),
    );

    r.get(
      '/api/v1/knowledge/suggest',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: 'Agent assist: articles for what is being typed, ranked with the ticket or caller context',
          querystring: suggestQuery,
          response: { 200: searchResult, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => suggestArticles(ctx, request.actor!, request.query),
    );

    r.post(
      '/api/v1/knowledge/articles',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: 'Write a new article (a draft)',
          body: createArticleBody,
          response: { 201: articleDetail, ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const a = await service.createArticle(ctx, request.meta, request.body);
        return reply.code(201).send(await detail(request.actor!, a.number));
      },
    );

    r.post(
      '/api/v1/knowledge/preview',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: 'Render Markdown as the reader will see it (sanitised); nothing is saved',
          body: previewBody,
          response: { 200: z.object({ html: z.string() }), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => ({ html: renderMarkdown(request.body.body) }),
    );

    r.get(
      '/api/v1/knowledge/articles/:number',
      {
        config: { access: 'knowledge:read' },
        schema: {
          tags,
          summary: 'One article, rendered and sanitised, with your vote, the steps you may take and (staff) usage',
          params: articleNumberParam,
          querystring: trackQuery,
          response: { 200: articleDetail, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        service.articleDetail(db, request.actor!, numberOf(request.params), request.query.track === 'true'),
    );

    r.patch(
      '/api/v1/knowledge/articles/:number',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: 'Edit a draft (a new version); send the version you read',
          params: articleNumberParam,
          body: updateArticleBody,
          response: { 200: articleDetail, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const a = await service.updateArticle(ctx, request.meta, numberOf(request.params), request.body);
        return detail(request.actor!, a.number);
      },
    );

    r.post(
      '/api/v1/knowledge/articles/:number/transitions',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: 'Lifecycle: submit, approve, reject (with a note), retire, revise, restore',
          params: articleNumberParam,
          body: transitionBody,
          response: { 200: articleDetail, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const a = await service.moveArticle(ctx, request.meta, numberOf(request.params), request.body);
        return detail(request.actor!, a.number);
      },
    );

    r.get(
      '/api/v1/knowledge/articles/:number/versions',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: 'Versions: who wrote and who approved each',
          params: articleNumberParam,
          response: { 200: z.array(versionSummary), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => service.versionsOf(db, request.actor!, numberOf(request.params)),
    );

    r.get(
      '/api/v1/knowledge/articles/:number/diff',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: 'Line differences between two versions',
          params: articleNumberParam,
          querystring: diffQuery,
          response: { 200: diffResult, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        service.diffOf(db, request.actor!, numberOf(request.params), request.query.from, request.query.to),
    );

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
      async (request) => service.vote(ctx, request.meta, numberOf(request.params), request.body),
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
      async (request) => service.useOnTicket(ctx, request.meta, numberOf(request.params), request.body),
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
      async (request) => service.linkedToTicket(db, request.actor!, parseTicketNumber(request.params.number)!),
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
      async (request) => service.reviewQueueOf(db, request.query.mine === 'true' ? request.actor!.userId : null),
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
      async (request) => service.gapsOf(db, request.query.days),
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
      async (request) => service.deflectionOf(db, request.query.days, request.query.windowMinutes),
    );
  };
}
