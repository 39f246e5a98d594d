// HTTP for surveys: the requester's pending surveys and answers, the public single-use link (no sign-in), the phone
// system's post-call survey, a ticket's survey, and the managers' policies, pulses, answers and response rates.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import {
  answerBody,
  answerResult,
  ctiSurveyBody,
  ctiSurveyResult,
  invitationIdParam,
  invitationView,
  linkView,
  policyBody,
  policyView,
  pulseBody,
  pulseLinksBody,
  pulseLinksResult,
  pulseRecipientsView,
  pulseRunResult,
  pulseView,
  ratesQuery,
  ratesView,
  responsesQuery,
  responseView,
  surveySettingsBody,
  ticketNumberParam,
  ticketSurveyView,
  tokenParam,
} from './schemas.ts';
import { answerByLink, answerInPortal } from './service/answer.ts';
import { issueLink } from './service/links.ts';
import { postPhoneSurvey } from './service/phone.ts';
import { createSurveyPolicy, deleteSurveyPolicy, listSurveyPolicies, updateSurveyPolicy } from './service/policies.ts';
import { listPulses, runPulse } from './service/pulse.ts';
import { issuePulseLinks, pulseRecipients } from './service/pulse-links.ts';
import { listResponses, responseRates } from './service/rates.ts';
import { pendingSurveys, surveyOfLink, ticketSurvey } from './service/read.ts';
import { saveSurveySettings, surveySettings } from './service/settings.ts';

const tags = ['surveys'];

export function surveyRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const manage = { access: 'surveys:manage' as const };

    r.get(
      '/api/v1/surveys/pending',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'My surveys that can be answered now (the portal asks at sign-in)',
          response: { 200: z.object({ surveys: z.array(invitationView) }), ...problemResponses(401) },
        },
      },
      async (request) => pendingSurveys(ctx, request.actor),
    );

    r.post(
      '/api/v1/surveys/invitations/:id/response',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Answer one of my surveys; a low score or "not solved" opens a follow-up for the desk manager',
          params: invitationIdParam,
          body: answerBody,
          response: { 200: answerResult, ...problemResponses(400, 401, 403, 404, 409, 410) },
        },
      },
      async (request) => answerInPortal(ctx, request.actorMeta, request.params.id, request.body),
    );

    r.post(
      '/api/v1/surveys/invitations/:id/link',
      {
        config: manage,
        schema: {
          tags,
          summary: 'A fresh single-use link to send by SMS or chat (shown once; any earlier link stops working)',
          params: invitationIdParam,
          response: { 200: linkView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => issueLink(ctx, request.meta, request.params.id),
    );

    r.get(
      '/api/v1/public/surveys/:token',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'The survey behind a link, without signing in (ticket number and service only, never its text)',
          params: tokenParam,
          response: { 200: invitationView, ...problemResponses(400, 404, 409, 410) },
        },
      },
      async (request) => surveyOfLink(ctx, request.params.token),
    );

    r.post(
      '/api/v1/public/surveys/:token',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Answer the survey behind a link; the link works once',
          params: tokenParam,
          body: answerBody,
          response: { 200: answerResult, ...problemResponses(400, 404, 409, 410) },
        },
      },
      async (request) => answerByLink(ctx, request.meta, request.params.token, request.body),
    );

    r.post(
      '/api/v1/cti/surveys',
      {
        config: { access: 'cti:post' },
        schema: {
          tags: ['phone', ...tags],
          summary: "The phone system posts the caller's post-call survey answers for a call",
          body: ctiSurveyBody,
          response: { 200: ctiSurveyResult, ...problemResponses(400, 401, 403, 404, 409, 410) },
        },
      },
      async (request) => postPhoneSurvey(ctx, request.actorMeta, request.body),
    );

    r.get(
      '/api/v1/tickets/:number/survey',
      {
        config: { access: 'tickets:read' },
        schema: {
          tags,
          summary: "A ticket's survey and answer, as the viewer may see it (vendors: no comment)",
          params: ticketNumberParam,
          response: { 200: ticketSurveyView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ticketSurvey(ctx, request.actor, request.params.number),
    );

    r.get(
      '/api/v1/surveys/responses',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Survey answers, newest first (default: the last 30 days)',
          querystring: responsesQuery,
          response: { 200: z.object({ responses: z.array(responseView) }), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => listResponses(ctx, request.query),
    );

    r.get(
      '/api/v1/surveys/response-rates',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Asked, answered and response rate per group, with each group’s share of asked and of answered',
          querystring: ratesQuery,
          response: { 200: ratesView, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => responseRates(ctx.database.db, request.query),
    );

    r.get(
      '/api/v1/surveys/policies',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Survey policies, in the order they are tried',
          response: { 200: z.object({ policies: z.array(policyView) }), ...problemResponses(401, 403) },
        },
      },
      async () => listSurveyPolicies(ctx),
    );

    r.post(
      '/api/v1/surveys/policies',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Add a survey policy',
          body: policyBody,
          response: { 200: policyView, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request) => createSurveyPolicy(ctx, request.meta, request.body),
    );

    r.put(
      '/api/v1/surveys/policies/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Change a survey policy',
          params: invitationIdParam,
          body: policyBody,
          response: { 200: policyView, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => updateSurveyPolicy(ctx, request.meta, request.params.id, request.body),
    );

    r.delete(
      '/api/v1/surveys/policies/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Remove a survey policy (its invitations and answers stay)',
          params: invitationIdParam,
          response: { 204: z.null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteSurveyPolicy(ctx, request.meta, request.params.id);
        return reply.code(204).send(null);
      },
    );

    r.get(
      '/api/v1/surveys/pulses',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Pulse surveys run so far, with how many were asked and answered',
          response: { 200: z.object({ pulses: z.array(pulseView) }), ...problemResponses(401, 403) },
        },
      },
      async () => listPulses(ctx),
    );

    r.post(
      '/api/v1/surveys/pulses',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Run a pulse: "How satisfied are you with IT support?" to a sample per role group and facility',
          body: pulseBody,
          response: { 200: pulseRunResult, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => runPulse(ctx, request.meta, request.body),
    );

    r.get(
      '/api/v1/surveys/pulses/:id/recipients',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Who a pulse asked without a portal account: name, role, place, answered or not, link given or not (never the links)',
          params: invitationIdParam,
          response: { 200: pulseRecipientsView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => pulseRecipients(ctx, request.params.id),
    );

    r.post(
      '/api/v1/surveys/pulses/:id/links',
      {
        config: manage,
        schema: {
          tags,
          summary:
            'Single-use links for the pulse’s recipients without a portal account, to send by SMS or chat: shown once ' +
            '(only hashes are kept), by default to those not given one yet; replaceIssued gives new ones (earlier links ' +
            'stop working). Audited with every invitation read out.',
          params: invitationIdParam,
          body: pulseLinksBody,
          response: { 200: pulseLinksResult, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => issuePulseLinks(ctx, request.meta, request.params.id, request.body),
    );

    r.get(
      '/api/v1/surveys/settings',
      {
        config: manage,
        schema: {
          tags,
          summary: 'Survey settings',
          response: { 200: surveySettingsBody, ...problemResponses(401, 403) },
        },
      },
      async () => surveySettings(ctx.database.db),
    );

    r.put(
      '/api/v1/surveys/settings',
      {
        config: manage,
        schema: {
          tags,
          summary: "Set the desk manager's group that takes service-recovery follow-ups",
          body: surveySettingsBody,
          response: { 200: surveySettingsBody, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => saveSurveySettings(ctx, request.meta, request.body),
    );
  };
}
