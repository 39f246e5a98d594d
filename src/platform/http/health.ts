// Liveness and readiness for load balancers and orchestrators.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { pendingMigrations } from '../db/migrate.ts';

const health = z.object({ status: z.literal('ok') });
const ready = z.object({
  status: z.enum(['ready', 'not ready']),
  database: z.enum(['pglite', 'postgres']),
  databaseReachable: z.boolean(),
  pendingMigrations: z.array(z.string()),
});

export function registerHealth(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: { tags: ['platform'], summary: 'Liveness: the process answers', response: { 200: health } },
    },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/api/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Readiness: database reachable and migrations current',
        response: { 200: ready, 503: ready },
      },
    },
    async (_request, reply) => {
      let reachable = false;
      let pending: string[] = [];
      try {
        pending = await pendingMigrations(ctx.database);
        reachable = true;
      } catch {
        reachable = false;
      }
      const ok = reachable && pending.length === 0;
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ready' : 'not ready',
        database: ctx.database.kind,
        databaseReachable: reachable,
        pendingMigrations: pending,
      });
    },
  );
}
