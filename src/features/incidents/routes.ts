// HTTP of major incidents and EHR downtime (docs/incidents.md): desk staff declare, read, list (open first), change
// with the version they read, and add decisions to the timeline. Requesters, vendor engineers and integrations
// have no incident permission: none of the internal parts reach them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { parseIncidentNumber } from './rules/vocabulary.ts';
import {
  addDecisionBody,
  declareIncidentBody,
  incidentList,
  incidentNumberParam,
  incidentView,
  listIncidentsQuery,
  updateIncidentBody,
} from './schemas.ts';
import { declareIncident } from './service/declare.ts';
import { listIncidents, readIncident } from './service/read.ts';
import { addTimelineEntry, updateIncident } from './service/update.ts';

const numberOf = (p: { number: string }) => parseIncidentNumber(p.number)!;

export function incidentRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['incidents'];

    r.get(
      '/api/v1/incidents',
      {
        config: { access: 'incidents:read' },
        schema: {
          tags,
          summary: 'Major incidents and EHR downtimes, open ones first',
          querystring: listIncidentsQuery,
          response: { 200: incidentList, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => listIncidents(ctx, request.query),
    );
    r.post(
      '/api/v1/incidents',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary:
            'Declare a major incident or an EHR downtime (planned or not), from scratch or from a ticket; 409 when one is already open for the service unless confirmed',
          body: declareIncidentBody,
          response: { 201: incidentView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => reply.code(201).send(await declareIncident(ctx, request.actorMeta, request.body)),
    );
    r.get(
      '/api/v1/incidents/:number',
      {
        config: { access: 'incidents:read' },
        schema: {
          tags,
          summary: 'One incident: what it affects, its people, counts of its children, and its timeline',
          params: incidentNumberParam,
          response: { 200: incidentView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => readIncident(ctx, numberOf(request.params)),
    );
    r.patch(
      '/api/v1/incidents/:number',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary:
            'Change an incident (fields, roles, state) with the version read; resolving says what to do with its open tickets',
          params: incidentNumberParam,
          body: updateIncidentBody,
          response: { 200: incidentView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        (await updateIncident(ctx, request.actorMeta, numberOf(request.params), request.body)).incident,
    );
    r.post(
      '/api/v1/incidents/:number/timeline',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary: "Record a decision or an event on the incident's internal timeline",
          params: incidentNumberParam,
          body: addDecisionBody,
          response: { 200: incidentView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => addTimelineEntry(ctx, request.actorMeta, numberOf(request.params), request.body),
    );
  };
}
