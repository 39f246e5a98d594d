// Incident communications (migration 0040, docs/incidents.md): the commander's timed updates, and each incident's
// communication state (the promised next update and the promise each reminder was already sent for).
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tstz } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { units } from '../directory/tables.ts';
import { incidents } from '../incidents/tables.ts';
import { RECOVERY_ITEM_KEYS } from './rules/checklist.ts';

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
