// Major incidents and EHR downtime (docs/incidents.md): the list, one incident with its children and timeline,
// declaring, changing state (resolving with what to do to the children) and recording decisions.
import { queryOptions } from '@tanstack/react-query';
import {
  type AddDecisionInput,
  childList,
  type DeclareIncidentInput,
  incidentList,
  incidentView,
  type UpdateIncidentInput,
} from '../../../src/features/incidents/schemas.ts';
import { apiRequest } from './client.ts';

export type { IncidentSummary, IncidentView } from '../../../src/features/incidents/schemas.ts';

export const incidentKeys = {
  all: ['incidents'] as const,
  list: ['incidents', 'list'] as const,
  one: (number: string) => ['incidents', 'one', number] as const,
  children: (number: string) => ['incidents', 'children', number] as const,
};

export const incidentListQuery = queryOptions({
  queryKey: incidentKeys.list,
  queryFn: () => apiRequest('GET', '/api/v1/incidents?state=all&limit=50', { schema: incidentList }),
});

export const incidentQuery = (number: string) =>
  queryOptions({
    queryKey: incidentKeys.one(number),
    queryFn: () => apiRequest('GET', `/api/v1/incidents/${encodeURIComponent(number)}`, { schema: incidentView }),
  });

export const incidentChildrenQuery = (number: string) =>
  queryOptions({
    queryKey: incidentKeys.children(number),
    queryFn: () =>
      apiRequest('GET', `/api/v1/incidents/${encodeURIComponent(number)}/children?limit=500`, { schema: childList }),
  });

export const declareIncident = (body: Partial<DeclareIncidentInput> & Pick<DeclareIncidentInput, 'kind'>) =>
  apiRequest('POST', '/api/v1/incidents', { body, schema: incidentView });

export const updateIncident = (number: string, body: Partial<UpdateIncidentInput> & { version: number }) =>
  apiRequest('PATCH', `/api/v1/incidents/${encodeURIComponent(number)}`, { body, schema: incidentView });

export const addDecision = (number: string, body: Partial<AddDecisionInput> & { body: string }) =>
  apiRequest('POST', `/api/v1/incidents/${encodeURIComponent(number)}/timeline`, { body, schema: incidentView });
