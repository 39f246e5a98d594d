import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, type Calendar } from './calendar.ts';
import { type ClockInput, computeClocks, type TimelineEntry } from './clock.ts';

const M = 60_000;
const H = 60 * M;
const T0 = Date.UTC(2026, 10, 2, 14, 0); // Monday 2 November 2026, 09:00 in New York
const businessHours: Calendar = {
  alwaysOpen: false,
  timeZone: 'America/New_York',
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '17:00' })),
  closures: [],
};
const at = (minutes: number, status: string, tier = 'tier1', providerId: string | null = null): TimelineEntry => ({
  at: T0 + minutes * M,
  status,
  tier,
  providerId,
});
const input = (over: Partial<ClockInput>): ClockInput => ({
  timeline: [at(0, 'new')],
  respondedAt: null,
  targets: { responseMs: 15 * M, resolutionMs: 2 * H },
  pauseStatuses: ['pending_requester'],
  atRiskRatio: 0.75,
  calendar: ALWAYS_OPEN,
  now: T0,
  ...over,
});

describe('SLA clocks', () => {
  it('runs both clocks from the opening and says when each is due', () => {
    const c = computeClocks(input({ now: T0 + 10 * M }));
    expect(c.response).toMatchObject({ elapsedMs: 10 * M, state: 'running', dueAt: T0 + 15 * M, breached: false });
    expect(c.resolution).toMatchObject({ elapsedMs: 10 * M, dueAt: T0 + 2 * H, atRiskAt: T0 + 90 * M });
    expect(c.response.atRisk).toBe(false);
    expect(c.nextCheckAt).toBe(T0 + 11.25 * M); // response at risk at 75% of 15 min
  });

  it('stops the response clock at the first response and marks at-risk then breach of the resolution clock', () => {
    const timeline = [at(0, 'new'), at(5, 'in_progress')];
    const c = computeClocks(input({ timeline, respondedAt: T0 + 5 * M, now: T0 + 100 * M }));
    expect(c.response).toMatchObject({ state: 'stopped', elapsedMs: 5 * M, breached: false, dueAt: null });
    expect(c.resolution).toMatchObject({ atRisk: true, breached: false, atRiskAt: T0 + 90 * M });
    const later = computeClocks(input({ timeline, respondedAt: T0 + 5 * M, now: T0 + 150 * M }));
    expect(later.resolution).toMatchObject({ breached: true, breachedAt: T0 + 2 * H, atRisk: false });
    expect(later.nextCheckAt).toBeNull();
  });

  it('pauses only in the statuses the policy names, and a reopened ticket carries on where it stopped', () => {
    const timeline = [
      at(0, 'new'),
      at(10, 'pending_requester'), // 10 min used
      at(70, 'pending_vendor'), // not a pausing status here: runs
      at(100, 'resolved'), // 40 min used
      at(200, 'in_progress'), // reopened
    ];
    const c = computeClocks(input({ timeline, respondedAt: T0 + 10 * M, now: T0 + 230 * M }));
    expect(c.resolution).toMatchObject({ elapsedMs: 70 * M, state: 'running', dueAt: T0 + 280 * M });
    expect(c.elapsedByHolder).toEqual({ 'tier1/-': 70 * M, paused: 60 * M });
    const resolved = computeClocks(input({ timeline: timeline.slice(0, 4), now: T0 + 150 * M }));
    expect(resolved.resolution).toMatchObject({ state: 'stopped', elapsedMs: 40 * M, dueAt: null, breached: false });
    // Never answered: the response clock ran until the resolution (less the pause) and breached at 15 minutes.
    expect(resolved.response).toMatchObject({
      state: 'stopped',
      elapsedMs: 40 * M,
      breached: true,
      breachedAt: T0 + 75 * M,
    });
    expect(resolved.nextCheckAt).toBeNull();
  });

  it('says who used the time: tiers and providers', () => {
    const timeline = [at(0, 'new'), at(20, 'in_progress', 'tier2'), at(50, 'pending_vendor', 'vendor', 'epic')];
    const c = computeClocks(input({ timeline, now: T0 + 80 * M }));
    expect(c.elapsedByHolder).toEqual({ 'tier1/-': 20 * M, 'tier2/-': 30 * M, 'vendor/epic': 30 * M });
  });

  it('counts only business hours on a business-hours calendar, across the weekend', () => {
    const friday = Date.UTC(2026, 10, 6, 21, 0); // Friday 16:00 in New York
    const c = computeClocks(
      input({
        timeline: [{ at: friday, status: 'new', tier: 'tier1', providerId: null }],
        calendar: businessHours,
        targets: { responseMs: 4 * H, resolutionMs: 3 * 9 * H },
        now: friday + 3 * 24 * H, // Monday 16:00
      }),
    );
    expect(c.response.elapsedMs).toBe(9 * H); // Friday 16–17, Monday 08–16
    expect(c.response.breached).toBe(true);
    const breachedAt = DateTime.fromMillis(c.response.breachedAt!, { zone: 'America/New_York' });
    expect(breachedAt.toFormat('ccc HH:mm')).toBe('Mon 11:00');
  });

  // Random timelines: status changes at random times, some pausing, some stopping.
  const statuses = fc.constantFrom('new', 'in_progress', 'pending_requester', 'pending_vendor', 'resolved');
  const timelineArb = fc
    .array(fc.tuple(fc.integer({ min: 1, max: 3 * 24 * 60 }), statuses), { maxLength: 8 })
    .map((steps) => {
      const entries: TimelineEntry[] = [at(0, 'new')];
      let t = 0;
      for (const [gap, status] of steps) {
        t += gap;
        entries.push(at(t, status, t % 2 ? 'tier1' : 'tier2'));
      }
      return entries;
    });
  const calendarArb = fc.constantFrom(ALWAYS_OPEN, businessHours);
  const nowArb = fc.integer({ min: 0, max: 40 * 24 * 60 });

  it('never runs backwards: elapsed time only grows with now', () => {
    fc.assert(
      fc.property(timelineArb, calendarArb, nowArb, nowArb, (timeline, calendar, a, b) => {
        const [early, late] = [Math.min(a, b), Math.max(a, b)];
        const x = computeClocks(input({ timeline, calendar, now: T0 + early * M }));
        const y = computeClocks(input({ timeline, calendar, now: T0 + late * M }));
        expect(y.resolution.elapsedMs).toBeGreaterThanOrEqual(x.resolution.elapsedMs);
        expect(y.response.elapsedMs).toBeGreaterThanOrEqual(x.response.elapsedMs);
        if (x.resolution.breached) expect(y.resolution.breachedAt).toBe(x.resolution.breachedAt);
      }),
      { numRuns: 150 },
    );
  });

  it('does not count paused time: a pause inserted anywhere leaves the elapsed time before and after it alike', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        calendarArb,
        (pauseAt, pauseLength, after, calendar) => {
          const plain = computeClocks(input({ calendar, now: T0 + (pauseAt + after) * M }));
          const withPause = computeClocks(
            input({
              calendar,
              timeline: [at(0, 'new'), at(pauseAt, 'pending_requester'), at(pauseAt + pauseLength, 'in_progress')],
              now: T0 + (pauseAt + pauseLength + after) * M,
            }),
          );
          // Open time in wall-clock windows shifted by the pause differs on a business calendar, so compare the
          // paused ticket with itself: the clock stands still for the whole pause.
          const atPauseStart = computeClocks(
            input({
              calendar,
              timeline: [at(0, 'new'), at(pauseAt, 'pending_requester')],
              now: T0 + (pauseAt + pauseLength) * M,
            }),
          );
          const beforePause = computeClocks(input({ calendar, now: T0 + pauseAt * M }));
          expect(atPauseStart.resolution.elapsedMs).toBe(beforePause.resolution.elapsedMs);
          expect(atPauseStart.resolution.state).toBe('paused');
          expect(atPauseStart.resolution.dueAt).toBeNull();
          if (calendar.alwaysOpen) expect(withPause.resolution.elapsedMs).toBe(plain.resolution.elapsedMs);
          expect(withPause.resolution.elapsedMs).toBeGreaterThanOrEqual(beforePause.resolution.elapsedMs);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is the same however often it is recomputed, and entries that change nothing change nothing', () => {
    fc.assert(
      fc.property(timelineArb, calendarArb, nowArb, (timeline, calendar, now) => {
        const base = input({ timeline, calendar, now: T0 + now * M });
        const once = computeClocks(base);
        expect(computeClocks(base)).toEqual(once);
        // Repeating the latest entry (a no-op save) must not move any clock.
        const last = timeline.at(-1)!;
        const repeated = [...timeline, { ...last, at: last.at + 1 }];
        const again = computeClocks({ ...base, timeline: repeated });
        expect(again.resolution.elapsedMs).toBe(once.resolution.elapsedMs);
        expect(again.response.elapsedMs).toBe(once.response.elapsedMs);
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with itself: a running clock due at D has used exactly its target at D', () => {
    fc.assert(
      fc.property(timelineArb, calendarArb, nowArb, (fullTimeline, calendar, now) => {
        // Only what has happened by now: a due time assumes nothing changes from here on.
        const timeline = fullTimeline.filter((e) => e.at <= T0 + now * M);
        const c = computeClocks(input({ timeline, calendar, now: T0 + now * M }));
        if (c.resolution.state === 'running' && !c.resolution.breached && c.resolution.dueAt !== null) {
          const atDue = computeClocks(input({ timeline, calendar, now: c.resolution.dueAt }));
          expect(atDue.resolution.elapsedMs).toBe(c.resolution.targetMs);
          expect(atDue.resolution.breached).toBe(true);
          expect(atDue.resolution.breachedAt).toBe(c.resolution.dueAt);
        }
        if (c.nextCheckAt !== null) expect(c.nextCheckAt).toBeGreaterThan(T0 + now * M);
      }),
      { numRuns: 150 },
    );
  });
});

describe('SLA clocks at the instant of a change', () => {
  it('takes the state of a change made exactly now', () => {
    const c = computeClocks(input({ timeline: [at(0, 'new'), at(30, 'pending_requester')], now: T0 + 30 * M }));
    expect(c.resolution).toMatchObject({ state: 'paused', elapsedMs: 30 * M, dueAt: null });
  });
});
