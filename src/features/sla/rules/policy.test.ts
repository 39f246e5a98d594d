import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ticketFacts as facts, policy } from './fixture.ts';
import { choosePolicy, contractPauseProblems, DEFAULT_TARGETS, policyProblems, targetsFor } from './policy.ts';

const policies = [
  policy('vendor-epic', 10, { providerIds: ['epic'] }),
  policy('clinical-critical', 20, { clinicalCritical: true }),
  policy('provider-line', 30, { providerLine: true }),
  policy('retired', 35, { ticketTypes: ['how_to'] }, 'cal', false),
  policy('default', 100, {}),
];

describe('policy choice', () => {
  it('takes the first active policy whose conditions all hold', () => {
    expect(choosePolicy(policies, facts())?.id).toBe('default');
    expect(choosePolicy(policies, facts({ clinicalCritical: true }))?.id).toBe('clinical-critical');
    expect(choosePolicy(policies, facts({ providerLine: true }))?.id).toBe('provider-line');
    expect(choosePolicy(policies, facts({ providerId: 'epic', clinicalCritical: true }))?.id).toBe('vendor-epic');
    expect(choosePolicy(policies, facts({ type: 'how_to' }))?.id).toBe('default'); // the inactive one is skipped
    expect(choosePolicy(policies.slice(0, 3), facts())).toBeNull();
  });

  it('does not depend on the order the policies are listed in', () => {
    const factsArb = fc.record({
      type: fc.constantFrom('incident', 'service_request', 'how_to'),
      serviceId: fc.constantFrom(null, 'svc-ehr', 'svc-print'),
      clinicalCritical: fc.boolean(),
      providerLine: fc.boolean(),
      providerId: fc.constantFrom(null, 'epic', 'outsourcer'),
      priority: fc.integer({ min: 1, max: 4 }),
      patientCareAffected: fc.boolean(),
      patientSafety: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.shuffledSubarray(policies, { minLength: policies.length }), factsArb, (shuffled, f) => {
        expect(choosePolicy(shuffled, f)?.id).toBe(choosePolicy(policies, f)?.id);
      }),
    );
  });

  it('turns minutes into milliseconds per priority', () => {
    expect(targetsFor(policies[0]!, 1)).toEqual({ responseMs: 15 * 60_000, resolutionMs: 120 * 60_000 });
    expect(targetsFor(policies[0]!, 4)).toEqual({ responseMs: 240 * 60_000, resolutionMs: 3 * 24 * 60 * 60_000 });
  });

  it('rejects targets that make no sense', () => {
    expect(policyProblems(policies[0]!)).toEqual([]);
    const bad = {
      ...policies[0]!,
      targets: { ...DEFAULT_TARGETS, '2': { responseMinutes: 300, resolutionMinutes: 100 } },
      pauseStatuses: ['in_progress'],
    };
    expect(policyProblems(bad).map((p) => p.field)).toEqual([
      'targets.2.resolutionMinutes',
      'targets.1.resolutionMinutes',
      'pauseStatuses',
    ]);
  });
});

describe("the contract's pause while the vendor needs information", () => {
  it('may be turned off only on a contract (a policy naming providers); on is always fine', () => {
    const provider = '0190a1b2-0000-7000-8000-000000000001';
    expect(contractPauseProblems({ match: { providerIds: [provider] }, pauseOnVendorNeedsInfo: false })).toEqual([]);
    expect(contractPauseProblems({ match: {}, pauseOnVendorNeedsInfo: true })).toEqual([]);
    expect(contractPauseProblems({ match: {} })).toEqual([]);
    expect(contractPauseProblems({ match: { providerIds: [] }, pauseOnVendorNeedsInfo: false })[0]?.field).toBe(
      'pauseOnVendorNeedsInfo',
    );
    fc.assert(
      fc.property(fc.array(fc.uuid(), { maxLength: 3 }), fc.option(fc.boolean(), { nil: undefined }), (ids, pause) => {
        const refused =
          contractPauseProblems({ match: { providerIds: ids }, pauseOnVendorNeedsInfo: pause }).length > 0;
        expect(refused).toBe(pause === false && ids.length === 0);
      }),
    );
  });
});
