// HTTP of major incidents and EHR downtime (docs/incidents.md): desk staff declare, read, list (open first), change
// with the version they read, and add decisions to the timeline. Requesters, vendor engineers and integrations
// have no incident permission: none of the internal parts reach them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { parseTicketNumber } from '../tickets/rules/vocabulary.ts';
import { ticketNumberParam } from '../tickets/schemas.ts';
import { parseIncidentNumber } from './rules/vocabulary.ts';
import {
  addDecisionBody,
  announcementsQuery,
  announcementsView,
  childList,
  childParams,
  childrenQuery,
  declareIncidentBody,
  incidentList,
  incidentNumberParam,
  incidentView,
  leadList,
  linkResult,
  linkTicketBody,
  listIncidentsQuery,
  matchingQuery,
  matchingView,
  ticketOutageView,
  unlinkTicketBody,
  updateIncidentBody,
} from './schemas.ts';
import { announcements } from './service/announcements.ts';
import { linkTicket, listChildren, matchingIncidents, outageOfTicket, unlinkTicket } from './service/children.ts';
import { declareIncident } from './service/declare.ts';
import { runPendingFanOuts } from './service/fan-out.ts';
import { incidentLeads, listIncidents, readIncident } from './service/read.ts';
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
      async (request) => {
        const { incident, fanOut } = await updateIncident(
          ctx,
          request.actorMeta,
          numberOf(request.params),
          request.body,
        );
        // The children are handled after the answer, batch by batch (service/fan-out.ts); the job finishes it if
        // this process stops first.
        if (fanOut) {
          void runPendingFanOuts(ctx).catch((err) =>
            ctx.log.error({ err }, 'incident fan-out failed; the job retries'),
          );
        }
        return incident;
      },
    );
    r.get(
      '/api/v1/incidents/matching',
      {
        config: { access: 'incidents:read' },
        schema: {
          tags,
          summary:
            'The open incidents a ticket being typed would attach to (link) or resemble (suggest): the "known outage" on the intake form',
          querystring: matchingQuery,
          response: { 200: matchingView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => matchingIncidents(ctx, request.query),
    );
    r.get(
      '/api/v1/incidents/leads',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary:
            'The active desk staff accounts who may be named incident commander, clinical operations, IT or communications lead',
          response: { 200: leadList, ...problemResponses(401, 403) },
        },
      },
      async () => incidentLeads(ctx),
    );
    r.get(
      '/api/v1/incidents/:number/children',
      {
        config: { access: 'incidents:read' },
        schema: {
          tags,
          summary: "The incident's linked and suggested tickets, newest first, with linked counts by facility and unit",
          params: incidentNumberParam,
          querystring: childrenQuery,
          response: { 200: childList, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => listChildren(ctx, numberOf(request.params), request.query.limit),
    );
    r.post(
      '/api/v1/incidents/:number/children',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary:
            "Link a ticket to the incident (or accept the suggestion) and, in the same click, answer it with the incident's public reply",
          params: incidentNumberParam,
          body: linkTicketBody,
          response: { 200: linkResult, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => linkTicket(ctx, request.actorMeta, numberOf(request.params), request.body),
    );
    r.delete(
      '/api/v1/incidents/:number/children/:ticket',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary:
            'Unlink a ticket from the incident (saying why) or dismiss the suggestion (it is not suggested again); the requester is not messaged',
          params: childParams,
          body: unlinkTicketBody,
          response: { 200: incidentView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        unlinkTicket(
          ctx,
          request.actorMeta,
          numberOf(request.params),
          parseTicketNumber(request.params.ticket)!,
          request.body,
        ),
    );
    r.get(
      '/api/v1/tickets/:number/outage',
      {
        config: { access: 'tickets:read' },
        schema: {
          tags,
          summary:
            'Whether the ticket is part of a known outage: its number, title and public summary only (what a requester may read)',
          params: ticketNumberParam,
          response: { 200: ticketOutageView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => outageOfTicket(ctx, request.actor, parseTicketNumber(request.params.number)!),
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
    r.get(
      '/api/v1/cti/announcements',
      {
        config: { access: 'cti:post' },
        schema: {
          tags: ['phone', ...tags],
          summary:
            'For the phone system (IVR): the message to play while an incident is open, for the service and facility the caller chose',
          querystring: announcementsQuery,
          response: { 200: announcementsView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => announcements(ctx, request.query),
    );
  };
}
