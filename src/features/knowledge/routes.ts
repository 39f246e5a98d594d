// HTTP for the knowledge base: search and agent assist here; articles and their lifecycle, versions
// (routes-articles.ts); votes, use on a ticket and the owners' lists: review queue, gaps, deflection
// (routes-usage.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { articleRoutes } from './routes-articles.ts';
import { usageRoutes } from './routes-usage.ts';
import { searchQuery, searchResult, suggestQuery } from './schemas.ts';
import { searchArticles, suggestArticles } from './service/search.ts';

const tags = ['knowledge'];

/** All of the knowledge base's routes, in the order the API documents them. */
export function knowledgeRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    await searchRoutes(ctx)(app);
    await articleRoutes(ctx)(app);
    await usageRoutes(ctx)(app);
  };
}

/** Search (ranked, typo-tolerant) and agent assist. */
export function searchRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
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
      async (request) => searchArticles(ctx, request.actor, request.query),
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
      async (request) => suggestArticles(ctx, request.actor, request.query),
    );
  };
}
