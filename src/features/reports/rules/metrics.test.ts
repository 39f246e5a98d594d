// Honesty by property: for generated histories, the report's FCR equals what the per-ticket rule says, ticket by
// ticket, overall and in every period bucket — checked against a brute-force oracle that calls fcr.ts directly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIERS, type Tier } from '../../../domain/vocabulary.ts';
import { firstContact } from '../../tickets/rules/fcr.ts';
import { CHANNELS, type Channel } from '../../tickets/rules/vocabulary.ts';
import { averageHandleSeconds, clinicianHoursLost, ticketFigures } from './metrics.ts';
import { bucketOf } from './query.ts';
import { type TicketFactsInput, ticketFactsOf } from './ticket-facts.ts';

const T0 = Date.UTC(2026, 0, 1);
const agents = ['a1', 'a2', 'a3'];
const handoff = fc.record({
  kind: fc.constantFrom('assign', 'escalate', 'transfer', 'return') as fc.Arbitrary<'assign'>,
  toTier: fc.constantFrom(...TIERS) as fc.Arbitrary<Tier>,
  toUserId: fc.option(fc.constantFrom(...agents), { nil: null }),
  fromProviderId: fc.option(fc.constantFrom('p-out', 'p-ehr'), { nil: null }),
});

const ticket = fc
  .record({
    id: fc.nat(),
    channel: fc.constantFrom(...CHANNELS) as fc.Arbitrary<Channel>,
    createdOffset: fc.integer({ min: 0, max: 90 * 86_400_000 }),
    opener: fc.option(fc.constantFrom(...agents), { nil: null }),
    resolver: fc.option(fc.constantFrom(...agents), { nil: null }),
    resolveAfter: fc.option(fc.integer({ min: 0, max: 20 * 86_400_000 }), { nil: null }),
    handoffs: fc.array(handoff, { maxLength: 3 }),
    callback: fc.boolean(),
    reopenAfter: fc.array(fc.integer({ min: 0, max: 15 * 86_400_000 }), { maxLength: 2 }),
    resolvable: fc.boolean(),
    patientCare: fc.boolean(),
    held: fc.dictionary(fc.constantFrom('tier1/-', 'tier2/p-ehr', 'vendor/p-ehr', 'tier1/p-out'), fc.nat(1e8)),
  })
  .map((g): TicketFactsInput => {
    const createdAt = T0 + g.createdOffset;
    const resolvedAt = g.resolveAfter === null ? null : createdAt + g.resolveAfter;
    return {
      ticketId: `t${g.id}`,
      number: g.id,
      createdAt,
      channel: g.channel,
      type: 'incident',
      priority: 3,
      facilityId: 'f1',
      unitId: null,
      clinicalRole: 'rn',
      serviceId: null,
      moduleId: null,
      groupId: null,
      agentId: g.opener,
      firstProviderId: 'p-desk',
      providerIds: [],
      resolvedAt,
      resolveCalendarMs: resolvedAt === null ? null : g.resolveAfter,
      slaPolicy: null,
      responseMet: null,
      resolutionMet: null,
      patientCareAffected: g.patientCare,
      heldMs: g.held,
      handoffs: g.handoffs,
      firstTouchVerdict: null,
      history: {
        channel: g.channel,
        openedById: g.opener,
        createdAt: new Date(createdAt),
        resolvedById: resolvedAt === null ? null : g.resolver,
        firstResolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
        handoffs: g.handoffs,
        callbackRequested: g.callback,
        reopenedAt: resolvedAt === null ? [] : g.reopenAfter.map((r) => new Date(resolvedAt + r)),
        firstContactResolvable: g.resolvable,
      },
    };
  });

describe('report figures against the per-ticket verdicts', () => {
  it('counts FCR gross and net exactly as fcr.ts judges each ticket, overall and per week', () => {
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 60 }), (inputs) => {
        const facts = inputs.map(ticketFactsOf);
        const verdicts = inputs.map((i) => firstContact(i.history));
        const figures = ticketFigures(facts, T0);
        expect(figures.fcrGross.n).toBe(verdicts.filter((v) => v.liveContact).length);
        expect(figures.fcrGross.numerator).toBe(verdicts.filter((v) => v.liveContact && v.fcr).length);
        expect(figures.fcrNet.n).toBe(verdicts.filter((v) => v.liveContact && v.netEligible).length);
        expect(figures.fcrNet.numerator).toBe(verdicts.filter((v) => v.liveContact && v.netEligible && v.fcr).length);

        const weeks = new Set(facts.map((f) => bucketOf(f.createdAt, 'week', 'America/Chicago')));
        let summed = 0;
        for (const week of weeks) {
          const inWeek = (i: TicketFactsInput) => bucketOf(i.createdAt, 'week', 'America/Chicago') === week;
          const oracle = inputs.filter(inWeek).filter((i) => firstContact(i.history).fcr).length;
          const got = ticketFigures(
            facts.filter((f) => bucketOf(f.createdAt, 'week', 'America/Chicago') === week),
            T0,
          );
          expect(got.fcrGross.numerator).toBe(oracle);
          summed += got.fcrGross.numerator;
        }
        expect(summed).toBe(figures.fcrGross.numerator);
      }),
    );
  });

  it('counts reopens within 7 days over resolved tickets, and escalation by the highest tiers reached', () => {
    fc.assert(
      fc.property(fc.array(ticket, { maxLength: 40 }), (inputs) => {
        const f = ticketFigures(inputs.map(ticketFactsOf), T0);
        const resolved = inputs.filter((i) => i.resolvedAt !== null);
        const reopened = resolved.filter((i) =>
          i.history.reopenedAt.some((r) => r.getTime() - i.resolvedAt! <= 7 * 86_400_000),
        );
        expect(f.reopenRate).toMatchObject({ n: resolved.length, numerator: reopened.length });
        const toVendor = inputs.filter((i) => i.handoffs.some((h) => h.toTier === 'vendor')).length;
        expect(f.escalationRate.vendor).toMatchObject({ n: inputs.length, numerator: toVendor });
      }),
    );
  });

  it('keeps first-touch resolution for non-live channels apart from FCR', () => {
    const [portal] = fc.sample(ticket, { numRuns: 1, seed: 7 });
    const input = { ...portal!, channel: 'portal' as const, firstTouchVerdict: true };
    input.history = { ...input.history, channel: 'portal' };
    const f = ticketFigures([ticketFactsOf(input)], T0);
    expect(f.firstTouch).toMatchObject({ numerator: 1, n: 1 });
    expect(f.fcrGross.n).toBe(0);
  });
});

describe('time and handle figures', () => {
  const base = fc.sample(ticket, { numRuns: 1, seed: 1 })[0]!;
  const at = (createdAt: number, resolvedAt: number | null, patientCareAffected = true) =>
    ticketFactsOf({ ...base, createdAt, resolvedAt, patientCareAffected, heldMs: { 'tier2/p-ehr': 3_600_000 } });

  it('adds clinician time lost only for patient-care-affected tickets, open ones up to now', () => {
    const facts = [at(0, 3_600_000), at(0, 7_200_000, false), at(0, null)];
    expect(clinicianHoursLost(facts, Number.NaN)).toBe(1);
    expect(clinicianHoursLost(facts, 5_400_000)).toBe(2.5);
  });

  it('averages talk, hold and wrap-up over handled contacts only', () => {
    const aht = averageHandleSeconds([
      { answeredAt: 0, endedAt: 60_000, wrapDoneAt: 90_000 },
      { answeredAt: 0, endedAt: 30_000, wrapDoneAt: null },
      { answeredAt: null, endedAt: 5_000, wrapDoneAt: null },
    ]);
    expect(aht).toEqual({ seconds: 60, n: 2 });
  });
});
