// Major incidents and EHR downtime (docs/incidents.md): the list, one incident with its children and timeline,
// declaring, changing state (resolving with what to do to the children) and recording decisions.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type AddDecisionInput,
  childList,
  type DeclareIncidentInput,
  incidentList,
  incidentView,
  leadList,
  linkResult,
  matchingView,
  ticketOutageView,
  type UpdateIncidentInput,
} from '../../../src/features/incidents/schemas.ts';
import { apiRequest } from './client.ts';

export type { ChildView, IncidentSummary, IncidentView } from '../../../src/features/incidents/schemas.ts';

export const incidentKeys = {
  all: ['incidents'] as const,
  list: ['incidents', 'list'] as const,
  one: (number: string) => ['incidents', 'one', number] as const,
  children: (number: string) => ['incidents', 'children', number] as const,
  leads: ['incidents', 'leads'] as const,
  matching: (query: string) => ['incidents', 'matching', query] as const,
  outage: (ticket: string) => ['incidents', 'outage', ticket] as const,
};

export type MatchingIncident = z.infer<typeof matchingView>['items'][number];
export type TicketOutage = NonNullable<z.infer<typeof ticketOutageView>['outage']>;

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

/** The desk staff who may be named to lead an incident (the roles form). */
export const incidentLeadsQuery = queryOptions({
  queryKey: incidentKeys.leads,
  queryFn: () => apiRequest('GET', '/api/v1/incidents/leads', { schema: leadList }),
  staleTime: 5 * 60_000,
});

/** The open incidents a ticket being typed would attach to; `query` comes from outageFacts.ts (matchingQueryString). */
export const matchingIncidentsQuery = (query: string) =>
  queryOptions({
    queryKey: incidentKeys.matching(query),
    queryFn: () => apiRequest('GET', `/api/v1/incidents/matching?${query}`, { schema: matchingView }),
    staleTime: 30_000,
  });

/** Whether a ticket is part of a known outage (its public part only). */
export const ticketOutageQuery = (ticket: string) =>
  queryOptions({
    queryKey: incidentKeys.outage(ticket),
    queryFn: () =>
      apiRequest('GET', `/api/v1/tickets/${encodeURIComponent(ticket)}/outage`, { schema: ticketOutageView }),
  });

/** Links a ticket to the incident (or accepts the suggestion) and, with `reply`, sends the incident's public reply. */
export const linkIncidentChild = (number: string, body: { ticket: string; reply: boolean }) =>
  apiRequest('POST', `/api/v1/incidents/${encodeURIComponent(number)}/children`, { body, schema: linkResult });

/** Unlinks a ticket (saying why), or dismisses the suggestion (it is not suggested again). */
export const dismissIncidentChild = (number: string, ticket: string, reason?: string) =>
  apiRequest('DELETE', `/api/v1/incidents/${encodeURIComponent(number)}/children/${encodeURIComponent(ticket)}`, {
    ...(reason ? { body: { reason } } : {}),
    schema: incidentView,
  });
