import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN, addOpenTime, type Calendar, calendarProblems, isOpenAt, openMsBetween } from './calendar.ts';

const H = 3_600_000;
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
const ny = (local: string) => DateTime.fromISO(local, { zone: 'America/New_York' }).toMillis();

const businessHours: Calendar = {
  alwaysOpen: false,
  timeZone: 'America/New_York',
  weekly: weekdays('08:00', '17:00'),
  closures: [],
};

describe('calendar validation', () => {
  it('accepts sound calendars', () => {
    expect(calendarProblems(businessHours)).toEqual([]);
    expect(calendarProblems(ALWAYS_OPEN)).toEqual([]);
    expect(
      calendarProblems({ ...businessHours, weekly: [{ day: 6, start: '00:00', end: '24:00' }], closures: [] }),
    ).toEqual([]);
  });

  it('rejects an unknown time zone with the name in the message', () => {
    const problems = calendarProblems({ ...businessHours, timeZone: 'Mars/Olympus_Mons' });
    expect(problems).toEqual([{ field: 'timeZone', message: expect.stringContaining('Mars/Olympus_Mons') }]);
  });

  it('rejects hours that end before they start, and overnight hours', () => {
    const problems = calendarProblems({ ...businessHours, weekly: [{ day: 1, start: '17:00', end: '08:00' }] });
    expect(problems).toEqual([{ field: 'weekly.0.end', message: expect.stringMatching(/before it starts/) }]);
  });

  it('rejects overlapping hours on the same day', () => {
    const problems = calendarProblems({
      ...businessHours,
      weekly: [
        { day: 2, start: '08:00', end: '12:00' },
        { day: 2, start: '11:00', end: '17:00' },
        { day: 3, start: '11:00', end: '17:00' },
      ],
    });
    expect(problems).toEqual([{ field: 'weekly.1', message: expect.stringMatching(/overlaps 08:00–12:00/) }]);
  });

  it('rejects malformed times, days and closures', () => {
    const problems = calendarProblems({
      ...businessHours,
      weekly: [{ day: 8, start: '8am', end: '25:00' }],
      closures: [
        { name: '', start: '2026-12-25T00:00', end: '2026-12-24T00:00' },
        { name: 'x', start: 'christmas', end: '2026-12-26T00:00' },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual([
      'weekly.0.day',
      'weekly.0.start',
      'weekly.0.end',
      'closures.0.name',
      'closures.0.end',
      'closures.1.start',
    ]);
  });

  it('rejects hours or closures on a 24x7 calendar', () => {
    expect(calendarProblems({ ...businessHours, alwaysOpen: true }).map((p) => p.field)).toEqual(['weekly']);
  });
});

describe('open time', () => {
  it('counts 45 hours in the business week of the spring-forward change', () => {
    // Sunday 8 March 2026 is the US spring-forward day; Monday to Friday 08:00–17:00 is still 45 hours.
    expect(openMsBetween(businessHours, ny('2026-03-07T00:00'), ny('2026-03-14T00:00'))).toBe(45 * H);
    // And in the autumn week (1 November 2026).
    expect(openMsBetween(businessHours, ny('2026-10-31T00:00'), ny('2026-11-07T00:00'))).toBe(45 * H);
  });

  it('follows the wall clock on DST days: a midnight-to-midnight day lasts 23 or 25 hours', () => {
    const allDay: Calendar = {
      alwaysOpen: false,
      timeZone: 'America/New_York',
      weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })),
      closures: [],
    };
    expect(openMsBetween(allDay, ny('2026-03-08T00:00'), ny('2026-03-09T00:00'))).toBe(23 * H);
    expect(openMsBetween(allDay, ny('2026-11-01T00:00'), ny('2026-11-02T00:00'))).toBe(25 * H);
  });

  it('keeps 08:00 at 08:00 local on both sides of the change', () => {
    const due = addOpenTime(businessHours, ny('2026-03-06T16:00'), 2 * H);
    expect(DateTime.fromMillis(due!, { zone: 'America/New_York' }).toFormat("ccc yyyy-MM-dd'T'HH:mm")).toBe(
      'Mon 2026-03-09T09:00',
    );
  });

  it('skips holidays and one-off closures', () => {
    const withHoliday: Calendar = {
      ...businessHours,
      closures: [
        { name: 'Thanksgiving', start: '2026-11-26T00:00', end: '2026-11-27T00:00' },
        { name: 'EHR upgrade', start: '2026-11-27T08:00', end: '2026-11-27T12:00' },
      ],
    };
    expect(openMsBetween(withHoliday, ny('2026-11-23T00:00'), ny('2026-11-28T00:00'))).toBe((45 - 9 - 4) * H);
    // Four open hours asked for on Wednesday at 15:00: 2 h Wednesday, then Friday afternoon from 12:00.
    expect(addOpenTime(withHoliday, ny('2026-11-25T15:00'), 4 * H)).toBe(ny('2026-11-27T14:00'));
    expect(isOpenAt(withHoliday, ny('2026-11-26T10:00'))).toBe(false);
    expect(isOpenAt(withHoliday, ny('2026-11-27T12:00'))).toBe(true);
  });

  it('says never when the calendar never opens', () => {
    const closedForever: Calendar = {
      ...businessHours,
      weekly: [{ day: 1, start: '08:00', end: '09:00' }],
      closures: [{ name: 'gone', start: '2026-01-01T00:00', end: '2040-01-01T00:00' }],
    };
    expect(addOpenTime(closedForever, ny('2026-02-01T00:00'), H)).toBeNull();
  });

  const calendars = fc.constantFrom<Calendar>(
    ALWAYS_OPEN,
    businessHours,
    {
      ...businessHours,
      timeZone: 'Europe/London',
      weekly: [...weekdays('07:30', '12:00'), ...weekdays('13:00', '19:00')],
    },
    {
      ...businessHours,
      timeZone: 'Australia/Lord_Howe', // a half-hour DST shift
      weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '01:00', end: '03:00' })),
      closures: [{ name: 'closure', start: '2026-10-01T00:00', end: '2026-10-08T00:00' }],
    },
  );
  const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) });
  const duration = fc.integer({ min: 0, max: 40 * 24 * H });

  it('adds up: open(a, c) = open(a, b) + open(b, c)', () => {
    fc.assert(
      fc.property(calendars, instant, duration, duration, (cal, a, d1, d2) => {
        expect(openMsBetween(cal, a, a + d1 + d2)).toBe(
          openMsBetween(cal, a, a + d1) + openMsBetween(cal, a + d1, a + d1 + d2),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('addOpenTime is the least instant by which exactly that much open time has passed', () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 1, max: 20 * 24 * H }), (cal, from, ms) => {
        const due = addOpenTime(cal, from, ms);
        expect(due).not.toBeNull();
        expect(openMsBetween(cal, from, due!)).toBe(ms);
        expect(openMsBetween(cal, from, due! - 1)).toBeLessThan(ms);
      }),
      { numRuns: 200 },
    );
  });

  it('never counts more open time than wall-clock time, and never less than zero', () => {
    fc.assert(
      fc.property(calendars, instant, duration, (cal, a, d) => {
        const open = openMsBetween(cal, a, a + d);
        expect(open).toBeGreaterThanOrEqual(0);
        expect(open).toBeLessThanOrEqual(d);
      }),
      { numRuns: 200 },
    );
  });
});
