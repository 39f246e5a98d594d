// HTTP for the go-live command center (docs/golive.md): events and zones (managers, administrators), the roster and
// check-in/out, the ATE intake from a phone, the board, duplicates, known issues, hourly roll-ups and the huddle.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../platform/auth/roles.ts';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { myIntake } from './intake-service.ts';
import {
  boardView,
  duplicateBody,
  eventBody,
  eventIdParam,
  eventPatch,
  eventSummary,
  eventView,
  huddleQuery,
  huddleView,
  issueBody,
  issueResult,
  knownIssueBody,
  knownIssueView,
  myIntakeView,
  rollupQuery,
  rollupView,
  rosterQuery,
  rosterView,
  shiftBody,
  shiftView,
  ticketNumber,
  zoneBody,
  zoneDeleteQuery,
  zonePatch,
  zoneView,
} from './schemas.ts';
import {
  addShift,
  boardOf,
  checkShift,
  createGoLive,
  createZone,
  currentKnownIssues,
  deleteZone,
  goLiveView,
  huddleOf,
  knownIssuesOf,
  listGoLives,
  logIssue,
  markDuplicate,
  publishKnownIssue,
  removeShift,
  retireKnownIssue,
  rollupOf,
  rosterAt,
  updateGoLive,
  updateZone,
} from './service.ts';

const tags = ['go-live'];
const zoneParams = z.object({ id: z.uuid('must be a UUID'), zoneId: z.uuid('must be a UUID') });
const shiftParams = z.object({ id: z.uuid('must be a UUID'), shiftId: z.uuid('must be a UUID') });
const knownParams = z.object({ id: z.uuid('must be a UUID'), knownId: z.uuid('must be a UUID') });
const issueParams = z.object({ id: z.uuid('must be a UUID'), number: ticketNumber });

export function goLiveRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const read = { access: 'golive:read' as const };
    const manage = { access: 'golive:manage' as const };
    const db = ctx.database.db;

    r.get(
      '/api/v1/golive/events',
      {
        config: read,
        schema: {
          tags,
          summary: 'Go-live events, newest first, with the command center’s hours today',
          response: { 200: z.array(eventSummary), ...problemResponses(401, 403) },
        },
      },
      async () => listGoLives(ctx),
    );

    r.post(
      '/api/v1/golive/events',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Create a go-live: facilities, dates, command center hours (24/7 days, then daily hours)',
          body: eventBody,
          response: { 201: eventView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) => reply.code(201).send(await createGoLive(ctx, request.actorMeta, request.body)),
    );

    r.get(
      '/api/v1/golive/events/:id',
      {
        config: read,
        schema: {
          tags,
          summary: 'A go-live with its zones, zone leaders and units',
          params: eventIdParam,
          response: { 200: eventView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => goLiveView(db, request.params.id),
    );

    r.patch(
      '/api/v1/golive/events/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a go-live’s name, facilities, dates or command center hours (with the version read)',
          params: eventIdParam,
          body: eventPatch,
          response: { 200: eventView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updateGoLive(ctx, request.actorMeta, request.params.id, request.body),
    );

    r.post(
      '/api/v1/golive/events/:id/zones',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a zone (a group of units) with its zone leader; a unit belongs to one zone',
          params: eventIdParam,
          body: zoneBody,
          response: { 201: zoneView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createZone(ctx, request.actorMeta, request.params.id, request.body)),
    );

    r.patch(
      '/api/v1/golive/events/:id/zones/:zoneId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Rename a zone, change its leader or its units',
          params: zoneParams,
          body: zonePatch,
          response: { 200: zoneView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updateZone(ctx, request.actorMeta, request.params.id, request.params.zoneId, request.body),
    );

    r.delete(
      '/api/v1/golive/events/:id/zones/:zoneId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Remove a zone that has no shift and no issue yet (with the version read)',
          params: zoneParams,
          querystring: zoneDeleteQuery,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await deleteZone(ctx, request.actorMeta, request.params.id, request.params.zoneId, request.query.version);
        return reply.code(204).send(null);
      },
    );

    r.get(
      '/api/v1/golive/my-intake',
      {
        // Super-users (requesters) use the intake too: only their own current shifts and their own unit.
        config: { access: 'tickets:create' },
        schema: {
          tags,
          summary: 'For a person on a go-live shift now: their go-lives and the unit(s) they may log issues on',
          response: { 200: myIntakeView, ...problemResponses(401, 403) },
        },
      },
      async (request) => myIntake(ctx, request.actorMeta.actor),
    );

    r.get(
      '/api/v1/golive/events/:id/roster',
      {
        config: read,
        schema: {
          tags,
          summary: 'The roster around a time (12 hours either side) and who is where now',
          params: eventIdParam,
          querystring: rosterQuery,
          response: { 200: rosterView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => rosterAt(ctx, request.params.id, request.query.at),
    );

    r.post(
      '/api/v1/golive/events/:id/shifts',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Put a person on the roster; a shift that overlaps another of theirs is refused',
          params: eventIdParam,
          body: shiftBody,
          response: { 201: shiftView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await addShift(ctx, request.actorMeta, request.params.id, request.body)),
    );

    r.delete(
      '/api/v1/golive/events/:id/shifts/:shiftId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Take a shift off the roster (not once it was checked in)',
          params: shiftParams,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await removeShift(ctx, request.actorMeta, request.params.id, request.params.shiftId);
        return reply.code(204).send(null);
      },
    );

    for (const what of ['in', 'out'] as const) {
      r.post(
        `/api/v1/golive/events/:id/shifts/:shiftId/check-${what}`,
        {
          config: read,
          schema: {
            tags,
            summary: `Check ${what} of a shift (one’s own; a manager for anyone)`,
            params: shiftParams,
            response: { 200: shiftView, ...problemResponses(400, 401, 403, 404, 409) },
          },
        },
        async (request) =>
          checkShift(
            ctx,
            request.actorMeta,
            request.params.id,
            request.params.shiftId,
            what,
            can(request.actorMeta.actor.role, 'golive:manage'),
          ),
      );
    }

    r.post(
      '/api/v1/golive/events/:id/issues',
      {
        // Super-users (requesters) log too, during their go-live shifts: the service checks the shift.
        config: { access: 'tickets:create' },
        schema: {
          tags,
          summary: 'Log an issue at the elbow: resolved on the spot (desk staff) or sent to the command center',
          params: eventIdParam,
          body: issueBody,
          response: { 201: issueResult, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await logIssue(ctx, request.actorMeta, request.params.id, request.body)),
    );

    r.get(
      '/api/v1/golive/events/:id/board',
      {
        config: read,
        schema: {
          tags,
          summary: 'The command center’s issue log: open issues (patient care first) and the latest resolved',
          params: eventIdParam,
          response: { 200: boardView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => boardOf(ctx, request.params.id),
    );

    r.post(
      '/api/v1/golive/events/:id/issues/:number/duplicate',
      {
        config: { access: 'tickets:work' },
        schema: {
          tags,
          summary: 'Merge a duplicate: link the issue as a duplicate of another ticket',
          params: issueParams,
          body: duplicateBody,
          response: {
            201: z.object({
              kind: z.string(),
              direction: z.string(),
              number: z.string(),
              summary: z.string(),
              status: z.string(),
            }),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await markDuplicate(ctx, request.actorMeta, request.params.id, request.params.number, request.body.of)),
    );

    r.get(
      '/api/v1/golive/events/:id/known-issues',
      {
        config: read,
        schema: {
          tags,
          summary: 'Known issues of a go-live, current first',
          params: eventIdParam,
          response: { 200: z.array(knownIssueView), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => knownIssuesOf(ctx, request.params.id),
    );

    r.post(
      '/api/v1/golive/events/:id/known-issues',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Publish a known issue with its workaround and tip sheet: broadcast live to ATE staff and the portal',
          params: eventIdParam,
          body: knownIssueBody,
          response: { 201: knownIssueView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await publishKnownIssue(ctx, request.actorMeta, request.params.id, request.body)),
    );

    r.delete(
      '/api/v1/golive/events/:id/known-issues/:knownId',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Retire a known issue (fixed): it leaves the portal and the ATE phones',
          params: knownParams,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await retireKnownIssue(ctx, request.actorMeta, request.params.id, request.params.knownId);
        return reply.code(204).send(null);
      },
    );

    r.get(
      '/api/v1/golive/known-issues',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'The current known issues of every go-live running now (the portal shows them)',
          response: { 200: z.array(knownIssueView), ...problemResponses(401) },
        },
      },
      async () => currentKnownIssues(ctx),
    );

    r.get(
      '/api/v1/golive/events/:id/rollup',
      {
        config: read,
        schema: {
          tags,
          summary: 'Issues per hour by zone, category or application, and the trend per day since go-live',
          params: eventIdParam,
          querystring: rollupQuery,
          response: { 200: rollupView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => rollupOf(ctx, request.params.id, request.query),
    );

    r.get(
      '/api/v1/golive/events/:id/huddle',
      {
        config: read,
        schema: {
          tags,
          summary: 'The huddle report for the daily meeting: the last 24 hours, trend, open issues, staffing hints',
          params: eventIdParam,
          querystring: huddleQuery,
          response: { 200: huddleView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => huddleOf(ctx, request.params.id, request.query.at),
    );
  };
}
