// Email in: every message received is kept first (durable intake, one row per Message-ID), then processed into a
// ticket or a comment, ignored (auto-replies, bounces) or quarantined with a reason an administrator reads.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, tstz } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { people } from '../directory/tables.ts';
import { tickets } from '../tickets/tables.ts';
import { MESSAGE_OUTCOMES, MESSAGE_SOURCES, MESSAGE_STATES } from './rules/vocabulary.ts';

export const emailMessages = pgTable(
  'email_messages',
  {
    id: uuid('id').primaryKey(),
    /** The normalised Message-ID (`<…>`, lower case), or one made from the content's hash when it has none. */
    messageId: text('message_id').notNull(),
    source: text('source', { enum: MESSAGE_SOURCES }).notNull(),
    /** Where it came from: the relay's address, the envelope, the mailbox and UID. */
    sourceDetail: jsonb('source_detail').notNull().default({}),
    size: integer('size').notNull(),
    raw: bytea('raw').notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    state: text('state', { enum: MESSAGE_STATES }).notNull().default('received'),
    outcome: text('outcome', { enum: MESSAGE_OUTCOMES }),
    /** Why it is quarantined or ignored, in words an administrator understands. */
    reason: text('reason'),
    /** The From address (lower case), once read: the per-sender rate limit counts by it. */
    sender: text('sender'),
    subject: text('subject'),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    /** What the desk should know: unverified sender, identity verification, likely PHI. */
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    attempts: integer('attempts').notNull().default(0),
    processedAt: tstz('processed_at'),
    /** When the raw message was deleted after the retention period (migration 0028); the row stays as the record. */
    rawPurgedAt: tstz('raw_purged_at'),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('email_messages_message_id_key').on(t.messageId),
    index('email_messages_pending_idx').on(t.receivedAt).where(sql`${t.state} = 'received'`),
    index('email_messages_state_idx').on(t.state, t.receivedAt),
    index('email_messages_sender_idx').on(t.sender, t.receivedAt),
    index('email_messages_unpurged_idx').on(t.receivedAt).where(sql`${t.rawPurgedAt} IS NULL`),
    check('email_messages_source_check', sql`${t.source} in ('smtp','imap')`),
    check(
      'email_messages_state_check',
      sql`${t.state} in ('received','processed','ignored','quarantined','discarded')`,
    ),
  ],
);

/** People the desk learned of only from an email's From: unverified until an agent confirms who they are. */
export const emailSenders = pgTable(
  'email_senders',
  {
    personId: uuid('person_id')
      .primaryKey()
      .references(() => people.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('email_senders_email_key').on(t.email)],
);

/** A mailbox polled over IMAP: who holds the lease to poll it, and what an administrator needs to see. */
export const emailImapMailboxes = pgTable('email_imap_mailboxes', {
  /** The account and folder, as `user@host:port/INBOX` (never the password). */
  mailbox: text('mailbox').primaryKey(),
  /** The app instance polling it while the lease lasts. */
  holder: text('holder'),
  leaseUntil: tstz('lease_until'),
  /** The folder's UIDVALIDITY when last opened (a change means its UIDs were renumbered). */
  uidValidity: text('uid_validity'),
  lastPollAt: tstz('last_poll_at'),
  /** Messages taken from it (stored, then moved or flagged). */
  taken: integer('taken').notNull().default(0),
  lastError: text('last_error'),
  lastErrorAt: tstz('last_error_at'),
});
