// Opens the database: embedded PGlite in a data folder by default, a PostgreSQL server when a URL is given.
// Both speak the same dialect and go through the same Drizzle schema and queries.
import fs from 'node:fs';
import { PGlite, type QueryOptions, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { PGLITE_SHARED_BUFFERS_MB } from '../config.ts';
import { dataFor } from './copy-data.ts';
import { pgliteDir } from './data-dir.ts';
import { CONNECTION_LIFETIME_SECONDS, namingClient, StatementNames } from './pg-statements.ts';
import { type PreparedRunner, preparedStatements } from './pglite-statements.ts';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that runs queries: the database or an open transaction. */
export type Queryable = Db | Tx;

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs a plain SQL string with parameters; rows come back as objects. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Subscribes to a NOTIFY channel; returns the unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** The embedded instance, for backup/restore of the data folder. */
  pglite?: PGlite;
  /**
   * A read replica of the server, for reports and exports only (DATABASE_REPLICA_URL); absent on the embedded
   * database and when none is configured. Never read it directly: report-reads.ts checks how far behind it is.
   */
  replica?: { db: Db };
};

export type OpenOptions = {
  databaseUrl?: string;
  /** A direct connection to the same server, bypassing a connection pooler: for LISTEN. Default: databaseUrl. */
  directUrl?: string;
  replicaUrl?: string;
  dataDir?: string;
  poolSize?: number;
  /** Statements with parameters as named prepared statements on a PostgreSQL server (default true; pg-statements.ts).
   *  Off behind a transaction-pooling connection pooler that does not keep prepared statements. */
  preparedStatements?: boolean;
  /** Where a warning about the database goes (default: the process's warnings, on stderr). */
  warn?: (message: string) => void;
  pglite?: PGlite;
  /** The embedded Postgres's page cache (`shared_buffers`), in MiB (default PGLITE_SHARED_BUFFERS_MB). */
  sharedBuffersMb?: number;
};

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl)
    return openPostgres(opts.databaseUrl, {
      directUrl: opts.directUrl ?? opts.databaseUrl,
      poolSize: opts.poolSize ?? 10,
      replicaUrl: opts.replicaUrl,
      preparedStatements: opts.preparedStatements ?? true,
      warn: opts.warn ?? ((message) => process.emitWarning(message)),
    });
  return openPglite(opts);
}

/** Lets the event loop run its timers and I/O once (see takingTurns). */
const aTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * PGlite runs each statement on this process's main thread, and a statement's caller resumes as a promise
 * continuation: callers that queue statements back to back (ticket requests, each a transaction of many statements)
 * keep the event loop from ever reaching its I/O phase. Everything that waits on a socket then stops: the mail sender
 * got 0–3 mails a second through to the relay while four clients created tickets (docs/benchmarks.md, "Email"), as
 * an SMTP exchange needs several round trips per mail. So every statement, inside a transaction too, first lets the
 * event loop take one turn: I/O gets its share between two statements. PostgreSQL needs none of this (the work is in
 * the server, the driver waits on sockets).
 *
 * Statements with parameters (every Drizzle query, `database.query`) run as prepared statements, one call into the
 * embedded Postgres each instead of PGlite's six (pglite-statements.ts; docs/decisions.md "PGlite statements").
 */
function takingTurns<T extends PGlite | Transaction>(target: T, statements: PreparedRunner, tx?: Transaction): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      // Parameterised statements run as prepared statements (pglite-statements.ts); a COPY's blob goes to PGlite,
      // also one that came beside the statement (copy-data.ts).
      if (prop === 'query')
        return async (text: string, params?: unknown[], options?: QueryOptions) => {
          await aTurn();
          const blob = options?.blob ?? dataFor(text);
          if (blob) return (value as PGlite['query']).call(obj, text, params, { ...options, blob });
          return tx ? statements.queryIn(tx, text, params, options) : statements.query(text, params, options);
        };
      if (prop === 'exec' || prop === 'sql')
        return async (...args: unknown[]) => {
          await aTurn();
          return (value as (...a: unknown[]) => unknown).apply(obj, args);
        };
      if (prop === 'transaction')
        return async (fn: (tx: Transaction) => Promise<unknown>) => {
          await aTurn();
          return statements.transaction((inner) => fn(takingTurns(inner, statements, inner)));
        };
      return value.bind(obj);
    },
  });
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  let client = opts.pglite;
  if (!client) {
    const dir = opts.dataDir ? pgliteDir(opts.dataDir) : undefined;
    if (dir) fs.mkdirSync(dir, { recursive: true });
    const sharedBuffers = `shared_buffers=${opts.sharedBuffersMb ?? PGLITE_SHARED_BUFFERS_MB}MB`;
    client = await PGlite.create({
      dataDir: dir,
      extensions: { pg_trgm },
      startParams: [...PGlite.defaultStartParams, '-c', sharedBuffers],
    });
  }
  const pglite = client;
  const fair = takingTurns(pglite, preparedStatements(pglite));
  const db = drizzlePglite(fair, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite,
    async query<T>(text: string, params: unknown[] = []) {
      const res = await fair.query<T>(text, params);
      return res.rows;
    },
    async listen(channel, onNotify) {
      const unsub = await pglite.listen(channel, onNotify);
      return unsub;
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * Every connection works in UTC, whatever the server's `timezone` setting (a Debian server takes the machine's zone):
 * dates are turned into a hospital's days with `AT TIME ZONE` and the facility's zone, never by the session's, and a
 * PostgreSQL server then answers exactly as the embedded PGlite does.
 *
 * Set by a statement on each new connection, not by the `options` startup parameter: PgBouncer refuses a connection
 * that sends `options`, and it keeps `TimeZone` per client, setting it on whichever server connection it lends in
 * transaction pooling (docs/scaling.md, "Behind PgBouncer"). A pooler that dropped it is caught at start (below).
 */
const inUtc = (client: pg.ClientBase) => client.query("SET TIME ZONE 'UTC'");
const UTC = new Set(['UTC', 'Etc/UTC']);

export class DatabaseTimeZoneError extends Error {}

const POOLER_LOST_STATEMENT =
  'The database server lost a prepared statement: a connection pooler (PgBouncer?) stands between Clinidesk and ' +
  'PostgreSQL. Statements now run unprepared; set DATABASE_PREPARED_STATEMENTS=false (or DATABASE_DIRECT_URL) for ' +
  'this pooler. docs/scaling.md, "Behind PgBouncer".';

type PostgresOptions = {
  directUrl: string;
  poolSize: number;
  replicaUrl?: string;
  preparedStatements: boolean;
  warn: (message: string) => void;
};

async function openPostgres(url: string, opts: PostgresOptions): Promise<Database> {
  const { directUrl, poolSize, replicaUrl } = opts;
  // Named statements: a pool's client class naming them, and connections retired in time (pg-statements.ts).
  const naming = () =>
    opts.preparedStatements
      ? {
          Client: namingClient(new StatementNames(() => opts.warn(POOLER_LOST_STATEMENT))),
          maxLifetimeSeconds: CONNECTION_LIFETIME_SECONDS,
        }
      : {};
  const pool = new pg.Pool({ connectionString: url, max: poolSize, onConnect: inUtc, ...naming() });
  // An idle client's error (server restart) must not crash the process; the pool replaces the client.
  pool.on('error', () => {});
  const zone = (await pool.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz")).rows[0]?.tz;
  if (!zone || !UTC.has(zone)) {
    await pool.end();
    throw new DatabaseTimeZoneError(
      `The database connections work in the time zone ${zone}, not UTC: something between Clinidesk and PostgreSQL ` +
        `(a connection pooler?) dropped the "SET TIME ZONE 'UTC'" Clinidesk sends. Make UTC the database's own ` +
        `default (ALTER DATABASE <name> SET timezone TO 'UTC') or see docs/scaling.md, "Behind PgBouncer".`,
    );
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const listeners: pg.Client[] = [];
  // Not tried at start: a replica that is down only sends reports to the primary (report-reads.ts). Named, so the
  // replica's pg_stat_activity shows what reads it; a replica that does not answer is given up on quickly.
  const replicaPool = replicaUrl
    ? new pg.Pool({
        connectionString: replicaUrl,
        max: poolSize,
        connectionTimeoutMillis: 3000,
        application_name: 'clinidesk-reports',
        onConnect: inUtc,
        ...naming(),
      })
    : null;
  replicaPool?.on('error', () => {});
  return {
    kind: 'postgres',
    db,
    ...(replicaPool ? { replica: { db: drizzlePg(replicaPool, { schema }) as unknown as Db } } : {}),
    async query<T>(text: string, params: unknown[] = []) {
      const res = await pool.query(text, params);
      return res.rows as T[];
    },
    async listen(channel, onNotify) {
      // LISTEN holds its session: through a transaction pooler it would not, so it goes straight to the server.
      const client = new pg.Client({ connectionString: directUrl });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel) onNotify(msg.payload ?? '');
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => {});
      };
    },
    async close() {
      await Promise.all(listeners.map((c) => c.end().catch(() => {})));
      await Promise.all([pool.end(), replicaPool?.end()]);
    },
  };
}

/** The rows of a `tx.execute(sql\`…\`)` result (both drivers return `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
