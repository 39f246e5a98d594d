// The reports bench, part of `npm run bench` (docs/benchmarks.md, "Reports"): against the server bench/run.ts started
// (demo history, BENCH_TICKETS for a large one), it waits until the report facts are built and the refresh job has
// settled, then times every report endpoint for one client (p50/p99, req/s), optionally for several clients, the
// time until each Reports tab has all its data, and the full CSV export (rows, seconds, rows/s, the server's peak
// memory while it streams). Real HTTP over loopback, like the other scenarios.
import type { ServerProcess } from './child.ts';
import type { Api } from './scenarios.ts';

/** Requests per endpoint for one client (fewer if BENCH_REPORT_SECONDS runs out first, never under 5). */
const REQUESTS = envInt('BENCH_REPORT_REQUESTS', 30, 5);
const SECONDS_PER_ENDPOINT = envInt('BENCH_REPORT_SECONDS', 20, 1);
/** Concurrent clients for the second pass (1 = no second pass). */
const CLIENTS = envInt('BENCH_REPORT_CLIENTS', 1, 1);
const EXPORT = process.env.BENCH_REPORT_EXPORT !== '0';
/** Which parts to run (comma-separated): endpoints, pages, concurrent, export. */
const PARTS = new Set((process.env.BENCH_REPORT_PARTS ?? 'endpoints,pages,concurrent,export').split(','));
/** How long to wait for the facts and the first refresh after start (a 1M history takes minutes). */
const SETTLE_SECONDS = envInt('BENCH_REPORT_SETTLE_SECONDS', 3600, 1);

export type Timing = {
  name: string;
  path: string;
  requests: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  reqPerSec: number;
};
export type ReportBench = {
  history: {
    tickets: number;
    surveyAnswersInRange: number;
    callsInRange: number;
    from: string;
    to: string;
  };
  facts: { readyAfterMs: number; settledAfterMs: number; factsAsOf: string | null };
  oneClient: Timing[];
  concurrent: (Timing & { clients: number })[];
  pages: Timing[];
  exportCsv: {
    rows: number;
    expectedRows: number;
    bytes: number;
    seconds: number;
    rowsPerSec: number;
    rssBeforeMiB: number | null;
    peakRssMiB: number | null;
    sampledMaxRssMiB: number | null;
    rssMiBEvery100kRows: [number, number | null][];
  } | null;
};

type TicketReport = { factsAsOf: string | null; total: { tickets: number }; csat: { n: number } };

export async function benchReports(api: Api, server: ServerProcess, readyAt: number): Promise<ReportBench> {
  const day = 86_400_000;
  const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
  // The Reports page's default range: the twelve months before this one and this month up to and including today.
  const to = isoDay(Date.now() + day);
  const today = new Date();
  const from = isoDay(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 12, 1));
  const range = `from=${from}&to=${to}`;

  const facts = await waitForFacts(api, `from=${isoDay(Date.parse(to) - 2 * day)}&to=${to}`, readyAt);
  const total = await api.request<TicketReport>('GET', `/api/v1/reports/tickets?${range}&groupBy=channel`);
  const calls = await api.request<{ total: { offered: number } }>('GET', `/api/v1/reports/calls?${range}`);
  const facilities = (
    await api.request<{ items: { id: string; name: string }[] }>('GET', '/api/v1/facilities?limit=100')
  ).items;
  const goLives = await api.request<{ facilityId: string; goLiveAt: string }[]>('GET', '/api/v1/reports/go-lives');
  console.log(
    `[reports] ${total.total.tickets} tickets, ${total.csat.n} ticket-survey answers and ${calls.total.offered} calls ` +
      `in ${from} … ${to}; facts ready ${(facts.readyAfterMs / 1000).toFixed(1)} s after the server listened`,
  );

  const report = (q: string) => `/api/v1/reports/tickets?${range}&${q}`;
  const endpoints: [string, string][] = [
    ['tickets by month', report('groupBy=period&period=month')],
    ['tickets by week', report('groupBy=period&period=week')],
    ['tickets by day', report('groupBy=period&period=day')],
    ['tickets by facility', report('groupBy=facility')],
    ['tickets by unit', report('groupBy=unit')],
    ['tickets by clinical role', report('groupBy=clinical_role')],
    ['tickets by module', report('groupBy=module')],
    ['tickets by channel', report('groupBy=channel')],
    ['tickets by priority', report('groupBy=priority')],
    ['tickets by provider', report('groupBy=provider')],
    ['tickets by tier', report('groupBy=tier')],
    ['tickets by agent', report('groupBy=agent')],
    ...(facilities[0]
      ? ([['one facility by month', report(`groupBy=period&period=month&facilityId=${facilities[0].id}`)]] as [
          string,
          string,
        ][])
      : []),
    ['phone by month', `/api/v1/reports/calls?${range}&groupBy=period&period=month`],
    ['phone by line', `/api/v1/reports/calls?${range}&groupBy=line`],
    ['phone by agent', `/api/v1/reports/calls?${range}&groupBy=agent`],
    ['scorecards', `/api/v1/reports/scorecards?${range}`],
    ...(goLives[0]
      ? ([
          [
            'go-live view (90 days)',
            `/api/v1/reports/go-live?facilityId=${goLives[0].facilityId}&goLiveAt=${encodeURIComponent(goLives[0].goLiveAt)}`,
          ],
        ] as [string, string][])
      : []),
    ['drill-down first page', `/api/v1/reports/tickets/drill?${range}&metric=fcrGross&outcome=miss&limit=100`],
    [
      'drill-down, one month group',
      `/api/v1/reports/tickets/drill?${range}&metric=tickets&groupBy=period&period=month&group=${from.slice(0, 8)}01`,
    ],
  ];

  const oneClient: Timing[] = [];
  for (const [name, path] of PARTS.has('endpoints') ? endpoints : []) {
    const t = await timeSequential(api, name, [path]);
    oneClient.push(t);
    console.log(`[reports] ${pad(name)} p50 ${fmt(t.p50)} ms  p99 ${fmt(t.p99)} ms  (${t.requests} requests)`);
  }

  // Each Reports tab as it opens: the app shell's session check and the tab's queries, in parallel.
  const pageDefs: [string, string[]][] = [
    ['page: tickets tab', ['/api/v1/auth/me', '/api/v1/facilities?limit=100', report('groupBy=period&period=month')]],
    ['page: phone tab', ['/api/v1/auth/me', `/api/v1/reports/calls?${range}&groupBy=line&period=month`]],
    [
      'page: scorecards tab',
      [
        '/api/v1/auth/me',
        '/api/v1/facilities?limit=100',
        `/api/v1/reports/scorecards?${range}`,
        '/api/v1/reports/go-lives',
      ],
    ],
  ];
  const pages: Timing[] = [];
  for (const [name, paths] of PARTS.has('pages') ? pageDefs : []) {
    const t = await timeSequential(api, name, paths);
    pages.push(t);
    console.log(`[reports] ${pad(name)} p50 ${fmt(t.p50)} ms  p99 ${fmt(t.p99)} ms  (${t.requests} loads)`);
  }

  const concurrent: (Timing & { clients: number })[] = [];
  if (CLIENTS > 1 && PARTS.has('concurrent')) {
    for (const [name, path] of endpoints.filter(([n]) =>
      ['tickets by month', 'tickets by provider', 'phone by month', 'scorecards'].includes(n),
    )) {
      const t = await timeConcurrent(api, name, path, CLIENTS);
      concurrent.push({ ...t, clients: CLIENTS });
      console.log(
        `[reports] ${pad(`${name} ×${CLIENTS}`)} p50 ${fmt(t.p50)} ms  p99 ${fmt(t.p99)} ms  ${t.reqPerSec.toFixed(1)} req/s`,
      );
    }
  }

  const exportCsv = EXPORT && PARTS.has('export') ? await timeExport(api, server, range, total.total.tickets) : null;
  return {
    history: {
      tickets: total.total.tickets,
      surveyAnswersInRange: total.csat.n,
      callsInRange: calls.total.offered,
      from,
      to,
    },
    facts,
    oneClient,
    concurrent,
    pages,
    exportCsv,
  };
}

/**
 * The report facts are built by the refresh job; a refresh still judging tickets would load the CPUs we measure on,
 * and on PGlite it holds the only connection. After a seed the refresh re-judges, every 30 s, whatever changed in
 * the 5 minutes before the previous refresh started, and the SLA backfill just touched every ticket: so this waits
 * for two refreshes that both started more than 5 minutes after the server listened (settled), and reports when
 * the facts were first complete.
 */
async function waitForFacts(api: Api, range: string, readyAt: number) {
  const overlapMs = 5 * 60_000;
  const deadline = Date.now() + SETTLE_SECONDS * 1000;
  let lastSaid = 0;
  let firstAt: number | null = null;
  const settledMarks = new Set<string>();
  for (;;) {
    // A one-day report: cheap to ask every 2 s, and it says how fresh the facts are.
    const r = await api.request<TicketReport>('GET', `/api/v1/reports/tickets?${range}&groupBy=channel`);
    const asOf = r.factsAsOf === null ? null : Date.parse(r.factsAsOf);
    if (asOf !== null && asOf > readyAt && firstAt === null) {
      firstAt = Date.now();
      console.log(`[reports] facts complete ${((firstAt - readyAt) / 1000).toFixed(1)} s after start`);
    }
    if (asOf !== null && asOf > readyAt + overlapMs) settledMarks.add(r.factsAsOf!);
    if (firstAt !== null && settledMarks.size >= 2) {
      return { readyAfterMs: firstAt - readyAt, settledAfterMs: Date.now() - readyAt, factsAsOf: r.factsAsOf };
    }
    if (Date.now() > deadline) throw new Error(`report facts not settled within ${SETTLE_SECONDS} s`);
    if (Date.now() - lastSaid > 60_000) {
      lastSaid = Date.now();
      console.log(`[reports] waiting for the report facts to settle (as of ${r.factsAsOf ?? 'never'}) …`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

async function get(api: Api, path: string): Promise<number> {
  const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${api.token}` } });
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${path} → ${res.status}: ${body.slice(0, 300)}`);
  return body.length;
}

/** One client: each request (or each set of parallel requests, for a page) after the previous one answered. */
async function timeSequential(api: Api, name: string, paths: string[]): Promise<Timing> {
  await Promise.all(paths.map((p) => get(api, p))); // warm-up: plans, caches, JIT
  const ms: number[] = [];
  const started = performance.now();
  while (ms.length < REQUESTS && (ms.length < 5 || performance.now() - started < SECONDS_PER_ENDPOINT * 1000)) {
    const t0 = performance.now();
    await Promise.all(paths.map((p) => get(api, p)));
    ms.push(performance.now() - t0);
  }
  return timing(name, paths.join(' + '), ms, (performance.now() - started) / 1000);
}

async function timeConcurrent(api: Api, name: string, path: string, clients: number): Promise<Timing> {
  await get(api, path);
  const ms: number[] = [];
  const started = performance.now();
  const until = started + SECONDS_PER_ENDPOINT * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await get(api, path);
        ms.push(performance.now() - t0);
      }
    }),
  );
  return timing(name, path, ms, (performance.now() - started) / 1000);
}

/** The whole year as CSV, read as it streams; the server's memory sampled every 100 ms. */
async function timeExport(api: Api, server: ServerProcess, range: string, expectedRows: number) {
  const rssBeforeMiB = server.memory()?.rssMiB ?? null;
  server.resetPeak();
  let sampledMax = rssBeforeMiB ?? 0;
  const sampler = setInterval(() => {
    const m = server.memory();
    if (m && m.rssMiB > sampledMax) sampledMax = m.rssMiB;
  }, 100);
  const t0 = performance.now();
  let newlines = 0;
  let bytes = 0;
  const rssByRows: [number, number | null][] = [];
  try {
    const res = await fetch(`${api.url}/api/v1/reports/tickets/export.csv?${range}`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    if (!res.ok || !res.body) throw new Error(`export → ${res.status}: ${(await res.text()).slice(0, 300)}`);
    let nextMark = 100_000;
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
      if (newlines >= nextMark) {
        // The server's memory as the rows go by: flat when the export streams, climbing when it collects.
        rssByRows.push([nextMark, server.memory()?.rssMiB ?? null]);
        nextMark += 100_000;
      }
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  const peak = server.memory();
  const rows = newlines - 1; // the header line
  const out = {
    rows,
    expectedRows,
    bytes,
    seconds: round(seconds, 2),
    rowsPerSec: Math.round(rows / seconds),
    rssBeforeMiB,
    peakRssMiB: peak?.peakRssMiB ?? null,
    sampledMaxRssMiB: sampledMax || null,
    rssMiBEvery100kRows: rssByRows,
  };
  console.log(
    `[reports] export.csv: ${rows} rows (report total ${expectedRows}), ${(bytes / 2 ** 20).toFixed(0)} MiB in ` +
      `${out.seconds} s = ${out.rowsPerSec} rows/s; server RSS ${rssBeforeMiB} MiB before, peak ${out.peakRssMiB} MiB`,
  );
  if (rssByRows.length)
    console.log(`[reports] server RSS every 100,000 rows: ${rssByRows.map(([, m]) => m).join(', ')} MiB`);
  if (rows !== expectedRows) throw new Error(`export gave ${rows} rows, the report counts ${expectedRows}`);
  return out;
}

function timing(name: string, path: string, ms: number[], seconds: number): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  // Nearest rank, as the reports' own percentiles: with fewer than 100 requests the p99 is the slowest one.
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return {
    name,
    path,
    requests: ms.length,
    p50: round(at(0.5), 1),
    p99: round(at(0.99), 1),
    mean: round(ms.reduce((s, x) => s + x, 0) / ms.length, 1),
    max: round(sorted[sorted.length - 1]!, 1),
    reqPerSec: round(ms.length / seconds, 1),
  };
}

export function printReportBench(kind: string, r: ReportBench) {
  const rows = [...r.oneClient, ...r.pages].map((t) => [
    t.name,
    String(t.requests),
    fmt(t.p50),
    fmt(t.p99),
    fmt(t.mean),
    t.reqPerSec.toFixed(1),
  ]);
  for (const t of r.concurrent)
    rows.push([
      `${t.name} ×${t.clients}`,
      String(t.requests),
      fmt(t.p50),
      fmt(t.p99),
      fmt(t.mean),
      t.reqPerSec.toFixed(1),
    ]);
  const head = ['report (one client)', 'requests', 'p50 ms', 'p99 ms', 'mean ms', 'req/s'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(
    `\n${kind} reports: ${r.history.tickets} tickets, ${r.history.surveyAnswersInRange} survey answers, ` +
      `${r.history.callsInRange} calls in ${r.history.from} … ${r.history.to}`,
  );
  console.log(`${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const x of rows) console.log(line(x));
  const e = r.exportCsv;
  if (e)
    console.log(
      `export.csv: ${e.rows} rows in ${e.seconds} s = ${e.rowsPerSec} rows/s, server RSS ${e.rssBeforeMiB} MiB before, ` +
        `peak ${e.peakRssMiB} MiB during`,
    );
}

const pad = (s: string) => s.padEnd(28);
const fmt = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
function round(n: number, digits: number) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number, at least ${min}`);
  return n;
}
