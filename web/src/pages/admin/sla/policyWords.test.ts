// The one line under a policy's name says when it applies and when its clock pauses.
import { describe, expect, it } from 'vitest';
import { conditionsOf, isContract, pausesOf } from './policyWords.ts';

describe('how a policy reads in the SLA settings', () => {
  it('says a policy without conditions applies to every ticket', () => {
    expect(conditionsOf({ match: {} })).toBe('every ticket');
  });

  it('names each condition, joined in one line', () => {
    const match = {
      clinicalCritical: true,
      providerLine: false,
      ticketTypes: ['incident' as const],
      providerIds: ['0190a1b2-0000-7000-8000-000000000001'],
      patientCareOrP1: true,
    };
    expect(conditionsOf({ match })).toBe(
      'clinical-critical services · not provider line · types: incident · 1 provider holding the ticket · ' +
        'P1, patient care affected or safety flag',
    );
  });

  it('lists the statuses that pause the clock in words', () => {
    expect(pausesOf({ pauseStatuses: ['pending_requester', 'pending_vendor'] })).toBe(
      'pending requester, pending vendor',
    );
    expect(pausesOf({ pauseStatuses: [] })).toBe('no status');
  });

  it('knows a contract by the providers it names (only a contract shows the vendor pause switch)', () => {
    expect(isContract({ match: { providerIds: ['0190a1b2-0000-7000-8000-000000000001'] } })).toBe(true);
    expect(isContract({ match: {} })).toBe(false);
  });
});
