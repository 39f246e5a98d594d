// Phone channel API calls: presence, live contacts (screen pop), linking a call to a ticket, the wallboard.
// Shapes come from the server's schemas (src/features/routing/schemas.ts).
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { contactView, presenceView, wallboardView } from '../../../src/features/routing/schemas.ts';
import { apiRequest } from './client.ts';

export type Presence = z.infer<typeof presenceView>;
export type ContactDetail = z.infer<typeof contactView>;
export type Wallboard = z.infer<typeof wallboardView>;
export type SettableState = 'available' | 'wrap_up' | 'away' | 'offline';

export const routingKeys = {
  presence: ['presence', 'me'] as const,
  contact: (id: string) => ['contacts', id] as const,
  wallboard: ['wallboard'] as const,
};

export const presenceQuery = queryOptions({
  queryKey: routingKeys.presence,
  queryFn: () => apiRequest('GET', '/api/v1/presence/me', { schema: presenceView }),
});

export function setPresence(state: SettableState, extension?: string | null): Promise<Presence> {
  return apiRequest('PUT', '/api/v1/presence/me', {
    body: extension === undefined ? { state } : { state, extension },
    schema: presenceView,
  });
}

export function sendHeartbeat(): Promise<Presence> {
  return apiRequest('POST', '/api/v1/presence/heartbeat', { schema: presenceView });
}

export const contactQuery = (id: string) =>
  queryOptions({
    queryKey: routingKeys.contact(id),
    queryFn: () => apiRequest('GET', `/api/v1/contacts/${encodeURIComponent(id)}`, { schema: contactView }),
  });

const linked = z.object({ tickets: z.array(z.object({ number: z.string(), relation: z.string() })) });

export function linkContactTicket(id: string, ticketNumber: string, relation: 'opened' | 'linked') {
  return apiRequest('POST', `/api/v1/contacts/${encodeURIComponent(id)}/tickets`, {
    body: { ticketNumber, relation },
    schema: linked,
  });
}

export const wallboardQuery = queryOptions({
  queryKey: routingKeys.wallboard,
  queryFn: () => apiRequest('GET', '/api/v1/wallboard', { schema: wallboardView }),
  refetchInterval: 5_000,
});
