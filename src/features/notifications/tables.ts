// Notification tables (migration 0023): the one settings row, administrators' templates, each person's preferences,
// the deliveries queue (mail and pager, with retries) and the outbox consumer's position.
import { sql } from 'drizzle-orm';
import { bigint, check, integer, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { tstz, xid8 } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { groups } from '../directory/tables.ts';
import { tickets } from '../tickets/tables.ts';
import { CHANNELS, DELIVERY_CHANNELS, DELIVERY_STATUSES, NOTIFICATION_KINDS } from './rules/vocabulary.ts';

export const notificationSettings = pgTable(
  'notification_settings',
  {
    id: smallint('id').primaryKey().default(1),
    fullTextDomain: text('full_text_domain'),
    pagerUrl: text('pager_url'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [check('notification_settings_one_row', sql`${t.id} = 1`)],
);

export const notificationTemplates = pgTable('notification_templates', {
  kind: text('kind', { enum: NOTIFICATION_KINDS }).primaryKey(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => users.id),
});

export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

export const notificationDeliveries = pgTable('notification_deliveries', {
  id: uuid('id').primaryKey(),
  eventId: bigint('event_id', { mode: 'number' }),
  kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
  channel: text('channel', { enum: DELIVERY_CHANNELS }).notNull(),
  ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  /** The Message-ID of the mail this one answers (email in's requests), beside the ticket's thread id. */
  inReplyTo: text('in_reply_to'),
  status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
  lastError: text('last_error'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  sentAt: tstz('sent_at'),
});

export const notificationOutboxCursor = pgTable('notification_outbox_cursor', {
  name: text('name').primaryKey(),
  txid: xid8('txid').notNull(),
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
});

/** Which group was told of a ticket at which urgent priority (migration 0028): once per ticket, group and level. */
export const notificationUrgentTold = pgTable(
  'notification_urgent_told',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    priority: smallint('priority').notNull(),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.groupId, t.priority] }),
    check('notification_urgent_told_priority_check', sql`${t.priority} BETWEEN 1 AND 2`),
  ],
);
