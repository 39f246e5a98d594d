// `clinidesk serve --workers N` as an operator runs it: refused on the embedded database, and on PostgreSQL several
// processes answer on one port, a worker that dies is replaced while the others keep answering, and SIGTERM stops all.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { until as waitUntil } from '../../test/until.ts';
import { MAX_WORKERS, workersRefusal } from './workers.ts';

const BIN = fileURLToPath(new URL('../../bin/clinidesk.js', import.meta.url));
const PG_URL = process.env.TEST_DATABASE_URL;

describe('workersRefusal', () => {
  it('allows one worker anywhere and several only with a PostgreSQL server', () => {
    expect(workersRefusal(1, undefined)).toBeNull();
    expect(workersRefusal(4, 'postgres://db/clinidesk')).toBeNull();
    expect(workersRefusal(2, undefined)).toMatch(/Several workers need a PostgreSQL server.*DATABASE_URL/);
    for (const bad of [0, -1, 1.5, MAX_WORKERS + 1, Number.NaN])
      expect(workersRefusal(bad, 'postgres://db/x')).toMatch(/whole number from 1/);
  });
});

/** Runs `clinidesk serve …` and collects what it prints. */
function serve(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { ...process.env, CLINIDESK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => {
    out.stdout += d;
  });
  child.stderr!.on('data', (d) => {
    out.stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

const until = <T>(what: string, probe: Parameters<typeof waitUntil<T>>[1], ms = 120_000) =>
  waitUntil<T>(what, probe, ms);

/** The pids of a process's children. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

describe('clinidesk serve --workers on the embedded database', () => {
  it('refuses, saying a PostgreSQL server is needed, without a stack trace', async () => {
    const env: NodeJS.ProcessEnv = { CLINIDESK_DATA_DIR: '/nonexistent/clinidesk-workers' };
    const run = serve(['--workers', '2', '--port', '0'], { ...env, DATABASE_URL: '' });
    expect(await run.exited).toBe(2);
    expect(run.out.stderr).toContain('Several workers need a PostgreSQL server');
    expect(run.out.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);
});

describe.skipIf(!PG_URL)('clinidesk serve --workers 2 on PostgreSQL', () => {
  const name = `clinidesk_workers_${process.pid}_${Date.now()}`;
  const admin = () => new pg.Client({ connectionString: PG_URL });
  let running: ChildProcess | null = null;

  afterAll(async () => {
    running?.kill('SIGKILL');
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  it('answers from two processes, replaces a worker that dies while the other answers, and stops on SIGTERM', async () => {
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const url = new URL(PG_URL!);
    url.pathname = `/${name}`;
    const run = serve(['--workers', '2', '--port', '0', '--host', '127.0.0.1', '--no-seed'], {
      DATABASE_URL: url.toString(),
    });
    running = run.child;
    const address = await until(
      'the address',
      () => run.out.stdout.match(/running at (http:\/\/\S+) \(2 workers/)?.[1],
    );
    // A new connection each time (no keep-alive): which worker answers is the cluster's choice per connection.
    const health = () =>
      new Promise<number>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${new URL(address).port}/api/health`, { agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject)
          .setTimeout(10_000, function (this: http.ClientRequest) {
            this.destroy(new Error('no answer in 10 s'));
          });
      });

    const workers = childrenOf(run.child.pid!);
    expect(workers).toHaveLength(2);
    for (let i = 0; i < 10; i++) expect(await health()).toBe(200);

    // One worker dies: once the primary has seen it (connections it already handed to the dead process are lost, as
    // with any crash), the other answers every request while a new one takes its place.
    process.kill(workers[0]!, 'SIGKILL');
    await until('the primary sees it', () => run.out.stderr.includes(`worker ${workers[0]} stopped (SIGKILL)`));
    const answers: number[] = [];
    for (let i = 0; i < 20; i++) {
      answers.push(await health());
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(answers.every((s) => s === 200)).toBe(true);
    const replaced = await until('two workers again', () => {
      const now = childrenOf(run.child.pid!);
      return now.length === 2 && !now.includes(workers[0]!) ? now : null;
    });
    expect(replaced).toContain(workers[1]);
    for (let i = 0; i < 10; i++) expect(await health()).toBe(200);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    running = null;
    expect(childrenOf(run.child.pid!)).toEqual([]);
    for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();
  }, 240_000);
});
