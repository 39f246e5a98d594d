import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM, generateArrivals, HOURLY_PROFILE, report, simulate } from './simulation.ts';

const busy = { ...DEFAULT_SIM, minutes: 120, rate: 65, startHour: 8, seed: 11 };

describe('call-day simulation', () => {
  it('generates the same day for the same seed, with the hourly profile averaging 1', () => {
    expect(generateArrivals(busy)).toEqual(generateArrivals(busy));
    expect(generateArrivals({ ...busy, seed: 12 })).not.toEqual(generateArrivals(busy));
    const mean = HOURLY_PROFILE.reduce((a, b) => a + b, 0) / HOURLY_PROFILE.length;
    expect(mean).toBeCloseTo(1, 9);
    // Over a whole day the count is close to rate × 24 (Poisson: within a few standard deviations).
    const day = generateArrivals({ ...busy, minutes: 24 * 60, startHour: 0, rate: 40 });
    expect(Math.abs(day.length - 960)).toBeLessThan(4 * Math.sqrt(960));
    const providerShare = day.filter((a) => a.line === 'provider').length / day.length;
    expect(providerShare).toBeGreaterThan(0.15);
    expect(providerShare).toBeLessThan(0.25);
  });

  it('accounts for every call exactly once: answered, or abandoned, never both, in both policies', () => {
    const arrivals = generateArrivals(busy);
    for (const policy of ['clinician-first', 'fifo'] as const) {
      const { calls, events } = simulate(arrivals, busy, policy);
      expect(calls).toHaveLength(arrivals.length);
      for (const c of calls) {
        const kinds = events.filter((e) => e.callId === c.arrival.id).map((e) => e.type);
        expect(kinds[0]).toBe('offered');
        expect(kinds.filter((k) => k === 'answered' || k === 'abandoned')).toHaveLength(1);
        if (c.answeredAt !== null) {
          expect(c.answeredAt).toBeGreaterThanOrEqual(c.arrival.at);
          expect(kinds).toContain('ended');
        }
      }
      // No simulated agent ever talks to two callers at once.
      const byAgent = new Map<string, [number, number][]>();
      for (const c of calls.filter((x) => x.agent)) {
        byAgent.set(c.agent!, [...(byAgent.get(c.agent!) ?? []), [c.answeredAt!, c.endedAt!]]);
      }
      for (const spans of byAgent.values()) {
        spans.sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
      }
    }
  });

  it('answers the provider line faster with clinician-first routing than with FIFO on a busy morning', () => {
    const arrivals = generateArrivals(busy);
    const first = report(simulate(arrivals, busy, 'clinician-first').calls);
    const fifo = report(simulate(arrivals, busy, 'fifo').calls);
    const p = (r: typeof first) => r.find((x) => x.line === 'provider')!;
    expect(p(first).offered).toBe(p(fifo).offered);
    expect(p(first).abandonmentPct!).toBeLessThan(p(fifo).abandonmentPct!);
    expect(p(first).answered).toBeGreaterThan(p(fifo).answered);
  });
});
