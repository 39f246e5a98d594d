// Ticket tables: the ticket with its clinical context, comments, tier history (hand-offs), activity history,
// links and attachments. Human numbers come from a sequence (CSD-000123).
import { getTableColumns, sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { DEVICE_TYPES, TIERS } from '../../domain/vocabulary.ts';
import { bytea, tstz, tsvector } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { assets, facilities, groups, locations, people, providers, services, units } from '../directory/tables.ts';
import type { Level } from './rules/priority.ts';
import { VENDOR_STATES } from './rules/vendor-case.ts';
import {
  ACTIVITY_KINDS,
  CHANNELS,
  COMMENT_VISIBILITIES,
  HANDOFF_KINDS,
  LINK_KINDS,
  RESOLUTION_CODES,
  SCOPES,
  STATUSES,
  TICKET_TYPES,
} from './rules/vocabulary.ts';

/** The ticket's free text as one string, for substring (trigram) search; the same expression as its index. */
export const TICKET_TEXT = sql.raw(
  `("tickets"."summary" || ' ' || coalesce("tickets"."error_text", '') || ' ' || "tickets"."description")`,
);
/** The same with PHI masked: what a viewer who may not see PHI may search ('' until the row is scanned). */
export const MASKED_TICKET_TEXT = sql.raw(
  `(CASE WHEN "tickets"."phi_scanned" THEN coalesce("tickets"."masked_summary", "tickets"."summary") || ' ' || ` +
    `coalesce("tickets"."masked_error_text", "tickets"."error_text", '') || ' ' || ` +
    `coalesce("tickets"."masked_description", "tickets"."description") ELSE '' END)`,
);

export const ticketNumbers = pgSequence('ticket_number_seq', { startWith: 1000 });

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey(),
    number: bigint('number', { mode: 'number' }).notNull().unique().default(sql`nextval('ticket_number_seq')`),
    type: text('type', { enum: TICKET_TYPES }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    status: text('status', { enum: STATUSES }).notNull(),
    summary: text('summary').notNull(),
    description: text('description').notNull().default(''),
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => people.id),
    openedByUserId: uuid('opened_by_user_id').references(() => users.id),
    // Clinical context
    facilityId: uuid('facility_id').references(() => facilities.id),
    unitId: uuid('unit_id').references(() => units.id),
    locationId: uuid('location_id').references(() => locations.id),
    locationText: text('location_text'),
    assetId: uuid('asset_id').references(() => assets.id),
    assetTag: text('asset_tag'),
    deviceType: text('device_type', { enum: DEVICE_TYPES }),
    serviceId: uuid('service_id').references(() => services.id),
    moduleId: uuid('module_id').references(() => services.id),
    errorText: text('error_text'),
    patientCareAffected: boolean('patient_care_affected').notNull().default(false),
    scope: text('scope', { enum: SCOPES }).notNull().default('me'),
    workaroundAvailable: boolean('workaround_available'),
    patientSafety: boolean('patient_safety').notNull().default(false),
    safetyReportRef: text('safety_report_ref'),
    // Priority = impact × urgency with floors (computed, never chosen)
    impact: smallint('impact').$type<Level>().notNull(),
    urgency: smallint('urgency').$type<Level>().notNull(),
    priority: smallint('priority').notNull(),
    priorityReason: text('priority_reason').notNull(),
    // Who holds it now
    tier: text('tier', { enum: TIERS }).notNull().default('tier1'),
    providerId: uuid('provider_id').references(() => providers.id),
    groupId: uuid('group_id').references(() => groups.id),
    assigneeId: uuid('assignee_id').references(() => users.id),
    /** Every provider that ever held the ticket: vendors see exactly these tickets. */
    providerIds: uuid('provider_ids').array().notNull().default(sql`'{}'::uuid[]`),
    // Resolution
    resolutionCode: text('resolution_code', { enum: RESOLUTION_CODES }),
    resolutionNote: text('resolution_note'),
    resolvedById: uuid('resolved_by_id').references(() => users.id),
    resolvedAt: tstz('resolved_at'),
    closedAt: tstz('closed_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    // The vendor's case state while its provider holds the ticket (migration 0052, rules/vendor-case.ts); cleared
    // by every hand-off to another holder.
    vendorState: text('vendor_state', { enum: VENDOR_STATES }),
    vendorFixVersion: text('vendor_fix_version'),
    vendorStateAt: tstz('vendor_state_at'),
    firstResponseAt: tstz('first_response_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    // What a viewer who may not see PHI searches (vendors): the same fields masked by privacy/rules.ts, NULL when a
    // field has no likely PHI; phi_scanned stays false until they are computed, and unscanned rows match nothing.
    maskedSummary: text('masked_summary'),
    maskedErrorText: text('masked_error_text'),
    maskedDescription: text('masked_description'),
    phiScanned: boolean('phi_scanned').notNull().default(false),
    searchMasked: tsvector('search_masked').generatedAlwaysAs(
      sql`CASE WHEN phi_scanned THEN setweight(to_tsvector('english', coalesce(masked_summary, summary, '')), 'A') || setweight(to_tsvector('english', coalesce(masked_error_text, error_text, '')), 'B') || setweight(to_tsvector('english', coalesce(masked_description, description, '')), 'C') ELSE ''::tsvector END`,
    ),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(summary, '')), 'A') || setweight(to_tsvector('english', coalesce(error_text, '')), 'B') || setweight(to_tsvector('english', coalesce(description, '')), 'C')`,
    ),
  },
  (t) => [
    check('tickets_type_check', sql`${t.type} in ('incident','service_request','how_to')`),
    check('tickets_channel_check', sql`${t.channel} in ('phone','portal','email','chat','walk_up','go_live')`),
    check(
      'tickets_status_check',
      sql`${t.status} in ('new','in_progress','pending_requester','pending_vendor','pending_change','resolved','closed')`,
    ),
    check('tickets_scope_check', sql`${t.scope} in ('me','unit','facility','enterprise')`),
    check('tickets_tier_check', sql`${t.tier} in ('tier1','tier2','tier3','vendor')`),
    check(
      'tickets_vendor_state_check',
      sql`${t.vendorState} in ('working','needs_info','fix_proposed','fix_released')`,
    ),
    check(
      'tickets_priority_check',
      sql`${t.priority} between 1 and 4 and ${t.impact} between 1 and 3 and ${t.urgency} between 1 and 3`,
    ),
    index('tickets_search_idx').using('gin', t.search),
    index('tickets_search_masked_idx').using('gin', t.searchMasked),
    index('tickets_phi_unscanned_idx').on(t.id).where(sql`NOT ${t.phiScanned}`),
    index('tickets_text_trgm_idx').using('gin', sql`(${TICKET_TEXT}) gin_trgm_ops`),
    index('tickets_masked_text_trgm_idx').using('gin', sql`(${MASKED_TICKET_TEXT}) gin_trgm_ops`),
    // Also INCLUDEs id, status, assignee_id, patient_care_affected and unit_id (migration 0059), so the view counts
    // read the index alone; the builder has no INCLUDE, and the migrations are what the database holds.
    index('tickets_open_queue_idx').on(t.priority, t.createdAt).where(sql`${t.status} not in ('resolved','closed')`),
    index('tickets_status_created_idx').on(t.status, t.createdAt),
    index('tickets_requester_idx').on(t.requesterId, t.createdAt),
    index('tickets_opened_by_idx').on(t.openedByUserId, t.createdAt),
    index('tickets_assignee_idx').on(t.assigneeId, t.status),
    index('tickets_group_idx').on(t.groupId, t.status),
    index('tickets_unit_idx').on(t.unitId, t.createdAt),
    index('tickets_service_idx').on(t.serviceId, t.createdAt),
    index('tickets_created_idx').on(t.createdAt),
    index('tickets_vendor_state_idx').on(t.vendorState).where(sql`${t.vendorState} IS NOT NULL`),
    index('tickets_updated_idx').on(t.updatedAt), // the reports' incremental refresh
    index('tickets_provider_ids_idx').using('gin', t.providerIds),
  ],
);

/**
 * A ticket's columns as the code reads them: all but its two search vectors (`search`, `search_masked`). Only the
 * database's own matching uses those; as text each is as long as the text it indexes, and it was written out and
 * parsed on every read of a ticket (~10 % of a one-ticket read on the embedded database) for nothing.
 */
export const ticketColumns = (() => {
  const { search: _search, searchMasked: _searchMasked, ...read } = getTableColumns(tickets);
  return read;
})();

export const ticketComments = pgTable(
  'ticket_comments',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id),
    // public (the requester sees it), internal (desk only) or vendor (the thread shared with the provider holding it)
    visibility: text('visibility', { enum: COMMENT_VISIBILITIES }).notNull(),
    body: text('body').notNull(),
    phiSuspected: boolean('phi_suspected').notNull().default(false),
    createdAt: tstz('created_at').notNull().defaultNow(),
    // A reply by email from someone without an account (migration 0028): who the message said it was from, and the
    // person on file it was matched to (an unverified sender until an agent confirms who it is).
    emailFromName: text('email_from_name'),
    emailFromAddress: text('email_from_address'),
    emailFromPersonId: uuid('email_from_person_id').references(() => people.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('ticket_comments_ticket_idx').on(t.ticketId, t.createdAt),
    check('ticket_comments_visibility_check', sql`${t.visibility} in ('public','internal','vendor')`),
  ],
);

/** Tier history: every hand-off, who held the ticket before and after, why, and when. */
export const ticketHandoffs = pgTable(
  'ticket_handoffs',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    at: tstz('at').notNull().defaultNow(),
    kind: text('kind', { enum: HANDOFF_KINDS }).notNull(),
    fromTier: text('from_tier', { enum: TIERS }),
    toTier: text('to_tier', { enum: TIERS }).notNull(),
    fromProviderId: uuid('from_provider_id').references(() => providers.id),
    toProviderId: uuid('to_provider_id').references(() => providers.id),
    fromGroupId: uuid('from_group_id').references(() => groups.id),
    toGroupId: uuid('to_group_id').references(() => groups.id),
    fromUserId: uuid('from_user_id').references(() => users.id),
    toUserId: uuid('to_user_id').references(() => users.id),
    reason: text('reason'),
    vendorReference: text('vendor_reference'),
    actorId: uuid('actor_id').references(() => users.id),
  },
  (t) => [
    index('ticket_handoffs_ticket_idx').on(t.ticketId, t.at),
    check('ticket_handoffs_kind_check', sql`${t.kind} in ('assign','escalate','transfer','return')`),
  ],
);

/** The ticket's history, one row per thing that happened; FCR and the timeline are derived from it. */
export const ticketActivity = pgTable(
  'ticket_activity',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    at: tstz('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    kind: text('kind', { enum: ACTIVITY_KINDS }).notNull(),
    data: jsonb('data').notNull().default({}),
  },
  (t) => [index('ticket_activity_ticket_idx').on(t.ticketId, t.id)],
);

export const ticketLinks = pgTable(
  'ticket_links',
  {
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    otherId: uuid('other_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: LINK_KINDS }).notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.otherId, t.kind] }),
    index('ticket_links_other_idx').on(t.otherId),
    check('ticket_links_kind_check', sql`${t.kind} in ('duplicate_of','caused_by','parent_of','related')`),
    check('ticket_links_not_self', sql`${t.ticketId} <> ${t.otherId}`),
  ],
);

export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: uuid('id').primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    mayContainPhi: boolean('may_contain_phi').notNull().default(true),
    data: bytea('data').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('ticket_attachments_ticket_idx').on(t.ticketId)],
);

/** A person's own saved ticket filters (the built-in views live in code). */
export const savedViews = pgTable(
  'saved_views',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filter: jsonb('filter').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('saved_views_user_idx').on(t.userId)],
);
