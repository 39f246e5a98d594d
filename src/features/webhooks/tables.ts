// Webhook tables (migration 0047): subscriptions (secrets sealed), one delivery per (subscription, event), each
// attempt for the delivery log, and the outbox consumer's position.
import { bigint, boolean, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { tstz, xid8 } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { providers } from '../directory/tables.ts';
import { DELIVERY_STATUSES, OWNER_KINDS, WEBHOOK_EVENT_TYPES } from './rules/delivery.ts';

export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  ownerKind: text('owner_kind', { enum: OWNER_KINDS }).notNull(),
  /** The vendor's provider (owner kind "vendor"): its subscription carries only what its engineers may read. */
  providerId: uuid('provider_id').references(() => providers.id, { onDelete: 'cascade' }),
  eventTypes: text('event_types', { enum: WEBHOOK_EVENT_TYPES }).array().notNull(),
  filterProviderIds: uuid('filter_provider_ids').array().notNull().default([]),
  filterFacilityIds: uuid('filter_facility_ids').array().notNull().default([]),
  filterServiceIds: uuid('filter_service_ids').array().notNull().default([]),
  active: boolean('active').notNull().default(true),
  secretSealed: text('secret_sealed').notNull(),
  previousSecretSealed: text('previous_secret_sealed'),
  previousSecretUntil: tstz('previous_secret_until'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  failingSince: tstz('failing_since'),
  disabledAt: tstz('disabled_at'),
  disabledReason: text('disabled_reason'),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** Also the `webhook-id` header: the same on every attempt, so a receiver can drop duplicates. */
    id: uuid('id').primaryKey(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    /** The JSON sent, fixed when the delivery is made: every attempt sends the same bytes. */
    body: text('body').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    /** When the day of retries began (the first attempt, or a manual redelivery). */
    windowStartedAt: tstz('window_started_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    deliveredAt: tstz('delivered_at'),
  },
  (t) => [unique('webhook_deliveries_once').on(t.subscriptionId, t.eventId)],
);

export const webhookAttempts = pgTable('webhook_attempts', {
  id: uuid('id').primaryKey(),
  deliveryId: uuid('delivery_id')
    .notNull()
    .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
  at: tstz('at').notNull().defaultNow(),
  statusCode: integer('status_code'),
  error: text('error'),
  responseExcerpt: text('response_excerpt'),
  durationMs: integer('duration_ms').notNull(),
});

export const webhookOutboxCursor = pgTable('webhook_outbox_cursor', {
  name: text('name').primaryKey(),
  txid: xid8('txid').notNull(),
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
});
