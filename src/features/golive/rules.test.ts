// The go-live rules without a database: overlapping shifts (property-tested), check-in and check-out windows, the
// command center's hours, the hourly roll-ups, the trend since go-live and the staffing hints.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Conflict } from '../../platform/errors.ts';
import {
  assertNoClash,
  checkInProblem,
  checkOutProblem,
  clashingShifts,
  commandCenterOpen,
  goLiveDay,
  HOUR_MS,
  type HourCell,
  hoursOnDay,
  isOnFloor,
  overlaps,
  rollUp,
  type Shift,
  shiftTimesProblem,
  staffingHints,
  trendSinceGoLive,
} from './rules.ts';

const T0 = Date.parse('2026-07-13T12:00:00Z');
const at = (h: number) => new Date(T0 + h * HOUR_MS);

describe('overlapping shifts', () => {
  const interval = fc
    .tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 16 }))
    .map(([start, length]) => ({ startsAt: at(start), endsAt: at(start + length) }));

  it('is symmetric, and an interval always overlaps itself', () => {
    fc.assert(
      fc.property(interval, interval, (a, b) => {
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        expect(overlaps(a, a)).toBe(true);
      }),
    );
  });

  it('agrees with "some hour is in both" on whole-hour shifts; back-to-back shifts do not overlap', () => {
    fc.assert(
      fc.property(interval, interval, (a, b) => {
        const hours = (i: typeof a) => {
          const s = new Set<number>();
          for (let t = i.startsAt.getTime(); t < i.endsAt.getTime(); t += HOUR_MS) s.add(t);
          return s;
        };
        const [ha, hb] = [hours(a), hours(b)];
        expect(overlaps(a, b)).toBe([...ha].some((h) => hb.has(h)));
      }),
    );
    expect(overlaps({ startsAt: at(0), endsAt: at(8) }, { startsAt: at(8), endsAt: at(16) })).toBe(false);
  });

  it("finds exactly the same person's other shifts that overlap, never the shift itself nor other people's", () => {
    const shift = fc
      .tuple(interval, fc.constantFrom('ana', 'ben'), fc.integer({ min: 0, max: 5 }))
      .map(([i, personId, n]) => ({ ...i, personId, id: `${personId}-${n}-${i.startsAt.getTime()}` }));
    fc.assert(
      fc.property(shift, fc.array(shift, { maxLength: 12 }), (candidate, existing) => {
        const found = clashingShifts(candidate, existing);
        for (const s of found) {
          expect(s.personId).toBe(candidate.personId);
          expect(s.id).not.toBe(candidate.id);
          expect(overlaps(s, candidate)).toBe(true);
        }
        const expected = existing.filter(
          (s) => s.personId === candidate.personId && s.id !== candidate.id && overlaps(s, candidate),
        );
        expect(found).toHaveLength(expected.length);
        // A roster built only from shifts that were accepted one by one never holds two overlapping ones.
        const roster: Shift[] = [];
        existing.forEach((s, i) => {
          const fresh = { ...s, id: `new-${i}` };
          if (clashingShifts(fresh, roster).length === 0) roster.push(fresh);
        });
        for (const a of roster)
          for (const b of roster) if (a !== b && a.personId === b.personId) expect(overlaps(a, b)).toBe(false);
      }),
    );
  });

  it('refuses an overlapping shift with a message that names the other shift', () => {
    const existing = [{ id: 'x', personId: 'p', startsAt: at(0), endsAt: at(8), zoneName: 'Zone A — 3 West' }];
    const attempt = () =>
      assertNoClash({ id: 'y', personId: 'p', startsAt: at(6), endsAt: at(14) }, existing, 'America/Chicago');
    expect(attempt).toThrow(Conflict);
    expect(attempt).toThrow(/already has a shift in Zone A — 3 West from Mon 13 Jul, 07:00 to Mon 13 Jul, 15:00/);
    expect(() =>
      assertNoClash({ id: 'y', personId: 'p', startsAt: at(8), endsAt: at(16) }, existing, 'America/Chicago'),
    ).not.toThrow();
  });

  it('says what is wrong with a shift’s own times', () => {
    const event = { startsAt: at(0), endsAt: at(24 * 14) };
    expect(shiftTimesProblem({ startsAt: at(5), endsAt: at(5) }, event)).toMatch(/end after it starts/);
    expect(shiftTimesProblem({ startsAt: at(0), endsAt: at(17) }, event)).toMatch(/at most 16 hours/);
    expect(shiftTimesProblem({ startsAt: at(-20), endsAt: at(-10) }, event)).toMatch(/within the go-live/);
    expect(shiftTimesProblem({ startsAt: at(0), endsAt: at(12) }, event)).toBeNull();
  });
});

describe('check-in and check-out', () => {
  const shift = { startsAt: at(10), endsAt: at(18), checkedInAt: null, checkedOutAt: null };
  it('opens check-in 30 minutes before the shift until it ends', () => {
    expect(checkInProblem(shift, new Date(T0 + 9 * HOUR_MS))).toMatch(/not started yet/);
    expect(checkInProblem(shift, new Date(T0 + 9.5 * HOUR_MS))).toBeNull();
    expect(checkInProblem(shift, at(17))).toBeNull();
    expect(checkInProblem(shift, at(18))).toMatch(/already ended/);
    expect(checkInProblem({ ...shift, checkedInAt: at(10) }, at(11))).toMatch(/already checked in/);
  });
  it('checks out only a checked-in shift, once', () => {
    expect(checkOutProblem(shift, at(12))).toMatch(/never checked in/);
    expect(checkOutProblem({ ...shift, checkedInAt: at(10) }, at(12))).toBeNull();
    expect(checkOutProblem({ ...shift, checkedInAt: at(10), checkedOutAt: at(12) }, at(13))).toMatch(/already/);
  });
  it('counts a person on the floor between check-in and check-out', () => {
    expect(isOnFloor({ ...shift, checkedInAt: at(10) }, at(11))).toBe(true);
    expect(isOnFloor({ ...shift, checkedInAt: at(10), checkedOutAt: at(12) }, at(13))).toBe(false);
    expect(isOnFloor(shift, at(11))).toBe(false);
  });
});

describe('the command center’s hours', () => {
  // Go-live at 05:00 Chicago time (10:00 UTC in July), 24/7 for 14 days, then 07:00–23:00.
  const h = {
    startsAt: new Date('2026-07-13T10:00:00Z'),
    endsAt: new Date('2026-08-10T10:00:00Z'),
    timeZone: 'America/Chicago',
    roundTheClockDays: 14,
    scaledOpenHour: 7,
    scaledCloseHour: 23,
  };
  it('is open around the clock for the first days, then only in its daily hours, and closed outside the go-live', () => {
    expect(goLiveDay(h, new Date('2026-07-13T23:00:00Z'))).toBe(0);
    expect(commandCenterOpen(h, new Date('2026-07-20T08:00:00Z'))).toBe(true); // day 7, 03:00 local
    expect(goLiveDay(h, new Date('2026-07-27T12:00:00Z'))).toBe(14);
    expect(commandCenterOpen(h, new Date('2026-07-27T08:00:00Z'))).toBe(false); // day 14, 03:00 local
    expect(commandCenterOpen(h, new Date('2026-07-27T14:00:00Z'))).toBe(true); // day 14, 09:00 local
    expect(commandCenterOpen(h, new Date('2026-07-13T09:00:00Z'))).toBe(false); // before it starts
    expect(commandCenterOpen(h, new Date('2026-08-10T15:00:00Z'))).toBe(false); // after it ends
    expect(hoursOnDay(h, 3)).toBe('Open 24 hours');
    expect(hoursOnDay(h, 20)).toBe('Open 07:00–23:00');
  });
  it('counts go-live days on the local calendar across a clock change', () => {
    const fall = { ...h, startsAt: new Date('2026-10-30T10:00:00Z') };
    expect(goLiveDay(fall, new Date('2026-11-02T12:00:00Z'))).toBe(3); // DST ended on 1 November
  });
});

describe('roll-ups, trend and staffing hints', () => {
  const cell = (hour: number, zone: string | null, p: Partial<HourCell> = {}): HourCell => ({
    hour: at(hour),
    zone,
    category: 'how_to',
    application: 'EHR',
    logged: 1,
    resolvedOnSpot: 0,
    patientCareAffected: 0,
    ...p,
  });

  it('adds cells up per hour and per value, hours in order, biggest first; the totals are kept', () => {
    const cells = [
      cell(1, 'B', { logged: 2, resolvedOnSpot: 1 }),
      cell(0, 'A', { logged: 3 }),
      cell(0, 'B', { logged: 1, category: 'hardware', patientCareAffected: 1 }),
      cell(0, 'A', { logged: 2, category: 'build' }),
      cell(1, null, { logged: 1 }),
    ];
    const byZone = rollUp(cells, 'zone');
    expect(byZone.map((h) => [h.hour, h.total])).toEqual([
      [at(0).toISOString(), 6],
      [at(1).toISOString(), 3],
    ]);
    expect(byZone[0]!.rows).toEqual([
      { key: 'A', logged: 5, resolvedOnSpot: 0, patientCareAffected: 0 },
      { key: 'B', logged: 1, resolvedOnSpot: 0, patientCareAffected: 1 },
    ]);
    expect(byZone[1]!.rows.map((r) => r.key)).toEqual(['B', 'No zone']);
    expect(rollUp(cells, 'category')[0]!.rows.map((r) => r.key)).toEqual([
      'How-to / training',
      'Build (configuration)',
      'Hardware',
    ]);
  });

  it('never loses or invents an issue, whatever the dimension', () => {
    const arb = fc.array(
      fc.record({
        hour: fc.integer({ min: 0, max: 48 }),
        zone: fc.constantFrom('A', 'B', null),
        category: fc.constantFrom('how_to', 'build', 'technical', 'workflow', 'hardware' as const),
        application: fc.constantFrom('EHR', 'PACS', null),
        logged: fc.integer({ min: 1, max: 9 }),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, fc.constantFrom('zone', 'category', 'application' as const), (raw, by) => {
        const cells = raw.map((r) => cell(r.hour, r.zone, { ...r, hour: at(r.hour) }));
        const sum = cells.reduce((s, c) => s + c.logged, 0);
        const hours = rollUp(cells, by);
        expect(hours.reduce((s, h) => s + h.total, 0)).toBe(sum);
        for (const h of hours) expect(h.rows.reduce((s, r) => s + r.logged, 0)).toBe(h.total);
      }),
    );
  });

  it('has one trend day per go-live day, empty days included', () => {
    const h = { startsAt: at(0), timeZone: 'UTC' };
    const trend = trendSinceGoLive([cell(1, 'A', { logged: 4, resolvedOnSpot: 3 }), cell(50, 'A')], h, at(59));
    expect(trend).toEqual([
      { day: 0, logged: 4, resolvedOnSpot: 3, onSpotRate: 0.75 },
      { day: 1, logged: 0, resolvedOnSpot: 0, onSpotRate: null },
      { day: 2, logged: 1, resolvedOnSpot: 0, onSpotRate: 0 },
    ]);
  });

  it('points at zones with rising unresolved issues per person checked in, and where people could come from', () => {
    const hints = staffingHints([
      { zoneId: 'a', zone: 'ED', unresolvedNow: 12, unresolvedHourAgo: 7, checkedIn: 2 },
      { zoneId: 'b', zone: 'Med-Surg', unresolvedNow: 2, unresolvedHourAgo: 4, checkedIn: 4 },
      { zoneId: 'c', zone: 'Clinics', unresolvedNow: 3, unresolvedHourAgo: 0, checkedIn: 0 },
      { zoneId: 'd', zone: 'OR', unresolvedNow: 3, unresolvedHourAgo: 2, checkedIn: 3 },
    ]);
    expect(hints.short.map((s) => s.zone)).toEqual(['Clinics', 'ED']);
    expect(hints.short[1]!.message).toBe(
      'ED: 12 unresolved issues (up from 7 an hour ago) for 2 support people checked in.',
    );
    expect(hints.short[0]!.message).toBe('Clinics: 3 unresolved issues and nobody checked in.');
    expect(hints.slack.map((s) => s.zone)).toEqual(['Med-Surg']);
    // An even load gives no hints at all.
    expect(
      staffingHints([
        { zoneId: 'a', zone: 'ED', unresolvedNow: 4, unresolvedHourAgo: 4, checkedIn: 2 },
        { zoneId: 'b', zone: 'OR', unresolvedNow: 4, unresolvedHourAgo: 5, checkedIn: 2 },
      ]),
    ).toEqual({ short: [], slack: [] });
  });
});
