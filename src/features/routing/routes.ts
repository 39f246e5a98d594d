// HTTP for the phone channel: CTI events from the phone system, agents' presence, live contacts, the wallboard.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  callIdParam,
  contactIdParam,
  contactView,
  ctiEventBody,
  ctiEventResult,
  linkTicketBody,
  presenceBody,
  presenceView,
  routingSettings,
  routingSettingsView,
  wallboardView,
} from './schemas.ts';
import { contactDetail, linkTicket } from './service/contacts.ts';
import { callStatus, postCtiEvent } from './service/cti.ts';
import { heartbeat, myPresence, setPresence } from './service/presence.ts';
import { saveRoutingSettings, routingSettingsView as settingsView } from './service/settings.ts';
import { wallboard } from './service/wallboard.ts';

const tags = ['phone'];

export function routingRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/cti/events',
      {
        config: { access: 'cti:post' },
        schema: {
          tags,
          summary: 'The phone system posts a call event; the answer names the agent or queue that should take it',
          body: ctiEventBody,
          response: { 200: ctiEventResult, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request) => postCtiEvent(ctx, request.actorMeta, request.body),
    );

    r.get(
      '/api/v1/cti/calls/:callId',
      {
        config: { access: 'cti:post' },
        schema: {
          tags,
          summary: 'Where a call stands now (the phone system polls this while the caller waits in a queue)',
          params: callIdParam,
          response: { 200: ctiEventResult, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => callStatus(ctx, request.actor.userId, request.params.callId),
    );

    r.get(
      '/api/v1/presence/me',
      {
        config: { access: 'contacts:handle' },
        schema: { tags, summary: 'My presence', response: { 200: presenceView, ...problemResponses(401, 403) } },
      },
      async (request) => myPresence(ctx, request.actor),
    );

    r.put(
      '/api/v1/presence/me',
      {
        config: { access: 'contacts:handle' },
        schema: {
          tags,
          summary: 'Set my presence (available, wrap_up, away, offline) and the extension I sit at',
          body: presenceBody,
          response: { 200: presenceView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request) =>
        setPresence(
          ctx,
          request.actorMeta,
          request.body as { state: 'available' | 'wrap_up' | 'away' | 'offline'; extension?: string | null },
        ),
    );

    r.post(
      '/api/v1/presence/heartbeat',
      {
        config: { access: 'contacts:handle' },
        schema: {
          tags,
          summary: 'The console is still open (every 5 s while available, else 20 s; after 90 s without one: offline)',
          response: { 200: presenceView, ...problemResponses(401, 403) },
        },
      },
      async (request) => heartbeat(ctx, request.actor),
    );

    r.get(
      '/api/v1/contacts/:id',
      {
        config: { access: 'contacts:handle' },
        schema: {
          tags,
          summary: "A live contact: the caller's card, open tickets and a pre-filled draft ticket",
          params: contactIdParam,
          response: { 200: contactView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => contactDetail(ctx, request.actorMeta, request.params.id),
    );

    r.post(
      '/api/v1/contacts/:id/tickets',
      {
        config: { access: 'contacts:handle' },
        schema: {
          tags,
          summary: 'Link the contact to a ticket: "linked" (status check) or "opened" (created on this contact)',
          params: contactIdParam,
          body: linkTicketBody,
          response: {
            200: z.object({ tickets: z.array(z.object({ number: z.string(), relation: z.string() })) }),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => linkTicket(ctx, request.actorMeta, request.params.id, request.body),
    );

    r.get(
      '/api/v1/wallboard',
      {
        config: { access: 'wallboard:read' },
        schema: {
          tags,
          summary: "Contacts waiting by line, agents by state, today's ASA, abandonment and answered within target",
          response: { 200: wallboardView, ...problemResponses(401, 403) },
        },
      },
      async () => wallboard(ctx),
    );

    r.get(
      '/api/v1/routing/settings',
      {
        config: { access: 'wallboard:read' },
        schema: {
          tags,
          summary: 'Answer targets, overflow thresholds and lane head starts per line',
          response: { 200: routingSettingsView, ...problemResponses(401, 403) },
        },
      },
      async () => settingsView(ctx),
    );

    r.put(
      '/api/v1/routing/settings',
      {
        config: { access: 'settings:manage' },
        schema: {
          tags,
          summary: 'Change targets and overflow thresholds (overflow before target; seconds)',
          body: routingSettings,
          response: { 200: routingSettingsView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => saveRoutingSettings(ctx, request.meta, request.body),
    );
  };
}
