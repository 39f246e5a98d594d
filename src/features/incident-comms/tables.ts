// Incident communications (migration 0040, docs/incidents.md): the commander's timed updates, and each incident's
// communication state (the promised next update and the promise each reminder was already sent for).
import { sql } from 'drizzle-orm';
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { tstz } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { incidents } from '../incidents/tables.ts';

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
