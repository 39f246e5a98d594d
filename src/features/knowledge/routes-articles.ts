// HTTP for articles: write a draft, preview Markdown, read, edit, the lifecycle, versions and their differences.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { renderMarkdown } from './rules/markdown.ts';
import { parseArticleNumber } from './rules/vocabulary.ts';
import {
  articleDetail,
  articleNumberParam,
  createArticleBody,
  diffQuery,
  diffResult,
  previewBody,
  transitionBody,
  updateArticleBody,
  versionSummary,
} from './schemas.ts';
import { moveArticle } from './service/lifecycle.ts';
import { diffOf, articleDetail as readArticle, versionsOf } from './service/read.ts';
import { createArticle, updateArticle } from './service/write.ts';

const tags = ['knowledge'];

export const numberOf = (p: { number: string }) => parseArticleNumber(p.number)!;
const trackQuery = z
  .object({ track: z.enum(['true', 'false']).default('true').describe('Count this read as a view') })
  .strict();

export function articleRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const detail = (actor: Parameters<typeof readArticle>[1], number: number) => readArticle(db, actor, number, false);

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
        const a = await createArticle(ctx, request.actorMeta, request.body);
        return reply.code(201).send(await detail(request.actor, a.number));
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
      async (request) => readArticle(db, request.actor, numberOf(request.params), request.query.track === 'true'),
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
        const a = await updateArticle(ctx, request.actorMeta, numberOf(request.params), request.body);
        return detail(request.actor, a.number);
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
        const a = await moveArticle(ctx, request.actorMeta, numberOf(request.params), request.body);
        return detail(request.actor, a.number);
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
      async (request) => versionsOf(db, request.actor, numberOf(request.params)),
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
      async (request) => diffOf(db, request.actor, numberOf(request.params), request.query.from, request.query.to),
    );
  };
}
