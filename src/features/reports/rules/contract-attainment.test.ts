import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN } from '../../sla/rules/calendar.ts';
import type { ClockState, TimelineEntry } from '../../sla/rules/clock.ts';
import { type Contract, contractClocks, contractRecords } from '../../sla/rules/contract.ts';
import { STATUSES } from '../../tickets/rules/vocabulary.ts';
import {
  contractAttainment,
  contractVerdictsOf,
  type HoldingClocks,
  holdingVerdict,
  holdingVerdicts,
} from './contract-attainment.ts';

const M = 60_000;
const T0 = Date.UTC(2026, 10, 2, 14, 0);
const clock = (state: ClockState, breached = false) => ({ state, breached });
const holding = (providerId: string, from: number, response: HoldingClocks['response'], resolution = response) => ({
  providerId,
  from: T0 + from * M,
  response,
  resolution,
});

describe('a holding’s contract verdict', () => {
  it('is met when both clocks stopped without breaching', () => {
    expect(holdingVerdict(holding('v', 0, clock('stopped')))).toBe('met');
  });
  it('is missed once either clock breached, even while the other still runs', () => {
    expect(holdingVerdict(holding('v', 0, clock('stopped', true), clock('stopped')))).toBe('missed');
    expect(holdingVerdict(holding('v', 0, clock('stopped'), clock('stopped', true)))).toBe('missed');
    expect(holdingVerdict(holding('v', 0, clock('stopped'), clock('running', true)))).toBe('missed');
  });
  it('is still running while a clock runs or is paused and nothing breached', () => {
    expect(holdingVerdict(holding('v', 0, clock('stopped'), clock('running')))).toBe('running');
    expect(holdingVerdict(holding('v', 0, clock('paused'), clock('paused')))).toBe('running');
    expect(holdingVerdict(holding('v', 0, clock('running'), clock('stopped')))).toBe('running');
  });
});

describe('a ticket’s contract verdicts', () => {
  it('judges a provider that held the ticket twice twice, oldest holding first', () => {
    const clocks = [
      holding('vendor', 300, clock('stopped', true)), // second hold: missed
      holding('outsourcer', 0, clock('stopped')),
      holding('vendor', 60, clock('stopped')), // first hold: met
      holding('vendor', 900, clock('running')), // third hold: still running, not judged
    ];
    expect(holdingVerdicts(clocks).map((v) => v.verdict)).toEqual(['met', 'met', 'missed', 'running']);
    expect(contractVerdictsOf(clocks)).toEqual({ metBy: ['outsourcer', 'vendor'], missedBy: ['vendor'] });
    const tickets = [contractVerdictsOf(clocks), { metBy: ['vendor'], missedBy: [] }];
    expect(contractAttainment(tickets, 'vendor')).toEqual({ n: 3, k: 2 });
    expect(contractAttainment(tickets, 'outsourcer')).toEqual({ n: 1, k: 1 });
    expect(contractAttainment(tickets, 'in-house')).toEqual({ n: 0, k: 0 });
  });
  it('has no verdicts when no provider with a contract held the ticket', () => {
    expect(contractVerdictsOf([])).toEqual({ metBy: [], missedBy: [] });
  });
});

const PROVIDERS = ['vendor', 'outsourcer', 'other'];
const arbClock = fc.record({
  state: fc.constantFrom<ClockState>('running', 'paused', 'stopped'),
  breached: fc.boolean(),
});
const arbHoldings = fc.array(
  fc.record({
    providerId: fc.constantFrom(...PROVIDERS),
    from: fc.integer({ min: 0, max: 10_000 }),
    response: arbClock,
    resolution: arbClock,
  }),
  { maxLength: 8 },
);

describe('contract attainment properties', () => {
  it('every holding is judged once: met, missed or still running, whatever the order it is stored in', () => {
    fc.assert(
      fc.property(arbHoldings, fc.integer(), (clocks, seed) => {
        const { metBy, missedBy } = contractVerdictsOf(clocks);
        const running = clocks.filter((c) => holdingVerdict(c) === 'running').length;
        expect(metBy.length + missedBy.length + running).toBe(clocks.length);
        const shuffled = [...clocks].sort((a, b) => ((a.from * 31 + seed) % 7) - ((b.from * 31 + seed) % 7));
        const again = contractVerdictsOf(shuffled);
        expect([...again.metBy].sort()).toEqual([...metBy].sort());
        expect([...again.missedBy].sort()).toEqual([...missedBy].sort());
      }),
    );
  });

  it('a provider’s n and k equal a count of its own holdings’ verdicts, across tickets', () => {
    fc.assert(
      fc.property(fc.array(arbHoldings, { maxLength: 6 }), (tickets) => {
        const facts = tickets.map(contractVerdictsOf);
        for (const p of PROVIDERS) {
          const mine = tickets.flat().filter((c) => c.providerId === p);
          const { n, k } = contractAttainment(facts, p);
          expect(k).toBe(
            mine.filter(
              (c) =>
                !c.response.breached &&
                !c.resolution.breached &&
                c.response.state === 'stopped' &&
                c.resolution.state === 'stopped',
            ).length,
          );
          expect(n).toBe(mine.filter((c) => holdingVerdict(c) !== 'running').length);
          expect(k).toBeLessThanOrEqual(n);
        }
      }),
    );
  });

  // Through the SLA feature's own contract clocks: generated ticket stories, as the SLA row stores them.
  const VENDOR = 'vendor';
  const contract: Contract = {
    policyId: 'c',
    policyName: 'Vendor contract',
    targets: { responseMs: 30 * M, resolutionMs: 240 * M },
    pauseStatuses: ['pending_requester'],
    pauseOnNeedsInfo: true,
    atRiskRatio: 0.75,
    calendar: ALWAYS_OPEN,
  };
  const arbTimeline = fc
    .array(
      fc.record({
        gap: fc.integer({ min: 0, max: 400 }),
        status: fc.constantFrom(...STATUSES),
        vendor: fc.boolean(),
      }),
      { minLength: 1, maxLength: 12 },
    )
    .map((steps) => {
      let t = 0;
      return steps.map((s, i): TimelineEntry => {
        t += i === 0 ? 0 : s.gap;
        return {
          at: T0 + t * M,
          status: i === 0 ? 'new' : s.status,
          tier: s.vendor ? 'vendor' : 'tier2',
          providerId: s.vendor ? VENDOR : 'in-house',
        };
      });
    });
  const recordsAt = (timeline: TimelineEntry[], now: number, replies: number[]) =>
    contractRecords(
      contractClocks({
        timeline,
        now,
        contractFor: (p) => (p === VENDOR ? contract : null),
        replies: replies.map((r) => ({ providerId: VENDOR, at: T0 + r * M })),
      }),
      [],
    ).records;

  it('a holding handed on is always judged, and a missed holding stays missed as time goes on', () => {
    fc.assert(
      fc.property(
        arbTimeline,
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 3 }),
        (timeline, a, b, replies) => {
          const [early, late] = [T0 + Math.min(a, b) * M, T0 + Math.max(a, b) * M];
          const before = recordsAt(timeline, early, replies);
          const after = recordsAt(timeline, late, replies);
          for (const r of after) if (r.to !== null) expect(holdingVerdict(r)).not.toBe('running');
          for (const r of before) {
            const later = after.find((x) => x.from === r.from);
            if (holdingVerdict(r) === 'missed') expect(later && holdingVerdict(later)).toBe('missed');
          }
          const { metBy, missedBy } = contractVerdictsOf(after);
          expect([...metBy, ...missedBy].every((p) => p === VENDOR)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
