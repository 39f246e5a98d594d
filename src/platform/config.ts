// Environment → typed configuration, validated once at start. Every variable is documented in docs/configuration.md.
import path from 'node:path';
import { z } from 'zod';

/**
 * The embedded Postgres's page cache. PGlite's own is PostgreSQL's 128 MB, allocated in its WebAssembly memory at
 * start; the data files are read through the operating system's file cache anyway, so a smaller one costs a copy
 * per page read, not a disk read (docs/benchmarks.md, "PGlite's memory"; docs/decisions.md).
 */
export const PGLITE_SHARED_BUFFERS_MB = 32;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A comma-separated list ("a@x.org, b@x.org"), blanks dropped. */
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  // The same server without a connection pooler between: LISTEN and backups need a session (docs/scaling.md).
  DATABASE_DIRECT_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  // Named prepared statements on the server; off behind a pooler that cannot keep them (docs/scaling.md).
  DATABASE_PREPARED_STATEMENTS: bool.optional(),
  // A read replica of DATABASE_URL for reports and exports, and how far behind it may be (docs/scaling.md).
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  CLINIDESK_REPLICA_MAX_LAG_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(30),
  CLINIDESK_DATA_DIR: z.string().min(1).default('./data'),
  CLINIDESK_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  CLINIDESK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLINIDESK_LOG_PRETTY: bool.optional(),
  CLINIDESK_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  CLINIDESK_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  CLINIDESK_COOKIE_SECURE: bool.optional(),
  CLINIDESK_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  CLINIDESK_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  CLINIDESK_LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  CLINIDESK_TRUST_PROXY: bool.default(false),
  CLINIDESK_EVENT_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  CLINIDESK_SEED_DEMO: bool.default(true),
  // Seals secrets the server must reuse (identity providers' client secrets; docs/identity.md).
  // Administrators with a password must set up a second sign-in step (TOTP) before they reach the desk.
  CLINIDESK_MFA_REQUIRED_FOR_ADMINS: bool.default(true),
  CLINIDESK_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  CLINIDESK_DEMO_TICKETS: z.coerce.number().int().min(0).max(20_000_000).optional(),
  // Email in: the SMTP listener the hospital's relay forwards the desk's address to (docs/email.md).
  CLINIDESK_SMTP_LISTEN: bool.default(false),
  CLINIDESK_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  CLINIDESK_SMTP_HOST: z.string().min(1).default('0.0.0.0'),
  CLINIDESK_SMTP_HOSTNAME: z.string().min(1).optional(),
  CLINIDESK_SMTP_ADDRESSES: list.default([]),
  CLINIDESK_SMTP_ALLOWED_RELAYS: list.default(['127.0.0.1/32', '::1/128']),
  CLINIDESK_SMTP_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(10 * 1024)
    .max(200 * 1024 * 1024)
    .default(25 * 1024 * 1024),
  CLINIDESK_SMTP_MAX_RECIPIENTS: z.coerce.number().int().min(1).max(1000).default(20),
  CLINIDESK_SMTP_TLS_CERT: z.string().min(1).optional(),
  CLINIDESK_SMTP_TLS_KEY: z.string().min(1).optional(),
  // Email in: a mailbox polled over IMAP (docs/email.md). The URL, or the host and the rest one by one.
  CLINIDESK_IMAP_URL: z
    .string()
    .regex(/^imaps?:\/\//, 'must be an imap:// or imaps:// URL')
    .optional(),
  CLINIDESK_IMAP_HOST: z.string().min(1).optional(),
  CLINIDESK_IMAP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  CLINIDESK_IMAP_SECURITY: z.enum(['tls', 'starttls', 'none']).optional(),
  CLINIDESK_IMAP_TLS_REJECT_UNAUTHORIZED: bool.default(true),
  CLINIDESK_IMAP_USER: z.string().min(1).optional(),
  CLINIDESK_IMAP_PASSWORD: z.string().min(1).optional(),
  CLINIDESK_IMAP_ACCESS_TOKEN_FILE: z.string().min(1).optional(),
  CLINIDESK_IMAP_MAILBOX: z.string().min(1).optional(),
  CLINIDESK_IMAP_AFTER: z.enum(['move', 'flag']).default('move'),
  CLINIDESK_IMAP_PROCESSED_FOLDER: z.string().min(1).default('Clinidesk processed'),
  CLINIDESK_IMAP_POLL_MS: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
  CLINIDESK_IMAP_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(10 * 1024)
    .max(200 * 1024 * 1024)
    .default(25 * 1024 * 1024),
  CLINIDESK_EMAIL_RAW_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  CLINIDESK_PUBLIC_URL: z.string().url().optional(),
  CLINIDESK_MAIL_RELAY_HOST: z.string().min(1).optional(),
  CLINIDESK_MAIL_RELAY_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  CLINIDESK_MAIL_RELAY_SECURITY: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  CLINIDESK_MAIL_RELAY_USER: z.string().min(1).optional(),
  CLINIDESK_MAIL_RELAY_PASSWORD: z.string().min(1).optional(),
  CLINIDESK_MAIL_FROM: z.string().min(3).optional(),
  CLINIDESK_MAIL_RELAY_TLS_REJECT_UNAUTHORIZED: bool.default(true),
  CLINIDESK_DKIM_DOMAIN: z.string().min(1).optional(),
  CLINIDESK_DKIM_SELECTOR: z.string().min(1).optional(),
  CLINIDESK_DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  CLINIDESK_PAGER_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // Outbound webhooks (docs/webhooks.md): CIDR ranges and host names they may reach despite the SSRF guard, and how
  // long a receiver has to answer.
  CLINIDESK_WEBHOOK_ALLOW: list.default([]),
  CLINIDESK_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  // How long deliveries (with their attempts) are kept: delivered ones, and failed ones (longer: an outage's record).
  CLINIDESK_WEBHOOK_DELIVERED_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  CLINIDESK_WEBHOOK_FAILED_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  // The embedded database's page cache in MiB (PostgreSQL's shared_buffers); the server's memory grows with it.
  CLINIDESK_PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(4096).default(PGLITE_SHARED_BUFFERS_MB),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** The connection for LISTEN, pg_dump and psql when a pooler serves databaseUrl (unset: databaseUrl). */
  databaseDirectUrl: string | undefined;
  /** Statements with parameters run as named prepared statements on a PostgreSQL server (pg-statements.ts). */
  preparedStatements: boolean;
  /** A read replica of the PostgreSQL server for reports and exports; null: they read the primary (docs/scaling.md). */
  replica: { url: string; maxLagSeconds: number } | null;
  dataDir: string;
  dbPoolSize: number;
  /** The embedded database's page cache (`shared_buffers`), in MiB. */
  pgliteSharedBuffersMb: number;
  logLevel: string;
  logPretty: boolean;
  session: { idleMinutes: number; maxHours: number; cookieSecure: boolean };
  bodyLimitBytes: number;
  login: { maxFailures: number; windowMinutes: number };
  trustProxy: boolean;
  eventPollMs: number;
  seedDemo: boolean;
  /** Tickets in the demo hospital's history when it is loaded (default: the seed's own default). */
  demoTickets: number | undefined;
  /** The SMTP listener for email in (off unless enabled; docs/email.md). */
  smtpIn: {
    enabled: boolean;
    port: number;
    host: string;
    /** The name the listener greets with (default: the machine's host name). */
    hostname: string | undefined;
    /** The desk's addresses: the only recipients accepted (lower case). */
    addresses: string[];
    /** IP addresses and CIDR ranges of the relays allowed to connect. */
    allowedRelays: string[];
    maxBytes: number;
    maxRecipients: number;
    /** PEM files for STARTTLS (both or neither). */
    tls: { certFile: string; keyFile: string } | null;
  };
  /** A mailbox polled over IMAP for email in; null when none is configured (docs/email.md). */
  imapIn: ImapInConfig | null;
  /** Days a received message's raw copy (with its attachments) is kept before the retention job deletes it. */
  emailRawRetentionDays: number;
  /** Where links in notifications point (the address people open Clinidesk at). */
  publicUrl: string;
  /** The hospital's SMTP relay for outbound mail; null when none is configured (mail is queued, not sent). */
  mailOut: MailOutConfig | null;
  /** The key that signs pager webhooks (HMAC-SHA256); null: the pager channel is off. */
  pagerSecret: string | null;
  /** CIDR ranges and host names outbound webhooks may reach although private or local (features/webhooks). */
  webhookAllow: string[];
  webhookTimeoutMs: number;
  /** Days a delivered (resp. failed) webhook delivery and its attempts are kept before the retention job deletes it. */
  webhookRetention: { deliveredDays: number; failedDays: number };
  /** The key that seals stored secrets (identity providers' client secrets, MFA secrets); null: none can be stored. */
  secretKey: string | null;
  /** Two-step sign-in: whether administrators with a password must have it (docs/identity.md, break-glass). */
  mfa: { requiredForAdmins: boolean };
};

export type MailOutConfig = {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  user: string | undefined;
  password: string | undefined;
  from: string;
  rejectUnauthorized: boolean;
  dkim: { domainName: string; keySelector: string; privateKeyFile: string } | undefined;
};

export type ImapInConfig = {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  rejectUnauthorized: boolean;
  user: string;
  /** A password (or an app password), or a file holding an OAuth2 access token (XOAUTH2), read at each connection. */
  auth: { password: string } | { accessTokenFile: string };
  mailbox: string;
  /** What marks a message as taken: moved to the processed folder, or flagged \Seen and $Clinidesk in place. */
  after: 'move' | 'flag';
  processedFolder: string;
  pollMs: number;
  maxBytes: number;
};

export class ConfigError extends Error {}

function imapInOf(e: z.infer<typeof envSchema>): ImapInConfig | null {
  const url = e.CLINIDESK_IMAP_URL ? new URL(e.CLINIDESK_IMAP_URL) : null;
  const host = e.CLINIDESK_IMAP_HOST ?? url?.hostname;
  if (!host) return null;
  const fail = (text: string) => new ConfigError(`Invalid configuration:\n  ${text}`);
  const security = e.CLINIDESK_IMAP_SECURITY ?? (url?.protocol === 'imap:' ? 'starttls' : 'tls');
  const user = e.CLINIDESK_IMAP_USER ?? (url?.username ? decodeURIComponent(url.username) : undefined);
  if (!user) throw fail('CLINIDESK_IMAP_USER: name the mailbox account to sign in as');
  const password = e.CLINIDESK_IMAP_PASSWORD ?? (url?.password ? decodeURIComponent(url.password) : undefined);
  if (!password === !e.CLINIDESK_IMAP_ACCESS_TOKEN_FILE)
    throw fail('CLINIDESK_IMAP_PASSWORD or CLINIDESK_IMAP_ACCESS_TOKEN_FILE: give exactly one of them');
  const path = url ? decodeURIComponent(url.pathname.replace(/^\/+/, '')) : '';
  const mailbox = e.CLINIDESK_IMAP_MAILBOX ?? (path || 'INBOX');
  if (e.CLINIDESK_IMAP_AFTER === 'move' && e.CLINIDESK_IMAP_PROCESSED_FOLDER === mailbox)
    throw fail('CLINIDESK_IMAP_PROCESSED_FOLDER: must not be the polled mailbox itself');
  return {
    host,
    port: e.CLINIDESK_IMAP_PORT ?? (url?.port ? Number(url.port) : security === 'tls' ? 993 : 143),
    security,
    rejectUnauthorized: e.CLINIDESK_IMAP_TLS_REJECT_UNAUTHORIZED,
    user,
    auth: password ? { password } : { accessTokenFile: e.CLINIDESK_IMAP_ACCESS_TOKEN_FILE! },
    mailbox,
    after: e.CLINIDESK_IMAP_AFTER,
    processedFolder: e.CLINIDESK_IMAP_PROCESSED_FOLDER,
    pollMs: e.CLINIDESK_IMAP_POLL_MS,
    maxBytes: e.CLINIDESK_IMAP_MAX_BYTES,
  };
}

function mailOutOf(e: z.infer<typeof envSchema>): MailOutConfig | null {
  if (!e.CLINIDESK_MAIL_RELAY_HOST) return null;
  if (!e.CLINIDESK_MAIL_FROM)
    throw new ConfigError('Invalid configuration:\n  CLINIDESK_MAIL_FROM: required with CLINIDESK_MAIL_RELAY_HOST');
  const dkimParts = [e.CLINIDESK_DKIM_DOMAIN, e.CLINIDESK_DKIM_SELECTOR, e.CLINIDESK_DKIM_PRIVATE_KEY_FILE];
  if (dkimParts.some(Boolean) && !dkimParts.every(Boolean))
    throw new ConfigError(
      'Invalid configuration:\n  CLINIDESK_DKIM_*: set the domain, the selector and the key file together',
    );
  return {
    host: e.CLINIDESK_MAIL_RELAY_HOST,
    port: e.CLINIDESK_MAIL_RELAY_PORT ?? (e.CLINIDESK_MAIL_RELAY_SECURITY === 'tls' ? 465 : 587),
    security: e.CLINIDESK_MAIL_RELAY_SECURITY,
    user: e.CLINIDESK_MAIL_RELAY_USER,
    password: e.CLINIDESK_MAIL_RELAY_PASSWORD,
    from: e.CLINIDESK_MAIL_FROM,
    rejectUnauthorized: e.CLINIDESK_MAIL_RELAY_TLS_REJECT_UNAUTHORIZED,
    dkim: e.CLINIDESK_DKIM_DOMAIN
      ? {
          domainName: e.CLINIDESK_DKIM_DOMAIN,
          keySelector: e.CLINIDESK_DKIM_SELECTOR!,
          privateKeyFile: e.CLINIDESK_DKIM_PRIVATE_KEY_FILE!,
        }
      : undefined,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.CLINIDESK_SMTP_LISTEN && e.CLINIDESK_SMTP_ADDRESSES.length === 0)
    throw new ConfigError(
      'Invalid configuration:\n  CLINIDESK_SMTP_ADDRESSES: name the desk address(es) the listener accepts',
    );
  if (Boolean(e.CLINIDESK_SMTP_TLS_CERT) !== Boolean(e.CLINIDESK_SMTP_TLS_KEY))
    throw new ConfigError('Invalid configuration:\n  CLINIDESK_SMTP_TLS_CERT and CLINIDESK_SMTP_TLS_KEY go together');
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL)
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_REPLICA_URL: a read replica needs DATABASE_URL (its primary); the embedded database has none',
    );
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseDirectUrl: e.DATABASE_DIRECT_URL,
    // A direct URL apart from DATABASE_URL means a connection pooler in between: no named statements unless asked.
    preparedStatements:
      e.DATABASE_PREPARED_STATEMENTS ?? (!e.DATABASE_DIRECT_URL || e.DATABASE_DIRECT_URL === e.DATABASE_URL),
    replica: e.DATABASE_REPLICA_URL
      ? { url: e.DATABASE_REPLICA_URL, maxLagSeconds: e.CLINIDESK_REPLICA_MAX_LAG_SECONDS }
      : null,
    dataDir: path.resolve(e.CLINIDESK_DATA_DIR),
    dbPoolSize: e.CLINIDESK_DB_POOL_SIZE,
    pgliteSharedBuffersMb: e.CLINIDESK_PGLITE_SHARED_BUFFERS_MB,
    logLevel: e.CLINIDESK_LOG_LEVEL,
    logPretty: e.CLINIDESK_LOG_PRETTY ?? false,
    session: {
      idleMinutes: e.CLINIDESK_SESSION_IDLE_MINUTES,
      maxHours: e.CLINIDESK_SESSION_MAX_HOURS,
      cookieSecure: e.CLINIDESK_COOKIE_SECURE ?? false,
    },
    bodyLimitBytes: e.CLINIDESK_BODY_LIMIT_BYTES,
    login: { maxFailures: e.CLINIDESK_LOGIN_MAX_FAILURES, windowMinutes: e.CLINIDESK_LOGIN_WINDOW_MINUTES },
    trustProxy: e.CLINIDESK_TRUST_PROXY,
    eventPollMs: e.CLINIDESK_EVENT_POLL_MS,
    seedDemo: e.CLINIDESK_SEED_DEMO,
    demoTickets: e.CLINIDESK_DEMO_TICKETS,
    smtpIn: {
      enabled: e.CLINIDESK_SMTP_LISTEN,
      port: e.CLINIDESK_SMTP_PORT,
      host: e.CLINIDESK_SMTP_HOST,
      hostname: e.CLINIDESK_SMTP_HOSTNAME,
      addresses: e.CLINIDESK_SMTP_ADDRESSES.map((a) => a.toLowerCase()),
      allowedRelays: e.CLINIDESK_SMTP_ALLOWED_RELAYS,
      maxBytes: e.CLINIDESK_SMTP_MAX_BYTES,
      maxRecipients: e.CLINIDESK_SMTP_MAX_RECIPIENTS,
      tls:
        e.CLINIDESK_SMTP_TLS_CERT && e.CLINIDESK_SMTP_TLS_KEY
          ? { certFile: e.CLINIDESK_SMTP_TLS_CERT, keyFile: e.CLINIDESK_SMTP_TLS_KEY }
          : null,
    },
    imapIn: imapInOf(e),
    emailRawRetentionDays: e.CLINIDESK_EMAIL_RAW_RETENTION_DAYS,
    publicUrl: (e.CLINIDESK_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    mailOut: mailOutOf(e),
    pagerSecret: e.CLINIDESK_PAGER_SECRET ?? null,
    webhookAllow: e.CLINIDESK_WEBHOOK_ALLOW,
    webhookTimeoutMs: e.CLINIDESK_WEBHOOK_TIMEOUT_MS,
    webhookRetention: {
      deliveredDays: e.CLINIDESK_WEBHOOK_DELIVERED_RETENTION_DAYS,
      failedDays: e.CLINIDESK_WEBHOOK_FAILED_RETENTION_DAYS,
    },
    secretKey: e.CLINIDESK_SECRET_KEY ?? null,
    mfa: { requiredForAdmins: e.CLINIDESK_MFA_REQUIRED_FOR_ADMINS },
  };
  return { ...config, ...overrides };
}
