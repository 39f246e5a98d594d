// `npm run bench:sla`: the SLA sweep over a large ticket table. Loads N tickets (default 1,000,000; BENCH_SLA_TICKETS)
// with SLA rows — most resolved or closed (no next look), a share open with next looks spread over the coming
// month — then measures: the plan of the sweep's claim query (it must use ticket_sla_next_check_idx, not scan),
// an idle sweep run (nothing due: the common case every 5 s), and runs that each handle a batch of 500 due tickets.
// PostgreSQL when BENCH_DATABASE_URL is set (a fresh database is created and dropped), else embedded PGlite.
import os from 'node:os';
import { sweepSla } from '../src/features/sla/service.ts';
import type { AppContext } from '../src/platform/context.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openScratchDatabase } from './scratch-database.ts';

const N = Number(process.env.BENCH_SLA_TICKETS ?? 1_000_000);
const OPEN_SHARE = 0.08; // a desk's open backlog is a few percent of its history
const DUE_NOW = 5_000; // tickets whose next look is already due when the sweep starts
const CHUNK = 100_000;

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const { database, kind, cleanup } = await openScratchDatabase('sla');
  try {
    console.log(
      `SLA sweep bench on ${kind}, ${N.toLocaleString()} tickets; ${os.cpus().length} CPUs, ${os.cpus()[0]?.model}`,
    );
    await migrate(database);
    const t0 = performance.now();
    await database.query(`INSERT INTO people (id, display_name, clinical_role) VALUES
      ('00000000-0000-4000-8000-00000000b001', 'Bench Requester', 'nurse')`);
    const openEvery = Math.round(1 / OPEN_SHARE);
    for (let from = 1; from <= N; from += CHUNK) {
      const to = Math.min(N, from + CHUNK - 1);
      await database.query(
        `INSERT INTO tickets (id, type, channel, status, summary, requester_id, impact, urgency, priority, priority_reason,
                              created_at, updated_at, phi_scanned)
         SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid, 'incident', 'phone',
                CASE WHEN i % ${openEvery} = 0 THEN 'in_progress' ELSE 'closed' END,
                'Bench ticket ' || i, '00000000-0000-4000-8000-00000000b001', 2, 2, 1 + i % 4, 'bench',
                now() - make_interval(mins => (i % 525600)::int), now() - make_interval(mins => (i % 525600)::int),
                true
           FROM generate_series(${from}::bigint, ${to}::bigint) AS i`,
      );
      // Open tickets get a next look spread over the coming 30 days; the first DUE_NOW of them are already due.
      await database.query(
        `INSERT INTO ticket_sla (ticket_id, policy_id, policy_name, calendar_id, time_zone, priority, timeline,
                                 response_target_ms, resolution_target_ms, response_state, resolution_state,
                                 elapsed_by_holder, next_check_at, computed_at)
         SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid,
                '5a1a0000-0000-4000-8000-000000000011', 'Clinical-critical services (24x7)',
                '5a1a0000-0000-4000-8000-000000000001', 'UTC', 1 + i % 4,
                jsonb_build_array(jsonb_build_object(
                  'at', floor(extract(epoch from now() - make_interval(mins => (i % 525600)::int)) * 1000)::bigint,
                  'status', 'new', 'tier', 'tier1', 'providerId', null)),
                900000, 7200000,
                CASE WHEN i % ${openEvery} = 0 THEN 'running' ELSE 'stopped' END,
                CASE WHEN i % ${openEvery} = 0 THEN 'running' ELSE 'stopped' END,
                '{}'::jsonb,
                CASE WHEN i % ${openEvery} <> 0 THEN NULL
                     WHEN i % ${Math.max(1, Math.round(N / DUE_NOW))} < ${openEvery} THEN now() - interval '1 minute'
                     ELSE now() + make_interval(secs => ((i * 7919) % 2592000)::float8) END,
                now()
           FROM generate_series(${from}::bigint, ${to}::bigint) AS i`,
      );
      process.stdout.write(`\rloaded ${to.toLocaleString()} tickets`);
    }
    await database.query('ANALYZE');
    const loadSeconds = (performance.now() - t0) / 1000;
    const [counts] = await database.query<{ open: number; due: number; rows: number }>(
      `SELECT count(*) FILTER (WHERE next_check_at IS NOT NULL)::int AS open,
              count(*) FILTER (WHERE next_check_at <= now())::int AS due, count(*)::int AS rows FROM ticket_sla`,
    );
    console.log(
      `\nloaded in ${loadSeconds.toFixed(0)} s: ${counts!.rows.toLocaleString()} SLA rows, ${counts!.open.toLocaleString()} with a next look, ${counts!.due.toLocaleString()} due now`,
    );

    const plan = await database.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT * FROM ticket_sla WHERE next_check_at IS NOT NULL AND next_check_at <= now()
        ORDER BY next_check_at LIMIT 500 FOR UPDATE SKIP LOCKED`,
    );
    const planText = plan.map((r) => r['QUERY PLAN']).join('\n');
    console.log(`claim query plan:\n${planText}`);
    const usesIndex = /ticket_sla_next_check_idx/.test(planText) && !/Seq Scan/.test(planText);
    console.log(`uses ticket_sla_next_check_idx without a sequential scan: ${usesIndex ? 'yes' : 'NO'}`);

    const ctx = { database } as unknown as AppContext;
    const busy: number[] = [];
    let handled = 0;
    const m0 = process.memoryUsage().rss;
    for (;;) {
      const s = performance.now();
      const n = await sweepSla(ctx, Date.now(), 500);
      if (n === 0) break;
      busy.push(performance.now() - s);
      handled += n;
    }
    busy.sort((a, b) => a - b);
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) {
      const s = performance.now();
      await sweepSla(ctx, Date.now(), 500);
      idle.push(performance.now() - s);
    }
    idle.sort((a, b) => a - b);
    const f = (x: number) => x.toFixed(1);
    console.log(
      `sweep with work: ${busy.length} runs handled ${handled} due tickets; per run of up to 500: p50 ${f(pct(busy, 50))} ms, p99 ${f(pct(busy, 99))} ms, ` +
        `≈ ${Math.round(handled / (busy.reduce((a, b) => a + b, 0) / 1000))} tickets/s`,
    );
    console.log(
      `idle sweep (nothing due, every 5 s): p50 ${f(pct(idle, 50))} ms, p99 ${f(pct(idle, 99))} ms (50 runs)`,
    );
    console.log(
      `RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB (grew ${Math.round((process.memoryUsage().rss - m0) / 2 ** 20)} MiB during the sweeps)`,
    );
  } finally {
    await cleanup();
  }
}

await main();
