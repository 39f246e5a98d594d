// Server-Sent Events: committed domain events, live, filtered to what the signed-in user may see.
import type { FastifyInstance } from 'fastify';
import { authenticateSession } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { SESSION_COOKIE } from '../http/access.ts';
import { canReceive, type StoredEvent } from './outbox.ts';

const HEARTBEAT_MS = 25_000;
const RECHECK_MS = 60_000;

export function eventRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/v1/events',
      {
        config: { access: 'events:subscribe' },
        schema: {
          tags: ['events'],
          summary: 'Live domain events (text/event-stream). Each message: event = type, data = JSON of the event.',
        },
      },
      async (request, reply) => {
        const actor = request.actor!;
        const receiver = {
          ...actor,
          providerOrgId: actor.role === 'vendor' ? await ctx.providerOrgOf(actor.userId) : null,
        };
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write(`retry: 3000\n: connected\n\n`);

        const send = (event: StoredEvent) => {
          if (!canReceive(event.audience, receiver)) return;
          const { audience: _a, ...visible } = event;
          res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(visible)}\n\n`);
        };
        const unsubscribe = ctx.events.subscribe(send);
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
        // A stream outlives its request: end it when the session ends or times out.
        const recheck = setInterval(async () => {
          const cookie = request.cookies[SESSION_COOKIE];
          if (actor.via !== 'session' || !cookie) return;
          const still = await authenticateSession(ctx, cookie).catch(() => null);
          if (!still) res.end();
        }, RECHECK_MS);
        const close = () => {
          clearInterval(heartbeat);
          clearInterval(recheck);
          unsubscribe();
        };
        request.raw.on('close', close);
        res.on('close', close);
      },
    );
  };
}
