// Request and response schemas for webhooks (the administrators' subscriptions and delivery log). Shared with the web.
import { z } from 'zod';
import { text } from '../../platform/http/validation.ts';
import { DELIVERY_STATUSES, OWNER_KINDS, WEBHOOK_EVENT_TYPES } from './rules/delivery.ts';

export const eventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, {
  error: `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
});

const ids = z.array(z.uuid('must be a UUID')).max(100, 'at most 100');

const subscriptionFields = {
  name: text({ min: 1, max: 120 }),
  url: text({ min: 1, max: 2000 }),
  eventTypes: z
    .array(eventTypeSchema)
    .min(1, 'choose at least one event')
    .max(WEBHOOK_EVENT_TYPES.length)
    .refine((a) => new Set(a).size === a.length, 'lists an event twice'),
  providerIds: ids.default([]),
  facilityIds: ids.default([]),
  serviceIds: ids.default([]),
};

export const createSubscriptionBody = z
  .object({
    ...subscriptionFields,
    ownerKind: z.enum(OWNER_KINDS, { error: 'must be hospital or vendor' }),
    /** The vendor's provider (owner kind "vendor" only). */
    providerId: z.uuid('must be a UUID').nullable().default(null),
    active: z.boolean().default(true),
  })
  .strict();
export type CreateSubscriptionInput = z.infer<typeof createSubscriptionBody>;

export const updateSubscriptionBody = z
  .object({
    version: z.int().positive(),
    name: subscriptionFields.name.optional(),
    url: subscriptionFields.url.optional(),
    eventTypes: subscriptionFields.eventTypes.optional(),
    providerIds: ids.optional(),
    facilityIds: ids.optional(),
    serviceIds: ids.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdateSubscriptionInput = z.infer<typeof updateSubscriptionBody>;

export const subscriptionView = z.object({
  id: z.uuid(),
  name: z.string(),
  url: z.string(),
  ownerKind: z.enum(OWNER_KINDS),
  provider: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  eventTypes: z.array(eventTypeSchema),
  providerIds: z.array(z.uuid()),
  facilityIds: z.array(z.uuid()),
  serviceIds: z.array(z.uuid()),
  active: z.boolean(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  consecutiveFailures: z.int(),
  failingSince: z.string().nullable(),
  previousSecretUntil: z.string().nullable().describe('The rotated secret signs beside the new one until then'),
  pending: z.int(),
  failed: z.int(),
  delivered: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.int(),
});
export const subscriptionsView = z.object({ subscriptions: z.array(subscriptionView) });

/** The secret is shown once: in the answer to creating a subscription or rotating its secret, never again. */
export const subscriptionWithSecret = z.object({
  subscription: subscriptionView,
  secret: z.string().describe('whsec_… — shown this once; store it in the receiver'),
});

export const rotateBody = z.object({ version: z.int().positive() }).strict();

export const attemptView = z.object({
  at: z.string(),
  statusCode: z.int().nullable(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
  durationMs: z.int(),
});

export const deliveryView = z.object({
  id: z.uuid().describe('Also the webhook-id header'),
  eventId: z.int(),
  eventType: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.int(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  requestExcerpt: z.string(),
  log: z.array(attemptView),
});
export const deliveriesView = z.object({ deliveries: z.array(deliveryView) });

export const deliveriesQuery = z
  .object({
    status: z.enum(DELIVERY_STATUSES, { error: 'must be pending, delivered or failed' }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const deliveryParams = z.object({ id: z.uuid('must be a UUID'), deliveryId: z.uuid('must be a UUID') });
