// HTTP for the email intake: the quarantine (and the other states) with the reason for each message, release and
// discard — administrators only, the messages may hold PHI; and an agent confirming an unverified sender.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  mailboxList,
  messageIdParam,
  messageListQuery,
  messagePage,
  messageView,
  personIdParam,
  senderVerified,
} from './schemas.ts';
import { discardQuarantined, listMailboxes, listMessages, releaseQuarantined, verifySender } from './service/admin.ts';

const tags = ['email'];

export function emailRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const admin = { access: 'settings:manage' as const };

    r.get(
      '/api/v1/email/messages',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Email received by the desk, by state (quarantined by default), with why each is there',
          querystring: messageListQuery,
          response: { 200: messagePage, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => listMessages(ctx, request.query),
    );

    r.get(
      '/api/v1/email/mailboxes',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Mailboxes polled over IMAP: last poll, last error, messages taken, which instance holds the lease',
          response: { 200: mailboxList, ...problemResponses(401, 403) },
        },
      },
      async () => listMailboxes(ctx),
    );

    r.post(
      '/api/v1/email/messages/:id/release',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Release a quarantined message: processed again now (past the rate limit)',
          params: messageIdParam,
          response: { 200: messageView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => releaseQuarantined(ctx, request.actorMeta, request.params.id),
    );

    r.post(
      '/api/v1/email/messages/:id/discard',
      {
        config: admin,
        schema: {
          tags,
          summary: 'Discard a quarantined message: its content is deleted, the record stays',
          params: messageIdParam,
          response: { 200: messageView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => discardQuarantined(ctx, request.actorMeta, request.params.id),
    );

    r.post(
      '/api/v1/email/senders/:personId/verify',
      {
        config: { access: 'tickets:read-internal' },
        schema: {
          tags,
          summary:
            'Confirm who an unverified email sender is (after checking out of band): their mail is no longer flagged',
          params: personIdParam,
          response: { 200: senderVerified, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => verifySender(ctx, request.actorMeta, request.params.personId),
    );
  };
}
