// OpenAPI 3.1 generated from the routes' zod schemas; browsable at /api/docs, raw at /api/openapi.json.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from './access.ts';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details (application/problem+json)');

/** Documents the error statuses a route can answer with. */
export function problemResponses<const S extends number>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((s) => [s, problemSchema])) as Record<S, typeof problemSchema>;
}

export async function registerOpenApi(app: FastifyInstance, version: string) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Clinidesk API',
        version,
        description:
          'The clinical service desk API. Errors are application/problem+json (RFC 9457). ' +
          'Authenticate with the session cookie (browser; send X-CSRF-Token on writes) or "Authorization: Bearer <API token>".',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'clinidesk_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: (doc) => withAccess(jsonSchemaTransform(doc), doc.route.config as { access?: Access } | undefined),
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { showExtensions: true } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/**
 * Each operation states who may call it as `x-access`, straight from the route's `config.access`
 * ('public', 'signed-in' or a permission): the route × role matrix test reads it from here.
 */
function withAccess<T extends { schema?: object; url: string }>(out: T, config?: { access?: Access }): T {
  const access = config?.access;
  if (!access || (out.schema as { hide?: boolean } | undefined)?.hide) return out;
  const security = access === 'public' ? { security: [] } : {};
  return { ...out, schema: { ...out.schema, 'x-access': access, ...security } };
}
