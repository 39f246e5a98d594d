// HTTP for what happens on a ticket: replies and notes, escalations, links, attachments, the requester's
// confirmation, and the timeline.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { sendDownloadPolicy } from '../../platform/http/security-headers.ts';
import { numberOf, tags } from './routes.ts';
import {
  ATTACHMENT_MAX_BYTES,
  activityView,
  attachmentBody,
  attachmentView,
  commentBody,
  commentView,
  confirmFixBody,
  escalationBody,
  linkBody,
  linkView,
  ticketDetail,
  ticketNumberParam,
  vendorCaseBody,
  vendorQueue,
  vendorQueueQuery,
} from './schemas.ts';
import { commentOnTicket } from './service/comment-on-ticket.ts';
import { confirmFix } from './service/confirm-fix.ts';
import { escalateTicket } from './service/escalate-ticket.ts';
import { attachFile, downloadFile, linkTickets } from './service/links-and-files.ts';
import { loadVisibleTicket, ticketDetailFor, timelineFor } from './service/read-ticket.ts';
import { setVendorCase, vendorQueueFor } from './service/vendor-case.ts';

export function ticketActivityRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    // The use case already knows the viewer: build the page for them without loading it again.
    const detail = ({ ticket, viewer }: Awaited<ReturnType<typeof escalateTicket>>) =>
      ticketDetailFor(db, viewer, ticket);

    r.post(
      '/api/v1/tickets/:number/comments',
      {
        config: { access: 'tickets:comment' },
        schema: {
          tags,
          summary: 'Add a public reply or an internal note (PHI in text is flagged)',
          params: ticketNumberParam,
          body: commentBody,
          response: {
            201: z.object({ comment: commentView, phiWarnings: z.array(z.string()) }),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await commentOnTicket(ctx, request.actorMeta, numberOf(request.params), request.body)),
    );

    r.post(
      '/api/v1/tickets/:number/vendor-case',
      {
        config: { access: 'tickets:work' },
        schema: {
          tags,
          summary:
            "The holding vendor's case state: working, needs information from the hospital, fix proposed, fix " +
            'released in a version, or returned to the desk with a reason (the hand-back); optionally with a reply ' +
            'on the shared thread',
          params: ticketNumberParam,
          body: vendorCaseBody,
          response: { 200: ticketDetail, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => detail(await setVendorCase(ctx, request.actorMeta, numberOf(request.params), request.body)),
    );

    r.get(
      '/api/v1/tickets/vendor-queue',
      {
        config: { access: 'tickets:read' },
        schema: {
          tags,
          summary:
            "A vendor engineer's queue: the open tickets their provider holds now, breached first, then by the " +
            'contract clock (soonest due first), with the case state; text masked',
          querystring: vendorQueueQuery,
          response: { 200: vendorQueue, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => vendorQueueFor(ctx, request.actor, request.query),
    );

    r.post(
      '/api/v1/tickets/:number/escalations',
      {
        config: { access: 'tickets:work' },
        schema: {
          tags,
          summary: 'Hand the ticket to another tier or group with a reason (vendor case number for vendors)',
          params: ticketNumberParam,
          body: escalationBody,
          response: { 200: ticketDetail, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => detail(await escalateTicket(ctx, request.actorMeta, numberOf(request.params), request.body)),
    );

    r.post(
      '/api/v1/tickets/:number/links',
      {
        config: { access: 'tickets:work' },
        schema: {
          tags,
          summary: 'Link to another ticket: duplicate of, caused by, parent of, related',
          params: ticketNumberParam,
          body: linkBody,
          response: { 201: linkView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await linkTickets(ctx, request.actorMeta, numberOf(request.params), request.body)),
    );

    r.post(
      '/api/v1/tickets/:number/attachments',
      {
        config: { access: 'tickets:comment' },
        bodyLimit: Math.ceil(ATTACHMENT_MAX_BYTES * 1.4) + 4096,
        schema: {
          tags,
          summary: `Attach a screenshot or log (base64, at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MiB; images, PDF, text, CSV, JSON, ZIP)`,
          params: ticketNumberParam,
          body: attachmentBody,
          response: { 201: attachmentView, ...problemResponses(400, 401, 403, 404, 413) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await attachFile(ctx, request.actorMeta, numberOf(request.params), request.body)),
    );

    r.get(
      '/api/v1/tickets/:number/attachments/:attachmentId',
      {
        config: { access: 'attachments:download' },
        schema: {
          tags,
          summary: 'Download an attachment (may contain PHI; audited)',
          params: ticketNumberParam.extend({ attachmentId: z.uuid() }),
          response: {
            200: z.unknown().describe('The file, with its content type'),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const a = await downloadFile(ctx, request.actorMeta, numberOf(request.params), request.params.attachmentId);
        const safeName = a.filename.replace(/[^\w.\- ]/g, '_');
        sendDownloadPolicy(reply);
        return reply
          .type(a.contentType)
          .header(
            'content-disposition',
            `attachment; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
          )
          .send(a.data);
      },
    );

    r.post(
      '/api/v1/tickets/:number/confirm',
      {
        config: { access: 'tickets:comment' },
        schema: {
          tags,
          summary: 'The requester confirms the fix (closes) or says it is still broken (reopens)',
          params: ticketNumberParam,
          body: confirmFixBody,
          response: { 200: ticketDetail, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const { phiWarnings, ...done } = await confirmFix(
          ctx,
          request.actorMeta,
          numberOf(request.params),
          request.body,
        );
        const page = await detail(done);
        // Warn about likely PHI in the words just sent, as a comment does.
        return { ...page, phiWarnings: [...new Set([...page.phiWarnings, ...phiWarnings])] };
      },
    );

    r.get(
      '/api/v1/tickets/:number/timeline',
      {
        config: { access: 'tickets:read-internal' },
        schema: {
          tags,
          summary: 'Everything that happened on the ticket, in order',
          params: ticketNumberParam,
          response: { 200: z.array(activityView), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { ticket } = await loadVisibleTicket(db, request.actor, numberOf(request.params));
        return timelineFor(db, ticket);
      },
    );
  };
}
