// The incidents' pure rules: which open incident a new ticket attaches to (linked, suggested or neither), the 409
// overlap, the states and their moves, PHI refused in public texts; examples and properties (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phiRefusals, scheduleRefusal, transitionRefusal } from './lifecycle.ts';
import { bestMatch, type IncidentScope, matchTicket, overlapping, type TicketFacts, termsIn } from './matching.ts';
import { formatIncidentNumber, INCIDENT_STATES, parseIncidentNumber, SEVERITIES } from './vocabulary.ts';

const EHR = 'ehr';
const BCMA = 'bcma'; // a module of the EHR
const CPOE = 'cpoe'; // another module of the EHR
const PRINT = 'printers';
const FAC = 'riverside';
const UNIT = '4west';

function incident(over: Partial<IncidentScope> = {}): IncidentScope {
  return {
    id: 'i1',
    number: 1,
    state: 'declared',
    severity: 'sev1',
    createdAt: new Date('2026-12-02T03:00:00Z'),
    serviceIds: [EHR],
    modules: [],
    facilityIds: [FAC],
    unitIds: [],
    matchTerms: ['epic'],
    ...over,
  };
}
const ticket = (over: Partial<TicketFacts> = {}): TicketFacts => ({
  serviceId: EHR,
  moduleId: null,
  facilityId: FAC,
  unitId: UNIT,
  text: 'cannot log in',
  ...over,
});

describe('matching a new ticket to an open incident', () => {
  it('links on the same application and place', () => {
    expect(matchTicket(incident(), ticket())).toEqual({ decision: 'link', reason: 'same application and place' });
  });
  it('links everywhere when the incident names no place', () => {
    expect(
      matchTicket(incident({ facilityIds: [] }), ticket({ facilityId: 'elsewhere', unitId: null }))?.decision,
    ).toBe('link');
  });
  it('links by unit when the incident names units', () => {
    const i = incident({ facilityIds: [], unitIds: [UNIT] });
    expect(matchTicket(i, ticket({ facilityId: 'other' }))?.decision).toBe('link');
    expect(matchTicket(i, ticket({ unitId: 'icu' }))).toBeNull();
  });
  it('only suggests when the place is unknown', () => {
    expect(matchTicket(incident(), ticket({ facilityId: null, unitId: null }))?.decision).toBe('suggest');
  });
  it('does not match another facility, even with similar words', () => {
    expect(matchTicket(incident(), ticket({ facilityId: 'north', unitId: 'n1', text: 'Epic is down' }))).toBeNull();
  });
  it('suggests on similar words only (whole words, any case)', () => {
    expect(matchTicket(incident(), ticket({ serviceId: PRINT, text: 'EPIC frozen' }))).toEqual({
      decision: 'suggest',
      reason: 'similar text: epic',
    });
    expect(matchTicket(incident(), ticket({ serviceId: PRINT, text: 'an epicentre of paper' }))).toBeNull();
  });
  it('limits an application to the modules the incident names', () => {
    const i = incident({ modules: [{ id: BCMA, applicationId: EHR }] });
    expect(matchTicket(i, ticket({ moduleId: BCMA }))?.reason).toBe('same module and place');
    expect(matchTicket(i, ticket({ moduleId: CPOE }))).toBeNull();
    expect(matchTicket(i, ticket({ moduleId: null }))?.decision).toBe('link');
  });
  it('picks a link over a suggestion, then the most severe, then the newest; never a scheduled one', () => {
    const older = incident({ id: 'a', number: 1, severity: 'sev2', createdAt: new Date('2026-12-01') });
    const severe = incident({ id: 'b', number: 2, severity: 'sev1', createdAt: new Date('2026-11-30') });
    const suggest = incident({ id: 'c', number: 3, serviceIds: [PRINT], severity: 'sev1' });
    const planned = incident({ id: 'd', number: 4, state: 'scheduled' });
    expect(bestMatch([older, severe, suggest, planned], ticket({ text: 'epic' }))?.incidentId).toBe('b');
    expect(bestMatch([planned], ticket())).toBeNull();
  });

  const id = fc.constantFrom(EHR, BCMA, CPOE, PRINT, 'x', 'y');
  const place = fc.constantFrom(FAC, 'north', UNIT, 'icu', 'n1');
  const scopeArb = fc.record({
    id: fc.uuid(),
    number: fc.integer({ min: 1, max: 10_000 }),
    state: fc.constantFrom(...INCIDENT_STATES),
    severity: fc.constantFrom(...SEVERITIES),
    createdAt: fc.date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }),
    serviceIds: fc.uniqueArray(id, { maxLength: 3 }),
    modules: fc.uniqueArray(fc.record({ id: fc.constantFrom(BCMA, CPOE), applicationId: fc.constantFrom(EHR, null) }), {
      maxLength: 2,
      selector: (m) => m.id,
    }),
    facilityIds: fc.uniqueArray(place, { maxLength: 2 }),
    unitIds: fc.uniqueArray(place, { maxLength: 2 }),
    matchTerms: fc.uniqueArray(fc.constantFrom('epic', 'chart', 'scanner'), { maxLength: 2 }),
  });
  const ticketArb = fc.record({
    serviceId: fc.option(id, { nil: null }),
    moduleId: fc.option(fc.constantFrom(BCMA, CPOE), { nil: null }),
    facilityId: fc.option(place, { nil: null }),
    unitId: fc.option(place, { nil: null }),
    text: fc.constantFrom('', 'epic down', 'the chart is blank', 'printer jam', 'Scanner!'),
  });

  it('never links a ticket that shares no application or module with the incident (words alone only suggest)', () => {
    fc.assert(
      fc.property(scopeArb, ticketArb, (i, t) => {
        const m = matchTicket(i, t);
        const sharesService =
          (t.serviceId !== null &&
            (i.serviceIds.includes(t.serviceId) || i.modules.some((x) => x.id === t.serviceId))) ||
          (t.moduleId !== null && i.modules.some((x) => x.id === t.moduleId));
        if (m?.decision === 'link') expect(sharesService).toBe(true);
      }),
    );
  });

  it('never matches a ticket at a place the incident does not name (when it names places)', () => {
    fc.assert(
      fc.property(scopeArb, ticketArb, (i, t) => {
        const named = i.facilityIds.length + i.unitIds.length > 0;
        const knownElsewhere =
          (t.facilityId !== null || t.unitId !== null) &&
          !(t.unitId !== null && i.unitIds.includes(t.unitId)) &&
          !(t.facilityId !== null && i.facilityIds.includes(t.facilityId));
        if (named && knownElsewhere) expect(matchTicket(i, t)).toBeNull();
      }),
    );
  });

  it('the best match is one of the open, started incidents and matches the ticket itself', () => {
    fc.assert(
      fc.property(fc.array(scopeArb, { maxLength: 5 }), ticketArb, (list, t) => {
        const best = bestMatch(list, t);
        if (!best) {
          for (const i of list)
            if (i.state === 'declared' || i.state === 'monitoring') expect(matchTicket(i, t)).toBeNull();
          return;
        }
        const chosen = list.find((i) => i.id === best.incidentId)!;
        expect(['declared', 'monitoring']).toContain(chosen.state);
        expect(matchTicket(chosen, t)?.decision).toBe(best.decision);
        // No other started incident links it when the best only suggests.
        if (best.decision === 'suggest')
          for (const i of list)
            if (i.state === 'declared' || i.state === 'monitoring')
              expect(matchTicket(i, t)?.decision).not.toBe('link');
      }),
    );
  });

  it('finds words as whole words only', () => {
    expect(termsIn('Epic-down since 3am', ['epic', 'down', 'pic'])).toEqual(['epic', 'down']);
    expect(termsIn('', ['epic'])).toEqual([]);
  });
});

describe('two incidents over the same service', () => {
  it('finds the open ones sharing an application or module, never resolved or closed ones', () => {
    const open = [
      incident({ id: 'a', state: 'declared' }),
      incident({ id: 'b', state: 'resolved' }),
      incident({ id: 'c', state: 'scheduled', serviceIds: [], modules: [{ id: BCMA, applicationId: EHR }] }),
      incident({ id: 'd', serviceIds: [PRINT] }),
    ];
    expect(overlapping(open, [EHR], []).map((i) => i.id)).toEqual(['a']);
    expect(overlapping(open, [], [BCMA]).map((i) => i.id)).toEqual(['c']);
    expect(overlapping(open, ['none'], [])).toEqual([]);
  });
});

describe('states and moves', () => {
  const facts = { openChildren: 0, resolutionGiven: true };
  it('allows the usual path and refuses the rest with a message that says what is possible', () => {
    expect(transitionRefusal(12, 'declared', 'monitoring', facts)).toBeNull();
    expect(transitionRefusal(12, 'monitoring', 'resolved', facts)).toBeNull();
    expect(transitionRefusal(12, 'resolved', 'closed', facts)).toBeNull();
    expect(transitionRefusal(12, 'resolved', 'declared', facts)).toBeNull();
    expect(transitionRefusal(12, 'declared', 'closed', facts)).toBe(
      'INC-000012 is declared (under way); it can only become monitoring, resolved.',
    );
    expect(transitionRefusal(12, 'closed', 'declared', facts)).toContain('declare a new incident');
  });
  it('refuses resolving without a resolution, and closing with open children', () => {
    expect(transitionRefusal(3, 'declared', 'resolved', { openChildren: 0, resolutionGiven: false })).toContain(
      'what was fixed',
    );
    expect(transitionRefusal(3, 'resolved', 'closed', { openChildren: 1, resolutionGiven: false })).toContain(
      'still has 1 open linked ticket.',
    );
  });
  it('never lets a closed incident move, and never closes with open children (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INCIDENT_STATES),
        fc.constantFrom(...INCIDENT_STATES),
        fc.nat({ max: 3000 }),
        fc.boolean(),
        (from, to, openChildren, resolutionGiven) => {
          const refusal = transitionRefusal(1, from, to, { openChildren, resolutionGiven });
          if (from === 'closed' && to !== 'closed') expect(refusal).not.toBeNull();
          if (to === 'closed' && from !== 'closed' && openChildren > 0) expect(refusal).not.toBeNull();
        },
      ),
    );
  });
  it('checks the planned window and PHI in public texts', () => {
    expect(scheduleRefusal(new Date(2), new Date(1))).not.toBeNull();
    expect(scheduleRefusal(new Date(1), new Date(2))).toBeNull();
    expect(phiRefusals({ publicSummary: 'EHR down', publicReply: '' })).toEqual([]);
    expect(phiRefusals({ publicSummary: 'Patient: Zebulon Quartermaine cannot be found' })[0]!.field).toBe(
      'body.publicSummary',
    );
  });
  it('formats and parses numbers both ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), (n) => {
        expect(parseIncidentNumber(formatIncidentNumber(n))).toBe(n);
      }),
    );
    expect(parseIncidentNumber('INC-0')).toBeNull();
    expect(parseIncidentNumber('CSD-12')).toBeNull();
  });
});
