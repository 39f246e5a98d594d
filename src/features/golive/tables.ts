// Go-live tables (migration 0041, docs/golive.md): the event, its zones and their units, the roster's shifts, the
// issues logged through it (one row per go-live ticket) and the known issues broadcast to support staff.
import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { tstz } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { people, providers, units } from '../directory/tables.ts';
import { kbArticles } from '../knowledge/tables.ts';
import { tickets } from '../tickets/tables.ts';
import { GOLIVE_CATEGORIES, SHIFT_ROLES } from './rules.ts';

export const goLiveEvents = pgTable(
  'golive_events',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    facilityIds: uuid('facility_ids').array().notNull(),
    timeZone: text('time_zone').notNull(),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at').notNull(),
    roundTheClockDays: integer('round_the_clock_days').notNull(),
    scaledOpenHour: integer('scaled_open_hour').notNull(),
    scaledCloseHour: integer('scaled_close_hour').notNull(),
    /** The go-live's phone lines: the dialled numbers or queues the phone system names (`dialledLine`). */
    phoneLines: text('phone_lines').array().notNull().default(sql`'{}'::text[]`),
    /** Bumped by every edit of the go-live's own fields: a save based on an older one is a 409 (migration 0050). */
    version: integer('version').notNull().default(1),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('golive_events_dates_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('golive_events_hours_check', sql`${t.scaledCloseHour} > ${t.scaledOpenHour}`),
  ],
);

export const goLiveZones = pgTable(
  'golive_zones',
  {
    id: uuid('id').primaryKey(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => goLiveEvents.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    leaderPersonId: uuid('leader_person_id').references(() => people.id),
    /** Bumped by every edit of the zone (name, leader, units): a save based on an older one is a 409. */
    version: integer('version').notNull().default(1),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [unique('golive_zones_name_key').on(t.eventId, t.name)],
);

export const goLiveZoneUnits = pgTable(
  'golive_zone_units',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => goLiveEvents.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => goLiveZones.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ name: 'golive_zone_units_pkey', columns: [t.eventId, t.unitId] })],
);

export const goLiveShifts = pgTable('golive_shifts', {
  id: uuid('id').primaryKey(),
  eventId: uuid('event_id')
    .notNull()
    .references(() => goLiveEvents.id, { onDelete: 'cascade' }),
  zoneId: uuid('zone_id').references(() => goLiveZones.id, { onDelete: 'cascade' }),
  personId: uuid('person_id')
    .notNull()
    .references(() => people.id),
  providerId: uuid('provider_id').references(() => providers.id),
  role: text('role', { enum: SHIFT_ROLES }).notNull(),
  startsAt: tstz('starts_at').notNull(),
  endsAt: tstz('ends_at').notNull(),
  checkedInAt: tstz('checked_in_at'),
  checkedOutAt: tstz('checked_out_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const goLiveIssues = pgTable('golive_issues', {
  ticketId: uuid('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  eventId: uuid('event_id')
    .notNull()
    .references(() => goLiveEvents.id, { onDelete: 'cascade' }),
  zoneId: uuid('zone_id').references(() => goLiveZones.id, { onDelete: 'set null' }),
  category: text('category', { enum: GOLIVE_CATEGORIES }).notNull(),
  loggedByPersonId: uuid('logged_by_person_id').references(() => people.id),
  resolvedOnSpot: boolean('resolved_on_spot').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const goLiveKnownIssues = pgTable('golive_known_issues', {
  id: uuid('id').primaryKey(),
  eventId: uuid('event_id')
    .notNull()
    .references(() => goLiveEvents.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  workaround: text('workaround').notNull(),
  ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
  articleId: uuid('article_id').references(() => kbArticles.id),
  publishedBy: uuid('published_by').references(() => users.id),
  publishedAt: tstz('published_at').notNull().defaultNow(),
  retiredAt: tstz('retired_at'),
});
