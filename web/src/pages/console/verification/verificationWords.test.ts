import { describe, expect, it } from 'vitest';
import type { Verification } from '../../../api/verification.ts';
import { changeLabel, open, requirementText, riskText } from './verificationWords.ts';

const base: Verification = {
  id: '00000000-0000-7000-8000-000000000001',
  ticketNumber: 'CSD-000123',
  request: 'password_reset',
  subject: { personId: '00000000-0000-7000-8000-000000000002', displayName: 'Rosa Delgado', phones: ['16085550100'] },
  supervisor: null,
  risk: { level: 'standard', reasons: [] },
  signals: [],
  requirement: { methods: ['callback_on_file', 'in_person_badge'], required: 1, fastPath: false },
  state: 'required',
  verifiedAt: null,
  changedAt: null,
  blocked: 'Verify the caller first.',
  attempts: [],
  createdAt: '2026-03-01T10:00:00.000Z',
};

describe('the identity check panel’s words', () => {
  it('says what the policy asks', () => {
    expect(requirementText(base)).toBe('One check outside this call is needed before the change.');
    expect(requirementText({ ...base, requirement: { ...base.requirement, required: 2 } })).toMatch(
      /^2 different checks are needed/,
    );
    expect(requirementText({ ...base, requirement: { ...base.requirement, fastPath: true } })).toBe(
      'Urgent care fast path: one check is enough (call back on the number on file or in person with badge).',
    );
  });

  it('names the risk and the change', () => {
    expect(riskText(base)).toBe('Standard risk');
    expect(riskText({ ...base, risk: { level: 'high', reasons: ['Revenue cycle account'] } })).toBe(
      'High risk: Revenue cycle account',
    );
    expect(changeLabel({ ...base, request: 'mfa_new_device' })).toBe('Record the new MFA device');
  });

  it('takes more checks only while the check is under way', () => {
    expect(open(base)).toBe(true);
    expect(open({ ...base, state: 'verified' })).toBe(false);
    expect(open({ ...base, state: 'pending', changedAt: '2026-03-01T10:05:00.000Z' })).toBe(false);
  });
});
