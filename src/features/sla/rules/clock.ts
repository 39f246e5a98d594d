// SLA clocks: how much of a ticket's target time has been used, when it is due, when it turns at risk, whether and
// when it breached. Pure: the ticket's timeline (status and holder changes), its targets and its calendar in,
// the clocks out. Time is counted only while the calendar is open and the ticket is not in a pausing status.
import { addOpenTime, type Calendar, openMsBetween } from './calendar.ts';

/** One change in a ticket's life that matters to its clocks: a status, a tier or a provider taking it over. */
export type TimelineEntry = {
  at: number;
  status: string;
  tier: string;
  providerId: string | null;
  /** The holding vendor said it needs information from the hospital (tickets/rules/vendor-case.ts); only a
   *  contract clock whose contract says so pauses for it, never the hospital's. Absent: false. */
  needsInfo?: boolean;
};

export type Targets = { responseMs: number; resolutionMs: number };

export type ClockInput = {
  /** In time order; the first entry is the ticket's opening. */
  timeline: readonly TimelineEntry[];
  /** The desk's first response (DOMAIN.md: the first public reply by a person, or a live contact answered by a
   *  person — never a hand-off or an automatic acknowledgement; see tickets/rules/first-response.ts); null if none. */
  respondedAt: number | null;
  targets: Targets;
  /** Statuses in which both clocks stand still (only those the policy names, e.g. pending_requester). */
  pauseStatuses: readonly string[];
  /** Overrides which timeline entries pause the clocks (default: the entry's status is one of pauseStatuses); the
   *  two-clock rules (contract.ts) use it so a provider holding the ticket never pauses the hospital's clock. */
  pauses?: (entry: TimelineEntry) => boolean;
  /** Share of the target after which a ticket is at risk, 0 < ratio < 1 (0.75 = at risk with a quarter left). */
  atRiskRatio: number;
  calendar: Calendar;
  now: number;
};

export const CLOCK_STATES = ['running', 'paused', 'stopped'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

export type Clock = {
  targetMs: number;
  elapsedMs: number;
  state: ClockState;
  /** When the target runs out, if the clock keeps running from now; null while paused or stopped, or never open. */
  dueAt: number | null;
  /** The instant the at-risk share was or will be reached; null if not reached and the clock is not running. */
  atRiskAt: number | null;
  atRisk: boolean;
  breached: boolean;
  /** The exact instant the target ran out (in the past), null if it has not. */
  breachedAt: number | null;
};

export type SlaClocks = {
  response: Clock;
  resolution: Clock;
  /** Open (calendar) milliseconds of the resolution clock used by each holder ("tier2/<provider id>", "tier1/-"),
   *  and "paused" for time spent waiting in a pausing status. */
  elapsedByHolder: Record<string, number>;
  /** The next instant a running clock turns at risk or breaches: when the sweep should look again; null if never. */
  nextCheckAt: number | null;
};

export const STOP_STATUSES: readonly string[] = ['resolved', 'closed'];

export function holderOf(entry: Pick<TimelineEntry, 'tier' | 'providerId'>): string {
  return `${entry.tier}/${entry.providerId ?? '-'}`;
}

type Segment = { from: number; to: number; entry: TimelineEntry };

/** The timeline cut into segments up to `now` (entries after now are ignored; out-of-order entries are sorted). */
function segmentsUntil(timeline: readonly TimelineEntry[], now: number): Segment[] {
  const sorted = [...timeline].sort((a, b) => a.at - b.at);
  const segments: Segment[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const entry = sorted[i]!;
    if (entry.at >= now) break;
    const to = Math.min(sorted[i + 1]?.at ?? now, now);
    if (to > entry.at) segments.push({ from: entry.at, to, entry });
  }
  return segments;
}

/** Walks running segments, adding up open time and finding the instants each threshold was crossed. */
function runClock(
  segments: readonly Segment[],
  isRunning: (seg: Segment) => boolean,
  calendar: Calendar,
  thresholds: readonly number[],
): { elapsed: number; crossedAt: (number | null)[] } {
  let elapsed = 0;
  const crossedAt: (number | null)[] = thresholds.map(() => null);
  for (const seg of segments) {
    if (!isRunning(seg)) continue;
    const used = openMsBetween(calendar, seg.from, seg.to);
    thresholds.forEach((threshold, i) => {
      if (crossedAt[i] === null && elapsed < threshold && elapsed + used >= threshold) {
        crossedAt[i] = addOpenTime(calendar, seg.from, threshold - elapsed);
      }
    });
    elapsed += used;
  }
  return { elapsed, crossedAt };
}

function buildClock(
  targetMs: number,
  state: ClockState,
  run: { elapsed: number; crossedAt: (number | null)[] },
  input: ClockInput,
): Clock {
  const atRiskMs = Math.floor(targetMs * input.atRiskRatio);
  const [pastRisk, pastBreach] = run.crossedAt as [number | null, number | null];
  const future = (threshold: number) =>
    state === 'running' ? addOpenTime(input.calendar, input.now, threshold - run.elapsed) : null;
  const breached = run.elapsed >= targetMs && targetMs >= 0;
  return {
    targetMs,
    elapsedMs: run.elapsed,
    state,
    dueAt: state !== 'running' ? null : breached ? pastBreach : future(targetMs),
    atRiskAt: run.elapsed >= atRiskMs ? pastRisk : future(atRiskMs),
    atRisk: run.elapsed >= atRiskMs && !breached && state !== 'stopped',
    breached,
    breachedAt: breached ? pastBreach : null,
  };
}

/** Computes both clocks of a ticket at `input.now`. */
export function computeClocks(input: ClockInput): SlaClocks {
  const { timeline, now, calendar, pauseStatuses, targets } = input;
  const segments = segmentsUntil(timeline, now);
  // The present state: the latest entry at or before now (a change made this instant has no segment yet).
  const ordered = [...timeline].sort((a, b) => a.at - b.at);
  const last = ordered.filter((e) => e.at <= now).at(-1) ?? ordered[0];
  const pausesAt = input.pauses ?? ((e: TimelineEntry) => pauseStatuses.includes(e.status));
  const stopped = (status: string) => STOP_STATUSES.includes(status);

  // Resolution: runs unless stopped (resolved/closed) or paused; a reopened ticket's clock carries on.
  const resolutionThresholds = [Math.floor(targets.resolutionMs * input.atRiskRatio), targets.resolutionMs];
  const resolutionRun = runClock(
    segments,
    (s) => !pausesAt(s.entry) && !stopped(s.entry.status),
    calendar,
    resolutionThresholds,
  );
  const currentStatus = last?.status ?? 'new';
  const pausedNow = last ? pausesAt(last) : false;
  const resolutionState: ClockState = stopped(currentStatus) ? 'stopped' : pausedNow ? 'paused' : 'running';

  // Response: runs from opening until the first response, or until the ticket was first resolved without one.
  const firstStop = segments.find((s) => stopped(s.entry.status))?.from ?? null;
  const responseEnd = [input.respondedAt, firstStop].filter((t): t is number => t !== null).sort((a, b) => a - b)[0];
  const responseSegments =
    responseEnd === undefined
      ? segments
      : segments.filter((s) => s.from < responseEnd).map((s) => ({ ...s, to: Math.min(s.to, responseEnd) }));
  const responseRun = runClock(responseSegments, (s) => !pausesAt(s.entry) && !stopped(s.entry.status), calendar, [
    Math.floor(targets.responseMs * input.atRiskRatio),
    targets.responseMs,
  ]);
  const responseState: ClockState =
    responseEnd !== undefined && responseEnd <= now ? 'stopped' : pausedNow ? 'paused' : 'running';

  const elapsedByHolder: Record<string, number> = {};
  for (const seg of segments) {
    if (stopped(seg.entry.status)) continue;
    const key = pausesAt(seg.entry) ? 'paused' : holderOf(seg.entry);
    const used = openMsBetween(calendar, seg.from, seg.to);
    if (used > 0) elapsedByHolder[key] = (elapsedByHolder[key] ?? 0) + used;
  }

  const response = buildClock(targets.responseMs, responseState, responseRun, input);
  const resolution = buildClock(targets.resolutionMs, resolutionState, resolutionRun, input);
  const upcoming = [response, resolution]
    .filter((c) => c.state === 'running')
    .flatMap((c) => [c.atRiskAt, c.dueAt])
    .filter((t): t is number => t !== null && t > now);
  return {
    response,
    resolution,
    elapsedByHolder,
    nextCheckAt: upcoming.length ? Math.min(...upcoming) : null,
  };
}
