import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, type Calendar } from './calendar.ts';
import { type ClockInput, computeClocks, type TimelineEntry } from './clock.ts';
import { type Contract, contractClocks, holdingsOf, hospitalClocks, type ProviderReply } from './contract.ts';

const M = 60_000;
const H = 60 * M;
const T0 = Date.UTC(2026, 10, 2, 14, 0); // Monday 2 November 2026, 09:00 in New York
const businessHours: Calendar = {
  alwaysOpen: false,
  timeZone: 'America/New_York',
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '17:00' })),
  closures: [],
};
const VENDOR = 'epic';
const OTHER = 'imprivata';
const IN_HOUSE = 'hospital';
const at = (minutes: number, status: string, tier = 'tier1', providerId: string | null = IN_HOUSE): TimelineEntry => ({
  at: T0 + minutes * M,
  status,
  tier,
  providerId,
});
const contract = (calendar: Calendar = ALWAYS_OPEN, over: Partial<Contract> = {}): Contract => ({
  policyId: 'contract',
  policyName: 'EHR vendor contract',
  targets: { responseMs: 30 * M, resolutionMs: 4 * H },
  pauseStatuses: ['pending_requester'],
  pauseOnNeedsInfo: true,
  atRiskRatio: 0.75,
  calendar,
  ...over,
});
const contractFor =
  (calendar: Calendar = ALWAYS_OPEN) =>
  (p: string) =>
    p === VENDOR || p === OTHER ? contract(calendar) : null;
const hasContract = (p: string) => p === VENDOR || p === OTHER;
const hospitalInput = (over: Partial<ClockInput>): ClockInput => ({
  timeline: [at(0, 'new')],
  respondedAt: null,
  targets: { responseMs: 15 * M, resolutionMs: 2 * H },
  pauseStatuses: ['pending_requester', 'pending_vendor'],
  atRiskRatio: 0.75,
  calendar: ALWAYS_OPEN,
  now: T0,
  ...over,
});

describe('two clocks while a provider holds a ticket', () => {
  const escalated = [
    at(0, 'new'),
    at(5, 'in_progress'),
    at(20, 'pending_vendor', 'vendor', VENDOR), // the vendor takes it
    at(80, 'pending_requester', 'vendor', VENDOR), // the vendor needs information from the hospital
    at(100, 'pending_vendor', 'vendor', VENDOR),
    at(140, 'in_progress', 'tier2', IN_HOUSE), // handed back
  ];

  it('keeps the hospital clock running while the vendor holds the ticket, even if its policy pauses in pending vendor', () => {
    const c = hospitalClocks(hospitalInput({ timeline: escalated, now: T0 + 150 * M }), hasContract);
    // Only the 20 minutes in pending_requester pause it (the policy names that status).
    expect(c.resolution.elapsedMs).toBe(130 * M);
    expect(c.resolution.state).toBe('running');
  });

  it('still pauses the hospital clock in pending vendor when no provider on the desk holds the ticket', () => {
    const offDesk = [at(0, 'new'), at(10, 'pending_vendor'), at(70, 'in_progress')];
    const c = hospitalClocks(hospitalInput({ timeline: offDesk, now: T0 + 100 * M }), hasContract);
    expect(c.resolution.elapsedMs).toBe(40 * M);
  });

  it('runs a contract clock from the hand-off to the hand-back, paused while the provider waits on the hospital', () => {
    const replies: ProviderReply[] = [{ providerId: VENDOR, at: T0 + 45 * M }];
    const [clock, ...rest] = contractClocks({
      timeline: escalated,
      now: T0 + 150 * M,
      contractFor: contractFor(),
      replies,
    });
    expect(rest).toEqual([]);
    expect(clock).toMatchObject({ providerId: VENDOR, from: T0 + 20 * M, to: T0 + 140 * M });
    expect(clock!.clocks.response).toMatchObject({ state: 'stopped', elapsedMs: 25 * M, breached: false });
    // 120 min held, 20 of them waiting on the hospital.
    expect(clock!.clocks.resolution).toMatchObject({ state: 'stopped', elapsedMs: 100 * M, breached: false });
    expect(clock!.clocks.nextCheckAt).toBeNull();
  });

  it('breaches the contract response when the provider never replied before its target, while it holds the ticket', () => {
    const held = escalated.slice(0, 3);
    const [clock] = contractClocks({ timeline: held, now: T0 + 60 * M, contractFor: contractFor(), replies: [] });
    expect(clock!.clocks.response).toMatchObject({ state: 'running', breached: true, breachedAt: T0 + 50 * M });
    expect(clock!.clocks.resolution).toMatchObject({ state: 'running', elapsedMs: 40 * M });
  });

  it('gives each holding period its own contract clock, on the contract calendar', () => {
    const timeline = [
      at(0, 'new'),
      at(10, 'pending_vendor', 'vendor', VENDOR),
      at(70, 'in_progress', 'tier2', IN_HOUSE),
      at(100, 'pending_vendor', 'vendor', OTHER),
      at(130, 'pending_vendor', 'vendor', VENDOR),
    ];
    const clocks = contractClocks({ timeline, now: T0 + 12 * H, contractFor: contractFor(businessHours), replies: [] });
    expect(clocks.map((c) => [c.providerId, c.from - T0, c.to === null ? null : c.to - T0])).toEqual([
      [VENDOR, 10 * M, 70 * M],
      [OTHER, 100 * M, 130 * M],
      [VENDOR, 130 * M, null],
    ]);
    // The last hold started at 11:10 New York time and counts only business hours (until 17:00): 5 h 50 min.
    expect(clocks[2]!.clocks.resolution.elapsedMs).toBe(5 * H + 50 * M);
  });

  it('stops the contract clock at resolution and carries on if reopened while the provider still holds it', () => {
    const timeline = [
      at(0, 'new'),
      at(10, 'pending_vendor', 'vendor', VENDOR),
      at(40, 'resolved', 'vendor', VENDOR),
      at(100, 'in_progress', 'vendor', VENDOR),
    ];
    const [clock] = contractClocks({ timeline, now: T0 + 110 * M, contractFor: contractFor(), replies: [] });
    expect(clock!.clocks.resolution).toMatchObject({ state: 'running', elapsedMs: 40 * M });
  });
});

// Properties ---------------------------------------------------------------------------------------------------

const STATUSES = ['new', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_change', 'resolved'];
const HOLDERS: [string, string | null][] = [
  ['tier1', IN_HOUSE],
  ['tier2', IN_HOUSE],
  ['vendor', VENDOR],
  ['vendor', OTHER],
  ['tier2', null],
];
const arbTimeline = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 0, max: 600 }),
      status: fc.constantFrom(...STATUSES),
      holder: fc.constantFrom(...HOLDERS),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((steps) => {
    let t = 0;
    return steps.map((s, i) => {
      t += i === 0 ? 0 : s.gap;
      return at(t, i === 0 ? 'new' : s.status, s.holder[0], s.holder[1]);
    });
  });
const arbCalendar = fc.constantFrom(ALWAYS_OPEN, businessHours);
const arbNow = fc.integer({ min: 0, max: 8000 }).map((m) => T0 + m * M);
const arbReplies = fc.array(
  fc.record({ providerId: fc.constantFrom(VENDOR, OTHER), at: fc.integer({ min: 0, max: 8000 }) }),
  { maxLength: 4 },
);

describe('two-clock properties', () => {
  it('the hospital clock never pauses because a provider holds the ticket', () => {
    fc.assert(
      fc.property(arbTimeline, arbCalendar, arbNow, (timeline, calendar, now) => {
        const held = hospitalClocks(hospitalInput({ timeline, calendar, now }), hasContract);
        // The same story with every provider's "pending vendor" hold worked in-house instead.
        const inHouse = timeline.map((e) =>
          e.status === 'pending_vendor' && (e.tier === 'vendor' || hasContract(e.providerId ?? ''))
            ? { ...e, status: 'in_progress', tier: 'tier2', providerId: IN_HOUSE }
            : e,
        );
        const worked = computeClocks(hospitalInput({ timeline: inHouse, calendar, now }));
        expect(held.resolution.elapsedMs).toBe(worked.resolution.elapsedMs);
        expect(held.response.elapsedMs).toBe(worked.response.elapsedMs);
        expect(held.resolution.state).toBe(worked.resolution.state);
      }),
      { numRuns: 200 },
    );
  });

  it('a contract clock never counts more than the wall time of its holding period', () => {
    fc.assert(
      fc.property(arbTimeline, arbCalendar, arbNow, arbReplies, (timeline, calendar, now, raw) => {
        const replies = raw.map((r) => ({ ...r, at: T0 + r.at * M }));
        for (const c of contractClocks({ timeline, now, contractFor: contractFor(calendar), replies })) {
          const wall = (c.to ?? now) - c.from;
          expect(c.clocks.resolution.elapsedMs).toBeLessThanOrEqual(wall);
          expect(c.clocks.response.elapsedMs).toBeLessThanOrEqual(c.clocks.resolution.elapsedMs);
          expect(c.to === null || c.clocks.resolution.state === 'stopped').toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('holding periods never overlap, are held by one provider each, and lie within the timeline', () => {
    fc.assert(
      fc.property(arbTimeline, arbNow, (timeline, now) => {
        const holdings = holdingsOf(timeline, now);
        for (let i = 0; i < holdings.length; i++) {
          const h = holdings[i]!;
          expect(h.to === null || h.to > h.from).toBe(true);
          if (i > 0) expect(h.from).toBeGreaterThanOrEqual(holdings[i - 1]!.to!);
          if (i < holdings.length - 1) expect(h.to).not.toBeNull();
          expect(h.from).toBeLessThanOrEqual(now);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic under reordering of equal-time replies and of superseded same-instant changes', () => {
    fc.assert(
      fc.property(arbTimeline, arbNow, arbReplies, fc.integer({ min: 0, max: 11 }), (timeline, now, raw, pick) => {
        const replies = raw.map((r) => ({ ...r, at: T0 + (r.at % 3) * 30 * M })); // many at the same instants
        const base = contractClocks({ timeline, now, contractFor: contractFor(), replies });
        const reversed = contractClocks({ timeline, now, contractFor: contractFor(), replies: [...replies].reverse() });
        expect(reversed).toEqual(base);
        // A change superseded in the same instant (written, then overwritten) changes neither clock.
        const i = pick % timeline.length;
        const transient: TimelineEntry = {
          ...timeline[i]!,
          status: 'pending_vendor',
          tier: 'vendor',
          providerId: OTHER,
        };
        const withTransient = [...timeline.slice(0, i), transient, ...timeline.slice(i)];
        expect(contractClocks({ timeline: withTransient, now, contractFor: contractFor(), replies })).toEqual(base);
        const h1 = hospitalClocks(hospitalInput({ timeline, now }), hasContract);
        const h2 = hospitalClocks(hospitalInput({ timeline: withTransient, now }), hasContract);
        expect(h2.resolution.elapsedMs).toBe(h1.resolution.elapsedMs);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the vendor\'s "needs information" pause', () => {
  // The same timelines with "needs information from the hospital" flagged on some of the entries the vendor holds.
  const flagged = arbTimeline.chain((timeline) =>
    fc
      .array(fc.boolean(), { minLength: timeline.length, maxLength: timeline.length })
      .map((flags) => timeline.map((e, i) => (flags[i] && e.providerId !== IN_HOUSE ? { ...e, needsInfo: true } : e))),
  );
  const contractsWith = (pauseOnNeedsInfo: boolean) => (p: string) =>
    p === VENDOR || p === OTHER ? contract(ALWAYS_OPEN, { pauseOnNeedsInfo }) : null;
  const plain = (timeline: TimelineEntry[]) => timeline.map(({ needsInfo: _, ...e }) => e);

  it('pauses a contract clock whose contract says so, and only while the vendor waits', () => {
    const timeline = [
      at(0, 'new'),
      at(10, 'pending_vendor', 'vendor', VENDOR),
      { ...at(40, 'pending_vendor', 'vendor', VENDOR), needsInfo: true }, // 30 minutes worked, then waits
      at(100, 'pending_vendor', 'vendor', VENDOR), // the desk answered: 60 minutes paused
    ];
    const now = T0 + 130 * M;
    const [paused] = contractClocks({ timeline, now, contractFor: contractsWith(true), replies: [] });
    expect(paused!.clocks.resolution.elapsedMs).toBe(60 * M);
    const [running] = contractClocks({ timeline, now, contractFor: contractsWith(false), replies: [] });
    expect(running!.clocks.resolution.elapsedMs).toBe(120 * M);
    const waiting = contractClocks({
      timeline: timeline.slice(0, 3),
      now,
      contractFor: contractsWith(true),
      replies: [],
    });
    expect(waiting[0]!.clocks.resolution.state).toBe('paused');
  });

  it("never touches the hospital's clock", () => {
    fc.assert(
      fc.property(flagged, arbCalendar, arbNow, (timeline, calendar, now) => {
        const withFlags = hospitalClocks(hospitalInput({ timeline, calendar, now }), hasContract);
        const without = hospitalClocks(hospitalInput({ timeline: plain(timeline), calendar, now }), hasContract);
        expect(withFlags).toEqual(without);
      }),
      { numRuns: 200 },
    );
  });

  it('only ever takes time off a contract clock that pauses for it, and none off one that does not', () => {
    fc.assert(
      fc.property(flagged, arbNow, (timeline, now) => {
        const base = contractClocks({ timeline: plain(timeline), now, contractFor: contractsWith(true), replies: [] });
        const pausing = contractClocks({ timeline, now, contractFor: contractsWith(true), replies: [] });
        const notPausing = contractClocks({ timeline, now, contractFor: contractsWith(false), replies: [] });
        const baseOff = contractClocks({
          timeline: plain(timeline),
          now,
          contractFor: contractsWith(false),
          replies: [],
        });
        expect(pausing.length).toBe(base.length);
        pausing.forEach((c, i) => {
          expect(c.clocks.resolution.elapsedMs).toBeLessThanOrEqual(base[i]!.clocks.resolution.elapsedMs);
        });
        expect(notPausing.map((c) => c.clocks.resolution.elapsedMs)).toEqual(
          baseOff.map((c) => c.clocks.resolution.elapsedMs),
        );
      }),
      { numRuns: 200 },
    );
  });
});
