// The CSAT figures from sums: adding two groups' tallies gives the figures of all their answers together, which is
// what lets SQL add the answers up per group (csat-store.ts) instead of sending every answer to the app.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addTallies, csatOf, csatOfTally, EMPTY_TALLY, type SurveyResponse, tallyOf } from './csat.ts';

const response: fc.Arbitrary<SurveyResponse> = fc.record({
  score: fc.integer({ min: 1, max: 5 }),
  solvedFirstContact: fc.constantFrom(true, false, null),
  clinicalRole: fc.constantFrom('rn', 'attending', null),
  providerIds: fc.constant([]),
});

describe('CSAT from tallies', () => {
  it('gives the same figures for two groups added up as for all their answers at once', () => {
    fc.assert(
      fc.property(fc.array(response), fc.array(response), fc.integer({ min: 1, max: 50 }), (a, b, minN) => {
        expect(csatOfTally(addTallies(tallyOf(a), tallyOf(b)), minN)).toEqual(csatOf([...a, ...b], minN));
      }),
    );
  });

  it('counts 4–5 as satisfied, averages to two decimals and leaves blank FCR answers out', () => {
    const rs: SurveyResponse[] = [5, 4, 3, 1].map((score, i) => ({
      score,
      solvedFirstContact: [true, null, false, true][i]!,
      clinicalRole: null,
      providerIds: [],
    }));
    const f = csatOf(rs, 1);
    expect(f.n).toBe(4);
    expect(f.satisfied).toMatchObject({ numerator: 2, n: 4, pct: 50 });
    expect(f.mean).toBe(3.25);
    expect(f.customerVerifiedFcr).toMatchObject({ numerator: 2, n: 3 });
    expect(csatOfTally(EMPTY_TALLY).mean).toBeNull();
  });
});
