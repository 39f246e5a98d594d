import os from 'node:os';
import { parseArgs } from 'node:util';
import { startDemoServer } from './child.ts';
import {
  benchKinds,
  type DbKind,
  eachDatabase,
  fmt,
  loadAverage,
  machineInfo,
  percentiles,
  round,
  runBench,
  signIn,
  whole,
} from './common.ts';

const args = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env.BENCH_EBOND_SECONDS ?? '20' },
    clients: { type: 'string', default: process.env.BENCH_EBOND_CLIENTS ?? '10' },
    tickets: { type: 'string', default: process.env.BENCH_EBOND_TICKETS ?? '50' },
  },
}).values;
const SECONDS = whole('--seconds', args.seconds, 1);
const CLIENTS = whole('--clients', args.clients, 1);
const TICKETS = whole('--tickets', args.tickets, 1);
const DEMO_TICKETS = 2000;

/** A mapping like a ServiceNow instance's (docs/integrations/servicenow.md). */
const STATE_MAP = {
  'Work in Progress': 'working',
  'Awaiting Info': 'needs_info',
  'Solution Proposed': 'fix_proposed',
  Resolved: 'fix_released',
  'Returned to Customer': 'returned',
};
const MOVES = ['Work in Progress', 'Awaiting Info', 'Solution Proposed'];

async function main() {
  const kinds = benchKinds();
  console.log(
    `Clinidesk e-bonding bench: ${CLIENTS} clients × ${SECONDS} s on ${TICKETS} vendor-held tickets; databases: ` +
      `${kinds.join(', ')}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${os.cpus().length} CPUs`,
  );
  await eachDatabase(kinds, 'ebonding', benchDatabase, printSummary);
}

type Outcome = 'applied' | 'duplicate' | 'stale';
type Sent = { kind: 'fresh' | 'repeat' | 'old'; ms: number; status: number; outcome: string; comment: boolean };

async function benchDatabase(kind: DbKind) {
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const { server } = await startDemoServer(kind, 'ebonding', { demoTickets: DEMO_TICKETS });
  const admin = await signIn(server.url, 'admin', 'bench e-bonding');

  // The vendor, connected as an administrator would, and tickets it holds.
  const providers = await admin.request<{ items: { id: string; name: string; kind: string }[] }>(
    'GET',
    '/api/v1/providers?kind=ehr_vendor&limit=50',
  );
  const vendor = providers.items[0];
  if (!vendor) throw new Error('the demo has no vendor provider');
  await admin.request('PUT', `/api/v1/providers/${vendor.id}/ebonding`, { enabled: true, stateMap: STATE_MAP });
  const { token } = await admin.request<{ token: string }>('POST', `/api/v1/providers/${vendor.id}/ebonding/tokens`, {
    name: 'Bench vendor system',
    expiresInDays: null,
  });
  const numbers = await vendorHeldTickets(admin, TICKETS);
  console.log(`[${kind}] ${vendor.name} connected; ${numbers.length} tickets escalated to it`);

  const url = `${server.url}/api/v1/ebonding/updates`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let eventNo = 0;
  const post = async (body: Record<string, unknown>, kindOf: Sent['kind'], into: Sent[]) => {
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    const answer = (await res.json()) as { outcome?: string; detail?: string };
    into.push({
      kind: kindOf,
      ms: performance.now() - started,
      status: res.status,
      comment: 'comment' in body,
      outcome: answer.outcome ?? `${res.status} ${answer.detail ?? ''}`.trim(),
    });
  };
  // Warm-up (not counted): one update per ticket.
  const warm: Sent[] = [];
  for (const number of numbers)
    await post(
      { eventId: `warm-${number}`, occurredAt: new Date().toISOString(), ticket: number, state: MOVES[0] },
      'fresh',
      warm,
    );

  server.resetPeak();
  const sent: Sent[] = [];
  const until = performance.now() + SECONDS * 1000;
  const begun = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const mine = numbers.filter((_, i) => i % CLIENTS === client);
      let previous: Record<string, unknown> | null = null;
      for (let i = 0; performance.now() < until; i++) {
        const number = mine[i % mine.length]!;
        const n = ++eventNo;
        if (n % 10 === 3 && previous) {
          await post(previous, 'repeat', sent); // the vendor system retrying a delivery it thinks was lost
          continue;
        }
        const old = n % 10 === 7;
        const body = {
          eventId: `bench-${n}`,
          // An old one happened an hour ago: older than anything applied in this run.
          occurredAt: new Date(Date.now() - (old ? 3_600_000 : 0)).toISOString(),
          ticket: number,
          caseReference: `CS${String(100000 + numbers.indexOf(number))}`,
          state: MOVES[n % MOVES.length],
          ...(n % 3 === 0 ? { comment: `Engineering update ${n}: log bundle reviewed, next step scheduled.` } : {}),
        };
        await post(body, old ? 'old' : 'fresh', sent);
        previous = body;
      }
    }),
  );
  const seconds = (performance.now() - begun) / 1000;
  const memory = server.memory();

  const expect: Record<Sent['kind'], Outcome> = { fresh: 'applied', repeat: 'duplicate', old: 'stale' };
  const unexpected = sent.filter((s) => s.outcome !== expect[s.kind]);
  const byOutcome = (o: Outcome) => sent.filter((s) => s.outcome === o);
  const figures = (list: Sent[]) => ({ count: list.length, latencyMs: percentiles(list.map((s) => s.ms)) });
  const examples = [...new Set(unexpected.map((s) => `${s.kind} → ${s.outcome}`))].slice(0, 5);
  return {
    startedAt,
    database: { kind },
    demoTickets: Number(process.env.BENCH_TICKETS ?? DEMO_TICKETS),
    machine,
    loadAverageAtEnd: loadAverage(),
    settings: { seconds: SECONDS, clients: CLIENTS, tickets: numbers.length },
    updates: {
      total: sent.length,
      perSec: round(sent.length / seconds, 1),
      all: figures(sent),
      applied: figures(byOutcome('applied')),
      duplicate: figures(byOutcome('duplicate')),
      stale: figures(byOutcome('stale')),
      withComment: sent.filter((s) => s.comment).length,
      unexpected: unexpected.length,
      unexpectedExamples: examples,
    },
    memory,
  };
}

/** Opens `count` tickets on an application the vendor covers and escalates each to the vendor tier. */
async function vendorHeldTickets(admin: Awaited<ReturnType<typeof signIn>>, count: number): Promise<string[]> {
  const people = await admin.request<{ items: { id: string }[] }>('GET', '/api/v1/people?limit=50');
  const catalogue = await admin.request<{ applications: { id: string; name: string }[] }>(
    'GET',
    '/api/v1/directory/catalogue',
  );
  const numbers: string[] = [];
  let app: { id: string; name: string } | undefined;
  for (const candidate of catalogue.applications) {
    // The vendor covers some applications only: the first whose ticket it accepts is the one used.
    const number = await openTicket(admin, people.items[0]!.id, candidate.id, 0);
    if (await escalated(admin, number)) {
      app = candidate;
      numbers.push(number);
      break;
    }
  }
  if (!app) throw new Error('no application of the demo escalates to the vendor');
  while (numbers.length < count) {
    const number = await openTicket(
      admin,
      people.items[numbers.length % people.items.length]!.id,
      app.id,
      numbers.length,
    );
    if (!(await escalated(admin, number))) throw new Error(`${number} could not be escalated to the vendor`);
    numbers.push(number);
  }
  return numbers;
}

async function openTicket(
  admin: Awaited<ReturnType<typeof signIn>>,
  requesterId: string,
  serviceId: string,
  n: number,
) {
  const t = await admin.request<{ number: string }>('POST', '/api/v1/tickets', {
    requesterId,
    channel: 'phone',
    summary: `Flowsheet freezes when charting vitals (e-bonding bench ${n})`,
    serviceId,
    scope: 'me',
  });
  return t.number;
}

async function escalated(admin: Awaited<ReturnType<typeof signIn>>, number: string): Promise<boolean> {
  const res = await fetch(`${admin.url}/api/v1/tickets/${number}/escalations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ toTier: 'vendor', reason: 'Defect in the vendor’s flowsheet module.' }),
  });
  await res.text();
  return res.ok;
}

type Report = Awaited<ReturnType<typeof benchDatabase>>;

function printSummary(kind: DbKind, r: Report) {
  const u = r.updates;
  const line = (name: string, f: { count: number; latencyMs: { p50: number; p99: number } }) =>
    `${name} ${f.count} (p50 ${fmt(f.latencyMs.p50)} ms, p99 ${fmt(f.latencyMs.p99)} ms)`;
  console.log(
    `\n${kind} (load average ${r.machine.loadAverage.join(' ')} at start, ${r.loadAverageAtEnd.join(' ')} at end)\n` +
      `updates   ${u.total} in ${r.settings.seconds} s = ${u.perSec}/s with ${r.settings.clients} clients; ` +
      `${line('all', u.all)}; ${line('applied', u.applied)}; ${line('duplicate', u.duplicate)}; ` +
      `${line('stale', u.stale)}\n` +
      `checked   ${u.unexpected === 0 ? 'every answer as expected' : `${u.unexpected} unexpected answers: ${u.unexpectedExamples.join('; ')}`}; ` +
      `server RSS ${r.memory?.rssMiB ?? '-'} MiB (peak ${r.memory?.peakRssMiB ?? '-'})`,
  );
}

await runBench(main, 30);
