// `npx tsx bench/routing.ts`: the routing decision for 200 agents and 500 waiting contacts (issue 5: under 5 ms).
// Deterministic inputs (seeded), a warm-up, then p50/p99/max over many runs of route().
import { performance } from 'node:perf_hooks';
import { LINES, type RoutingAgent, route, type WaitingContact } from '../src/features/routing/rules/route.ts';
import { createRng } from '../src/platform/seeded-random.ts';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 200);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 2000);

/** A stream of the seeded generator (platform/seeded-random.ts), numbers in [0, 1). */
const prng = (seed: number): (() => number) => createRng(`routing-bench/${seed}`).next;

export function scenario(seed = 42, agents = AGENTS, contacts = CONTACTS) {
  const rnd = prng(seed);
  const now = Date.parse('2026-11-30T10:00:00Z');
  // 40 applications/modules and 4 credentials; agents know 3–8 of them, contacts need 0–2.
  const skills = [
    ...Array.from({ length: 40 }, (_, i) => `service:app-${i}`),
    'credential:RN',
    'credential:PharmD',
    'credential:MD',
    'credential:RT',
  ];
  const pick = (n: number) => Array.from({ length: n }, () => skills[Math.floor(rnd() * skills.length)]!);
  const states = ['available', 'available', 'on_contact', 'wrap_up', 'away'] as const;
  const a: RoutingAgent[] = Array.from({ length: agents }, (_, i) => ({
    id: `agent-${i}`,
    state: states[Math.floor(rnd() * states.length)]!,
    tier: rnd() < 0.75 ? 'tier1' : 'tier2',
    skills: pick(3 + Math.floor(rnd() * 6)),
    idleSince: now - Math.floor(rnd() * 600_000),
  }));
  const c: WaitingContact[] = Array.from({ length: contacts }, (_, i) => ({
    id: `contact-${i}`,
    line: LINES[Math.floor(rnd() * 3)]!,
    patientCareAffected: rnd() < 0.2,
    skills: pick(Math.floor(rnd() * 3)),
    queuedAt: now - Math.floor(rnd() * 120_000),
  }));
  return { agents: a, contacts: c, now };
}

function quantile(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Every agent free, and every contact needing a skill nobody has (none past overflow): nothing can be assigned. */
export function noMatch(agents = AGENTS, contacts = CONTACTS) {
  const s = scenario(42, agents, contacts);
  return {
    now: s.now,
    agents: s.agents.map((a) => ({ ...a, state: 'available' as const, tier: 'tier1' as const })),
    contacts: s.contacts.map((c, i) => ({ ...c, skills: [`service:nobody-${i}`], queuedAt: s.now - 1000 })),
  };
}

/**
 * A heavy case for the skill search: every agent free and holding 20 of 40 skills, every contact needing a different
 * random 4 of them (long candidate lists, few full matches, hardly any repeated skill set).
 */
export function denseSkills(agents = AGENTS, contacts = CONTACTS) {
  const rnd = prng(99);
  const now = Date.parse('2026-11-30T10:00:00Z');
  const pool = Array.from({ length: 40 }, (_, i) => `service:app-${i}`);
  const pick = (n: number) => [...pool].sort(() => rnd() - 0.5).slice(0, n);
  return {
    now,
    agents: Array.from({ length: agents }, (_, i) => ({
      id: `agent-${i}`,
      state: 'available' as const,
      tier: 'tier1' as const,
      skills: pick(20),
      idleSince: now - Math.floor(rnd() * 600_000),
    })),
    contacts: Array.from({ length: contacts }, (_, i) => ({
      id: `contact-${i}`,
      line: LINES[i % 3]!,
      patientCareAffected: false,
      skills: pick(4),
      queuedAt: now - 1000 - Math.floor(rnd() * 3000),
    })),
  };
}

export function benchRouting(runs = RUNS, s: ReturnType<typeof scenario> = scenario()) {
  let assigned = 0;
  for (let i = 0; i < 200; i++) assigned = route(s.contacts, s.agents, s.now).length; // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    route(s.contacts, s.agents, s.now);
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  const free = s.agents.filter((a) => a.state === 'available').length;
  return {
    agents: s.agents.length,
    freeAgents: free,
    contacts: s.contacts.length,
    assigned,
    runs,
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    max: times.at(-1)!,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, s] of [
    ['typical (mixed states, skills)', scenario()],
    ['no match (all free, skills nobody has)', noMatch()],
    ['dense skills (all free, 4 of 40 skills each)', denseSkills()],
  ] as const) {
    const r = benchRouting(RUNS, s);
    console.log(
      `routing decision, ${name}: ${r.agents} agents (${r.freeAgents} free) × ${r.contacts} waiting contacts → ` +
        `${r.assigned} assignments; ${r.runs} runs: p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms, ` +
        `max ${r.max.toFixed(3)} ms (target < 5 ms)`,
    );
    if (r.p99 >= 5) process.exitCode = 1;
  }
}
