// Major incidents and declared EHR downtime (migration 0039, docs/incidents.md): the incident with what it affects
// (applications and modules, facilities and units, as arrays of directory ids), its people (commander and roles),
// its internal timeline of decisions and events, and its children (tickets linked to it, or suggested).
// Human numbers come from a sequence (INC-000012).
import { sql } from 'drizzle-orm';
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
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tstz } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { tickets } from '../tickets/tables.ts';
import {
  CHILD_STATUSES,
  FAN_OUTS,
  INCIDENT_KINDS,
  INCIDENT_STATES,
  LINK_SOURCES,
  SEVERITIES,
  TIMELINE_KINDS,
} from './rules/vocabulary.ts';

export const incidentNumbers = pgSequence('incident_number_seq', { startWith: 1 });

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey(),
    number: bigint('number', { mode: 'number' }).notNull().unique().default(sql`nextval('incident_number_seq')`),
    kind: text('kind', { enum: INCIDENT_KINDS }).notNull(),
    planned: boolean('planned').notNull().default(false),
    title: text('title').notNull(),
    /** What requesters and the public read: checked for PHI on every write and refused if any is found. */
    publicSummary: text('public_summary').notNull(),
    /** The one-click answer an agent sends to a caller or a child ticket (public, no PHI either). */
    publicReply: text('public_reply').notNull().default(''),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    state: text('state', { enum: INCIDENT_STATES }).notNull(),
    /** Applications (services of kind application) and their modules; a ticket matches either. */
    serviceIds: uuid('service_ids').array().notNull().default(sql`'{}'::uuid[]`),
    moduleIds: uuid('module_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Where: facilities and units. Both empty means everywhere. */
    facilityIds: uuid('facility_ids').array().notNull().default(sql`'{}'::uuid[]`),
    unitIds: uuid('unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Words that make a ticket's text "similar" (lower case): a suggestion, never an automatic link. */
    matchTerms: text('match_terms').array().notNull().default(sql`'{}'::text[]`),
    startedAt: tstz('started_at'),
    scheduledStart: tstz('scheduled_start'),
    scheduledEnd: tstz('scheduled_end'),
    /** A planned downtime's notice to unit leaders and super-users: this many hours before its start (1 to 336). */
    noticeHoursBefore: integer('notice_hours_before').notNull().default(24),
    resolvedAt: tstz('resolved_at'),
    closedAt: tstz('closed_at'),
    resolutionNote: text('resolution_note'),
    /** What resolving does to the open children (resolve them, or only message them), worked through in batches. */
    fanOut: text('fan_out', { enum: FAN_OUTS }),
    fanOutDoneAt: tstz('fan_out_done_at'),
    /** How many children the fan-out resolved or messaged so far (it may run in several processes, batch by batch). */
    fanOutHandled: integer('fan_out_handled').notNull().default(0),
    commanderId: uuid('commander_id').references(() => users.id),
    clinicalLeadId: uuid('clinical_lead_id').references(() => users.id),
    itLeadId: uuid('it_lead_id').references(() => users.id),
    commsLeadId: uuid('comms_lead_id').references(() => users.id),
    declaredFromTicketId: uuid('declared_from_ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check('incidents_kind_check', sql`${t.kind} in ('major_incident','ehr_downtime')`),
    check('incidents_severity_check', sql`${t.severity} in ('sev1','sev2','sev3')`),
    check('incidents_state_check', sql`${t.state} in ('scheduled','declared','monitoring','resolved','closed')`),
    check('incidents_fan_out_check', sql`${t.fanOut} is null or ${t.fanOut} in ('resolve','message')`),
    check(
      'incidents_schedule_check',
      sql`${t.scheduledEnd} is null or ${t.scheduledStart} is null or ${t.scheduledEnd} > ${t.scheduledStart}`,
    ),
    check('incidents_notice_hours_before_range', sql`${t.noticeHoursBefore} between 1 and 336`),
    index('incidents_open_idx').on(t.createdAt).where(sql`${t.state} in ('scheduled','declared','monitoring')`),
    index('incidents_state_created_idx').on(t.state, t.createdAt),
    index('incidents_fan_out_pending_idx')
      .on(t.resolvedAt)
      .where(sql`${t.fanOut} is not null and ${t.fanOutDoneAt} is null`),
    index('incidents_service_ids_idx').using('gin', t.serviceIds),
  ],
);

/** Decisions and events, newest last: internal to the desk (never to requesters, vendors or the public). */
export const incidentTimeline = pgTable(
  'incident_timeline',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: TIMELINE_KINDS }).notNull(),
    body: text('body').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    authorId: uuid('author_id').references(() => users.id),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [
    index('incident_timeline_incident_idx').on(t.incidentId, t.at),
    check(
      'incident_timeline_kind_check',
      sql`${t.kind} in ('declared','decision','event','state','change','children')`,
    ),
  ],
);

/** Parent and children: a ticket linked to the incident (or suggested for it), who or what linked it, and why. */
export const incidentTickets = pgTable(
  'incident_tickets',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    status: text('status', { enum: CHILD_STATUSES }).notNull(),
    source: text('source', { enum: LINK_SOURCES }).notNull(),
    /** What matched (service, module, facility, unit, words), for the agent and the audit trail. */
    reason: text('reason').notNull().default(''),
    linkedBy: uuid('linked_by').references(() => users.id),
    linkedAt: tstz('linked_at').notNull().defaultNow(),
    /** When the parent's fan-out resolved or messaged this child (a restarted fan-out skips it). */
    fannedOutAt: tstz('fanned_out_at'),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.ticketId] }),
    // A ticket is the child of one incident at most.
    uniqueIndex('incident_tickets_one_parent_key').on(t.ticketId).where(sql`${t.status} = 'linked'`),
    index('incident_tickets_incident_idx').on(t.incidentId, t.status),
    check('incident_tickets_status_check', sql`${t.status} in ('linked','suggested','dismissed')`),
    check('incident_tickets_source_check', sql`${t.source} in ('auto','agent','accepted_suggestion')`),
  ],
);
