// HTTP for notifications: one's own preferences (anyone signed in), and the administrators' settings, templates and
// delivery queue (failed deliveries, resend).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  deliveriesQuery,
  deliveriesView,
  deliveryIdParam,
  deliveryView,
  kindParam,
  preferencesBody,
  preferencesView,
  settingsBody,
  settingsView,
  templateBody,
  templatesView,
} from './schemas.ts';
import {
  listDeliveries,
  listTemplates,
  notificationSettings,
  resendDelivery,
  resetTemplate,
  saveNotificationSettings,
  saveTemplate,
} from './service/admin.ts';
import { myPreferences, setMyPreferences } from './service/preferences.ts';

const tags = ['notifications'];

export function notificationRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const admin = { access: 'settings:manage' as const };

    r.get(
      '/api/v1/me/notifications',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'My notification preferences: which notices, by email, by pager or not at all',
          response: { 200: preferencesView, ...problemResponses(401) },
        },
      },
      async (request) => myPreferences(ctx, request.actorMeta),
    );

    r.put(
      '/api/v1/me/notifications',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Set my notification preferences (notices left out keep their choice)',
          body: preferencesBody,
          response: { 200: preferencesView, ...problemResponses(400, 401) },
        },
      },
      async (request) => setMyPreferences(ctx, request.actorMeta, request.body),
    );

    r.get(
      '/api/v1/notifications/settings',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Notification settings, whether a mail relay is configured, and the queue',
          response: { 200: settingsView, ...problemResponses(401, 403) },
        },
      },
      async () => notificationSettings(ctx),
    );

    r.put(
      '/api/v1/notifications/settings',
      {
        config: admin,
        schema: {
          tags,
          summary: "Full text for the hospital's own mail domain, and the pager address",
          body: settingsBody,
          response: { 200: settingsView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => saveNotificationSettings(ctx, request.actorMeta, request.body),
    );

    r.get(
      '/api/v1/notifications/templates',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Notification templates (defaults unless changed) and the placeholders they may use',
          response: { 200: templatesView, ...problemResponses(401, 403) },
        },
      },
      async () => listTemplates(ctx),
    );

    r.put(
      '/api/v1/notifications/templates/:kind',
      {
        config: admin,
        schema: {
          tags,
          summary: "Change a notification's subject and body",
          params: kindParam,
          body: templateBody,
          response: { 200: templatesView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => saveTemplate(ctx, request.actorMeta, request.params.kind, request.body),
    );

    r.delete(
      '/api/v1/notifications/templates/:kind',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Go back to the default template',
          params: kindParam,
          response: { 200: templatesView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request) => resetTemplate(ctx, request.actorMeta, request.params.kind),
    );

    r.get(
      '/api/v1/notifications/deliveries',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Deliveries by status (failed by default: the ones to look at)',
          querystring: deliveriesQuery,
          response: { 200: deliveriesView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => listDeliveries(ctx, request.query),
    );

    r.post(
      '/api/v1/notifications/deliveries/:id/resend',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Send a failed delivery again',
          params: deliveryIdParam,
          response: { 200: deliveryView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => resendDelivery(ctx, request.actorMeta, request.params.id),
    );
  };
}
