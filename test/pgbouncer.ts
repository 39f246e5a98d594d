// A real connection pooler for the tests: Debian's PgBouncer in transaction pooling, started as a child process with
// its own configuration in a temporary folder (no system service), on a free port of 127.0.0.1, in front of the
// PostgreSQL server the tests use. The settings are the ones docs/scaling.md ("Behind PgBouncer") gives.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './local-servers.ts';

const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'].find((p) =>
  fs.existsSync(p),
);

/** Why the PgBouncer tests cannot run here, or null when they can. Under CI they must: never a reason then. */
export function pgbouncerMissing(): string | null {
  if (PGBOUNCER) return null;
  if (process.env.CI === 'true') throw new Error('pgbouncer is not installed: .ci/run installs it');
  return 'pgbouncer is not installed (apt-get install pgbouncer); the connection pooler tests are skipped';
}

export type PgBouncer = {
  /** The URL of `database` through the pooler (same user and password as the server's URL). */
  urlOf(database: string): string;
  close(): Promise<void>;
};

/**
 * Starts PgBouncer in transaction pooling in front of the server of `serverUrl`: `poolSize` server connections per
 * database and user, however many clients connect. Clients sign in with SCRAM (the server URL's password, else a
 * throwaway one), as a production setup would.
 */
export async function startPgBouncer(serverUrl: string, poolSize: number): Promise<PgBouncer> {
  if (!PGBOUNCER) throw new Error(pgbouncerMissing() ?? 'pgbouncer is not installed');
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username || 'postgres');
  const password = decodeURIComponent(server.password) || 'pooler-Secret-42';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-pgbouncer-'));
  const port = await freePort();
  const ini = path.join(dir, 'pgbouncer.ini');
  fs.writeFileSync(path.join(dir, 'userlist.txt'), `"${user}" "${password}"\n`);
  fs.writeFileSync(
    ini,
    `[databases]
* = host=${server.hostname} port=${server.port || 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = ${dir}/userlist.txt
pool_mode = transaction
default_pool_size = ${poolSize}
max_client_conn = 200
logfile = ${dir}/pgbouncer.log
pidfile = ${dir}/pgbouncer.pid
`,
  );
  // PgBouncer will not run as root: the tests (root in CI) start it as nobody, who must read its folder.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    for (const f of [dir, ...fs.readdirSync(dir).map((f) => path.join(dir, f))]) fs.chownSync(f, 65534, 65534);
  }
  const child: ChildProcess = spawn(PGBOUNCER, [...(asRoot ? ['-u', 'nobody'] : []), ini], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForPort(port, true, 'pgbouncer');
  } catch (err) {
    const log = fs.existsSync(path.join(dir, 'pgbouncer.log')) ? fs.readFileSync(path.join(dir, 'pgbouncer.log')) : '';
    child.kill('SIGTERM');
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  return {
    urlOf(database) {
      const u = new URL(serverUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      u.username = encodeURIComponent(user);
      u.password = encodeURIComponent(password);
      u.pathname = `/${database}`;
      return u.toString();
    },
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
