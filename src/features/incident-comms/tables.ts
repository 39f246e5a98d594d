// Incident communications (migration 0040, docs/incidents.md): the commander's timed updates, and each incident's
// communication state (the promised next update and the promise each reminder was already sent for).
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tstz } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { units } from '../directory/tables.ts';
import { incidents } from '../incidents/tables.ts';
import { RECOVERY_ITEM_KEYS } from './rules/checklist.ts';
import { DEFAULT_DOWNTIME_OVERHEAD, SAFER_DIMENSIONS, type SaferDimension } from './rules/review.ts';

/** Public text (no PHI: refused on entry) for the status page, banners and notices; the internal note for the desk. */
export const incidentUpdates = pgTable(
  'incident_updates',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    publicText: text('public_text').notNull(),
    internalNote: text('internal_note'),
    nextUpdateAt: tstz('next_update_at'),
    authorId: uuid('author_id').references(() => users.id),
    postedAt: tstz('posted_at').notNull().defaultNow(),
  },
  (t) => [index('incident_updates_incident_idx').on(t.incidentId, t.postedAt)],
);

/** One row per incident that has communicated: what the reminder job claims with SKIP LOCKED. */
export const incidentComms = pgTable(
  'incident_comms',
  {
    incidentId: uuid('incident_id')
      .primaryKey()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    nextUpdateAt: tstz('next_update_at'),
    dueRemindedFor: tstz('due_reminded_for'),
    overdueRemindedFor: tstz('overdue_reminded_for'),
  },
  (t) => [index('incident_comms_next_update_idx').on(t.nextUpdateAt).where(sql`${t.nextUpdateAt} is not null`)],
);

/** The recovery checklist: the template's items for each affected unit, assigned and tracked to done (who, when). */
export const incidentRecoveryItems = pgTable(
  'incident_recovery_items',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    itemKey: text('item_key', { enum: RECOVERY_ITEM_KEYS }).notNull(),
    title: text('title').notNull(),
    position: integer('position').notNull(),
    assigneeId: uuid('assignee_id').references(() => users.id),
    doneAt: tstz('done_at'),
    doneBy: uuid('done_by').references(() => users.id),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'incident_recovery_items_key_check',
      sql`${t.itemKey} in ('back_entry_orders','back_entry_results','mrn_reconciliation','unit_verification')`,
    ),
    check('incident_recovery_items_done_check', sql`(${t.doneAt} is null) = (${t.doneBy} is null)`),
    uniqueIndex('incident_recovery_items_unit_key').on(t.incidentId, t.unitId, t.itemKey),
  ],
);

/**
 * The planned-downtime notices sent (migration 0044): one per downtime, notice point (hours before the start) and
 * scheduled start (a downtime moved to another start is announced again), written with the notice's outbox event.
 */
export const incidentPlannedNotices = pgTable(
  'incident_planned_notices',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    hoursBefore: integer('hours_before').notNull(),
    scheduledStart: tstz('scheduled_start').notNull(),
    sentAt: tstz('sent_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.hoursBefore, t.scheduledStart] })],
);

/**
 * The post-incident review (migration 0043): one per incident, written once it is resolved or closed. The timeline is
 * the incident's own (read live) with an editable summary; the impact is computed from the data each time it is read,
 * with the overhead (a stated assumption) kept here; the cause is a SAFER dimension and free text. No PHI: every free
 * text is refused when it looks like patient information.
 */
export const incidentReviews = pgTable(
  'incident_reviews',
  {
    incidentId: uuid('incident_id')
      .primaryKey()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    timelineSummary: text('timeline_summary').notNull().default(''),
    causeDimension: text('cause_dimension', { enum: SAFER_DIMENSIONS }),
    causeText: text('cause_text').notNull().default(''),
    /** Contributing factors: each a SAFER dimension (or none) and a line of text. */
    contributingFactors: jsonb('contributing_factors')
      .$type<{ dimension: SaferDimension | null; text: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    overhead: doublePrecision('overhead').notNull().default(DEFAULT_DOWNTIME_OVERHEAD),
    /** Why this overhead: the stated assumption behind the clinician time lost. */
    overheadBasis: text('overhead_basis').notNull().default(''),
    completedAt: tstz('completed_at'),
    completedBy: uuid('completed_by').references(() => users.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check(
      'incident_reviews_cause_check',
      sql`${t.causeDimension} is null or ${t.causeDimension} in ('hardware_software','clinical_content','human_computer_interface','people','workflow_communication','internal_organization','external_rules','measurement_monitoring')`,
    ),
    check('incident_reviews_overhead_check', sql`${t.overhead} >= 0 and ${t.overhead} <= 1`),
    check('incident_reviews_completed_check', sql`(${t.completedAt} is null) = (${t.completedBy} is null)`),
  ],
);

/** The review's actions: what will be done so it does not happen again, with an owner and a due date, tracked to done. */
export const incidentReviewActions = pgTable(
  'incident_review_actions',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidentReviews.incidentId, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    ownerId: uuid('owner_id').references(() => users.id),
    dueOn: date('due_on', { mode: 'string' }),
    doneAt: tstz('done_at'),
    doneBy: uuid('done_by').references(() => users.id),
    position: integer('position').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('incident_review_actions_incident_idx').on(t.incidentId, t.position),
    index('incident_review_actions_owner_idx').on(t.ownerId).where(sql`${t.doneAt} is null`),
    check('incident_review_actions_done_check', sql`(${t.doneAt} is null) = (${t.doneBy} is null)`),
  ],
);

/**
 * The public status endpoint's requests per client key and minute (migration 0049, an UNLOGGED table: counters
 * that may be lost in a crash, never worth a write-ahead log). Swept by the `status-throttle-sweep` job.
 */
export const statusRequestWindows = pgTable(
  'status_request_windows',
  {
    clientKey: text('client_key').notNull(),
    windowStart: tstz('window_start').notNull(),
    hits: integer('hits').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.clientKey, t.windowStart] }),
    index('status_request_windows_start_idx').on(t.windowStart),
  ],
);
