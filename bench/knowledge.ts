// Knowledge bench: agent-assist suggestion latency with 10,000 articles, and search latency (articles, and the
// ticket search an agent runs next to it) with a large ticket history. Not part of the test suite.
//
//   npx tsx bench/knowledge.ts                       # PostgreSQL at KB_BENCH_DATABASE_URL (default 127.0.0.1 trust)
//   KB_BENCH_TICKETS=200000 npx tsx bench/knowledge.ts
//   KB_BENCH_DB=pglite KB_BENCH_TICKETS=50000 npx tsx bench/knowledge.ts
//
// Requests go through the real HTTP stack (routing, zod, access, serialisation) with app.inject — no socket — so the
// figures are the server's work for one request at a time, on an otherwise idle machine.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/demo/accounts.ts';
import { demoArticles } from '../src/demo/knowledge.ts';
import { cols, insertAll } from '../src/demo/writer.ts';
import { createContextAndApp } from '../src/main.ts';
import { type Database, openDatabase } from '../src/platform/db/connect.ts';
import { newId } from '../src/platform/ids.ts';

const ARTICLES = Number(process.env.KB_BENCH_ARTICLES ?? 10_000);
const TICKETS = Number(process.env.KB_BENCH_TICKETS ?? 1_000_000);
const ROUNDS = Number(process.env.KB_BENCH_ROUNDS ?? 10);
const DB_KIND = process.env.KB_BENCH_DB ?? 'postgres';
const SERVER_URL = process.env.KB_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const QUERIES = [
  'wristbnd printr',
  'wristband printer blank',
  'sign ordr',
  'cosign orders',
  'badge tap not working',
  'forgot password locked out',
  'pasword expird',
  'scanner wont read wristband',
  'bcma scaner',
  'late dose mar',
  'citrix frozen',
  'citrx sesion hung',
  'in basket out of office',
  'specimen labels not printing',
  'ehr down what do we do',
  'verbal order cosign',
  'held medication refused',
  'flowsheet vitals not crossing',
  'discharge med rec',
  'pacs images not loading',
];

const t0 = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const summary = (ms: number[]) => ({
  n: ms.length,
  p50: +pct(ms, 50).toFixed(2),
  p95: +pct(ms, 95).toFixed(2),
  p99: +pct(ms, 99).toFixed(2),
  max: +Math.max(...ms).toFixed(2),
});

async function openBenchDb(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (DB_KIND === 'pglite') return { database: await openDatabase({}), drop: async () => {} };
  const name = `clinidesk_kbbench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  return {
    database,
    async drop() {
      if (process.env.KB_BENCH_KEEP) {
        console.log(`kept database ${name}`);
        await admin.end();
        return;
      }
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** More articles in the demo's style: each demo article re-targeted to another module/unit, with its own words. */
async function growArticles(database: Database, target: number) {
  const base = demoArticles();
  const existing = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM kb_articles');
  const services = await database.query<{ id: string; parent_id: string | null; kind: string }>(
    'SELECT id, parent_id, kind FROM services',
  );
  const modules = services.filter((s) => s.kind === 'module');
  const places = ['4 West', 'ICU', 'ED', 'PACU', 'Oncology clinic', 'L&D', 'NICU', 'Cath lab', 'Pharmacy', 'Radiology'];
  const variants = ['after the upgrade', 'on night shift', 'on shared workstations', 'in Citrix', 'on WOWs'];
  const rows: unknown[][] = [];
  for (let i = existing[0]!.n; i < target; i++) {
    const d = base[i % base.length]!;
    const m = modules[i % modules.length]!;
    const place = places[Math.floor(i / base.length) % places.length]!;
    const variant = variants[Math.floor(i / (base.length * places.length)) % variants.length]!;
    rows.push([
      newId(),
      `${d.title} — ${place}, ${variant} (${i})`,
      `${d.body}\n\nApplies to ${place} ${variant}.`,
      d.type,
      m.parent_id,
      m.id,
      d.roles ?? [],
      d.units ?? [],
      i % 3 === 0 ? 'agents' : 'portal',
      i % 10 === 0 ? 'draft' : 'published',
      d.tags,
    ]);
  }
  await insertAll(
    database.db,
    'kb_articles',
    cols(
      'id:uuid title:text body:text type:text service_id:uuid module_id:uuid roles:text[] unit_kinds:text[] audience:text status:text tags:text[]',
    ),
    rows,
    (r) => r,
    2000,
  );
}

/** A large ticket history by set-based SQL: realistic summaries (the call drivers), spread over a year. */
async function growTickets(database: Database, target: number) {
  const [{ n }] = (await database.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')) as [{ n: number }];
  const summaries = demoArticles().map((a) => a.title.replace(/'/g, "''"));
  const arr = `ARRAY[${summaries.map((s) => `'${s}'`).join(',')}]`;
  const step = 100_000;
  for (let from = n; from < target; from += step) {
    const count = Math.min(step, target - from);
    await database.query(`
      INSERT INTO tickets (id, type, channel, status, summary, description, requester_id, impact, urgency, priority,
        priority_reason, created_at, updated_at, resolved_at, phi_scanned)
      SELECT gen_random_uuid(), (ARRAY['incident','how_to','service_request'])[1 + g % 3],
        (ARRAY['phone','portal','email','chat'])[1 + g % 4],
        CASE WHEN g % 20 = 0 THEN 'in_progress' ELSE 'closed' END,
        (${arr})[1 + g % ${summaries.length}] || ' #' || g,
        'Caller reports: ' || (${arr})[1 + (g * 7) % ${summaries.length}],
        (SELECT id FROM people ORDER BY id OFFSET (g % 500) LIMIT 1),
        2, 2, 3, 'bench', now() - make_interval(mins => g % 525600), now(), now(),
        true -- article titles, no patient details: nothing for the PHI scan job to mask
      FROM generate_series(${from}, ${from + count - 1}) g`);
    log(`tickets: ${from + count}`);
  }
}

async function main() {
  log(`opening ${DB_KIND}`);
  const { database, drop } = await openBenchDb();
  try {
    const { app, close } = await createContextAndApp({ database, seedDemo: true, demoTickets: 0, logLevel: 'silent' });
    try {
      await growArticles(database, ARTICLES);
      await database.query('ANALYZE kb_articles');
      const articles = (await database.query<{ n: number }>('SELECT count(*)::int AS n FROM kb_articles'))[0]!.n;
      log(`articles: ${articles}`);

      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'agent', password: DEMO_PASSWORD },
      });
      const cookie = `clinidesk_session=${login.cookies.find((c) => c.name === 'clinidesk_session')!.value}`;
      const get = async (url: string) => {
        const start = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: { cookie } });
        const ms = performance.now() - start;
        if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body}`);
        return ms;
      };
      const mods = await database.query<{ id: string; parent_id: string }>(
        `SELECT id, parent_id FROM services WHERE kind = 'module'`,
      );
      const measure = async (label: string, url: (q: string, i: number) => string) => {
        for (const q of QUERIES) await get(url(q, 0)); // warm-up
        const ms: number[] = [];
        for (let r = 0; r < ROUNDS; r++) for (const [i, q] of QUERIES.entries()) ms.push(await get(url(q, r * 31 + i)));
        const s = summary(ms);
        log(`${label}: p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms (n=${s.n})`);
        return s;
      };
      const suggestUrl = (q: string, i: number) => {
        const m = mods[i % mods.length]!;
        return `/api/v1/knowledge/suggest?text=${encodeURIComponent(q)}&serviceId=${m.parent_id}&moduleId=${m.id}`;
      };
      const searchUrl = (q: string) => `/api/v1/knowledge/articles?q=${encodeURIComponent(q)}`;
      const ticketUrl = (q: string) => `/api/v1/tickets?q=${encodeURIComponent(q)}&limit=20`;

      const result: Record<string, unknown> = {
        at: new Date().toISOString(),
        database: DB_KIND,
        machine: {
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model,
          memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
          node: process.version,
          postgres: (await database.query<{ v: string }>(`SELECT current_setting('server_version') AS v`))[0]!.v,
          loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)),
        },
        articles,
        suggest: await measure(`suggest @ ${articles} articles`, suggestUrl),
        articleSearch: await measure(`article search @ ${articles} articles`, searchUrl),
      };

      log(`loading tickets up to ${TICKETS}`);
      await growTickets(database, TICKETS);
      await database.query('ANALYZE');
      const tickets = (await database.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets'))[0]!.n;
      result.tickets = tickets;
      result.atScale = {
        suggest: await measure(`suggest @ ${articles} articles + ${tickets} tickets`, suggestUrl),
        articleSearch: await measure(`article search @ ${articles} articles + ${tickets} tickets`, searchUrl),
        ticketSearch: await measure(`ticket search @ ${tickets} tickets`, ticketUrl),
      };
      result.seconds = Math.round((Date.now() - t0) / 1000);
      result.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
      const file = fileURLToPath(
        new URL(
          `./results/${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}Z-knowledge-${DB_KIND}.json`,
          import.meta.url,
        ),
      );
      writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
      log(`written ${file}`);
    } finally {
      await close();
    }
  } finally {
    await drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
