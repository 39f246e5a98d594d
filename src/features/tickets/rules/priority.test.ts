import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_TYPES } from '../../../domain/vocabulary.ts';
import {
  CLINICAL_FLOOR_DEVICES,
  computePriority,
  DEFAULT_MATRIX,
  impactOf,
  type Level,
  matrixProblems,
  type PriorityMatrix,
  urgencyOf,
} from './priority.ts';
import { SCOPES } from './vocabulary.ts';

const level = fc.constantFrom<Level>(1, 2, 3);
const facts = fc.record({
  impact: level,
  urgency: level,
  patientSafety: fc.boolean(),
  deviceType: fc.option(fc.constantFrom(...DEVICE_TYPES), { nil: null }),
  clinicalArea: fc.boolean(),
});

describe('priority', () => {
  it('follows the default matrix (DOMAIN.md)', () => {
    expect(
      computePriority({ impact: 1, urgency: 1, patientSafety: false, deviceType: null, clinicalArea: false }).priority,
    ).toBe(1);
    expect(
      computePriority({ impact: 2, urgency: 2, patientSafety: false, deviceType: null, clinicalArea: false }).priority,
    ).toBe(2);
    expect(
      computePriority({ impact: 2, urgency: 3, patientSafety: false, deviceType: null, clinicalArea: false }).priority,
    ).toBe(3);
    expect(
      computePriority({ impact: 3, urgency: 3, patientSafety: false, deviceType: null, clinicalArea: false }).priority,
    ).toBe(4);
  });

  it('raises a one-user, no-care-impact patient-safety report to P2 and says why', () => {
    const p = computePriority({ impact: 3, urgency: 3, patientSafety: true, deviceType: null, clinicalArea: false });
    expect(p.priority).toBe(2);
    expect(p.reason).toMatch(/patient-safety/);
  });

  it('raises a wristband printer down on a nursing unit to P2, but not one in the billing office', () => {
    const base = {
      impact: 3 as Level,
      urgency: 3 as Level,
      patientSafety: false,
      deviceType: 'wristband_printer' as const,
    };
    expect(computePriority({ ...base, clinicalArea: true }).priority).toBe(2);
    expect(computePriority({ ...base, clinicalArea: false }).priority).toBe(4);
  });

  it('never lowers the matrix priority, and the floors always hold', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const { priority } = computePriority(f);
        expect(priority).toBeLessThanOrEqual(DEFAULT_MATRIX[`${f.impact},${f.urgency}`]);
        if (f.patientSafety) expect(priority).toBeLessThanOrEqual(2);
        if (f.clinicalArea && f.deviceType && CLINICAL_FLOOR_DEVICES.includes(f.deviceType))
          expect(priority).toBeLessThanOrEqual(2);
      }),
    );
  });

  it('is monotonic: more impact or more urgency never gives a lower priority', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const p = computePriority(f).priority;
        if (f.impact > 1)
          expect(computePriority({ ...f, impact: (f.impact - 1) as Level }).priority).toBeLessThanOrEqual(p);
        if (f.urgency > 1)
          expect(computePriority({ ...f, urgency: (f.urgency - 1) as Level }).priority).toBeLessThanOrEqual(p);
      }),
    );
  });

  it('derives impact from scope and a clinical-critical service', () => {
    expect(impactOf({ scope: 'enterprise', serviceClinicalCritical: false })).toBe(1);
    expect(impactOf({ scope: 'facility', serviceClinicalCritical: false })).toBe(1);
    expect(impactOf({ scope: 'unit', serviceClinicalCritical: true })).toBe(1);
    expect(impactOf({ scope: 'unit', serviceClinicalCritical: false })).toBe(2);
    expect(impactOf({ scope: 'me', serviceClinicalCritical: true })).toBe(3);
    fc.assert(
      fc.property(fc.constantFrom(...SCOPES), fc.boolean(), (scope, c) => {
        expect([1, 2, 3]).toContain(impactOf({ scope, serviceClinicalCritical: c }));
      }),
    );
  });

  it('treats care stopped with no known workaround as most urgent (when unsure, the higher priority)', () => {
    expect(urgencyOf({ patientCareAffected: true, patientSafety: false, workaroundAvailable: null })).toBe(1);
    expect(urgencyOf({ patientCareAffected: true, patientSafety: false, workaroundAvailable: false })).toBe(1);
    expect(urgencyOf({ patientCareAffected: true, patientSafety: false, workaroundAvailable: true })).toBe(2);
    expect(urgencyOf({ patientCareAffected: false, patientSafety: false, workaroundAvailable: null })).toBe(3);
    expect(urgencyOf({ patientCareAffected: false, patientSafety: true, workaroundAvailable: true })).toBe(1);
  });

  it('accepts the default matrix and rejects one that ranks a worse case lower', () => {
    expect(matrixProblems(DEFAULT_MATRIX)).toEqual([]);
    const bad: PriorityMatrix = { ...DEFAULT_MATRIX, '1,1': 3 };
    expect(matrixProblems(bad).length).toBeGreaterThan(0);
  });
});
