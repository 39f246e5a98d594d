// HTTP for SLA calendars and policies (admin), in OpenAPI. A ticket's SLA comes with the ticket itself.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { uuidParam } from '../../platform/http/validation.ts';
import * as admin from './admin.ts';
import {
  calendarBody,
  calendarPatch,
  calendarView,
  closuresImportBody,
  closuresImportView,
  policyBody,
  policyPatch,
  policyView,
} from './schemas.ts';

const READ = { access: 'tickets:work' } as const;
const MANAGE = { access: 'settings:manage' } as const;

export function slaRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['sla'];

    r.get(
      '/api/v1/sla/calendars',
      {
        config: READ,
        schema: {
          tags,
          summary: 'Service calendars (24x7, business hours, closures)',
          response: { 200: z.array(calendarView), ...problemResponses(401, 403) },
        },
      },
      async () => admin.listCalendarViews(ctx),
    );
    r.post(
      '/api/v1/sla/calendars',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Add a calendar',
          body: calendarBody,
          response: { 201: calendarView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => reply.code(201).send(await admin.createCalendar(ctx, request.meta, request.body)),
    );
    r.patch(
      '/api/v1/sla/calendars/:id',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Change a calendar; open tickets’ due times follow',
          params: uuidParam,
          body: calendarPatch,
          response: { 200: calendarView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => admin.updateCalendar(ctx, request.meta, request.params.id, request.body),
    );
    r.post(
      '/api/v1/sla/calendars/:id/closures/import',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Add holidays and closures from CSV (name,date | name,start,end) or iCalendar',
          params: uuidParam,
          body: closuresImportBody,
          response: { 200: closuresImportView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => admin.importClosures(ctx, request.meta, request.params.id, request.body),
    );
    r.delete(
      '/api/v1/sla/calendars/:id',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Delete a calendar no policy or ticket uses',
          params: uuidParam,
          response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await admin.deleteCalendar(ctx, request.meta, request.params.id);
        return reply.code(204).send(null);
      },
    );

    r.get(
      '/api/v1/sla/policies',
      {
        config: READ,
        schema: {
          tags,
          summary: 'SLA policies in the order they are tried',
          response: { 200: z.array(policyView), ...problemResponses(401, 403) },
        },
      },
      async () => admin.listPolicyViews(ctx),
    );
    r.post(
      '/api/v1/sla/policies',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Add a policy',
          body: policyBody,
          response: { 201: policyView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => reply.code(201).send(await admin.createPolicy(ctx, request.meta, request.body)),
    );
    r.patch(
      '/api/v1/sla/policies/:id',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Change a policy; open tickets are recomputed',
          params: uuidParam,
          body: policyPatch,
          response: { 200: policyView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => admin.updatePolicy(ctx, request.meta, request.params.id, request.body),
    );
    r.delete(
      '/api/v1/sla/policies/:id',
      {
        config: MANAGE,
        schema: {
          tags,
          summary: 'Delete a policy no ticket was measured under',
          params: uuidParam,
          response: { 204: z.null(), ...problemResponses(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await admin.deletePolicy(ctx, request.meta, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
