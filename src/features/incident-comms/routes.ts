// HTTP for incident communications: the public status page (no sign-in, cacheable, throttled per address), each
// viewer's banners, the commander's timed updates on an incident, the recovery checklist and the post-incident review.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { parseIncidentNumber } from '../incidents/rules/vocabulary.ts';
import { incidentNumberParam } from '../incidents/schemas.ts';
import {
  addReviewActionBody,
  bannersView,
  createRecoveryBody,
  incidentReviewView,
  postUpdateBody,
  recoveryChecklistView,
  recoveryItemParam,
  reviewActionParam,
  startReviewBody,
  statusPageView,
  updateRecoveryItemBody,
  updateReviewActionBody,
  updateReviewBody,
  updatesView,
  updateView,
} from './schemas.ts';
import { createRecoveryChecklist, recoveryChecklist, updateRecoveryItem } from './service/recovery.ts';
import { addReviewAction, readReview, startReview, updateReview, updateReviewAction } from './service/review.ts';
import { bannersOf, statusPageOf, throttleStatus } from './service/status.ts';
import { listUpdates, postUpdate } from './service/updates.ts';

const tags = ['incidents'];
const numberOf = (p: { number: string }) => parseIncidentNumber(p.number)!;
/** Shared caches and browsers may keep the status for this long: the page refreshes every minute anyway. */
export const STATUS_MAX_AGE_SECONDS = 30;

export function incidentCommsRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/status',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary:
            'The public status page: open and planned incidents, their affected applications and facilities, latest public update and next-update time, and the last week’s resolved ones. No sign-in, no patient details, no names.',
          response: { 200: statusPageView, ...problemResponses(429) },
        },
      },
      async (request, reply) => {
        await throttleStatus(ctx, request.ip);
        reply.header('cache-control', `public, max-age=${STATUS_MAX_AGE_SECONDS}`);
        return statusPageOf(ctx);
      },
    );

    r.get(
      '/api/v1/incident-banners',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary:
            'The banners for open incidents and planned downtime about to start, with the downtime procedures to follow (requesters and vendors: public parts only)',
          response: { 200: bannersView, ...problemResponses(401) },
        },
      },
      async (request) => bannersOf(ctx, request.actor),
    );

    r.get(
      '/api/v1/incidents/:number/updates',
      {
        config: { access: 'incidents:read' },
        schema: {
          tags,
          summary: 'The commander’s updates on an incident, newest first, and the next-update promise',
          params: incidentNumberParam,
          response: { 200: updatesView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => listUpdates(ctx, numberOf(request.params)),
    );

    r.post(
      '/api/v1/incidents/:number/updates',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary:
            'Post an update: public text (refused if it looks like patient information), internal note, next update in N minutes',
          params: incidentNumberParam,
          body: postUpdateBody,
          response: { 201: updateView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await postUpdate(ctx, request.actorMeta, numberOf(request.params), request.body)),
    );

    r.get(
      '/api/v1/incidents/:number/recovery',
      {
        config: { access: 'incidents:read' },
        schema: {
          tags,
          summary: 'The recovery checklist: items per unit, who is assigned, who finished each and when, progress',
          params: incidentNumberParam,
          response: { 200: recoveryChecklistView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => recoveryChecklist(ctx, numberOf(request.params)),
    );

    r.post(
      '/api/v1/incidents/:number/recovery',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary:
            "Create the recovery checklist from the template (back-entry of orders and results, downtime MRN reconciliation, verification) for the incident's units or those named; units already on it keep their items",
          params: incidentNumberParam,
          body: createRecoveryBody,
          response: { 200: recoveryChecklistView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => createRecoveryChecklist(ctx, request.actorMeta, numberOf(request.params), request.body),
    );

    r.patch(
      '/api/v1/incidents/:number/recovery/:itemId',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary: 'Assign a checklist item, or mark it done (recorded with who and when) or not done',
          params: recoveryItemParam,
          body: updateRecoveryItemBody,
          response: { 200: recoveryChecklistView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        updateRecoveryItem(ctx, request.actorMeta, numberOf(request.params), request.params.itemId, request.body),
    );

    r.get(
      '/api/v1/incidents/:number/review',
      {
        config: { access: 'incidents:read' },
        schema: {
          tags,
          summary:
            'The post-incident review: the incident’s timeline, the impact computed from its data (linked tickets, calls, units, patient care affected, clinician time lost with its formula), the cause (SAFER dimension), contributing factors and actions; `review` is null until it is started',
          params: incidentNumberParam,
          response: { 200: incidentReviewView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => readReview(ctx, numberOf(request.params)),
    );

    r.post(
      '/api/v1/incidents/:number/review',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary:
            'Start the review of a resolved or closed incident (409 while it is still going on, or when it has one). Free text that looks like patient information is refused',
          params: incidentNumberParam,
          body: startReviewBody,
          response: { 201: incidentReviewView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await startReview(ctx, request.actorMeta, numberOf(request.params), request.body)),
    );

    r.patch(
      '/api/v1/incidents/:number/review',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary:
            'Change the review with the version read (a stale one is a 409): timeline summary, cause, contributing factors, overhead and its basis, completed',
          params: incidentNumberParam,
          body: updateReviewBody,
          response: { 200: incidentReviewView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updateReview(ctx, request.actorMeta, numberOf(request.params), request.body),
    );

    r.post(
      '/api/v1/incidents/:number/review/actions',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary: 'Add an action to the review: what will be done, who owns it, when it is due',
          params: incidentNumberParam,
          body: addReviewActionBody,
          response: { 201: incidentReviewView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await addReviewAction(ctx, request.actorMeta, numberOf(request.params), request.body)),
    );

    r.patch(
      '/api/v1/incidents/:number/review/actions/:actionId',
      {
        config: { access: 'incidents:manage' },
        schema: {
          tags,
          summary: 'Change an action of the review: its words, owner or due date, or mark it done (with who and when)',
          params: reviewActionParam,
          body: updateReviewActionBody,
          response: { 200: incidentReviewView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        updateReviewAction(ctx, request.actorMeta, numberOf(request.params), request.params.actionId, request.body),
    );
  };
}
