import { describe, expect, it } from 'vitest';
import { bucketOf, CalendarDay, dimensionProblem, inTimeZone, rangeProblem } from './query.ts';

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

  it('moves only the boundaries sent as calendar dates', () => {
    const q = inTimeZone(
      { from: new CalendarDay('2026-07-01'), to: new Date('2026-08-01T12:00:00Z') },
      'America/Detroit',
    );
    expect(q.from.toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(q.to.toISOString()).toBe('2026-08-01T12:00:00.000Z');
  });
});
