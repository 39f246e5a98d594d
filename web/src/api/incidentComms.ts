// Incident communications: the public status page (no sign-in), the banners of open and planned incidents, and the
// commander's timed updates, the recovery checklist and the post-incident review.
import { queryOptions } from '@tanstack/react-query';
import {
  type AddReviewActionInput,
  bannersView,
  incidentReviewView,
  type PostUpdateInput,
  recoveryChecklistView,
  type StartReviewInput,
  statusPageView,
  type UpdateReviewActionInput,
  type UpdateReviewInput,
  updatesView,
  updateView,
} from '../../../src/features/incident-comms/schemas.ts';
import { apiRequest } from './client.ts';

export const incidentCommsKeys = {
  all: ['incident-comms'] as const,
  status: ['incident-comms', 'status'] as const,
  banners: ['incident-comms', 'banners'] as const,
  updates: (number: string) => ['incident-comms', 'updates', number] as const,
};

/** The status page refreshes itself every minute: it is often left open on a wall or a phone during an outage. */
export const STATUS_REFRESH_MS = 60_000;

export const statusPageQuery = queryOptions({
  queryKey: incidentCommsKeys.status,
  queryFn: () => apiRequest('GET', '/api/v1/status', { schema: statusPageView }),
  refetchInterval: STATUS_REFRESH_MS,
});

export const bannersQuery = queryOptions({
  queryKey: incidentCommsKeys.banners,
  queryFn: () => apiRequest('GET', '/api/v1/incident-banners', { schema: bannersView }),
  refetchInterval: STATUS_REFRESH_MS,
});

export const incidentUpdatesQuery = (number: string) =>
  queryOptions({
    queryKey: incidentCommsKeys.updates(number),
    queryFn: () => apiRequest('GET', `/api/v1/incidents/${number}/updates`, { schema: updatesView }),
  });

export const postIncidentUpdate = (number: string, body: PostUpdateInput) =>
  apiRequest('POST', `/api/v1/incidents/${number}/updates`, { body, schema: updateView });

export const recoveryKeys = (number: string) => ['incident-comms', 'recovery', number] as const;

export const recoveryChecklistQuery = (number: string) =>
  queryOptions({
    queryKey: recoveryKeys(number),
    queryFn: () => apiRequest('GET', `/api/v1/incidents/${number}/recovery`, { schema: recoveryChecklistView }),
  });

export const createRecoveryChecklist = (number: string, unitIds?: string[]) =>
  apiRequest('POST', `/api/v1/incidents/${number}/recovery`, {
    body: unitIds ? { unitIds } : {},
    schema: recoveryChecklistView,
  });

export const updateRecoveryItem = (
  number: string,
  itemId: string,
  body: { assigneeId?: string | null; done?: boolean },
) => apiRequest('PATCH', `/api/v1/incidents/${number}/recovery/${itemId}`, { body, schema: recoveryChecklistView });

export const reviewKeys = (number: string) => ['incident-comms', 'review', number] as const;

export const incidentReviewQuery = (number: string) =>
  queryOptions({
    queryKey: reviewKeys(number),
    queryFn: () => apiRequest('GET', `/api/v1/incidents/${number}/review`, { schema: incidentReviewView }),
  });

export const startIncidentReview = (number: string, body: StartReviewInput = {}) =>
  apiRequest('POST', `/api/v1/incidents/${number}/review`, { body, schema: incidentReviewView });

export const updateIncidentReview = (number: string, body: UpdateReviewInput) =>
  apiRequest('PATCH', `/api/v1/incidents/${number}/review`, { body, schema: incidentReviewView });

export const addReviewAction = (number: string, body: AddReviewActionInput) =>
  apiRequest('POST', `/api/v1/incidents/${number}/review/actions`, { body, schema: incidentReviewView });

export const updateReviewAction = (number: string, actionId: string, body: UpdateReviewActionInput) =>
  apiRequest('PATCH', `/api/v1/incidents/${number}/review/actions/${actionId}`, { body, schema: incidentReviewView });
