// `clinidesk simulate calls`: a simulated call day (arrival rates by hour, call-driver mix, provider share), played
// through clinician-first routing and plain FIFO on the same arrivals; prints ASA p50/p80, % answered within target
// and abandonment per line. With --api and --token it also replays the clinician-first day's call events against a
// running server's CTI API (offered, answered, ended, abandoned, in time order) and reports what the API answered.
import { type Command, InvalidArgumentError } from 'commander';
import {
  type CallEvent,
  DEFAULT_SIM,
  generateArrivals,
  type LineReport,
  report,
  type SimOptions,
  simulate,
} from '../features/routing/simulation.ts';

const int = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`a whole number ${min}–${max}`);
  return n;
};
const fraction = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('a fraction 0–1, e.g. 0.2');
  return n;
};

type Flags = {
  minutes: number;
  rate: number;
  startHour: number;
  agents: number;
  analysts: number;
  providerShare: number;
  seed: number;
  api?: string;
  token?: string;
  concurrency: number;
};

export function registerSimulate(program: Command) {
  program
    .command('simulate')
    .description('simulations')
    .command('calls')
    .description('simulate a phone day: clinician-first routing vs plain FIFO on the same calls (docs/routing.md)')
    .option('--minutes <n>', 'length of the simulated day', int(1, 24 * 60), DEFAULT_SIM.minutes)
    .option('--rate <n>', 'average calls per hour (scaled by the hour-of-day profile)', int(1, 5000), DEFAULT_SIM.rate)
    .option(
      '--start-hour <h>',
      'hour of day the simulation starts (arrivals follow the hourly profile)',
      int(0, 23),
      DEFAULT_SIM.startHour,
    )
    .option('--agents <n>', 'Tier 1-Plus agents on the phones', int(1, 500), DEFAULT_SIM.agents)
    .option('--analysts <n>', 'analysts who take overflow calls', int(0, 200), DEFAULT_SIM.analysts)
    .option(
      '--provider-share <f>',
      'share of calls from providers (provider line)',
      fraction,
      DEFAULT_SIM.providerShare,
    )
    .option('--seed <n>', 'random seed (same seed: same day)', int(0, 2 ** 31 - 1), DEFAULT_SIM.seed)
    .option('--api <url>', 'also post the clinician-first day to this server, e.g. http://localhost:8080')
    .option('--token <token>', 'API token of an integration account (clinidesk token create), with --api')
    .option('--concurrency <n>', 'parallel calls replayed against the API', int(1, 64), 8)
    .action(async (o: Flags) => {
      const opts: SimOptions = { ...DEFAULT_SIM, ...o };
      const arrivals = generateArrivals(opts);
      const first = simulate(arrivals, opts, 'clinician-first');
      const fifo = simulate(arrivals, opts, 'fifo');
      console.log(
        `Simulated ${opts.minutes} min from ${String(opts.startHour).padStart(2, '0')}:00, ${arrivals.length} calls ` +
          `(avg ${opts.rate}/h by the hourly profile, ${Math.round(opts.providerShare * 100)}% providers), ` +
          `${opts.agents} Tier 1-Plus agents, ${opts.analysts} analysts, seed ${opts.seed}.`,
      );
      printTable('Clinician-first routing', report(first.calls));
      printTable('Plain first-in-first-out', report(fifo.calls));
      if (o.api) {
        if (!o.token) throw new Error('--api needs --token (an integration account token)');
        await replay(o.api, o.token, first.events, opts, o.concurrency);
      }
    });
}

function printTable(title: string, rows: LineReport[]) {
  const s = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)} s`);
  const p = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)}%`);
  console.log(`\n${title}`);
  console.log(
    ['line', 'calls', 'answered', 'ASA p50', 'ASA p80', 'ASA mean', 'within target', 'abandoned']
      .map((h, i) => (i === 0 ? h.padEnd(10) : h.padStart(i === 6 ? 17 : 13)))
      .join(''),
  );
  for (const r of rows) {
    console.log(
      [
        r.line.padEnd(10),
        String(r.offered).padStart(13),
        String(r.answered).padStart(13),
        s(r.asaP50S).padStart(13),
        s(r.asaP80S).padStart(13),
        s(r.asaMeanS).padStart(13),
        `${p(r.withinTargetPct)} ≤${r.targetS}s`.padStart(17),
        p(r.abandonmentPct).padStart(13),
      ].join(''),
    );
  }
}

/** Posts the day's events in time order, one call's events in sequence, several calls at once. */
async function replay(api: string, token: string, events: CallEvent[], o: SimOptions, concurrency: number) {
  const base = Date.now() - o.minutes * 60_000 - 60_000; // the day just ended: all times are in the past, today
  const byCall = new Map<string, CallEvent[]>();
  for (const e of events) byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e]);
  const calls = [...byCall.values()];
  const url = `${api.replace(/\/$/, '')}/api/v1/cti/events`;
  const status = new Map<number, number>();
  const latencies: number[] = [];
  let next = 0;
  const started = Date.now();
  const runId = `${o.seed}-${started.toString(36)}`;
  const worker = async () => {
    while (next < calls.length) {
      const call = calls[next++]!;
      for (const e of call) {
        const body = {
          type: e.type,
          callId: `${e.callId}-${runId}`,
          sequence: e.sequence,
          occurredAt: new Date(base + e.at * 1000).toISOString(),
          line: e.line,
          ...(e.type === 'offered'
            ? {
                callerNumber: `1999555${String(Math.abs(hash(e.callId)) % 10_000).padStart(4, '0')}`,
                patientCareAffected: e.patientCareAffected ?? false,
                skills: e.skills ?? [],
              }
            : {}),
          ...(e.agent ? { agent: e.agent } : {}),
        };
        const t0 = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        latencies.push(performance.now() - t0);
        status.set(res.status, (status.get(res.status) ?? 0) + 1);
        if (!res.ok && (status.get(res.status) ?? 0) <= 3) console.error(`  ${res.status}: ${await res.text()}`);
        else await res.arrayBuffer();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((a, b) => a - b);
  const q = (f: number) => latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))]?.toFixed(1);
  const secs = (Date.now() - started) / 1000;
  console.log(
    `\nReplayed ${events.length} CTI events of ${calls.length} calls to ${url} in ${secs.toFixed(1)} s ` +
      `(${(events.length / secs).toFixed(0)} events/s, ${concurrency} at once): ` +
      `${[...status].map(([k, v]) => `${v}× ${k}`).join(', ')}; latency p50 ${q(0.5)} ms, p99 ${q(0.99)} ms.`,
  );
  console.log(
    'The server recorded each call as a contact (simulated agents are not desk accounts, so it keeps them as named ' +
      'by the phone system); its wallboard now shows the day.',
  );
}

function hash(s: string) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
