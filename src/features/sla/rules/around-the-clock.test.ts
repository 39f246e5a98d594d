import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessHoursWarnings, chooseSla } from './around-the-clock.ts';
import { policy, ticketFacts } from './fixture.ts';
import type { TicketFacts } from './policy.ts';

const cal24 = { id: 'cal-24x7', name: '24x7', alwaysOpen: true };
const office = { id: 'cal-office', name: 'Business hours', alwaysOpen: false };
// A wristband printer, unless a test says otherwise.
const facts = (over: Partial<TicketFacts> = {}) => ticketFacts({ serviceId: 'svc-print', ...over });
const standardOnly = [policy('standard', 100, {}, office.id)];

describe('the 24x7 rule for patient care', () => {
  it('runs a night-shift wristband printer P1 on 24x7 even when only a business-hours policy matches', () => {
    const choice = chooseSla(standardOnly, [cal24, office], facts({ priority: 1, patientCareAffected: true }));
    expect(choice).toMatchObject({ policy: { id: 'standard' }, calendar: cal24, aroundTheClockBecause: 'P1' });
    expect(chooseSla(standardOnly, [cal24, office], facts())).toMatchObject({ calendar: office });
    expect(chooseSla(standardOnly, [office], facts({ patientSafety: true }))).toMatchObject({
      calendar: null, // the built-in 24x7 calendar
      aroundTheClockBecause: 'patient-safety flag',
    });
  });

  it('puts every generated P1, patient-care or safety ticket on a 24x7 calendar, whatever the policies say', () => {
    const calendarArb = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd'),
      name: fc.string({ maxLength: 8 }),
      alwaysOpen: fc.boolean(),
    });
    const matchArb = fc.record(
      {
        ticketTypes: fc.subarray(['incident', 'service_request', 'how_to']),
        serviceIds: fc.subarray(['svc-ehr', 'svc-print']),
        clinicalCritical: fc.boolean(),
        providerLine: fc.boolean(),
        patientCareOrP1: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    const policyArb = fc
      .tuple(
        fc.uuid(),
        fc.integer({ min: 0, max: 200 }),
        matchArb,
        fc.constantFrom('a', 'b', 'c', 'd', 'gone'),
        fc.boolean(),
      )
      .map(([id, position, match, calendarId, active]) => policy(id, position, match, calendarId, active));
    const ticketArb = fc
      .record({
        type: fc.constantFrom('incident', 'service_request', 'how_to'),
        serviceId: fc.constantFrom(null, 'svc-ehr', 'svc-print'),
        clinicalCritical: fc.boolean(),
        providerLine: fc.boolean(),
        providerId: fc.constant(null),
        priority: fc.integer({ min: 1, max: 4 }),
        patientCareAffected: fc.boolean(),
        patientSafety: fc.boolean(),
      })
      .filter((f) => f.priority === 1 || f.patientCareAffected || f.patientSafety);
    fc.assert(
      fc.property(
        fc.array(policyArb, { maxLength: 6 }),
        fc.array(calendarArb, { maxLength: 4 }),
        ticketArb,
        (ps, cs, f) => {
          const choice = chooseSla(ps, cs, f);
          if (!choice) return; // no active policy matches: the ticket has no SLA at all
          expect(choice.calendar === null || choice.calendar.alwaysOpen).toBe(true);
        },
      ),
    );
  });

  it('warns about a business-hours policy a P1 can reach, not one behind a 24x7 patient-care policy', () => {
    const calendars = [cal24, office];
    expect([...businessHoursWarnings(standardOnly, calendars).keys()]).toEqual(['standard']);
    expect(businessHoursWarnings(standardOnly, calendars).get('standard')).toMatch(/P1.*Business hours.*24x7/);
    const withDefault = [policy('patient-care', 5, { patientCareOrP1: true }, cal24.id), ...standardOnly];
    expect(businessHoursWarnings(withDefault, calendars).size).toBe(0);
    // Deactivating the 24x7 patient-care policy brings the warning back; a policy limited to others never warns.
    const inactive = [policy('patient-care', 5, { patientCareOrP1: true }, cal24.id, false), ...standardOnly];
    expect([...businessHoursWarnings(inactive, calendars).keys()]).toEqual(['standard']);
    const othersOnly = [policy('others', 100, { patientCareOrP1: false }, office.id)];
    expect(businessHoursWarnings(othersOnly, calendars).size).toBe(0);
  });

  it('does not warn about a vendor contract on business hours: its clock runs on the calendar the vendor signed', () => {
    const contract = policy('contract', 10, { providerIds: ['5a1a0000-0000-4000-8000-0000000000b2'] }, office.id);
    expect([...businessHoursWarnings([contract, ...standardOnly], [cal24, office]).keys()]).toEqual(['standard']);
  });
});
