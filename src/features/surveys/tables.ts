// Survey tables (migration 0015): policies that decide who is asked after a resolution, pulse runs, invitations
// (one per ticket, or one per pulse respondent), responses (one per invitation), the service-recovery follow-ups a
// low score opens, and the outbox consumer's position. Reports read invitations and responses directly.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { CLINICAL_ROLES } from '../../domain/vocabulary.ts';
import { tstz, xid8 } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { facilities, people, units } from '../directory/tables.ts';
import { contacts } from '../routing/tables.ts';
import { tickets } from '../tickets/tables.ts';
import type { PolicyConditions, PulseSample } from './rules.ts';
import { SURVEY_CHANNELS, SURVEY_KINDS } from './rules.ts';

export const surveyPolicies = pgTable(
  'survey_policies',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull().unique('survey_policies_name_key'),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull(),
    conditions: jsonb('conditions').$type<PolicyConditions>().notNull().default({}),
    probability: doublePrecision('probability').notNull(),
    repeatIntervalDays: integer('repeat_interval_days').notNull(),
    delayMinutes: integer('delay_minutes').notNull(),
    expiresAfterDays: integer('expires_after_days').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('survey_policies_probability_check', sql`${t.probability} >= 0 AND ${t.probability} <= 1`),
    check(
      'survey_policies_numbers_check',
      sql`${t.repeatIntervalDays} >= 0 AND ${t.delayMinutes} >= 0 AND ${t.expiresAfterDays} >= 1`,
    ),
  ],
);

export const surveyPulses = pgTable('survey_pulses', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  facilityId: uuid('facility_id').references(() => facilities.id),
  sample: jsonb('sample').$type<PulseSample>().notNull(),
  /** The period whose support the pulse asks about: respondents are attributed to the providers that served them. */
  periodFrom: tstz('period_from').notNull(),
  periodTo: tstz('period_to').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  invited: integer('invited').notNull().default(0),
  runBy: uuid('run_by').references(() => users.id),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: SURVEY_KINDS }).notNull(), // ticket | pulse
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    policyId: uuid('policy_id').references(() => surveyPolicies.id, { onDelete: 'set null' }),
    pulseId: uuid('pulse_id').references(() => surveyPulses.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: SURVEY_CHANNELS }).notNull(), // portal | link | phone: how it was delivered
    /** SHA-256 of the single-use link's token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    availableAt: tstz('available_at').notNull(), // resolution + the policy's delay
    expiresAt: tstz('expires_at').notNull(),
    respondedAt: tstz('responded_at'),
    facilityId: uuid('facility_id').references(() => facilities.id),
    unitId: uuid('unit_id').references(() => units.id),
    clinicalRole: text('clinical_role', { enum: CLINICAL_ROLES }),
    providerIds: uuid('provider_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [
    uniqueIndex('survey_invitations_ticket_key').on(t.ticketId).where(sql`${t.kind} = 'ticket'`),
    uniqueIndex('survey_invitations_token_key').on(t.tokenHash).where(sql`${t.tokenHash} IS NOT NULL`),
    index('survey_invitations_person_idx').on(t.personId, t.createdAt),
    index('survey_invitations_created_idx').on(t.createdAt),
    check('survey_invitations_kind_check', sql`${t.kind} in ('ticket','pulse')`),
    check('survey_invitations_channel_check', sql`${t.channel} in ('portal','link','phone')`),
    check(
      'survey_invitations_subject_check',
      sql`(${t.kind} = 'ticket' AND ${t.ticketId} IS NOT NULL) OR (${t.kind} = 'pulse' AND ${t.ticketId} IS NULL)`,
    ),
  ],
);

export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey(),
    invitationId: uuid('invitation_id')
      .notNull()
      .unique('survey_responses_invitation_key')
      .references(() => surveyInvitations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: SURVEY_KINDS }).notNull(),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    score: smallint('score').notNull(),
    solvedFirstContact: boolean('solved_first_contact'), // customer-verified FCR
    stillUnsolved: boolean('still_unsolved').notNull().default(false), // answered "no, it is not solved"
    patientCareAffected: boolean('patient_care_affected'),
    comment: text('comment'),
    commentPhiSuspected: boolean('comment_phi_suspected').notNull().default(false),
    channel: text('channel', { enum: SURVEY_CHANNELS }).notNull(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    respondedAt: tstz('responded_at').notNull().defaultNow(),
    facilityId: uuid('facility_id').references(() => facilities.id),
    unitId: uuid('unit_id').references(() => units.id),
    clinicalRole: text('clinical_role', { enum: CLINICAL_ROLES }),
    providerIds: uuid('provider_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [
    index('survey_responses_responded_idx').on(t.respondedAt),
    index('survey_responses_ticket_idx').on(t.ticketId),
    index('survey_responses_provider_ids_idx').using('gin', t.providerIds),
    check('survey_responses_score_check', sql`${t.score} BETWEEN 1 AND 5`),
    check('survey_responses_kind_check', sql`${t.kind} in ('ticket','pulse')`),
    check('survey_responses_channel_check', sql`${t.channel} in ('portal','link','phone')`),
  ],
);

/** A low score or "not solved" opened this follow-up ticket (reports leave follow-ups out of desk metrics). */
export const surveyRecoveries = pgTable(
  'survey_recoveries',
  {
    responseId: uuid('response_id')
      .primaryKey()
      .references(() => surveyResponses.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    followupTicketId: uuid('followup_ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('survey_recoveries_followup_key').on(t.followupTicketId)],
);

/** How far the invitation consumer has read the outbox (transaction id, event id). */
export const surveyOutboxCursor = pgTable('survey_outbox_cursor', {
  name: text('name').primaryKey(),
  txid: xid8('txid').notNull(),
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
});
