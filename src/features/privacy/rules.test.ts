import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPhi, maskPhi, phiKinds } from './rules.ts';

describe('PHI detection', () => {
  it('finds the usual identifiers', () => {
    expect(phiKinds('SSN 123-45-6789')).toEqual(['ssn']);
    expect(phiKinds('cannot open chart, MRN: 00482913')).toEqual(['mrn']);
    expect(phiKinds('pt DOB 03/14/1958 shows twice')).toEqual(['date_of_birth']);
    expect(phiKinds('call back at (312) 555-0142')).toEqual(['phone']);
    expect(phiKinds('Patient: John Smith in bed 4')).toEqual(['patient_name']);
  });

  it('leaves ordinary clinical IT text alone', () => {
    expect(detectPhi('BCMA scanner on 4 West says "Patient not found" when scanning wristbands')).toEqual([]);
    expect(detectPhi('Cannot sign pended orders in CPOE since the 11/20 upgrade')).toEqual([]);
    // Departments and screens named "Patient …" are not patients.
    expect(detectPhi('Patient Access Scheduling will not open for registration staff')).toEqual([]);
    expect(detectPhi('The Patient Flow Board is blank on 3 North')).toEqual([]);
    expect(detectPhi('Patient Portal Messages stuck in the In Basket')).toEqual([]);
    // …but a name after "Patient" still is.
    expect(phiKinds('Patient Maria Lopez cannot be found in BCMA')).toEqual(['patient_name']);
  });

  it('masks what it finds and keeps the rest', () => {
    expect(maskPhi('MRN 1234567 will not load; SSN 123-45-6789')).toBe('[mrn hidden] will not load; SSN [ssn hidden]');
  });

  it('never leaves an SSN-shaped number visible after masking', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 20 }),
        fc.integer({ min: 100, max: 999 }),
        fc.integer({ min: 10, max: 99 }),
        fc.integer({ min: 1000, max: 9999 }),
        (pre, a, b, c) => {
          const ssn = `${a}-${b}-${c}`;
          expect(maskPhi(`${pre} ${ssn} `)).not.toContain(ssn);
        },
      ),
    );
  });
});

describe('patient identifiers typed the way clinicians type them', () => {
  it.each([
    ['MRN 00482913 will not load', 'mrn'],
    ['mrn: 4829130 shows the wrong allergies', 'mrn'],
    ['MR# 00482913', 'mrn'],
    ['medical record no. 12345678', 'mrn'],
    ['her MRN is 12345678', 'mrn'],
    ['DOB 3/14/1958', 'date_of_birth'],
    ['birthdate 1958-03-14 on the wristband', 'date_of_birth'],
    ['date of birth: March 14, 1958', 'date_of_birth'],
    ['SSN 123-45-6789', 'ssn'],
    ['SSN 123456789 on the face sheet', 'ssn'],
    ['social security number 123 45 6789', 'ssn'],
    ['his SSN is 123456789', 'ssn'],
  ])('flags %j as %s and masks it', (text, kind) => {
    expect(phiKinds(text)).toEqual([kind]);
    expect(maskPhi(text)).toContain(`[${kind.replaceAll('_', ' ')} hidden]`);
    expect(maskPhi(text)).not.toMatch(/\d{5,}/);
  });

  it('does not flag version numbers, room numbers or ticket numbers', () => {
    expect(detectPhi('Upgraded to build 20231114 in room 4512; see CSD-001234')).toEqual([]);
  });
});
