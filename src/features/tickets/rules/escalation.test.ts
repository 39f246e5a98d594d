import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIERS } from '../../../domain/vocabulary.ts';
import { handoffKind, statusAfterHandoff } from './escalation.ts';
import { OPEN_STATUSES } from './vocabulary.ts';

describe('hand-offs', () => {
  it('calls Tier 1-Plus → Tier 2 an escalation, vendor → Tier 2 a return, and Tier 2 → Tier 2 a transfer', () => {
    expect(handoffKind('tier1', 'tier2')).toBe('escalate');
    expect(handoffKind('vendor', 'tier2')).toBe('return');
    expect(handoffKind('tier2', 'tier2')).toBe('transfer');
  });

  it('is antisymmetric: one way up is the other way down', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TIERS), fc.constantFrom(...TIERS), (a, b) => {
        if (a === b) return;
        expect(new Set([handoffKind(a, b), handoffKind(b, a)])).toEqual(new Set(['escalate', 'return']));
      }),
    );
  });

  it('waits on the vendor after a vendor hand-off and is worked again when it comes back', () => {
    expect(statusAfterHandoff('vendor', 'in_progress')).toBe('pending_vendor');
    expect(statusAfterHandoff('tier2', 'pending_vendor')).toBe('in_progress');
    expect(statusAfterHandoff('tier2', 'new')).toBe('in_progress');
    expect(statusAfterHandoff('tier3', 'pending_requester')).toBe('pending_requester');
    fc.assert(
      fc.property(fc.constantFrom(...TIERS), fc.constantFrom(...OPEN_STATUSES), (to, s) => {
        expect(OPEN_STATUSES).toContain(statusAfterHandoff(to, s));
      }),
    );
  });
});
