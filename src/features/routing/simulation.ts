// A discrete-event simulation of a desk's phone day, one-second steps, deterministic for a seed. The same arrivals
// (times, lines, call drivers, caller patience, handling times) are played through two routing policies: the
// clinician-first route() the server uses, and plain first-in-first-out. No I/O: the CLI prints it and may replay
// the resulting call events against a running server's CTI API.
import { createRng } from '../../platform/seeded-random.ts';
import { lineFigures, percentile } from './rules/metrics.ts';
import {
  DEFAULT_ROUTING,
  LINES,
  type Line,
  type RoutingAgent,
  type RoutingConfig,
  route,
  routeFifo,
  type WaitingContact,
} from './rules/route.ts';

export type Policy = 'clinician-first' | 'fifo';

const SHAPE = [
  0.25, 0.2, 0.15, 0.15, 0.2, 0.35, 0.8, 1.5, 1.9, 1.8, 1.6, 1.35, 1.1, 1.3, 1.4, 1.25, 1.0, 0.8, 0.6, 0.5, 0.45, 0.4,
  0.35, 0.3,
];
/**
 * Arrival rate by hour of day relative to the day's average (mean 1): a hospital desk's 7–11 am peak (shift change,
 * clinics opening), a smaller one after lunch, a quiet night.
 */
export const HOURLY_PROFILE = SHAPE.map((x) => (x * SHAPE.length) / SHAPE.reduce((a, b) => a + b, 0));

/** Call drivers (DOMAIN.md: passwords 20–50%, ~80% of clinicians' calls EHR how-to, a third status checks). */
export const DRIVERS = [
  { name: 'password/lockout', share: 0.3, ahtS: 240, needsModule: false },
  { name: 'EHR how-to', share: 0.35, ahtS: 420, needsModule: true },
  { name: 'status check', share: 0.18, ahtS: 120, needsModule: false },
  { name: 'device/printer', share: 0.12, ahtS: 360, needsModule: false },
  { name: 'other', share: 0.05, ahtS: 300, needsModule: false },
] as const;
export const MODULES = ['service:orders', 'service:documentation', 'service:bcma', 'service:ed'];

export type SimOptions = {
  minutes: number;
  /** Average calls per hour over the day; the hour's profile scales it. */
  rate: number;
  startHour: number;
  agents: number;
  analysts: number;
  providerShare: number;
  seed: number;
  wrapUpS: number;
  config?: RoutingConfig;
};

export const DEFAULT_SIM: SimOptions = {
  minutes: 60,
  rate: 55,
  startHour: 8,
  agents: 12,
  analysts: 0,
  providerShare: 0.2,
  seed: 7,
  wrapUpS: 30,
};

export type Arrival = {
  id: string;
  at: number; // seconds from the start
  line: Line;
  patientCareAffected: boolean;
  driver: string;
  skills: string[];
  patienceS: number;
  handleS: number;
};

export type CallEvent = {
  callId: string;
  type: 'offered' | 'answered' | 'ended' | 'abandoned';
  at: number;
  line: Line;
  agent?: string;
  patientCareAffected?: boolean;
  skills?: string[];
  sequence: number;
};

export type CallRecord = {
  arrival: Arrival;
  answeredAt: number | null;
  endedAt: number | null;
  agent: string | null;
  overflow: boolean;
};

/** One stream of the day's seeded generator: arrivals and staff draw from streams of their own. */
const stream = (o: SimOptions, name: string): (() => number) => createRng(`call-day/${o.seed}`).fork(name).next;

const exponential = (rnd: () => number, mean: number) => -Math.log(1 - rnd()) * mean;
/** Lognormal around a mean with a moderate spread (handling times are right-skewed). */
const lognormal = (rnd: () => number, mean: number, sigma = 0.5) => {
  const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return mean * Math.exp(sigma * z - (sigma * sigma) / 2);
};

export function generateArrivals(o: SimOptions): Arrival[] {
  const rnd = stream(o, 'arrivals');
  const out: Arrival[] = [];
  const seconds = o.minutes * 60;
  let t = 0;
  // Thinning of a Poisson process whose rate follows the hourly profile.
  const peak = Math.max(...HOURLY_PROFILE) * (o.rate / 3600);
  while (true) {
    t += exponential(rnd, 1 / peak);
    if (t >= seconds) break;
    const hour = Math.floor(o.startHour + t / 3600) % 24;
    if (rnd() > (HOURLY_PROFILE[hour]! * (o.rate / 3600)) / peak) continue;
    const provider = rnd() < o.providerShare;
    const line: Line = provider ? 'provider' : rnd() < 0.55 ? 'clinical' : 'general';
    const pick = rnd();
    let cumulative = 0;
    const driver =
      DRIVERS.find((d) => {
        cumulative += d.share;
        return pick < cumulative;
      }) ?? DRIVERS[0];
    const skills = driver.needsModule ? [MODULES[Math.floor(rnd() * MODULES.length)]!] : [];
    out.push({
      id: `sim-${o.seed}-${out.length + 1}`,
      at: Math.floor(t),
      line,
      patientCareAffected: line !== 'general' && rnd() < 0.15,
      driver: driver.name,
      skills,
      // Providers hang up sooner; everyone waits a minute or two on average.
      patienceS: Math.max(3, exponential(rnd, provider ? 60 : 120)),
      handleS: Math.max(30, lognormal(rnd, driver.ahtS)),
    });
  }
  return out;
}

type SimAgent = RoutingAgent & { busyUntil: number; wrapUntil: number; call: string | null };

function staff(o: SimOptions): SimAgent[] {
  const rnd = stream(o, 'agents');
  const agents: SimAgent[] = [];
  for (let i = 0; i < o.agents; i++) {
    // Each Tier 1-Plus agent knows two of the four EHR areas.
    const first = Math.floor(rnd() * MODULES.length);
    const skills = [MODULES[first]!, MODULES[(first + 1 + Math.floor(rnd() * 3)) % MODULES.length]!];
    agents.push({
      id: `sim-agent-${i + 1}`,
      state: 'available',
      tier: 'tier1',
      skills,
      idleSince: 0,
      busyUntil: 0,
      wrapUntil: 0,
      call: null,
    });
  }
  for (let i = 0; i < o.analysts; i++) {
    agents.push({
      id: `sim-analyst-${i + 1}`,
      state: 'available',
      tier: 'tier2',
      skills: [...MODULES],
      idleSince: 0,
      busyUntil: 0,
      wrapUntil: 0,
      call: null,
    });
  }
  return agents;
}

/**
 * Plays the arrivals through one policy. Clinician-first gives analysts calls only as overflow; FIFO treats them as
 * more agents. A call answered by an agent without its application skill takes 1.5× as long.
 */
export function simulate(
  arrivals: readonly Arrival[],
  o: SimOptions,
  policy: Policy,
): { calls: CallRecord[]; events: CallEvent[] } {
  const config = o.config ?? DEFAULT_ROUTING;
  const agents = staff(o);
  const records = new Map<string, CallRecord>();
  const events: CallEvent[] = [];
  const seq = new Map<string, number>();
  const emit = (e: Omit<CallEvent, 'sequence'>) => {
    const n = (seq.get(e.callId) ?? 0) + 1;
    seq.set(e.callId, n);
    events.push({ ...e, sequence: n });
  };
  let waiting: Arrival[] = [];
  let next = 0;
  const end = o.minutes * 60;
  const T0 = 0;
  for (let now = 0; now < end || waiting.length > 0 || agents.some((a) => a.call); now++) {
    if (now > end + 4 * 3600) break; // safety: never run away
    while (next < arrivals.length && arrivals[next]!.at <= now) {
      const a = arrivals[next++]!;
      waiting.push(a);
      records.set(a.id, { arrival: a, answeredAt: null, endedAt: null, agent: null, overflow: false });
      emit({
        callId: a.id,
        type: 'offered',
        at: a.at,
        line: a.line,
        patientCareAffected: a.patientCareAffected,
        skills: a.skills,
      });
    }
    for (const ag of agents) {
      if (ag.call && now >= ag.busyUntil) {
        records.get(ag.call)!.endedAt = ag.busyUntil;
        emit({ callId: ag.call, type: 'ended', at: ag.busyUntil, line: records.get(ag.call)!.arrival.line });
        ag.call = null;
        ag.state = 'wrap_up';
        ag.wrapUntil = ag.busyUntil + o.wrapUpS;
      }
      if (ag.state === 'wrap_up' && now >= ag.wrapUntil) {
        ag.state = 'available';
        ag.idleSince = T0 + ag.wrapUntil * 1000;
      }
    }
    // Callers who run out of patience hang up.
    waiting = waiting.filter((a) => {
      if (now - a.at < a.patienceS) return true;
      const r = records.get(a.id)!;
      r.endedAt = Math.floor(a.at + a.patienceS);
      emit({ callId: a.id, type: 'abandoned', at: r.endedAt, line: a.line });
      return false;
    });
    if (!waiting.length) continue;
    const contacts: WaitingContact[] = waiting.map((a) => ({
      id: a.id,
      line: a.line,
      patientCareAffected: a.patientCareAffected,
      skills: a.skills,
      queuedAt: a.at * 1000,
    }));
    const decisions =
      policy === 'fifo' ? routeFifo(contacts, agents, now * 1000) : route(contacts, agents, now * 1000, config);
    if (!decisions.length) continue;
    const taken = new Set<string>();
    for (const d of decisions) {
      const ag = agents.find((a) => a.id === d.agentId)!;
      const r = records.get(d.contactId)!;
      const skilled = r.arrival.skills.every((s) => ag.skills.includes(s));
      // Without the application skill the call takes longer (looking things up, asking a colleague).
      const handle = r.arrival.handleS * (skilled ? 1 : 1.5);
      r.answeredAt = now;
      r.agent = ag.id;
      r.overflow = !skilled || ag.tier !== 'tier1';
      ag.state = 'on_contact';
      ag.call = d.contactId;
      ag.busyUntil = now + Math.round(handle);
      taken.add(d.contactId);
      emit({ callId: d.contactId, type: 'answered', at: now, line: r.arrival.line, agent: ag.id });
    }
    waiting = waiting.filter((a) => !taken.has(a.id));
  }
  events.sort((x, y) => x.at - y.at || x.sequence - y.sequence);
  return { calls: [...records.values()], events };
}

export type LineReport = {
  line: Line;
  offered: number;
  answered: number;
  asaP50S: number | null;
  asaP80S: number | null;
  asaMeanS: number | null;
  withinTargetPct: number | null;
  abandonmentPct: number | null;
  targetS: number;
};

export function report(calls: readonly CallRecord[], config: RoutingConfig = DEFAULT_ROUTING): LineReport[] {
  return LINES.map((line) => {
    const mine = calls.filter((c) => c.arrival.line === line);
    const rows = mine.map((c) => ({
      queuedAt: c.arrival.at * 1000,
      answeredAt: c.answeredAt === null ? null : c.answeredAt * 1000,
      endedAt: c.endedAt === null ? null : c.endedAt * 1000,
      outcome: c.answeredAt === null ? ('abandoned' as const) : ('answered' as const),
    }));
    const targetMs = config.lines[line].targetMs;
    const f = lineFigures(rows, targetMs);
    const waits = mine.filter((c) => c.answeredAt !== null).map((c) => c.answeredAt! - c.arrival.at);
    const p50 = percentile(waits, 50);
    return {
      line,
      offered: f.offered,
      answered: f.answered,
      asaP50S: p50,
      asaP80S: f.asaP80Seconds,
      asaMeanS: f.asaSeconds,
      withinTargetPct: f.answeredWithinTargetPct,
      abandonmentPct: f.abandonmentPct,
      targetS: targetMs / 1000,
    };
  });
}
