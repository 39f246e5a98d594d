// Caller verification tables (migration 0029): one verification per credential request on a ticket, every attempt
// at checking the caller (method, outcome, who), and the alerts sent to the desk manager and security.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tstz } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { people } from '../directory/tables.ts';
import { tickets } from '../tickets/tables.ts';
import { METHODS, OUTCOMES, REQUEST_KINDS, RISK_LEVELS, SIGNALS, STATES } from './rules/vocabulary.ts';

export const verifications = pgTable(
  'verifications',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    subjectPersonId: uuid('subject_person_id')
      .notNull()
      .references(() => people.id),
    request: text('request', { enum: REQUEST_KINDS }).notNull(),
    riskLevel: text('risk_level', { enum: RISK_LEVELS }).notNull(),
    riskReasons: jsonb('risk_reasons').$type<string[]>().notNull(),
    signals: text('signals', { enum: SIGNALS }).array().notNull(),
    // The requirement as the policy set it when the verification started: a later policy change does not move it.
    methods: text('methods', { enum: METHODS }).array().notNull(),
    required: integer('required').notNull(),
    fastPath: boolean('fast_path').notNull(),
    maxFailures: integer('max_failures').notNull(),
    validForMinutes: integer('valid_for_minutes').notNull(),
    state: text('state', { enum: STATES }).notNull(),
    verifiedAt: tstz('verified_at'),
    changedAt: tstz('changed_at'),
    changedBy: uuid('changed_by').references(() => users.id),
    startedBy: uuid('started_by')
      .notNull()
      .references(() => users.id),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('verifications_ticket_idx').on(t.ticketId, t.createdAt),
    index('verifications_subject_idx').on(t.subjectPersonId, t.createdAt),
    check('verifications_required_check', sql`${t.required} >= 0`),
  ],
);

export const verificationAttempts = pgTable(
  'verification_attempts',
  {
    id: uuid('id').primaryKey(),
    verificationId: uuid('verification_id')
      .notNull()
      .references(() => verifications.id, { onDelete: 'cascade' }),
    method: text('method', { enum: METHODS }).notNull(),
    outcome: text('outcome', { enum: OUTCOMES }).notNull(),
    /** Call-back: the number on file that was dialled. */
    phone: text('phone'),
    /** Supervisor confirmation: who confirmed. */
    confirmedByPersonId: uuid('confirmed_by_person_id').references(() => people.id),
    /** Video: what kind of photo ID was seen. No image is stored. */
    idKind: text('id_kind'),
    note: text('note'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('verification_attempts_verification_idx').on(t.verificationId, t.at)],
);

export const verificationAlerts = pgTable(
  'verification_alerts',
  {
    id: uuid('id').primaryKey(),
    subjectPersonId: uuid('subject_person_id')
      .notNull()
      .references(() => people.id),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    recent: integer('recent').notNull(),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('verification_alerts_subject_idx').on(t.subjectPersonId, t.at)],
);
