// Caller verification API calls: a ticket's identity checks, starting one, recording an attempt, making the change.
// Shapes come from the server's schemas (src/features/verification/schemas.ts).
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Method, Outcome, RequestKind } from '../../../src/features/verification/rules/vocabulary.ts';
import {
  identityCheckReport,
  ticketVerifications,
  toConfirmView,
  verificationView,
} from '../../../src/features/verification/schemas.ts';
import { apiRequest } from './client.ts';

export type Verification = z.infer<typeof verificationView>;

export const verificationKeys = {
  ofTicket: (number: string) => ['tickets', 'detail', number.toUpperCase(), 'verifications'] as const,
  toConfirm: ['verifications', 'to-confirm'] as const,
};

export type ToConfirm = z.infer<typeof toConfirmView>['items'][number];

/** Requests from the signed-in supervisor's reports waiting for their confirmation (checked every 30 s). */
export const toConfirmQuery = queryOptions({
  queryKey: verificationKeys.toConfirm,
  queryFn: () => apiRequest('GET', '/api/v1/verifications/to-confirm', { schema: toConfirmView }),
  refetchInterval: 30_000,
});

export function confirmRequest(id: string, outcome: Outcome) {
  return apiRequest('POST', `/api/v1/verifications/${encodeURIComponent(id)}/confirm`, {
    body: { outcome },
    schema: verificationView.pick({ state: true }),
  });
}

export const ticketVerificationsQuery = (number: string) =>
  queryOptions({
    queryKey: verificationKeys.ofTicket(number),
    queryFn: () =>
      apiRequest('GET', `/api/v1/tickets/${encodeURIComponent(number)}/verifications`, { schema: ticketVerifications }),
  });

export function startVerification(number: string, request: RequestKind, newDevice: boolean) {
  return apiRequest('POST', `/api/v1/tickets/${encodeURIComponent(number)}/verifications`, {
    body: { request, newDevice },
    schema: verificationView,
  });
}

export type AttemptBody = {
  method: Method;
  outcome: Outcome;
  phone?: string;
  confirmedById?: string;
  idKind?: string;
};

export function recordAttempt(id: string, body: AttemptBody) {
  return apiRequest('POST', `/api/v1/verifications/${encodeURIComponent(id)}/attempts`, {
    body,
    schema: verificationView,
  });
}

export function recordChange(id: string) {
  return apiRequest('POST', `/api/v1/verifications/${encodeURIComponent(id)}/change`, {
    body: {},
    schema: verificationView,
  });
}

export type IdentityCheckReport = z.infer<typeof identityCheckReport>;

/** The identity-check report over a range of days (managers and security). */
export const identityCheckReportQuery = (range: { from: string; to: string }) =>
  queryOptions({
    queryKey: ['reports', 'identity-checks', range.from, range.to] as const,
    queryFn: () =>
      apiRequest(
        'GET',
        `/api/v1/reports/identity-checks?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`,
        { schema: identityCheckReport },
      ),
  });
