// What the benches share: cleanup on success, error or signal; signing in to a bench server; a throwaway PostgreSQL
// database; ticket-creation load with autocannon; percentiles and rounding; whole-number settings.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import type { Api, Target } from './scenarios.ts';

export type DbKind = 'pglite' | 'postgres';
export type Latency = { p50: number; p99: number; mean: number; max: number };
export type LoadFigures = {
  requestsPerSec: number;
  latencyMs: Latency;
  requests: number;
  errors: number;
  non2xx: number;
};

/** The databases a bench script runs on: PGlite, PostgreSQL too with BENCH_DATABASE_URL; BENCH_ONLY picks one. */
export function benchKinds(): DbKind[] {
  const all: DbKind[] = process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const kinds = process.env.BENCH_ONLY ? all.filter((k) => k === process.env.BENCH_ONLY) : all;
  if (kinds.length === 0) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY} matches none of: ${all.join(', ')}`);
  return kinds;
}

/**
 * Runs `bench` on each database in turn, undoing what it started before the next, and writes each report to
 * bench/results/<its start>-<label>-<database>.json after printing it.
 */
export async function eachDatabase<R extends { startedAt: string }>(
  kinds: DbKind[],
  label: string,
  bench: (kind: DbKind) => Promise<R>,
  print: (kind: DbKind, report: R) => void,
): Promise<void> {
  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  for (const kind of kinds) {
    const report = await bench(kind);
    await runCleanups();
    mkdirSync(resultsDir, { recursive: true });
    const stamp = report.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
    const file = path.join(resultsDir, `${stamp}-${label}-${kind}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    print(kind, report);
    console.log(`written ${path.relative(process.cwd(), file)}`);
  }
}

/** The machine a run measures on; the load average (1, 5, 15 min) is read before our load: other people's work. */
export function machineInfo() {
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cpuCount: os.cpus().length,
    node: process.version,
    loadAverage: loadAverage(),
  };
}

/** The machine's load average (1, 5, 15 min) now. */
export function loadAverage(): number[] {
  return os.loadavg().map((l) => round(l, 2));
}

/** Where a bench server keeps its data: a fresh data folder, and for PostgreSQL a fresh database; both undone by the
 *  cleanups. */
export async function benchStorage(kind: DbKind, label: string): Promise<{ dataDir: string; databaseUrl?: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `clinidesk-bench-${label}-`));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  if (kind !== 'postgres') return { dataDir };
  return { dataDir, databaseUrl: await createPostgresDatabase(process.env.BENCH_DATABASE_URL!, label) };
}

/** The demo accounts' password (src/demo/accounts.ts). */
export const DEMO_PASSWORD = 'clinidesk-demo';

// ---- cleanup: everything started is registered here and undone in reverse order, on success, error or signal ----
export const cleanups: (() => Promise<void> | void)[] = [];

export async function runCleanups(): Promise<void> {
  for (let fn = cleanups.pop(); fn; fn = cleanups.pop()) {
    try {
      await fn();
    } catch (err) {
      console.error('cleanup failed:', err);
    }
  }
}

let aborting = false;
export async function abort(reason: unknown, code = 1): Promise<never> {
  if (!aborting) {
    aborting = true;
    console.error(`\nbench failed: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
    await runCleanups();
  }
  process.exit(code);
}
process.on('SIGINT', () => void abort('interrupted', 130));
process.on('SIGTERM', () => void abort('terminated', 143));

/** Runs the bench's `main` under an overall time limit; exits 0 when it ends, or cleans up and exits 1. */
export async function runBench(main: () => Promise<void>, limitMinutes: number): Promise<void> {
  const overall = setTimeout(
    () => void abort(`overall time limit (${limitMinutes} min) exceeded`),
    limitMinutes * 60_000,
  );
  overall.unref();
  await main()
    .then(() => process.exit(0))
    .catch((err) => abort(err));
}

// ---- HTTP, PostgreSQL ----
/**
 * Signs in with a demo account (its session cookie), and for `admin` also makes an API token (`tokenName`), which
 * `request` and the load use; other accounts get an empty token.
 */
export async function signIn(url: string, username: string, tokenName: string): Promise<Api & { cookie: string }> {
  const json = { 'content-type': 'application/json' };
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`login as ${username} → ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';', 1)[0])
    .find((c) => c?.startsWith('clinidesk_session='));
  if (!cookie) throw new Error('login did not set the clinidesk_session cookie');
  let token = '';
  if (username === 'admin') {
    const created = await fetch(`${url}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { ...json, cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: `${tokenName} ${new Date().toISOString()}` }),
    });
    if (!created.ok) throw new Error(`token → ${created.status}`);
    token = ((await created.json()) as { token: string }).token;
  }
  return {
    url,
    token,
    cookie,
    request: async <T>(method: string, p: string, body?: unknown) => {
      const res = await fetch(url + p, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : json) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${p} → ${res.status}: ${text.slice(0, 300)}`);
      return (text ? JSON.parse(text) : null) as T;
    },
  };
}

/** A fresh database `clinidesk_bench_<label>_<time>` on the server, dropped by the cleanups; returns its URL. */
export async function createPostgresDatabase(adminUrl: string, label: string): Promise<string> {
  const name = `clinidesk_bench_${label}_${Date.now()}`;
  const adminClient = new pg.Client({ connectionString: adminUrl });
  await adminClient.connect();
  try {
    await adminClient.query(`create database ${name}`);
  } finally {
    await adminClient.end();
  }
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(`drop database if exists ${name} with (force)`);
    } finally {
      await c.end();
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A bench database's size on disk and its tickets: what the history costs in PostgreSQL storage. */
export async function postgresDatabaseSize(url: string): Promise<{ mib: number; tickets: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ bytes: string; tickets: string }>(
      'SELECT pg_database_size(current_database())::text AS bytes, (SELECT count(*) FROM tickets)::text AS tickets',
    );
    const row = res.rows[0]!;
    return { mib: round(Number(row.bytes) / 2 ** 20, 1), tickets: Number(row.tickets) };
  } finally {
    await client.end();
  }
}

/** POSTs `target` (its body numbered from `first`) for `seconds` over `connections` connections. */
export async function postLoad(
  api: Api,
  target: Target,
  opts: { seconds: number; first: number; connections: number },
): Promise<LoadFigures> {
  let n = opts.first;
  const body = target.body as (n: number) => unknown;
  const r = await autocannon({
    url: api.url + target.path,
    method: 'POST',
    headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 10,
    requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify(body(n++)) }) }],
  });
  if (r.errors || r.non2xx) console.warn(`WARNING: ${r.errors} errors, ${r.non2xx} non-2xx responses`);
  return {
    requestsPerSec: round(r.requests.mean, 1),
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, mean: round(r.latency.mean, 2), max: r.latency.max },
    requests: r.requests.total,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

// ---- figures ----
export function percentiles(values: number[]): Latency {
  if (!values.length) return { p50: Number.NaN, p99: Number.NaN, mean: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return {
    p50: round(at(0.5), 1),
    p99: round(at(0.99), 1),
    mean: round(values.reduce((s, x) => s + x, 0) / values.length, 1),
    max: round(sorted[sorted.length - 1]!, 1),
  };
}

/** `fn` over every item, at most `concurrency` at a time; the results in the items' order. */
export async function inBatches<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const fmt = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A whole number of at least `min`, named `name` in the error. */
export function whole(name: string, raw: string | undefined, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number, at least ${min}`);
  return n;
}

/** The environment variable `name` as a whole number of at least `min`, or `fallback` when unset. */
export function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : whole(name, raw, min);
}
