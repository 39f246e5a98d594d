// SLA tables: service calendars, policies (targets by priority, conditions, calendar, pausing statuses) and each
// ticket's SLA row (the hospital policy that applied, its timeline, the hospital's computed clocks, the providers'
// contract clocks and the sweep's next look).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tstz } from '../../platform/db/columns.ts';
import { STATUSES } from '../tickets/rules/vocabulary.ts';
import { tickets } from '../tickets/tables.ts';
import type { Closure, WeeklyHours } from './rules/calendar.ts';
import { CLOCK_STATES, type TimelineEntry } from './rules/clock.ts';
import type { ContractClockRecord } from './rules/contract.ts';
import type { PolicyMatch, PriorityTargets } from './rules/policy.ts';

export const slaCalendars = pgTable(
  'sla_calendars',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    // null: the ticket's facility's time zone (one business-hours calendar serves every facility in its own zone).
    timeZone: text('time_zone'),
    alwaysOpen: boolean('always_open').notNull(),
    weekly: jsonb('weekly').$type<WeeklyHours[]>().notNull(),
    closures: jsonb('closures').$type<Closure[]>().notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sla_calendars_name_key').on(sql`lower(${t.name})`)],
);

export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull(),
    active: boolean('active').notNull().default(true),
    match: jsonb('match').$type<PolicyMatch>().notNull(),
    calendarId: uuid('calendar_id')
      .notNull()
      .references(() => slaCalendars.id),
    targets: jsonb('targets').$type<PriorityTargets>().notNull(),
    pauseStatuses: text('pause_statuses', { enum: STATUSES }).array().notNull(),
    atRiskPercent: smallint('at_risk_percent').notNull(),
    // A contract's clock stands still while the vendor needs information from the hospital (migration 0052).
    pauseOnVendorNeedsInfo: boolean('pause_on_vendor_needs_info').notNull().default(true),
    version: integer('version').notNull().default(1),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sla_policies_name_key').on(sql`lower(${t.name})`),
    check('sla_policies_at_risk_check', sql`${t.atRiskPercent} between 1 and 99`),
  ],
);

/** One row per ticket: written in the same transaction as every change to the ticket, and by the sweep. */
/** One row: a stamp every change to the calendars or policies replaces (a trigger; migration 0056). The server keeps
 *  the settings it read under the stamp (service.ts, `loadSettings`). */
export const slaSettingsStamp = pgTable(
  'sla_settings_stamp',
  {
    id: boolean('id').primaryKey().default(true),
    stamp: uuid('stamp').notNull().defaultRandom(),
  },
  (t) => [check('sla_settings_stamp_one_row', sql`${t.id}`)],
);

export const ticketSla = pgTable(
  'ticket_sla',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    policyId: uuid('policy_id').references(() => slaPolicies.id),
    policyName: text('policy_name'),
    calendarId: uuid('calendar_id').references(() => slaCalendars.id),
    timeZone: text('time_zone'),
    priority: smallint('priority').notNull(),
    timeline: jsonb('timeline').$type<TimelineEntry[]>().notNull(),
    responseTargetMs: bigint('response_target_ms', { mode: 'number' }),
    resolutionTargetMs: bigint('resolution_target_ms', { mode: 'number' }),
    responseState: text('response_state', { enum: CLOCK_STATES }), // running, paused, stopped (null: no policy applies)
    resolutionState: text('resolution_state', { enum: CLOCK_STATES }),
    responseElapsedMs: bigint('response_elapsed_ms', { mode: 'number' }).notNull().default(0),
    resolutionElapsedMs: bigint('resolution_elapsed_ms', { mode: 'number' }).notNull().default(0),
    responseDueAt: tstz('response_due_at'),
    resolutionDueAt: tstz('resolution_due_at'),
    responseBreachedAt: tstz('response_breached_at'),
    resolutionBreachedAt: tstz('resolution_breached_at'),
    atRisk: boolean('at_risk').notNull().default(false),
    breached: boolean('breached').notNull().default(false),
    // What has been announced, so each at-risk and breach event goes out once, whichever instance sweeps.
    responseAtRiskNotified: boolean('response_at_risk_notified').notNull().default(false),
    responseBreachNotified: boolean('response_breach_notified').notNull().default(false),
    resolutionAtRiskNotified: boolean('resolution_at_risk_notified').notNull().default(false),
    resolutionBreachNotified: boolean('resolution_breach_notified').notNull().default(false),
    elapsedByHolder: jsonb('elapsed_by_holder').$type<Record<string, number>>().notNull(),
    // The providers' contract clocks beside the hospital's (migration 0051): one per holding period, oldest first.
    contractClocks: jsonb('contract_clocks').$type<ContractClockRecord[]>().notNull().default([]),
    nextCheckAt: tstz('next_check_at'),
    computedAt: tstz('computed_at').notNull(),
  },
  (t) => [
    index('ticket_sla_next_check_idx').on(t.nextCheckAt).where(sql`${t.nextCheckAt} IS NOT NULL`),
    index('ticket_sla_at_risk_idx').on(t.resolutionDueAt).where(sql`${t.atRisk} or ${t.breached}`),
    // "Is this open ticket's clock at risk or breached?", for each open ticket of the view counts (migration 0059).
    index('ticket_sla_flagged_idx').on(t.ticketId).where(sql`${t.atRisk} or ${t.breached}`),
    index('ticket_sla_policy_idx').on(t.policyId),
    index('ticket_sla_computed_idx').on(t.computedAt), // the reports' incremental refresh
    check('ticket_sla_response_state_check', sql`${t.responseState} in ('running','paused','stopped')`),
    check('ticket_sla_resolution_state_check', sql`${t.resolutionState} in ('running','paused','stopped')`),
  ],
);
