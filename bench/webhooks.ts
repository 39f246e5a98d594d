import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startDemoServer } from './child.ts';
import {
  benchKinds,
  cleanups,
  type DbKind,
  eachDatabase,
  fmt,
  loadAverage,
  machineInfo,
  percentiles,
  postLoad,
  round,
  runBench,
  signIn,
  sleep,
  whole,
} from './common.ts';
import { scenarioTarget } from './scenarios.ts';

const args = parseArgs({
  options: {
    events: { type: 'string', default: process.env.BENCH_WEBHOOK_EVENTS ?? '10000' },
    subscriptions: { type: 'string', default: process.env.BENCH_WEBHOOK_SUBSCRIPTIONS ?? '20' },
    'load-seconds': { type: 'string', default: process.env.BENCH_WEBHOOK_LOAD_SECONDS ?? '10' },
    'drain-timeout': { type: 'string', default: process.env.BENCH_WEBHOOK_DRAIN_TIMEOUT_SECONDS ?? '1800' },
  },
}).values;
const EVENTS = whole('--events', args.events, 1);
const SUBSCRIPTIONS = whole('--subscriptions', args.subscriptions, 1);
const LOAD_SECONDS = whole('--load-seconds', args['load-seconds'], 1);
const DRAIN_TIMEOUT_S = whole('--drain-timeout', args['drain-timeout'], 10);
const LOAD_CONNECTIONS = 4;
const POSTERS = 8;
const DEMO_TICKETS = 2000;

async function main() {
  const kinds = benchKinds();
  console.log(
    `Clinidesk webhook fan-out bench: ${EVENTS} events × ${SUBSCRIPTIONS} subscriptions, ticket creation ` +
      `${LOAD_SECONDS} s × ${LOAD_CONNECTIONS} connections; databases: ${kinds.join(', ')}; load average ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${os.cpus().length} CPUs`,
  );
  await eachDatabase(kinds, 'webhooks', benchDatabase, printSummary);
}

/** The receiver: answers 200 at once; keeps each delivery's receipt time and latency from its event's time. */
class Receiver {
  seen = new Set<string>(); // webhook-id: a retry of one delivery is not counted twice
  latencies: number[] = [];
  requests = 0;
  lastAt = 0;
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      this.requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
      const id = String(req.headers['webhook-id'] ?? '');
      if (!id || this.seen.has(id)) return;
      this.seen.add(id);
      this.lastAt = performance.now();
      const { timestamp } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string };
      this.latencies.push(now - Date.parse(timestamp));
    });
  });
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async close() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

async function benchDatabase(kind: DbKind) {
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const receiver = new Receiver();
  const receiverUrl = await receiver.start();
  cleanups.push(() => receiver.close());
  const { server } = await startDemoServer(kind, 'webhooks', {
    demoTickets: DEMO_TICKETS,
    env: {
      CLINIDESK_SECRET_KEY: 'bench-secret-key-of-at-least-32-characters-long',
      CLINIDESK_WEBHOOK_ALLOW: '127.0.0.1/32',
    },
  });
  const admin = await signIn(server.url, 'admin', 'bench webhooks');
  const target = await scenarioTarget('ticket-create', admin);

  process.stdout.write(`[${kind}] ticket creation without subscriptions, ${LOAD_SECONDS} s … `);
  await postLoad(admin, target, { seconds: 2, first: 0, connections: LOAD_CONNECTIONS }); // warm-up
  const baseline = await postLoad(admin, target, {
    seconds: LOAD_SECONDS,
    first: 1_000_000,
    connections: LOAD_CONNECTIONS,
  });
  console.log(`${baseline.requestsPerSec} req/s, p99 ${baseline.latencyMs.p99} ms`);

  for (let i = 0; i < SUBSCRIPTIONS; i++)
    await admin.request('POST', '/api/v1/webhooks', {
      ownerKind: 'hospital',
      name: `Bench receiver ${i + 1}`,
      url: `${receiverUrl}/s${i + 1}`,
      eventTypes: ['ticket.commented'],
    });
  const open = await admin.request<{ items: { number: string }[] }>('GET', '/api/v1/tickets?view=all_open&limit=100');
  if (!open.items.length) throw new Error('no open ticket to comment on');

  const expected = EVENTS * SUBSCRIPTIONS;
  process.stdout.write(`[${kind}] posting ${EVENTS} notes (${expected} deliveries) … `);
  server.resetPeak();
  const drainStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: POSTERS }, async () => {
      for (let n = next++; n < EVENTS; n = next++) {
        const number = open.items[n % open.items.length]!.number;
        await admin.request('POST', `/api/v1/tickets/${number}/comments`, {
          visibility: 'internal',
          body: `Bench note ${n}: checked the scanner cradle, still no read.`,
        });
      }
    }),
  );
  const postedIn = (performance.now() - drainStart) / 1000;
  console.log(
    `posted in ${postedIn.toFixed(1)} s (${round(EVENTS / postedIn, 1)} notes/s), ${receiver.seen.size} delivered so far`,
  );

  process.stdout.write(`[${kind}] ticket creation during the drain, ${LOAD_SECONDS} s … `);
  const atLoadStart = receiver.seen.size;
  const loadStart = performance.now();
  const during = await postLoad(admin, target, {
    seconds: LOAD_SECONDS,
    first: 2_000_000,
    connections: LOAD_CONNECTIONS,
  });
  const atLoadEnd = receiver.seen.size;
  const deliveriesPerSecDuringLoad = round((atLoadEnd - atLoadStart) / ((performance.now() - loadStart) / 1000), 1);
  console.log(
    `${during.requestsPerSec} req/s, p99 ${during.latencyMs.p99} ms; ${atLoadEnd - atLoadStart} deliveries meanwhile`,
  );

  const deadline = drainStart + DRAIN_TIMEOUT_S * 1000;
  let said = performance.now();
  while (receiver.seen.size < expected && performance.now() < deadline) {
    await sleep(200);
    if (performance.now() - said > 30_000) {
      said = performance.now();
      console.log(`[${kind}] ${receiver.seen.size} of ${expected} delivered`);
    }
  }
  const delivered = receiver.seen.size;
  if (delivered < expected) console.warn(`WARNING: ${delivered} of ${expected} delivered in ${DRAIN_TIMEOUT_S} s`);
  const drainSeconds = (receiver.lastAt - drainStart) / 1000;
  const memoryAfterDrain = server.memory();

  process.stdout.write(`[${kind}] ticket creation after the drain, ${LOAD_SECONDS} s … `);
  await sleep(3000);
  const after = await postLoad(admin, target, {
    seconds: LOAD_SECONDS,
    first: 3_000_000,
    connections: LOAD_CONNECTIONS,
  });
  console.log(`${after.requestsPerSec} req/s, p99 ${after.latencyMs.p99} ms`);
  const quietReqPerSec = (baseline.requestsPerSec + after.requestsPerSec) / 2;
  const quietP99 = (baseline.latencyMs.p99 + after.latencyMs.p99) / 2;
  return {
    startedAt,
    database: { kind },
    demoTickets: Number(process.env.BENCH_TICKETS ?? DEMO_TICKETS),
    machine,
    loadAverageAtEnd: loadAverage(),
    settings: {
      events: EVENTS,
      subscriptions: SUBSCRIPTIONS,
      loadSeconds: LOAD_SECONDS,
      loadConnections: LOAD_CONNECTIONS,
      posters: POSTERS,
    },
    fanout: {
      expected,
      delivered,
      receiverRequests: receiver.requests,
      eventsPostedSeconds: round(postedIn, 2),
      drainSeconds: round(drainSeconds, 2),
      deliveriesPerSec: round(delivered / drainSeconds, 1),
      deliveriesPerSecDuringLoad,
      loadDuringWholly: atLoadEnd < expected,
      latencyFromEventMs: percentiles(receiver.latencies),
      memoryAfterDrain,
    },
    ticketCreate: {
      baseline,
      duringDrain: during,
      afterDrain: after,
      /** During the drain ÷ the mean of the runs before and after it. */
      ratioReqPerSec: round(during.requestsPerSec / quietReqPerSec, 3),
      ratioP99: round(during.latencyMs.p99 / quietP99, 3),
    },
  };
}

type Report = Awaited<ReturnType<typeof benchDatabase>>;

function printSummary(kind: DbKind, r: Report) {
  const f = r.fanout;
  const t = r.ticketCreate;
  console.log(
    `\n${kind} (load average ${r.machine.loadAverage.join(' ')} at start, ${r.loadAverageAtEnd.join(' ')} at end)\n` +
      `fan-out   ${f.delivered}/${f.expected} deliveries (${r.settings.events} events × ${r.settings.subscriptions} ` +
      `subscriptions) in ${f.drainSeconds} s = ${f.deliveriesPerSec}/s; events posted in ${f.eventsPostedSeconds} s; ` +
      `event → receipt p50 ${fmt(f.latencyFromEventMs.p50)} ms, p99 ${fmt(f.latencyFromEventMs.p99)} ms, max ` +
      `${fmt(f.latencyFromEventMs.max)} ms; server RSS ${f.memoryAfterDrain?.rssMiB ?? '-'} MiB (peak ` +
      `${f.memoryAfterDrain?.peakRssMiB ?? '-'})\n` +
      `tickets   without ${t.baseline.requestsPerSec} req/s p99 ${t.baseline.latencyMs.p99} ms (before), ` +
      `${t.afterDrain.requestsPerSec} req/s p99 ${t.afterDrain.latencyMs.p99} ms (after); during ` +
      `${t.duringDrain.requestsPerSec} req/s p99 ${t.duringDrain.latencyMs.p99} ms (${f.deliveriesPerSecDuringLoad} ` +
      `deliveries/s meanwhile${f.loadDuringWholly ? '' : ', the drain ended during the load'}); during ÷ without: ` +
      `${t.ratioReqPerSec} × req/s, ${t.ratioP99} × p99`,
  );
}

await runBench(main, 60);
