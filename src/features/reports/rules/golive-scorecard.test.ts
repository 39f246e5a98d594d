import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_TALLY } from './csat.ts';
import { type GoLiveIssueFacts, goLiveScorecard } from './golive-scorecard.ts';

const firm = { id: 'firm', name: 'Elbow Partners', kind: 'outsourcer' };
const desk = { id: 'desk', name: 'Hospital IT', kind: 'in_house' };
const vendor = { id: 'vendor', name: 'EHR Vendor', kind: 'vendor' };
const PROVIDERS = [firm, desk, vendor];
const MIN = 60_000;

const onTheSpot: GoLiveIssueFacts = {
  ticketId: 't1',
  firstProviderId: 'firm',
  providerIds: ['firm'],
  resolvedOnSpot: true,
  liveContact: true,
  fcr: true,
  escalated: false,
  resolveWallMs: 2 * MIN,
  patientCareAffected: false,
};
const toVendor: GoLiveIssueFacts = {
  ticketId: 't2',
  firstProviderId: 'desk',
  providerIds: ['desk', 'vendor'],
  resolvedOnSpot: false,
  liveContact: true,
  fcr: false,
  escalated: true,
  resolveWallMs: 600 * MIN,
  patientCareAffected: true,
};

const issue = fc.record({
  ticketId: fc.uuid(),
  firstProviderId: fc.constantFrom('firm', 'desk', 'vendor', null),
  providerIds: fc.subarray(['firm', 'desk', 'vendor']),
  resolvedOnSpot: fc.boolean(),
  liveContact: fc.boolean(),
  fcr: fc.boolean(),
  escalated: fc.boolean(),
  resolveWallMs: fc.option(fc.integer({ min: 0, max: 30 * 86_400_000 })),
  patientCareAffected: fc.boolean(),
});

describe('the go-live scorecard', () => {
  it('credits an issue resolved on the spot to the at-the-elbow firm, and a vendor escalation to the vendor as held', () => {
    const card = goLiveScorecard([onTheSpot, toVendor], PROVIDERS, [], 1);
    const of = (id: string) => card.providers.find((p) => p.id === id)!.figures;
    expect(of('firm')).toMatchObject({ issuesTaken: 1, issuesHeld: 1, patientCareAffected: 0 });
    expect(of('firm').resolvedOnSpot).toMatchObject({ numerator: 1, n: 1, pct: 100 });
    expect(of('firm').fcr).toMatchObject({ numerator: 1, n: 1 });
    expect(of('desk').escalated).toMatchObject({ numerator: 1, n: 1 });
    expect(of('desk').fcr).toMatchObject({ numerator: 0, n: 1 });
    expect(of('vendor')).toMatchObject({ issuesTaken: 0, issuesHeld: 1, patientCareAffected: 1 });
    expect(of('vendor').timeToResolve).toMatchObject({ n: 1, median: 600 });
    expect(card.total).toMatchObject({ issuesTaken: 2, issuesHeld: 2, patientCareAffected: 1 });
    expect(card.total.resolvedOnSpot).toMatchObject({ numerator: 1, n: 2 });
  });

  it('says "too few to compare" below the minimum n, and leaves out providers that held no issue', () => {
    const card = goLiveScorecard([onTheSpot], PROVIDERS, [], 30);
    expect(card.providers.map((p) => p.id)).toEqual(['firm']);
    expect(card.providers[0]!.figures.resolvedOnSpot.tooFewToCompare).toBe(true);
    expect(card.providers[0]!.figures.timeToResolve.tooFewToCompare).toBe(true);
    expect(card.providers[0]!.figures.csat).toMatchObject({ n: 0, mean: null });
  });

  it('reads CSAT from the answers that name each provider, and every answer once for the whole go-live', () => {
    const t = (n: number, satisfied: number) => ({ ...EMPTY_TALLY, n, satisfied, scoreSum: 4 * n });
    const card = goLiveScorecard(
      [onTheSpot, toVendor],
      PROVIDERS,
      [
        { providerId: 'firm', tally: t(3, 3) },
        { providerId: 'desk', tally: t(2, 1) },
        { providerId: '', tally: t(4, 3) },
      ],
      1,
    );
    expect(card.providers.find((p) => p.id === 'firm')!.figures.csat.satisfied).toMatchObject({ numerator: 3, n: 3 });
    expect(card.providers.find((p) => p.id === 'vendor')!.figures.csat.n).toBe(0);
    expect(card.total.csat.satisfied).toMatchObject({ numerator: 3, n: 4 });
  });

  it('never loses or invents an issue: every count equals a recount of the issues', () => {
    fc.assert(
      fc.property(fc.array(issue, { maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (issues, minN) => {
        const card = goLiveScorecard(issues, PROVIDERS, [], minN);
        expect(card.total.issuesTaken).toBe(issues.length);
        expect(card.total.fcr.n).toBe(issues.filter((x) => x.liveContact).length);
        expect(card.total.fcr.numerator).toBe(issues.filter((x) => x.liveContact && x.fcr).length);
        const taken = card.providers.reduce((n, p) => n + p.figures.issuesTaken, 0);
        expect(taken).toBe(issues.filter((x) => x.firstProviderId !== null).length);
        for (const p of card.providers) {
          const mine = issues.filter((x) => x.firstProviderId === p.id);
          const held = issues.filter((x) => x.firstProviderId === p.id || x.providerIds.includes(p.id));
          expect(p.figures.issuesHeld).toBe(held.length);
          expect(p.figures.resolvedOnSpot.numerator).toBe(mine.filter((x) => x.resolvedOnSpot).length);
          expect(p.figures.escalated.numerator).toBe(mine.filter((x) => x.escalated).length);
          expect(p.figures.patientCareAffected).toBe(held.filter((x) => x.patientCareAffected).length);
          expect(p.figures.timeToResolve.n).toBe(held.filter((x) => x.resolveWallMs !== null).length);
          expect(p.figures.resolvedOnSpot.tooFewToCompare).toBe(mine.length < minN);
        }
        const shown = new Set(card.providers.map((p) => p.id));
        for (const p of PROVIDERS) {
          const touched = issues.some((x) => x.firstProviderId === p.id || x.providerIds.includes(p.id));
          expect(shown.has(p.id)).toBe(touched);
        }
      }),
    );
  });
});
