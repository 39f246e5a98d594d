// Where one ticket creation's (or with --read, one ticket page read's; with --queue, one open queue page's) time goes, in process (no HTTP socket, no load generator): the app on a fresh database
// with a small demo, one agent creating tickets one after another through app.inject. Prints the wall and CPU time
// per creation and, with --statements, every SQL statement a creation ran (PostgreSQL only: counted at the driver),
// or with --profile <file>, writes a CPU profile (.cpuprofile, open it in Chrome's DevTools) and prints the top
// self-time functions. Not a benchmark: a developer's tool for issue 17.
//
//   npx tsx bench/profile-create.ts [--count 200] [--profile /tmp/create.cpuprofile]
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/profile-create.ts --statements
//   BENCH_DATABASE_URL=… npx tsx bench/profile-create.ts --server
// --server prints the PostgreSQL server's side per creation: its backends' planning and execution time per statement,
// from pg_stat_statements (the server must load it: shared_preload_libraries = 'pg_stat_statements', and
// pg_stat_statements.track_planning = on for the planning time).
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/demo/accounts.ts';
import { createContextAndApp } from '../src/main.ts';
import { rowsOf } from '../src/platform/db/connect.ts';
import { openScratchDatabase } from './scratch-database.ts';

const args = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    profile: { type: 'string' },
    statements: { type: 'boolean', default: false },
    read: { type: 'boolean', default: false },
    queue: { type: 'boolean', default: false },
    server: { type: 'boolean', default: false },
  },
});
const COUNT = Number(args.values.count);
const reading = args.values.read || args.values.queue;
const what = args.values.queue
  ? 'queue page reads (50 open tickets)'
  : args.values.read
    ? 'ticket page reads'
    : 'creations';
const url = process.env.BENCH_DATABASE_URL;

const seen = new Map<string, number>();
let counting = false;
if (args.values.statements) {
  if (!url) throw new Error('--statements counts at the PostgreSQL driver: set BENCH_DATABASE_URL.');
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    const q = a[0] as string | { text: string };
    const text = (typeof q === 'string' ? q : q.text).replace(/\s+/g, ' ').slice(0, 160);
    if (counting) seen.set(text, (seen.get(text) ?? 0) + 1);
    return (original as (...x: unknown[]) => unknown).apply(this, a);
  } as typeof original;
}

const scratch = await openScratchDatabase('profile');
const { database } = scratch;
const { app, close } = await createContextAndApp({
  database,
  seedDemo: true,
  logLevel: 'warn',
  env: { ...process.env, CLINIDESK_DEMO_TICKETS: '500', CLINIDESK_EVENT_POLL_MS: '100' },
});
try {
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'agent', password: DEMO_PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.body}`);
  const headers = {
    cookie: `clinidesk_session=${login.cookies.find((c) => c.name === 'clinidesk_session')!.value}`,
    'x-csrf-token': login.json().csrfToken as string,
  };
  const people = (await app.inject({ method: 'GET', url: '/api/v1/people?limit=50', headers })).json().items as {
    id: string;
  }[];
  const catalogue = (await app.inject({ method: 'GET', url: '/api/v1/directory/catalogue', headers })).json();
  const service = (catalogue.applications as { id: string; modules: { id: string }[] }[]).find((a) => a.modules.length);
  const create = async (n: number) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers,
      payload: {
        requesterId: people[n % people.length]!.id,
        channel: 'phone',
        summary: `Cannot sign orders in CPOE (profile ${n})`,
        serviceId: service!.id,
        moduleId: service!.modules[n % service!.modules.length]!.id,
        patientCareAffected: n % 3 === 0,
        scope: 'me',
      },
    });
    if (res.statusCode !== 201) throw new Error(`creation ${n}: ${res.statusCode} ${res.body}`);
    lastNumber = res.json().number;
  };
  let lastNumber = '';
  const readUrl = () =>
    args.values.queue ? '/api/v1/tickets?view=all_open&limit=50' : `/api/v1/tickets/${lastNumber}`;
  const read = async () => {
    const res = await app.inject({ method: 'GET', url: readUrl(), headers });
    if (res.statusCode !== 200) throw new Error(`read ${readUrl()}: ${res.statusCode} ${res.body}`);
  };
  // warm-up: statements prepared, code compiled (and, for --queue, at least a page of open tickets)
  for (let i = 0; i < (args.values.queue ? 60 : 30); i++) await create(i);
  if (reading) for (let i = 0; i < 30; i++) await read();
  await new Promise((r) => setTimeout(r, 2000)); // the warm-up's background work (events, notifications) done

  const session = args.values.profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const serverStats = args.values.server ? await startServerStats() : null;
  counting = true;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < COUNT; i++) await (reading ? read() : create(1000 + i));
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  counting = false;
  console.log(
    `${COUNT} ${what} on ${url ? 'PostgreSQL' : 'PGlite'}: ${(wall / COUNT).toFixed(1)} ms wall, ` +
      `${((used.user + used.system) / 1000 / COUNT).toFixed(1)} ms CPU each (this process)`,
  );
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(args.values.profile!, JSON.stringify(profile));
    const self = new Map<string, number>();
    const dt = new Map<number, number>();
    for (const [i, id] of profile.samples!.entries()) dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0));
    let total = 0;
    for (const node of profile.nodes) {
      const t = dt.get(node.id) ?? 0;
      total += t;
      const f = node.callFrame;
      const where = f.url
        ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(src|bench)\//, '$1/')}:${f.lineNumber + 1}`
        : '';
      const key = `${f.functionName || '(anonymous)'} ${where}`;
      self.set(key, (self.get(key) ?? 0) + t);
    }
    console.log('top self time:');
    for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40))
      console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
  if (serverStats) await serverStats.print(COUNT);
  if (args.values.statements) {
    let sum = 0;
    for (const n of seen.values()) sum += n;
    console.log(`${(sum / COUNT).toFixed(1)} statements per creation (request path and background):`);
    for (const [t, n] of [...seen].sort((a, b) => b[1] - a[1]))
      console.log(`${(n / COUNT).toFixed(2).padStart(6)}  ${t}`);
  }
} finally {
  await close();
  await scratch.cleanup();
}

/** pg_stat_statements for this run's database, from now on: what the server's backends spent per statement. */
async function startServerStats() {
  if (!url) throw new Error('--server reads pg_stat_statements on the PostgreSQL server: set BENCH_DATABASE_URL.');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const [db] = rowsOf<{ name: string }>(await database.db.execute(sql`SELECT current_database() AS name`));
  await client.query('SELECT pg_stat_statements_reset()');
  return {
    async print(count: number) {
      const { rows } = await client.query<{ query: string; calls: string; plan: number; exec: number }>(
        `SELECT s.query, s.calls, s.total_plan_time AS plan, s.total_exec_time AS exec
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname = $1 ORDER BY s.total_plan_time + s.total_exec_time DESC`,
        [db!.name],
      );
      let plan = 0;
      let exec = 0;
      for (const r of rows) {
        plan += r.plan;
        exec += r.exec;
      }
      console.log(
        `server, per creation: ${(plan / count).toFixed(2)} ms planning, ${(exec / count).toFixed(2)} ms executing`,
      );
      for (const r of rows.slice(0, 25))
        console.log(
          `${(Number(r.calls) / count).toFixed(2).padStart(6)} calls ${(r.plan / count).toFixed(3).padStart(7)} plan ` +
            `${(r.exec / count).toFixed(3).padStart(7)} exec  ${r.query.replace(/\s+/g, ' ').slice(0, 150)}`,
        );
      await client.end();
    },
  };
}
