// HTTP of caller verification: the desk starts a check for a credential request on a ticket, records attempts and
// makes the change (blocked until the policy is met); the supervisor on record confirms from the portal; an
// administrator keeps the policy. Vendor engineers have no verification permission: none of it reaches them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { uuidParam } from '../../platform/http/validation.ts';
import { parseTicketNumber } from '../tickets/rules/vocabulary.ts';
import { ticketNumberParam } from '../tickets/schemas.ts';
import {
  confirmBody,
  identityCheckQuery,
  identityCheckReport as identityCheckReportView,
  recordAttemptBody,
  recordChangeBody,
  startVerificationBody,
  ticketVerifications as ticketVerificationsView,
  toConfirmView,
  verificationPolicy,
  verificationPolicyView,
  verificationView,
} from './schemas.ts';
import { policyView, savePolicy } from './service/policy.ts';
import { ticketVerifications } from './service/read.ts';
import { identityCheckReport } from './service/report.ts';
import { confirmAsSupervisor, recordAttempt, recordChange, startVerification, toConfirm } from './service/verify.ts';

const numberOf = (p: { number: string }) => parseTicketNumber(p.number)!;

export function verificationRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['verification'];

    r.get(
      '/api/v1/tickets/:number/verifications',
      {
        config: { access: 'verification:perform' },
        schema: {
          tags,
          summary:
            "A ticket's caller verifications: risk, what the policy asks, attempts, and whether the change may go ahead",
          params: ticketNumberParam,
          response: { 200: ticketVerificationsView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ticketVerifications(ctx, request.actor, numberOf(request.params)),
    );
    r.post(
      '/api/v1/tickets/:number/verifications',
      {
        config: { access: 'verification:perform' },
        schema: {
          tags,
          summary: 'Start checking the caller before a password, MFA, unlock or access change on this ticket',
          params: ticketNumberParam,
          body: startVerificationBody,
          response: { 200: verificationView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => startVerification(ctx, request.actorMeta, numberOf(request.params), request.body),
    );
    r.post(
      '/api/v1/verifications/:id/attempts',
      {
        config: { access: 'verification:perform' },
        schema: {
          tags,
          summary:
            'Record a check: call-back on a number on file, supervisor on record, badge in person, video with photo ID',
          params: uuidParam,
          body: recordAttemptBody,
          response: { 200: verificationView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => recordAttempt(ctx, request.actorMeta, request.params.id, request.body),
    );
    r.post(
      '/api/v1/verifications/:id/change',
      {
        config: { access: 'verification:perform' },
        schema: {
          tags,
          summary: 'Make the credential change (refused until the caller is verified) and record it in the audit trail',
          params: uuidParam,
          body: recordChangeBody,
          response: { 200: verificationView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => recordChange(ctx, request.actorMeta, request.params.id, request.body.note ?? null),
    );
    r.get(
      '/api/v1/verifications/to-confirm',
      {
        config: { access: 'verification:confirm' },
        schema: {
          tags,
          summary: "Requests from the signed-in supervisor's reports waiting for their confirmation",
          response: { 200: toConfirmView, ...problemResponses(401, 403) },
        },
      },
      async (request) => toConfirm(ctx, request.actorMeta),
    );
    r.post(
      '/api/v1/verifications/:id/confirm',
      {
        config: { access: 'verification:confirm' },
        schema: {
          tags,
          summary: 'The supervisor on record confirms (or denies) that their report made this request',
          params: uuidParam,
          body: confirmBody,
          response: {
            200: z.object({ state: verificationView.shape.state }),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => confirmAsSupervisor(ctx, request.actorMeta, request.params.id, request.body.outcome),
    );
    r.get(
      '/api/v1/reports/identity-checks',
      {
        config: { access: 'reports:read-all' },
        schema: {
          tags,
          summary:
            'Identity checks in a range: requests checked, changed, failed or open, checks by method, and the ' +
            'accounts with repeated changes, failed checks or alerts (audited: it names staff)',
          querystring: identityCheckQuery,
          response: { 200: identityCheckReportView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => identityCheckReport(ctx, request.actorMeta, request.query),
    );
    r.get(
      '/api/v1/settings/verification',
      {
        config: { access: 'settings:manage' },
        schema: {
          tags,
          summary: 'The caller verification policy',
          response: { 200: verificationPolicyView, ...problemResponses(401, 403) },
        },
      },
      async () => policyView(ctx),
    );
    r.put(
      '/api/v1/settings/verification',
      {
        config: { access: 'settings:manage' },
        schema: {
          tags,
          summary: 'Replace the caller verification policy (checked, audited)',
          body: verificationPolicy,
          response: { 200: verificationPolicyView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => savePolicy(ctx, request.meta, request.body),
    );
  };
}
