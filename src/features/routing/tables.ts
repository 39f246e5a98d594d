// Routing tables: live contacts (calls, chats, walk-ups, rounding), the tickets each produced or touched, agents'
// presence (the routing state both app instances share), and the raw phone-system (CTI) events, kept once each.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { TIERS } from '../../domain/vocabulary.ts';
import { tstz } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { people } from '../directory/tables.ts';
import { tickets } from '../tickets/tables.ts';
import {
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  CONTACT_RELATIONS,
  CONTACT_STATES,
  CTI_EVENT_TYPES,
} from './rules/contact-events.ts';
import { AGENT_STATES, LINES } from './rules/route.ts';

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey(),
    channel: text('channel', { enum: CONTACT_CHANNELS }).notNull(), // phone, chat, walk_up, rounding
    // A provider calling any line is on the provider line.
    line: text('line', { enum: LINES }).notNull(),
    dialledLine: text('dialled_line'),
    callerNumber: text('caller_number'), // normalised digits
    personId: uuid('person_id').references(() => people.id),
    patientCareAffected: boolean('patient_care_affected').notNull().default(false),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`), // "service:<uuid>", "credential:RN"
    state: text('state', { enum: CONTACT_STATES }).notNull(), // waiting, offered, connected, wrap_up, done
    offeredAt: tstz('offered_at').notNull(),
    queuedAt: tstz('queued_at').notNull(),
    answeredAt: tstz('answered_at'),
    endedAt: tstz('ended_at'),
    wrapDoneAt: tstz('wrap_done_at'),
    agentId: uuid('agent_id').references(() => users.id),
    outcome: text('outcome', { enum: CONTACT_OUTCOMES }), // answered, abandoned, transferred, callback
    transfers: bigint('transfers', { mode: 'number' }).notNull().default(0),
    // The phone system's own call id: one contact per call and integration, however often it is posted.
    integrationId: uuid('integration_id').references(() => users.id),
    externalCallId: text('external_call_id'),
    lastEventSeq: bigint('last_event_seq', { mode: 'number' }),
    lastEventAt: tstz('last_event_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    /** Set by a trigger on every update (migration 0022): the phone rollup rebuilds the months of changed calls. */
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contacts_external_call_key').on(t.integrationId, t.externalCallId),
    index('contacts_waiting_idx').on(t.queuedAt).where(sql`${t.state} = 'waiting'`),
    index('contacts_offered_at_idx').on(t.offeredAt),
    index('contacts_updated_at_idx').on(t.updatedAt),
    index('contacts_agent_idx').on(t.agentId, t.offeredAt),
    index('contacts_person_idx').on(t.personId, t.offeredAt),
    check('contacts_channel_check', sql`${t.channel} in ('phone','chat','walk_up','rounding')`),
    check('contacts_line_check', sql`${t.line} in ('provider','clinical','general')`),
    check('contacts_state_check', sql`${t.state} in ('waiting','offered','connected','wrap_up','done')`),
    check('contacts_outcome_check', sql`${t.outcome} in ('answered','abandoned','transferred','callback')`),
  ],
);

export const contactTickets = pgTable(
  'contact_tickets',
  {
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    // opened: the contact produced it; linked: a status check, a follow-up
    relation: text('relation', { enum: CONTACT_RELATIONS }).notNull(),
    linkedBy: uuid('linked_by').references(() => users.id),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.contactId, t.ticketId] }),
    index('contact_tickets_ticket_idx').on(t.ticketId),
    check('contact_tickets_relation_check', sql`${t.relation} in ('opened','linked')`),
  ],
);

export const agentPresence = pgTable(
  'agent_presence',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: text('state', { enum: AGENT_STATES }).notNull(), // available, on_contact, wrap_up, away, offline
    since: tstz('since').notNull(),
    heartbeatAt: tstz('heartbeat_at').notNull(),
    currentContactId: uuid('current_contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    tier: text('tier', { enum: TIERS }).notNull(), // tier1 (Tier 1-Plus), tier2 (analysts), tier3
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`), // from the directory, when set available
    extension: text('extension'), // the desk phone the agent sits at today (the phone system may name agents by it)
  },
  (t) => [
    // One contact is never with two agents; an agent's single current contact means never two calls at once.
    uniqueIndex('agent_presence_current_contact_key')
      .on(t.currentContactId)
      .where(sql`${t.currentContactId} IS NOT NULL`),
    index('agent_presence_state_idx').on(t.state, t.since),
    uniqueIndex('agent_presence_extension_key').on(t.extension).where(sql`${t.extension} IS NOT NULL`),
    check('agent_presence_state_check', sql`${t.state} in ('available','on_contact','wrap_up','away','offline')`),
    check('agent_presence_tier_check', sql`${t.tier} in ('tier1','tier2','tier3')`),
  ],
);

export const ctiEvents = pgTable(
  'cti_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => users.id),
    idempotencyKey: text('idempotency_key').notNull(),
    externalCallId: text('external_call_id').notNull(),
    type: text('type', { enum: CTI_EVENT_TYPES }).notNull(),
    sequence: bigint('sequence', { mode: 'number' }),
    occurredAt: tstz('occurred_at').notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    payload: jsonb('payload').notNull(),
  },
  (t) => [
    uniqueIndex('cti_events_idempotency_key').on(t.integrationId, t.idempotencyKey),
    index('cti_events_call_idx').on(t.integrationId, t.externalCallId),
  ],
);
