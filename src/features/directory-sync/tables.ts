// LDAP / Active Directory tables (migration 0035): the directory connection (one), which directory entry each
// synchronised person is, and the sync runs' reports.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tstz } from '../../platform/db/columns.ts';
import { people } from '../directory/tables.ts';
import type { RoleMapping } from '../sso/rules.ts';
import type { AttributeMap, SyncReport } from './rules.ts';

export const directoryConnections = pgTable(
  'directory_connections',
  {
    // Always true: there is one directory connection.
    id: boolean('id').primaryKey().default(true),
    url: text('url').notNull(),
    startTls: boolean('start_tls').notNull().default(true),
    // PEM certificates to trust for the directory's TLS (a hospital's own CA), beside the system's.
    tlsCa: text('tls_ca'),
    bindDn: text('bind_dn').notNull(),
    // AES-256-GCM under CLINIDESK_SECRET_KEY (platform/auth/sealed.ts): usable by the server, never shown.
    bindPasswordSealed: text('bind_password_sealed'),
    baseDn: text('base_dn').notNull(),
    userFilter: text('user_filter').notNull(),
    loginAttribute: text('login_attribute').notNull(),
    groupFilter: text('group_filter').notNull(),
    attributes: jsonb('attributes').$type<AttributeMap>().notNull(),
    roleMappings: jsonb('role_mappings').$type<RoleMapping[]>().notNull().default(sql`'[]'::jsonb`),
    syncEveryMinutes: integer('sync_every_minutes').notNull().default(60),
    enabled: boolean('enabled').notNull().default(false),
    lastSyncAt: tstz('last_sync_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('directory_connections_one_check', sql`${t.id}`),
    check('directory_connections_every_check', sql`${t.syncEveryMinutes} between 5 and 10080`),
  ],
);

export const directoryPeople = pgTable(
  'directory_people',
  {
    personId: uuid('person_id')
      .primaryKey()
      .references(() => people.id, { onDelete: 'cascade' }),
    // The entry's stable id (entryUUID, AD's objectGUID): survives renames and moves, unlike the DN.
    entryId: text('entry_id').notNull(),
    dn: text('dn').notNull(),
    // The sync switched the account off (left the directory or every mapped group): it may switch it back on.
    accountDisabledBySync: boolean('account_disabled_by_sync').notNull().default(false),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('directory_people_entry_id_key').on(t.entryId),
    index('directory_people_dn_idx').on(sql`lower(${t.dn})`),
  ],
);

export const directorySyncRuns = pgTable(
  'directory_sync_runs',
  {
    id: uuid('id').primaryKey(),
    dryRun: boolean('dry_run').notNull(),
    trigger: text('trigger', { enum: ['schedule', 'admin'] }).notNull(),
    actorId: uuid('actor_id'),
    startedAt: tstz('started_at').notNull(),
    finishedAt: tstz('finished_at').notNull().defaultNow(),
    report: jsonb('report').$type<SyncReport>().notNull(),
  },
  (t) => [index('directory_sync_runs_finished_idx').on(t.finishedAt)],
);
