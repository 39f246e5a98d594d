import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, CalendarDay, dimensionProblem, inTimeZone, localDate, midnightIn, rangeProblem } from './query.ts';

describe('report queries', () => {
  it('buckets by the local day, ISO week (Monday) and month in the facility time zone', () => {
    // 2026-03-02 04:30 UTC is still Sunday 1 March in Chicago.
    const ms = Date.UTC(2026, 2, 2, 4, 30);
    expect(bucketOf(ms, 'day', 'America/Chicago')).toBe('2026-03-01');
    expect(bucketOf(ms, 'day', 'UTC')).toBe('2026-03-02');
    expect(bucketOf(ms, 'week', 'America/Chicago')).toBe('2026-02-23');
    expect(bucketOf(ms, 'week', 'UTC')).toBe('2026-03-02');
    expect(bucketOf(ms, 'month', 'America/Chicago')).toBe('2026-03-01');
  });

  it('says what to send instead of a reversed range, a range over 5 years or an unknown dimension', () => {
    expect(rangeProblem(new Date('2026-02-01'), new Date('2026-01-01'))).toMatch(/earlier than/);
    expect(rangeProblem(new Date('2020-01-01'), new Date('2026-01-02'))).toMatch(/at most 5 years/);
    expect(rangeProblem(new Date('2026-01-01'), new Date('2026-02-01'))).toBeNull();
    expect(dimensionProblem('colour')).toMatch(/Send one of: period, facility/);
  });

  it('starts a calendar date at midnight where the hospital is, across daylight saving and half-hour zones', () => {
    expect(midnightIn('2026-01-15', 'America/Detroit').toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(midnightIn('2026-07-15', 'America/Detroit').toISOString()).toBe('2026-07-15T04:00:00.000Z');
    expect(midnightIn('2026-03-08', 'America/Detroit').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(midnightIn('2026-11-01', 'America/Detroit').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(midnightIn('2026-01-01', 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
    expect(midnightIn('2026-01-01', 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
        fc.constantFrom(
          'America/Detroit',
          'America/Los_Angeles',
          'Europe/London',
          'Australia/Adelaide',
          'Asia/Kolkata',
        ),
        (d, tz) => {
          const day = d.toISOString().slice(0, 10);
          const at = midnightIn(day, tz).getTime();
          // It is that date there, and a minute earlier it was the day before.
          expect(localDate(at, tz)).toBe(day);
          expect(localDate(at - 60_000, tz)).not.toBe(day);
        },
      ),
    );
  });

  it('moves only the boundaries sent as calendar dates', () => {
    const q = inTimeZone(
      { from: new CalendarDay('2026-07-01'), to: new Date('2026-08-01T12:00:00Z') },
      'America/Detroit',
    );
    expect(q.from.toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(q.to.toISOString()).toBe('2026-08-01T12:00:00.000Z');
  });
});
