// E-bonding tables (migration 0053): one connection per provider, and every update its system sent (unique per
// provider and event id: idempotency, and the newest applied state change a late update is compared with).
import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tstz } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { providers } from '../directory/tables.ts';
import { tickets } from '../tickets/tables.ts';
import type { StateMap } from './rules/state-map.ts';

export const UPDATE_OUTCOMES = ['applied', 'stale'] as const;

export const ebondingConnections = pgTable(
  'ebonding_connections',
  {
    providerId: uuid('provider_id')
      .primaryKey()
      .references(() => providers.id, { onDelete: 'cascade' }),
    enabled: boolean('enabled').notNull().default(false),
    /** The provider's state names → the vendor case's states (rules/state-map.ts). */
    stateMap: jsonb('state_map').$type<StateMap>().notNull().default({}),
    /** The password-less vendor account, bound to the provider, that the system's tokens belong to. */
    accountUserId: uuid('account_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ebonding_connections_account_key').on(t.accountUserId)],
);

export const ebondingUpdates = pgTable(
  'ebonding_updates',
  {
    id: uuid('id').primaryKey(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    /** The vendor system's id of the update. */
    eventId: text('event_id').notNull(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    occurredAt: tstz('occurred_at').notNull(),
    outcome: text('outcome', { enum: UPDATE_OUTCOMES }).notNull(),
    /** The Clinidesk state the update carried (null: a comment or a case number only). */
    vendorState: text('vendor_state'),
    /** The vendor's case number, when the update named it: later updates may name the case by it alone. */
    caseReference: text('case_reference'),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    receivedAt: tstz('received_at').notNull().defaultNow(),
  },
  (t) => [
    unique('ebonding_updates_once').on(t.providerId, t.eventId),
    check('ebonding_updates_outcome_check', sql`${t.outcome} IN ('applied', 'stale')`),
    check(
      'ebonding_updates_vendor_state_check',
      sql`${t.vendorState} IN ('working', 'needs_info', 'fix_proposed', 'fix_released', 'returned')`,
    ),
    index('ebonding_updates_ticket_idx').on(t.ticketId, t.providerId, t.occurredAt),
    index('ebonding_updates_reference_idx')
      .on(t.providerId, sql`lower(${t.caseReference})`)
      .where(sql`${t.caseReference} IS NOT NULL`),
  ],
);
