// Surveys: the requester's pending ones, answers (portal and link), and the managers' policies, pulses and rates.
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type AnswerInput,
  answerResult,
  invitationView,
  type PolicyInput,
  type PulseInput,
  type PulseLinksInput,
  policyView,
  pulseLinksResult,
  pulseRecipientsView,
  pulseRunResult,
  pulseView,
  ratesView,
  ticketSurveyView,
} from '../../../src/features/surveys/schemas.ts';
import { apiRequest } from './client.ts';

export type InvitationView = z.infer<typeof invitationView>;
export type SurveyPolicyView = z.infer<typeof policyView>;

export const surveyKeys = {
  pending: ['surveys', 'pending'] as const,
  ticket: (number: string) => ['surveys', 'ticket', number] as const,
  link: (token: string) => ['surveys', 'link', token] as const,
  policies: ['surveys', 'policies'] as const,
  pulses: ['surveys', 'pulses'] as const,
  recipients: (pulseId: string) => ['surveys', 'pulses', pulseId, 'recipients'] as const,
  rates: (by: string) => ['surveys', 'rates', by] as const,
};

export const pendingSurveysQuery = queryOptions({
  queryKey: surveyKeys.pending,
  queryFn: () =>
    apiRequest('GET', '/api/v1/surveys/pending', { schema: z.object({ surveys: z.array(invitationView) }) }),
});
export const ticketSurveyQuery = (number: string) =>
  queryOptions({
    queryKey: surveyKeys.ticket(number),
    queryFn: () => apiRequest('GET', `/api/v1/tickets/${number}/survey`, { schema: ticketSurveyView }),
  });
export const linkSurveyQuery = (token: string) =>
  queryOptions({
    queryKey: surveyKeys.link(token),
    queryFn: () =>
      apiRequest('GET', `/api/v1/public/surveys/${encodeURIComponent(token)}`, {
        schema: invitationView,
        expectSession: false,
      }),
    retry: false,
  });

export const answerInPortal = (id: string, body: AnswerInput) =>
  apiRequest('POST', `/api/v1/surveys/invitations/${id}/response`, { body, schema: answerResult });
export const answerByLink = (token: string, body: AnswerInput) =>
  apiRequest('POST', `/api/v1/public/surveys/${encodeURIComponent(token)}`, {
    body,
    schema: answerResult,
    expectSession: false,
  });

export const surveyPoliciesQuery = queryOptions({
  queryKey: surveyKeys.policies,
  queryFn: () => apiRequest('GET', '/api/v1/surveys/policies', { schema: z.object({ policies: z.array(policyView) }) }),
});
export const createSurveyPolicy = (body: PolicyInput) =>
  apiRequest('POST', '/api/v1/surveys/policies', { body, schema: policyView });
export const updateSurveyPolicy = (id: string, body: PolicyInput) =>
  apiRequest('PUT', `/api/v1/surveys/policies/${id}`, { body, schema: policyView });
export const deleteSurveyPolicy = (id: string) => apiRequest('DELETE', `/api/v1/surveys/policies/${id}`);

export const pulsesQuery = queryOptions({
  queryKey: surveyKeys.pulses,
  queryFn: () => apiRequest('GET', '/api/v1/surveys/pulses', { schema: z.object({ pulses: z.array(pulseView) }) }),
});
export const runPulse = (body: PulseInput) =>
  apiRequest('POST', '/api/v1/surveys/pulses', { body, schema: pulseRunResult });
export const pulseRecipientsQuery = (pulseId: string) =>
  queryOptions({
    queryKey: surveyKeys.recipients(pulseId),
    queryFn: () => apiRequest('GET', `/api/v1/surveys/pulses/${pulseId}/recipients`, { schema: pulseRecipientsView }),
  });
/** Issues links (shown once): the caller keeps the answer, since asking again gives new links, not these. */
export const issuePulseLinks = (pulseId: string, body: Partial<PulseLinksInput>) =>
  apiRequest('POST', `/api/v1/surveys/pulses/${pulseId}/links`, { body, schema: pulseLinksResult });

export const ratesQueryOf = (by: string, from: string, to: string) =>
  queryOptions({
    queryKey: [...surveyKeys.rates(by), from, to],
    queryFn: () =>
      apiRequest('GET', `/api/v1/surveys/response-rates?from=${from}&to=${to}&by=${by}`, { schema: ratesView }),
  });
