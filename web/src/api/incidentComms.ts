// Incident communications: the public status page (no sign-in), the banners of open and planned incidents, and the
// commander's timed updates.
import { queryOptions } from '@tanstack/react-query';
import {
  bannersView,
  type PostUpdateInput,
  statusPageView,
  updatesView,
  updateView,
} from '../../../src/features/incident-comms/schemas.ts';
import { apiRequest } from './client.ts';

export const incidentCommsKeys = {
  all: ['incident-comms'] as const,
  status: ['incident-comms', 'status'] as const,
  banners: ['incident-comms', 'banners'] as const,
  updates: (incidentId: string) => ['incident-comms', 'updates', incidentId] as const,
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

export const incidentUpdatesQuery = (incidentId: string) =>
  queryOptions({
    queryKey: incidentCommsKeys.updates(incidentId),
    queryFn: () => apiRequest('GET', `/api/v1/incidents/${incidentId}/updates`, { schema: updatesView }),
  });

export const postIncidentUpdate = (incidentId: string, body: PostUpdateInput) =>
  apiRequest('POST', `/api/v1/incidents/${incidentId}/updates`, { body, schema: updateView });
