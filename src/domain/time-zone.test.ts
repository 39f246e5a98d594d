import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDate, midnightIn, offsetMs } from './time-zone.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('wall-clock time where the hospital is', () => {
  it('starts a calendar date at midnight where the hospital is, across daylight saving and half-hour zones', () => {
    expect(iso(midnightIn('2026-01-15', 'America/Detroit'))).toBe('2026-01-15T05:00:00.000Z');
    expect(iso(midnightIn('2026-07-15', 'America/Detroit'))).toBe('2026-07-15T04:00:00.000Z');
    expect(iso(midnightIn('2026-03-08', 'America/Detroit'))).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(midnightIn('2026-11-01', 'America/Detroit'))).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(midnightIn('2026-01-01', 'Asia/Kolkata'))).toBe('2025-12-31T18:30:00.000Z');
    expect(iso(midnightIn('2026-01-01', 'UTC'))).toBe('2026-01-01T00:00:00.000Z');
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
          const at = midnightIn(day, tz);
          // It is that date there, and a minute earlier it was the day before.
          expect(localDate(at, tz)).toBe(day);
          expect(localDate(at - 60_000, tz)).not.toBe(day);
        },
      ),
    );
  });

  it('reads the offset of a zone, daylight saving included', () => {
    expect(offsetMs('America/Detroit', Date.UTC(2026, 0, 15))).toBe(-5 * 3_600_000);
    expect(offsetMs('America/Detroit', Date.UTC(2026, 6, 15))).toBe(-4 * 3_600_000);
    expect(offsetMs('Asia/Kolkata', Date.UTC(2026, 0, 15))).toBe(5.5 * 3_600_000);
  });
});
