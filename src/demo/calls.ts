// The phone calls behind a ticket's history (the routing feature's `contacts`): the call that opened each phone
// ticket, answered by the agent who opened it; the requester's follow-up calls about a ticket that was not settled on
// the first contact (status checks, linked to it); the call during which an agent reopened a ticket; calls that were
// not for the desk (answered and transferred out); and the attempts that hung up in the queue before the caller got
// through — short abandons (≤ 5 s, not counted) and real ones. About two calls per ticket in all.
//
// The queue follows the load: mornings are busier, the outsourced night desk has fewer agents, and the whole desk is
// swamped in the weeks after the community hospital's go-live (its surge of calls), so waits and abandons rise there.
// Targets and lines as the live desk's (routing DEFAULT_ROUTING): provider line 20 s, clinical and general 30 s.
//
// First-contact resolution is unchanged by the calls: fcr.ts judges a ticket with a recorded opening call by the
// call's end (wrap-up included) and without one by the 30-minute window (FIRST_CONTACT_SQL in tickets/fcr-store.ts
// too). The opening call therefore lasts past the first resolution exactly when that resolution came within the
// window, so both rules give every ticket the same verdict. Follow-up calls are linked only to tickets that were
// neither resolved on the first contact nor eligible for first-touch resolution (an escalated portal ticket, a phone
// ticket that needed a callback), so the link — which tells first-touch the requester had to get back in touch —
// changes no verdict either. Deterministic: each ticket's calls come from a generator forked from its id.
import { isAbandoned } from '../features/routing/rules/metrics.ts';
import { DEFAULT_ROUTING, type Line } from '../features/routing/rules/route.ts';
import { CONTACT_WINDOW_MS } from '../features/tickets/rules/fcr.ts';
import { LIVE_CHANNELS } from '../features/tickets/rules/vocabulary.ts';
import { type Rng, uuidAt } from '../platform/seeded-random.ts';
import { DAY_MS, GO_LIVE, HOUR_MS, homeHour } from './calendar.ts';
import type { Category } from './drivers/driver.ts';
import type { ActivityRow } from './history.ts';
import type { Person } from './people.ts';
import type { TicketRow } from './ticket-facts.ts';
import { deskOnShift, type World } from './world.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** The desk's numbers as seeded in desk-phones.ts: providers dial the provider line, others their facility's. */
export const PROVIDER_LINE_NUMBER = '13125550111';
const MAIN_NUMBER = '13125550199';

export type CallOutcome = 'answered' | 'abandoned' | 'transferred';
export type CallRow = {
  id: string;
  line: Line;
  dialledLine: string;
  callerNumber: string | null;
  personId: string;
  patientCareAffected: boolean;
  /** Entered the queue (offered = queued: the demo's calls reach the desk's queue at once). */
  queuedAt: number;
  answeredAt: number | null;
  endedAt: number;
  wrapDoneAt: number | null;
  agentId: string | null;
  outcome: CallOutcome;
  transfers: number;
};
export type CallLink = {
  contactId: string;
  ticketId: string;
  relation: 'opened' | 'linked';
  linkedBy: string;
  at: number;
};
export type TicketCalls = { calls: CallRow[]; links: CallLink[]; activity: ActivityRow[] };

/** The history's facts the calls follow (the ticket's own rows as generated). */
export type CallHistory = {
  ticket: TicketRow;
  requester: Person;
  category: Category;
  openedBy: string | null;
  firstResponseAt: number | null;
  /** The first resolution (a reopen does not move it); null while unresolved at the seed time. */
  firstResolvedAt: number | null;
  activity: readonly ActivityRow[];
  /** Whether the ticket left Tier 1-Plus (an escalation: never first-contact nor first-touch resolved). */
  escalated: boolean;
  /** journey.path === 'first_contact'. */
  firstContact: boolean;
};

/** Median wait of a call that does not find a free agent, per line, at ordinary load (seconds). */
const WAIT_MEDIAN_S: Record<Line, number> = { provider: 8, clinical: 19, general: 23 };
/** Share of calls that hang up in the queue after more than 5 s, per line, at ordinary load. */
const ABANDON_RATE: Record<Line, number> = { provider: 0.022, clinical: 0.04, general: 0.05 };
/** Share of calls that hang up within 5 s (a misdial, a change of mind): offered, never counted as abandoned. */
const SHORT_ABANDON_RATE = 0.025;
/** Calls per ticket that were not for the desk (answered, then transferred out). */
const NOT_FOR_THE_DESK = 0.3;
/** Expected status-check calls on an unsettled ticket: STATUS_CALLS × log2(1 + open hours / 8). */
const STATUS_CALLS = 1.2;

/** How hard the desk is pressed at an instant: 1 is an ordinary afternoon. */
export function deskLoad(at: number, goLiveStart: number): number {
  const hour = homeHour(at);
  // Morning peak 7–11; the outsourced night desk (19–07) runs with four agents.
  const byHour = hour >= 7 && hour < 11 ? 1.35 : hour >= 11 && hour < 17 ? 1.1 : hour >= 17 && hour < 19 ? 0.95 : 1;
  const day = Math.floor((at - goLiveStart) / DAY_MS);
  const goLive =
    day >= 0 && day < GO_LIVE.length ? 1 + 0.9 * (1 - day / GO_LIVE.length) : day >= -3 && day < 0 ? 1.1 : 1;
  return byHour * goLive;
}

/** How long a call that gets through waits for a person, at `at` on `line`. */
export function answerWait(rng: Rng, line: Line, at: number, goLiveStart: number): number {
  const load = deskLoad(at, goLiveStart);
  // A free agent picks up at once more often when the desk is quiet.
  const atOnce = clamp(0.55 - 0.25 * (load - 1), 0.1, 0.7);
  const waited = rng.chance(atOnce)
    ? 1 + rng.next() * 3
    : Math.min(900, rng.logNormal(WAIT_MEDIAN_S[line] * load ** 1.5, 0.7));
  return Math.round(waited * SECOND);
}

/** Whether the caller's attempt before one that got through hung up in the queue, and after how long. */
export function hungUpBefore(rng: Rng, line: Line, at: number, goLiveStart: number): number | null {
  const load = deskLoad(at, goLiveStart);
  if (rng.chance(SHORT_ABANDON_RATE)) return Math.round(500 + rng.next() * 4_400);
  if (!rng.chance(Math.min(0.3, ABANDON_RATE[line] * load ** 1.6))) return null;
  // Gave up: waited from a few seconds to a few minutes (always past the 5 s grace).
  return Math.round(clamp(rng.logNormal(30 * load, 0.6), 6, 600) * SECOND);
}

/** The line a caller reaches: providers the provider line; clinical-application questions the clinical line. */
export function lineOf(requester: Person, category: Category): Line {
  if (requester.provider) return 'provider';
  return category === 'how_to' || category === 'ehr_issue' ? 'clinical' : 'general';
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The calls of one ticket's history. */
export function callsOf(world: World, rng: Rng, h: CallHistory, goLiveStart: number): TicketCalls {
  const out: TicketCalls = { calls: [], links: [], activity: [] };
  const t = h.ticket;
  const person = h.requester;
  const line = lineOf(person, h.category);
  const base = {
    line,
    dialledLine: person.provider
      ? PROVIDER_LINE_NUMBER
      : person.unit
        ? `1${person.unit.facility.areaCode}5550100`
        : MAIN_NUMBER,
    callerNumber: person.phones[0] ?? null,
    personId: person.id,
  };
  const now = world.now;

  /** Attempts that hung up in the queue before the call that got through at `queuedAt`. */
  const earlierAttempts = (queuedAt: number) => {
    let before = queuedAt;
    for (let i = 0; i < 2; i++) {
      const waited = hungUpBefore(rng, line, before, goLiveStart);
      if (waited === null) return;
      // They hung up and tried again a few minutes later.
      const end = before - Math.round(clamp(rng.logNormal(3, 0.6), 0.5, 20) * MINUTE);
      const start = end - waited;
      out.calls.push({
        ...base,
        id: uuidAt(rng, start),
        patientCareAffected: false,
        queuedAt: start,
        answeredAt: null,
        endedAt: end,
        wrapDoneAt: null,
        agentId: null,
        outcome: 'abandoned',
        transfers: 0,
      });
      before = start;
    }
  };
  /** An answered call: through the queue (waiting as the load says), then talk and wrap-up; null if after now. */
  const answered = (
    answeredAt: number,
    endedAt: number,
    agentId: string,
    more: Partial<CallRow> = {},
  ): CallRow | null => {
    const queuedAt = answeredAt - answerWait(rng, line, answeredAt, goLiveStart);
    const end = Math.min(endedAt, now);
    if (end <= answeredAt) return null;
    earlierAttempts(queuedAt);
    const wrap = Math.round(clamp(rng.logNormal(45, 0.5), 10, 240) * SECOND);
    const call: CallRow = {
      ...base,
      id: uuidAt(rng, queuedAt),
      patientCareAffected: false,
      queuedAt,
      answeredAt,
      endedAt: end,
      wrapDoneAt: Math.min(end + wrap, now),
      agentId,
      outcome: 'answered',
      transfers: 0,
      ...more,
    };
    out.calls.push(call);
    return call;
  };
  const link = (call: CallRow, relation: CallLink['relation'], at: number) => {
    out.links.push({ contactId: call.id, ticketId: t.id, relation, linkedBy: call.agentId!, at });
    out.activity.push({
      ticketId: t.id,
      at,
      actorId: call.agentId,
      kind: 'linked',
      data: JSON.stringify({ contactId: call.id, relation }),
    });
  };

  // 1. The call that opened a phone ticket: the agent opened it a minute or so into the call.
  if (t.channel === 'phone' && h.openedBy) {
    const C = t.createdAt;
    const answeredAt = C - Math.round(clamp(rng.logNormal(50, 0.4), 15, 180) * SECOND);
    const R = h.firstResolvedAt;
    // Resolved within the first-contact window: on this call, which ends after the resolution (see the header).
    const endedAt =
      R !== null && R - C <= CONTACT_WINDOW_MS
        ? R + Math.round((10 + rng.next() * 50) * SECOND)
        : C + Math.round(clamp(rng.logNormal(6, 0.5), 1, 25) * MINUTE);
    const call = answered(answeredAt, endedAt, h.openedBy, { patientCareAffected: t.patientCareAffected });
    if (call) link(call, 'opened', C);
  }

  // 2. The requester calls back about a ticket that was not settled (status checks, "any news?"): only on tickets
  // already not first-contact or first-touch resolved, between the first response and the resolution.
  const unsettled = h.escalated || (LIVE_CHANNELS.includes(t.channel) && !h.firstContact);
  const started = Math.max(t.createdAt, h.firstResponseAt ?? Number.POSITIVE_INFINITY);
  if (unsettled && Number.isFinite(started)) {
    const lo = started + 30 * MINUTE;
    const hi = Math.min(h.firstResolvedAt ?? now, now) - 20 * MINUTE;
    if (hi > lo) {
      const mean = STATUS_CALLS * Math.log2(1 + (hi - lo) / HOUR_MS / 8);
      const times: number[] = [];
      for (let n = poisson(rng, mean); n > 0; n--) times.push(daytime(rng, lo, hi));
      times.sort((a, b) => a - b);
      for (const at of times) {
        const agent = deskOnShift(world, rng, at, person.provider).userId!;
        const talk = Math.round(clamp(rng.logNormal(3, 0.5), 0.7, 15) * MINUTE);
        const call = answered(at, at + talk, agent);
        if (call) link(call, 'linked', at + Math.round(talk / 2));
      }
    }
  }

  // 3. A reopen by the desk happened on a call from the requester ("it is broken again").
  for (const a of h.activity) {
    if (a.kind !== 'reopened' || !a.actorId || a.actorId === person.userId) continue;
    const answeredAt = a.at - Math.round(clamp(rng.logNormal(2, 0.4), 0.5, 6) * MINUTE);
    const call = answered(answeredAt, a.at + Math.round(clamp(rng.logNormal(2, 0.5), 0.5, 10) * MINUTE), a.actorId);
    if (call) link(call, 'linked', a.at);
  }

  // 4. Not for the desk: answered and transferred out (facilities, biomed, another department). No ticket.
  if (rng.chance(NOT_FOR_THE_DESK)) {
    const at = daytime(rng, t.createdAt + HOUR_MS, t.createdAt + 3 * DAY_MS);
    if (at < now) {
      const agent = deskOnShift(world, rng, at, person.provider).userId!;
      answered(at, at + Math.round(clamp(rng.logNormal(70, 0.4), 20, 300) * SECOND), agent, {
        outcome: 'transferred',
        transfers: 1,
      });
    }
  }
  return out;
}

/** A time in [lo, hi], mostly in the day (07–19 at the desk): people call about their tickets while at work. */
function daytime(rng: Rng, lo: number, hi: number): number {
  let at = lo + rng.next() * (hi - lo);
  for (let i = 0; i < 4; i++) {
    const hour = homeHour(at);
    if (hour >= 7 && hour < 19) break;
    at = lo + rng.next() * (hi - lo);
  }
  return Math.floor(at);
}

function poisson(rng: Rng, mean: number): number {
  // Knuth's method: fine for the small means used here.
  const limit = Math.exp(-Math.min(mean, 30));
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Whether a generated call counts as abandoned (DOMAIN.md), by the wallboard's own rule. */
export function callAbandoned(c: CallRow): boolean {
  return isAbandoned({ queuedAt: c.queuedAt, answeredAt: c.answeredAt, endedAt: c.endedAt, outcome: c.outcome });
}

/** The line targets the generated queue is shaped against (the live desk's defaults). */
export const LINE_TARGET_MS: Record<Line, number> = {
  provider: DEFAULT_ROUTING.lines.provider.targetMs,
  clinical: DEFAULT_ROUTING.lines.clinical.targetMs,
  general: DEFAULT_ROUTING.lines.general.targetMs,
};
