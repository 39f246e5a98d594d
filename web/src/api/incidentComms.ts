// Incident communications: the public status page (no sign-in), the banners of open and planned incidents, and the
// commander's timed updates.
import { queryOptions } from '@tanstack/react-query';
import {
  bannersView,
  type PostUpdateInput,
  recoveryChecklistView,
  statusPageView,
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
