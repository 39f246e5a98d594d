// A real streaming read replica of the tests' PostgreSQL server (TEST_DATABASE_URL), for the read-replica tests: a
// base backup of the whole server (pg_basebackup -R -X stream, seconds for the tests' databases) in a temporary folder,
// started with the server's own binaries (pg_ctl) on a free port of 127.0.0.1 as a hot standby, stopped and removed
// after. Run as the postgres account when the tests run as root (a server never runs as root). The server must let
// its user in for replication from 127.0.0.1: .ci/run makes sure of it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './local-servers.ts';
import { withDatabase } from './pg-database.ts';
import { until } from './until.ts';

export type PgReplica = {
  /** The replica's URL for one database (the primary's URL on the replica's port). */
  urlOf(primaryDatabaseUrl: string): string;
  /** Runs a statement on the replica (its `postgres` database, as the test server's user). */
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
  /** Stops / resumes applying the primary's changes (pg_wal_replay_pause / _resume): it still receives them. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the replica has applied everything the primary had written when called. */
  caughtUp(): Promise<void>;
  /** Stops the server at once, as a crash would (its folder is kept until remove()). */
  stop(): Promise<void>;
  /** Stops it if running and deletes its folder. */
  remove(): Promise<void>;
};

/** A setting of the primary that a hot standby must have at least as high. */
const AT_LEAST_PRIMARY = [
  'max_connections',
  'max_worker_processes',
  'max_wal_senders',
  'max_prepared_transactions',
  'max_locks_per_transaction',
];

export async function startPgReplica(primaryUrl: string): Promise<PgReplica> {
  const primary = new pg.Client({ connectionString: primaryUrl });
  await primary.connect();
  let settings: Record<string, string>;
  let major: number;
  try {
    const version = await primary.query(`SELECT current_setting('server_version_num')::int / 10000 AS major`);
    major = version.rows[0].major;
    const rows = await primary.query('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [AT_LEAST_PRIMARY]);
    settings = Object.fromEntries(rows.rows.map((r) => [r.name, r.setting]));
  } finally {
    await primary.end();
  }
  const bin = `/usr/lib/postgresql/${major}/bin`;
  if (!fs.existsSync(`${bin}/pg_basebackup`))
    throw new Error(`PostgreSQL ${major}'s programs are not in ${bin}: the replica tests need the server's own`);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-replica-'));
  const data = path.join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(root, id('-u'), id('-g'));
  }
  fs.chmodSync(root, 0o700);
  const run = (program: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync(asRoot ? 'runuser' : program, asRoot ? ['-u', 'postgres', '--', program, ...args] : args, {
      env: { ...process.env, ...env },
      stdio: 'pipe',
      encoding: 'utf8',
    });

  const u = new URL(primaryUrl);
  const port = await freePort();
  try {
    // -c fast: a spread checkpoint could keep the backup waiting for minutes.
    run(
      `${bin}/pg_basebackup`,
      ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username) || 'postgres'].concat([
        '-D',
        data,
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
        '-w',
      ]),
      u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {},
    );
  } catch (err) {
    fs.rmSync(root, { recursive: true, force: true });
    const why = (err as { stderr?: string }).stderr ?? String(err);
    throw new Error(
      `pg_basebackup failed: ${why.trim()}\n(the server must let its user replicate from 127.0.0.1: .ci/run adds ` +
        `"host replication postgres 127.0.0.1/32 trust" to pg_hba.conf when it does not)`,
    );
  }
  const conf = [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${root}'`,
    'hot_standby = on',
    `shared_buffers = '32MB'`,
    'fsync = off',
    ...Object.entries(settings).map(([k, v]) => `${k} = ${v}`),
  ];
  const write = (file: string, lines: string[]) => fs.writeFileSync(path.join(data, file), `${lines.join('\n')}\n`);
  write('postgresql.conf', conf);
  write('pg_hba.conf', ['local all all trust', 'host all all 127.0.0.1/32 trust']);
  write('pg_ident.conf', []);
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', root]); // written by root: the server's own
  const pgCtl = (...args: string[]) => run(`${bin}/pg_ctl`, ['-D', data, '-w', '-t', '60', ...args]);
  pgCtl('-l', path.join(root, 'server.log'), 'start');
  let running = true;

  const urlOf = (databaseUrl: string) => {
    const r = new URL(databaseUrl);
    r.hostname = '127.0.0.1';
    r.port = String(port);
    return r.toString();
  };
  const query = async <T>(text: string): Promise<T[]> => {
    const c = new pg.Client({ connectionString: urlOf(withDatabase(primaryUrl, 'postgres')) });
    await c.connect();
    try {
      return (await c.query(text)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const stop = async () => {
    if (!running) return;
    pgCtl('-m', 'immediate', 'stop');
    running = false;
  };
  return {
    urlOf,
    query,
    pauseReplay: async () => void (await query('SELECT pg_wal_replay_pause()')),
    resumeReplay: async () => void (await query('SELECT pg_wal_replay_resume()')),
    async caughtUp() {
      const c = new pg.Client({ connectionString: primaryUrl });
      await c.connect();
      const lsn = (await c.query('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn as string;
      await c.end();
      await until(`the replica to replay the primary up to ${lsn}`, async () => {
        const [r] = await query<{ behind: boolean }>(`SELECT pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn AS behind`);
        return r && !r.behind;
      });
    },
    stop,
    async remove() {
      await stop().catch(() => {});
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
