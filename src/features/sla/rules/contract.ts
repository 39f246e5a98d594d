// Two clocks while a provider holds a ticket (DOMAIN.md, issue 16). Pure.
//
// The hospital's clock is the clinician's wait: it is chosen as if no provider held the ticket (a policy that names
// providers is a contract, never the hospital's policy) and it runs on through every hand-off. It pauses only in
// the statuses its own policy names, and "pending vendor" never pauses it while a provider on the desk holds the
// ticket (a vendor-tier group, or a provider with a contract): waiting on the vendor is still the clinician's wait.
// "Pending vendor" set by an in-house agent (a vendor not on the desk) still pauses it if the policy says so.
//
// A contract clock runs beside it for each holding period: from the instant a provider takes the ticket until it
// hands it on (returned, transferred) — one clock per holding period, so a provider that takes the ticket twice is
// judged twice, each time on its own targets, as contracts measure each escalation. Its targets, calendar and
// pausing statuses are the provider's contract policy's (the hospital's 24x7 rule is for the hospital's clock; the
// contract's calendar is what the provider signed). It pauses in the contract's pausing statuses (e.g.
// pending_requester: the provider needs information from the hospital), never for "pending vendor" (that is the
// provider's own time), and — when the contract says so (pauseOnNeedsInfo, the default) — while the provider says it
// needs information from the hospital (the timeline entry's needsInfo). Its first response is the provider's first reply on the ticket during the holding; it stops
// when the ticket is resolved (carrying on if reopened while still held) or when the provider hands it on.
import type { Calendar } from './calendar.ts';
import {
  type Clock,
  type ClockInput,
  type ClockState,
  computeClocks,
  type SlaClocks,
  type Targets,
  type TimelineEntry,
} from './clock.ts';
import { type Announcement, announcements, type Flags, NO_FLAGS } from './notify.ts';

/** A contract policy as the clock needs it. */
export type Contract = {
  policyId: string;
  policyName: string;
  targets: Targets;
  pauseStatuses: readonly string[];
  /** The contract's clock stands still while the provider waits for information from the hospital. */
  pauseOnNeedsInfo: boolean;
  atRiskRatio: number;
  calendar: Calendar;
};

/** One provider's uninterrupted hold of the ticket; `to` null while it still holds it. */
export type Holding = { providerId: string; from: number; to: number | null };

export type ProviderReply = { providerId: string; at: number };

export type ContractClock = Holding & { contract: Contract; clocks: SlaClocks };

/** The timeline in time order with entries at the same instant collapsed to the last one written (a change that
 *  was superseded in the same instant never held the ticket). */
function collapsed(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  const sorted = [...timeline].sort((a, b) => a.at - b.at);
  const out: TimelineEntry[] = [];
  for (const e of sorted) {
    if (out.length && out[out.length - 1]!.at === e.at) out[out.length - 1] = e;
    else out.push(e);
  }
  return out;
}

/** Every period a provider held the ticket, up to `now`, oldest first. */
export function holdingsOf(timeline: readonly TimelineEntry[], now: number): Holding[] {
  const holdings: Holding[] = [];
  let open: Holding | null = null;
  for (const e of collapsed(timeline)) {
    if (e.at > now) break;
    if (open && open.providerId === e.providerId) continue;
    if (open) {
      open.to = e.at;
      if (open.to > open.from) holdings.push(open);
    }
    open = e.providerId ? { providerId: e.providerId, from: e.at, to: null } : null;
  }
  if (open) holdings.push(open);
  return holdings;
}

/** Whether a provider on the desk holds the ticket at this entry (so the hospital's clock must not pause). */
export function providerHolds(entry: TimelineEntry, hasContract: (providerId: string) => boolean): boolean {
  return entry.tier === 'vendor' || (entry.providerId !== null && hasContract(entry.providerId));
}

/** Which entries pause the hospital's clock: its policy's statuses, but never "pending vendor" while a provider holds. */
export function hospitalPauses(
  pauseStatuses: readonly string[],
  hasContract: (providerId: string) => boolean,
): (entry: TimelineEntry) => boolean {
  return (e) => pauseStatuses.includes(e.status) && !(e.status === 'pending_vendor' && providerHolds(e, hasContract));
}

/** The hospital's clocks: the ticket's own policy (chosen with no provider), never paused by a provider's hold. */
export function hospitalClocks(input: ClockInput, hasContract: (providerId: string) => boolean): SlaClocks {
  return computeClocks({ ...input, pauses: hospitalPauses(input.pauseStatuses, hasContract) });
}

/** A contract clock for one holding period. */
export function contractClockOf(
  timeline: readonly TimelineEntry[],
  holding: Holding,
  contract: Contract,
  replies: readonly ProviderReply[],
  now: number,
): ContractClock {
  const entries = collapsed(timeline);
  const start = entries.filter((e) => e.at <= holding.from).at(-1)!;
  const end = holding.to ?? Number.POSITIVE_INFINITY;
  const during = entries.filter((e) => e.at > holding.from && e.at < end);
  const sub: TimelineEntry[] = [{ ...start, at: holding.from }, ...during];
  if (holding.to !== null) sub.push({ ...sub.at(-1)!, at: holding.to, status: 'closed' });
  const respondedAt =
    replies
      .filter((r) => r.providerId === holding.providerId && r.at >= holding.from && r.at < end && r.at <= now)
      .map((r) => r.at)
      .sort((a, b) => a - b)[0] ?? null;
  const clocks = computeClocks({
    timeline: sub,
    respondedAt,
    targets: contract.targets,
    pauseStatuses: contract.pauseStatuses,
    pauses: (e) =>
      (e.status !== 'pending_vendor' && contract.pauseStatuses.includes(e.status)) ||
      (contract.pauseOnNeedsInfo && e.needsInfo === true),
    atRiskRatio: contract.atRiskRatio,
    calendar: contract.calendar,
    now,
  });
  if (holding.to === null) return { ...holding, contract, clocks };
  // Handed on: the contract's clocks are decided; whatever was not breached by then never will be.
  const stop = (c: SlaClocks['response']) => ({ ...c, state: 'stopped' as const, dueAt: null, atRisk: false });
  return {
    ...holding,
    contract,
    clocks: { ...clocks, response: stop(clocks.response), resolution: stop(clocks.resolution), nextCheckAt: null },
  };
}

export type TwoClocksInput = {
  timeline: readonly TimelineEntry[];
  now: number;
  /** The contract that applies while this provider holds the ticket; null when it has none (e.g. in-house). */
  contractFor: (providerId: string) => Contract | null;
  replies: readonly ProviderReply[];
};

/** One contract clock per holding period of a provider with a contract, oldest first. */
export function contractClocks(input: TwoClocksInput): ContractClock[] {
  const out: ContractClock[] = [];
  for (const h of holdingsOf(input.timeline, input.now)) {
    const contract = input.contractFor(h.providerId);
    if (contract) out.push(contractClockOf(input.timeline, h, contract, input.replies, input.now));
  }
  return out;
}

/** The next instant any of the clocks needs a look, or null. */
export function nextCheckOf(
  hospital: Pick<SlaClocks, 'nextCheckAt'> | null,
  contracts: readonly Pick<ContractClockRecord, 'nextCheckAt'>[],
): number | null {
  const all = [hospital?.nextCheckAt ?? null, ...contracts.map((c) => c.nextCheckAt)].filter(
    (t): t is number => t !== null,
  );
  return all.length ? Math.min(...all) : null;
}

/** A clock as stored (ticket_sla.contract_clocks) and shown: instants in epoch milliseconds. */
export type ClockRecord = {
  state: ClockState;
  targetMs: number;
  elapsedMs: number;
  dueAt: number | null;
  breachedAt: number | null;
  atRisk: boolean;
  breached: boolean;
};

/** One contract clock as stored on the ticket's SLA row, with what has been announced of it. */
export type ContractClockRecord = {
  providerId: string;
  from: number;
  to: number | null;
  policyId: string;
  policyName: string;
  timeZone: string;
  /** Whether either of its clocks still runs or is paused (the recompute request finds these). */
  running: boolean;
  response: ClockRecord;
  resolution: ClockRecord;
  notified: Flags;
  nextCheckAt: number | null;
};

const recordOfClock = (c: Clock): ClockRecord => ({
  state: c.state,
  targetMs: c.targetMs,
  elapsedMs: Math.round(c.elapsedMs),
  dueAt: c.dueAt,
  breachedAt: c.breachedAt,
  atRisk: c.atRisk,
  breached: c.breached,
});

/** The same holding period in a stored list (a provider holds the ticket once from a given instant). */
export function sameHolding(a: Pick<Holding, 'providerId' | 'from'>, b: Pick<Holding, 'providerId' | 'from'>): boolean {
  return a.providerId === b.providerId && a.from === b.from;
}

/** The contract clocks to store, and the announcements now due for them (each at most once, as for the hospital's). */
export function contractRecords(
  clocks: readonly ContractClock[],
  previous: readonly ContractClockRecord[],
): { records: ContractClockRecord[]; due: (Announcement & { providerId: string; policyName: string })[] } {
  const due: (Announcement & { providerId: string; policyName: string })[] = [];
  const records = clocks.map((c) => {
    const known = previous.find((p) => sameHolding(p, c));
    const { due: news, flags } = announcements(known?.notified ?? NO_FLAGS, c.clocks);
    // A holding first seen already decided (a row from before contract clocks, a backfill) is history, not news.
    const decided = c.clocks.response.state === 'stopped' && c.clocks.resolution.state === 'stopped';
    if (known || !decided) {
      due.push(...news.map((a) => ({ ...a, providerId: c.providerId, policyName: c.contract.policyName })));
    }
    return {
      providerId: c.providerId,
      from: c.from,
      to: c.to,
      policyId: c.contract.policyId,
      policyName: c.contract.policyName,
      timeZone: c.contract.calendar.timeZone,
      running: c.clocks.response.state !== 'stopped' || c.clocks.resolution.state !== 'stopped',
      response: recordOfClock(c.clocks.response),
      resolution: recordOfClock(c.clocks.resolution),
      notified: flags,
      nextCheckAt: c.clocks.nextCheckAt,
    };
  });
  return { records, due };
}
