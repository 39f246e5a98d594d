// The database schema (PostgreSQL dialect, shared by PGlite and a PostgreSQL server).
// drizzle-kit generates the SQL migrations in ./migrations from this file; both are committed.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { AUDIT_OUTCOMES } from '../audit/actions.ts';
import { ROLES } from '../auth/roles.ts';
import { tstz, xid8 } from './columns.ts';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    role: text('role', { enum: ROLES }).notNull(),
    passwordHash: text('password_hash'),
    // What an integration account is for (e.g. "Asterisk cluster A call events"); null for people.
    purpose: text('purpose'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    disabledAt: tstz('disabled_at'),
  },
  (t) => [
    uniqueIndex('users_username_lower_key').on(sql`lower(${t.username})`),
    check(
      'users_role_check',
      sql`${t.role} in ('requester','agent','analyst','engineer','vendor','manager','admin','integration')`,
    ),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    // SHA-256 of the cookie value: a stolen database does not yield usable sessions.
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    endedAt: tstz('ended_at'),
    ip: inet('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at'),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    usernameKey: text('username_key').notNull(),
    ip: inet('ip'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [
    index('login_failures_user_at_idx').on(t.usernameKey, t.at),
    index('login_failures_ip_at_idx').on(t.ip, t.at),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tstz('at').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
    summary: jsonb('summary').notNull().default({}),
    ip: text('ip'), // text, not inet: hashed exactly as written
    requestId: text('request_id'),
    // Sealing: a single sealer (jobs) chains committed entries in order, so writers never wait on each other.
    txid: xid8('txid').notNull().default(sql`pg_current_xact_id()`),
    seq: bigint('seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('audit_log_seq_key').on(t.seq),
    index('audit_log_unsealed_idx').on(t.id).where(sql`${t.seq} IS NULL`),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    index('audit_log_actor_idx').on(t.actorId, t.at),
    index('audit_log_at_idx').on(t.at),
    check('audit_log_outcome_check', sql`${t.outcome} in ('success','denied','failure')`),
  ],
);

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // The writing transaction's id: readers take only events of transactions that can no longer be in flight.
    txid: xid8('txid').notNull().default(sql`pg_current_xact_id()`),
    at: tstz('at').notNull().defaultNow(),
    type: text('type').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    actorId: uuid('actor_id'),
    payload: jsonb('payload').notNull().default({}),
    audience: jsonb('audience').notNull().default({}),
  },
  (t) => [index('outbox_txid_id_idx').on(t.txid, t.id), index('outbox_subject_idx').on(t.subjectType, t.subjectId)],
);

export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  lastStartedAt: tstz('last_started_at'),
  lastFinishedAt: tstz('last_finished_at'),
  lastError: text('last_error'),
  runs: integer('runs').notNull().default(0),
});
