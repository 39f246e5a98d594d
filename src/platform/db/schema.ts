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
    // Why this administrator needs no second step at sign-in (the demo hospital's published accounts); null: none.
    mfaExemptReason: text('mfa_exempt_reason'),
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

// Two-step sign-in (TOTP, migration 0034; platform/auth/mfa-service.ts) -------------------------------------------

export const userMfa = pgTable('user_mfa', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  // AES-256-GCM under CLINIDESK_SECRET_KEY (platform/auth/sealed.ts): the server must compute codes from it.
  secretSealed: text('secret_sealed').notNull(),
  // null: enrolment started, no code confirmed yet (the account has no second step until then).
  confirmedAt: tstz('confirmed_at'),
  // The last 30-second step a code was accepted for: a code is good once, later steps only.
  lastTimeStep: bigint('last_time_step', { mode: 'number' }),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    usedAt: tstz('used_at'),
  },
  (t) => [index('mfa_recovery_codes_user_idx').on(t.userId)],
);

export const MFA_CHALLENGE_PURPOSES = ['code', 'enrol'] as const;

export const mfaChallenges = pgTable(
  'mfa_challenges',
  {
    // SHA-256 of the value in the browser's clinidesk_mfa cookie.
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // 'code': type a code from the app; 'enrol': an administrator without a second step sets one up first.
    purpose: text('purpose', { enum: MFA_CHALLENGE_PURPOSES }).notNull(),
    // The secret being set up during an 'enrol' sign-in (sealed), until its first code confirms it.
    secretSealed: text('secret_sealed'),
    userAgent: text('user_agent'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
  },
  (t) => [
    index('mfa_challenges_expires_idx').on(t.expiresAt),
    check('mfa_challenges_purpose_check', sql`${t.purpose} in ('code','enrol')`),
  ],
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
