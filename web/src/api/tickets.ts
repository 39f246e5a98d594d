// Ticket API calls and their query keys. Shapes come from the server's schemas (src/features/tickets/schemas.ts).
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import type { savedViewBody, savedViewView } from '../../../src/features/tickets/schemas.ts';
import {
  activityView,
  type attachmentBody,
  type commentBody,
  type escalationBody,
  type ListQuery,
  type linkBody,
  type OpenTicketInput,
  type TicketDetail,
  ticketDetail,
  ticketPage,
  type UpdateTicketInput,
  type vendorCaseBody,
  vendorQueue,
  viewCounts,
} from '../../../src/features/tickets/schemas.ts';
import { apiRequest } from './client.ts';

/** The list query as the page holds it: every filter optional, lists as arrays. */
export type TicketListParams = Partial<Omit<ListQuery, 'patientCareAffected'>> & { patientCareAffected?: boolean };

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => ['tickets', 'list'] as const,
  list: (params: TicketListParams) => ['tickets', 'list', params] as const,
  views: () => ['tickets', 'views'] as const,
  savedViews: () => ['tickets', 'saved-views'] as const,
  detail: (number: string) => ['tickets', 'detail', number.toUpperCase()] as const,
  // Under the detail key, so refreshing a ticket refreshes its timeline too.
  timeline: (number: string) => ['tickets', 'detail', number.toUpperCase(), 'timeline'] as const,
};

export function toSearchParams(params: TicketListParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
      continue;
    }
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const ticketListQuery = (params: TicketListParams) =>
  queryOptions({
    queryKey: ticketKeys.list(params),
    queryFn: () => apiRequest('GET', `/api/v1/tickets${toSearchParams(params)}`, { schema: ticketPage }),
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });

export const viewCountsQuery = queryOptions({
  queryKey: ticketKeys.views(),
  queryFn: () => apiRequest('GET', '/api/v1/tickets/views', { schema: viewCounts }),
  staleTime: 15_000,
});

export const ticketQuery = (number: string) =>
  queryOptions({
    queryKey: ticketKeys.detail(number),
    queryFn: () => apiRequest('GET', `/api/v1/tickets/${encodeURIComponent(number)}`, { schema: ticketDetail }),
  });

export const timelineQuery = (number: string) =>
  queryOptions({
    queryKey: ticketKeys.timeline(number),
    queryFn: () => apiRequest('GET', ticketPath(number, '/timeline'), { schema: z.array(activityView) }),
  });

const ticketPath = (number: string, rest = '') => `/api/v1/tickets/${encodeURIComponent(number)}${rest}`;

export function openTicket(body: Partial<OpenTicketInput> & { summary: string }): Promise<TicketDetail> {
  return apiRequest('POST', '/api/v1/tickets', { body, schema: ticketDetail });
}

export function updateTicket(number: string, body: UpdateTicketInput): Promise<TicketDetail> {
  return apiRequest('PATCH', ticketPath(number), { body, schema: ticketDetail });
}

export function addComment(number: string, body: z.input<typeof commentBody>): Promise<void> {
  return apiRequest('POST', ticketPath(number, '/comments'), { body });
}

export function escalateTicket(number: string, body: z.input<typeof escalationBody>): Promise<TicketDetail> {
  return apiRequest('POST', ticketPath(number, '/escalations'), { body, schema: ticketDetail });
}

/** The holding vendor's case state (docs/vendors.md); "returned" hands the ticket back to the desk. */
export function setVendorCase(number: string, body: z.input<typeof vendorCaseBody>): Promise<TicketDetail> {
  return apiRequest('POST', ticketPath(number, '/vendor-case'), { body, schema: ticketDetail });
}

/** A vendor engineer's queue: what their provider holds now, the most urgent contract clock first. */
export const vendorQueueQuery = queryOptions({
  queryKey: [...ticketKeys.lists(), 'vendor-queue'] as const,
  queryFn: () => apiRequest('GET', '/api/v1/tickets/vendor-queue', { schema: vendorQueue }),
  staleTime: 15_000,
});

export function linkTicket(number: string, body: z.input<typeof linkBody>): Promise<void> {
  return apiRequest('POST', ticketPath(number, '/links'), { body });
}

export function attachFile(number: string, body: z.input<typeof attachmentBody>): Promise<void> {
  return apiRequest('POST', ticketPath(number, '/attachments'), { body });
}

export function attachmentHref(number: string, attachmentId: string): string {
  return ticketPath(number, `/attachments/${encodeURIComponent(attachmentId)}`);
}

export function confirmFix(number: string, body: { fixed: boolean; comment?: string }): Promise<TicketDetail> {
  return apiRequest('POST', ticketPath(number, '/confirm'), { body, schema: ticketDetail });
}

export type SavedView = z.infer<typeof savedViewView>;
export type SavedViewInput = z.input<typeof savedViewBody>;

// Saved views' schemas sit beside their routes, in a module that also loads the database driver, so the web app
// imports only their types. Replies are checked just enough to draw them.
const isSavedView = (value: unknown): value is SavedView => {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, filter } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof name === 'string' && typeof filter === 'object' && filter !== null;
};
const savedViewReply = z.custom<SavedView>(isSavedView);

export const savedViewsQuery = queryOptions({
  queryKey: ticketKeys.savedViews(),
  queryFn: () => apiRequest('GET', '/api/v1/tickets/saved-views', { schema: z.array(savedViewReply) }),
  staleTime: 60_000,
});

export function saveView(body: SavedViewInput): Promise<SavedView> {
  return apiRequest('POST', '/api/v1/tickets/saved-views', { body, schema: savedViewReply });
}

export function deleteSavedView(id: string): Promise<void> {
  return apiRequest('DELETE', `/api/v1/tickets/saved-views/${encodeURIComponent(id)}`);
}
