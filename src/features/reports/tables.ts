// The reports' maintained aggregate: one row of facts per ticket (its FCR verdict, clocks, holders), refreshed as
// tickets and their SLA rows change and rebuildable from raw data (`clinidesk reports rebuild`). Reports sum these
// rows instead of replaying every ticket's history on each request.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, jsonb, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CLINICAL_ROLES, TIERS } from '../../domain/vocabulary.ts';
import { tstz } from '../../platform/db/columns.ts';
import { CHANNELS, TICKET_TYPES } from '../tickets/rules/vocabulary.ts';
import { tickets } from '../tickets/tables.ts';

export const reportTicketFacts = pgTable(
  'report_ticket_facts',
  {
    ticketId: uuid('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    number: bigint('number', { mode: 'number' }).notNull(),
    createdAt: tstz('created_at').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    type: text('type', { enum: TICKET_TYPES }).notNull(),
    priority: smallint('priority').notNull(),
    facilityId: uuid('facility_id'),
    unitId: uuid('unit_id'),
    clinicalRole: text('clinical_role', { enum: CLINICAL_ROLES }),
    serviceId: uuid('service_id'),
    moduleId: uuid('module_id'),
    groupId: uuid('group_id'),
    agentId: uuid('agent_id'),
    firstProviderId: uuid('first_provider_id'),
    providerIds: uuid('provider_ids').array().notNull().default(sql`'{}'::uuid[]`),
    tiersReached: text('tiers_reached', { enum: TIERS }).array().notNull().default(sql`'{}'::text[]`),
    liveContact: boolean('live_contact').notNull(),
    fcr: boolean('fcr').notNull(),
    netEligible: boolean('net_eligible').notNull(),
    firstTouch: boolean('first_touch'),
    escalated: boolean('escalated').notNull(),
    reopened7d: boolean('reopened_7d').notNull(),
    resolvedAt: tstz('resolved_at'),
    resolveWallMs: bigint('resolve_wall_ms', { mode: 'number' }),
    resolveCalendarMs: bigint('resolve_calendar_ms', { mode: 'number' }),
    slaPolicy: text('sla_policy'),
    responseMet: boolean('response_met'),
    resolutionMet: boolean('resolution_met'),
    patientCareAffected: boolean('patient_care_affected').notNull(),
    heldMs: jsonb('held_ms').$type<Record<string, number>>().notNull().default({}),
    returnedBy: uuid('returned_by').array().notNull().default(sql`'{}'::uuid[]`),
    // Each holding's contract verdict by its provider (migration 0054; rules/contract-attainment.ts).
    contractMetBy: uuid('contract_met_by').array().notNull().default(sql`'{}'::uuid[]`),
    contractMissedBy: uuid('contract_missed_by').array().notNull().default(sql`'{}'::uuid[]`),
    refreshedAt: tstz('refreshed_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('report_ticket_facts_number_key').on(t.number), // keyset pages for export and drill-down
    index('report_ticket_facts_created_idx').on(t.createdAt),
    index('report_ticket_facts_facility_idx').on(t.facilityId, t.createdAt),
    index('report_ticket_facts_agent_idx').on(t.agentId, t.createdAt),
    index('report_ticket_facts_providers_idx').using('gin', t.providerIds),
  ],
);

/** How far the incremental refresh has read the tickets' and SLA rows' change times. */
/**
 * What each ticket's facts were judged from: its `updated_at` and its SLA row's `computed_at` as the refresh read them
 * (migration 0055). The refresh re-reads tickets changed in an overlap before its watermark (a late commit is never
 * missed); with these it re-judges only those that changed since they were judged, not the whole overlap each time.
 */
export const reportFactStamps = pgTable('report_fact_stamps', {
  ticketId: uuid('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  ticketUpdatedAt: tstz('ticket_updated_at').notNull(),
  slaComputedAt: tstz('sla_computed_at'),
});

export const reportRefresh = pgTable(
  'report_refresh',
  {
    id: smallint('id').primaryKey().default(1),
    /** Null until the first refresh (a rollup rebuild may come first). */
    watermark: tstz('watermark'),
  },
  (t) => [check('report_refresh_id_check', sql`${t.id} = 1`)],
);
