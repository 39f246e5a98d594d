// Outbound webhooks (Admin → Webhooks): subscriptions, their signing secrets (shown once), the delivery log and
// redelivery. Shapes come from src/features/webhooks/schemas.ts.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type createSubscriptionBody,
  deliveriesView,
  deliveryView,
  subscriptionsView,
  subscriptionView,
  subscriptionWithSecret,
  type UpdateSubscriptionInput,
} from '../../../src/features/webhooks/schemas.ts';
import { apiRequest } from './client.ts';

export type SubscriptionView = z.infer<typeof subscriptionView>;
export type DeliveryView = z.infer<typeof deliveryView>;

export const webhookKeys = {
  all: ['webhooks'] as const,
  deliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
};

export const webhooksQuery = queryOptions({
  queryKey: webhookKeys.all,
  queryFn: () => apiRequest('GET', '/api/v1/webhooks', { schema: subscriptionsView }),
  // Counts, failures and an automatic switch-off change without anyone acting on this page.
  refetchInterval: 10_000,
});

export const deliveriesQuery = (id: string) =>
  queryOptions({
    queryKey: webhookKeys.deliveries(id),
    queryFn: () => apiRequest('GET', `/api/v1/webhooks/${id}/deliveries?limit=50`, { schema: deliveriesView }),
    // A delivery waiting for its next try changes on its own: keep the log current while it is open.
    refetchInterval: 5_000,
  });

export type NewWebhook = z.input<typeof createSubscriptionBody>;
export const createWebhook = (body: NewWebhook) =>
  apiRequest('POST', '/api/v1/webhooks', { body, schema: subscriptionWithSecret });
export const updateWebhook = (id: string, body: UpdateSubscriptionInput) =>
  apiRequest('PATCH', `/api/v1/webhooks/${id}`, { body, schema: subscriptionView });
export const rotateWebhookSecret = (id: string, version: number) =>
  apiRequest('POST', `/api/v1/webhooks/${id}/rotate-secret`, { body: { version }, schema: subscriptionWithSecret });
export const redeliver = (id: string, deliveryId: string) =>
  apiRequest('POST', `/api/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`, { schema: deliveryView });
export const deleteWebhook = (id: string) => apiRequest('DELETE', `/api/v1/webhooks/${id}`);
