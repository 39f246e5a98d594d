// Server-Sent Events: committed domain events, live, filtered to what the signed-in user may see. A reconnecting
// console catches up from its Last-Event-ID, through the same filter (stream.ts).
import type { FastifyInstance } from 'fastify';
import { authenticateSession } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { SESSION_COOKIE } from '../http/access.ts';
import { REPLAY_WINDOW, ViewerStream } from './stream.ts';

const HEARTBEAT_MS = 25_000;
const RECHECK_MS = 60_000;

export function eventRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    // This app's open streams. A stream never ends by itself, and the HTTP server's close waits for every open
    // response: stopping the app ends them first (the consoles reconnect elsewhere and catch up, as after a drop).
    const open = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of open) end();
    });
    app.get(
      '/api/v1/events',
      {
        config: { access: 'events:subscribe' },
        schema: {
          tags: ['events'],
          summary: 'Live domain events (text/event-stream). Each message: event = type, data = JSON of the event.',
          description:
            'Each event has an `id:`. A client that reconnects with `Last-Event-ID` first receives the events it ' +
            `missed (at most ${REPLAY_WINDOW} events back), filtered exactly as live ones; from further back, or ` +
            'with an unknown id, it receives an event `reset` (reload what you show) and then live events.',
        },
      },
      async (request, reply) => {
        const actor = request.actor;
        const receiver = {
          ...actor,
          providerOrgId: actor.role === 'vendor' ? await ctx.providerOrgOf(actor.userId) : null,
        };
        const lastEventId = request.headers['last-event-id'];
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write(`retry: 3000\n: connected\n\n`);

        const stream = new ViewerStream(res, receiver, (reason) =>
          request.log.info({ userId: actor.userId, reason }, 'event stream dropped'),
        );
        // Subscribe first, then catch up: live events that arrive meanwhile wait in the stream, none is lost.
        const unsubscribe = ctx.events.subscribe((event) => stream.push(event));
        const heartbeat = setInterval(() => stream.heartbeat(), HEARTBEAT_MS);
        // A stream outlives its request: end it when the session ends or times out.
        const recheck = setInterval(async () => {
          const cookie = request.cookies[SESSION_COOKIE];
          if (actor.via !== 'session' || !cookie) return;
          const still = await authenticateSession(ctx, cookie).catch(() => null);
          if (!still) end();
        }, RECHECK_MS);
        const close = () => {
          open.delete(end);
          clearInterval(heartbeat);
          clearInterval(recheck);
          unsubscribe();
          stream.close();
        };
        // Closed first, so that nothing more is written to the ended response.
        const end = () => {
          close();
          res.end();
        };
        open.add(end);
        request.raw.on('close', close);
        res.on('close', close);
        await stream
          .start(ctx.database.db, typeof lastEventId === 'string' ? lastEventId : undefined, ctx.events.position)
          .catch((err) => {
            request.log.error({ err }, 'event stream catch-up failed');
            res.destroy();
          });
      },
    );
  };
}
