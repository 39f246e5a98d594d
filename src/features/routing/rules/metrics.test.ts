import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContactOutcome, isAbandoned, lineFigures, percentile } from './metrics.ts';

const T0 = Date.parse('2026-11-30T08:00:00Z');
const answered = (waitS: number): ContactOutcome => ({
  queuedAt: T0,
  answeredAt: T0 + waitS * 1000,
  endedAt: T0 + 600_000,
  outcome: 'answered',
});
const abandoned = (afterS: number): ContactOutcome => ({
  queuedAt: T0,
  answeredAt: null,
  endedAt: T0 + afterS * 1000,
  outcome: 'abandoned',
});

describe('phone metrics', () => {
  it('computes ASA mean and p80, % within target and abandonment as DOMAIN.md defines them', () => {
    const day = [answered(5), answered(10), answered(15), answered(40), answered(30), abandoned(20), abandoned(3)];
    expect(lineFigures(day, 20_000)).toEqual({
      offered: 7,
      answered: 5,
      abandoned: 1, // the 3 s hang-up is not an abandon (more than 5 s only) but it was offered
      asaSeconds: 20,
      asaP80Seconds: 30,
      answeredWithinTargetPct: 60,
      abandonmentPct: 14.3,
    });
  });

  it('reports nothing rather than zero when there were no calls', () => {
    expect(lineFigures([], 30_000)).toEqual({
      offered: 0,
      answered: 0,
      abandoned: 0,
      asaSeconds: null,
      asaP80Seconds: null,
      answeredWithinTargetPct: null,
      abandonmentPct: null,
    });
  });

  it('counts a hang-up at exactly 5 s as not abandoned, at 5.001 s as abandoned', () => {
    expect(isAbandoned(abandoned(5))).toBe(false);
    expect(isAbandoned({ ...abandoned(5), endedAt: T0 + 5001 })).toBe(true);
  });

  it('keeps percentages within 0–100 and p80 between the smallest and largest wait', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.integer({ min: 0, max: 600 }).map(answered), fc.integer({ min: 0, max: 600 }).map(abandoned)),
        ),
        (day) => {
          const f = lineFigures(day, 30_000);
          for (const pct of [f.answeredWithinTargetPct, f.abandonmentPct])
            if (pct !== null) expect(pct).toBeGreaterThanOrEqual(0);
          for (const pct of [f.answeredWithinTargetPct, f.abandonmentPct])
            if (pct !== null) expect(pct).toBeLessThanOrEqual(100);
          const waits = day.filter((c) => c.answeredAt !== null).map((c) => (c.answeredAt! - c.queuedAt) / 1000);
          if (waits.length) {
            expect(f.asaP80Seconds!).toBeGreaterThanOrEqual(Math.min(...waits));
            expect(f.asaP80Seconds!).toBeLessThanOrEqual(Math.max(...waits));
          }
          expect(f.answered + f.abandoned).toBeLessThanOrEqual(f.offered);
        },
      ),
    );
    expect(percentile([1, 2, 3, 4, 5], 80)).toBe(4);
    expect(percentile([], 50)).toBeNull();
  });
});
