import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLINICAL_ROLES } from '../../../domain/vocabulary.ts';
import {
  type Attempt,
  alertDue,
  attemptRefusal,
  changeRefusal,
  fastPathApplies,
  type Requirement,
  requirementFor,
  stateOf,
} from './decide.ts';
import { DEFAULT_POLICY, type Policy, policyProblems } from './policy.ts';
import { assessRisk, needsVerification, type Subject, signalsOf } from './risk.ts';
import { METHODS, OUT_OF_BAND_METHODS, REQUEST_KINDS, SIGNALS } from './vocabulary.ts';

const attemptRefusalText = (...args: Parameters<typeof attemptRefusal>) => attemptRefusal(...args)?.message ?? null;

const nurse: Subject = {
  personId: 'p-nurse',
  displayName: 'Rosa Delgado',
  clinicalRole: 'rn',
  sensitive: false,
  managerId: 'p-manager',
  phones: ['16085550100'],
};
const biller: Subject = { ...nurse, personId: 'p-biller', displayName: 'Pat Biller', clinicalRole: 'revenue_cycle' };

const standard = (s: Subject = nurse) => assessRisk(DEFAULT_POLICY, s, 'password_reset', []);
const needs = (s: Subject, urgentCare = false, request: (typeof REQUEST_KINDS)[number] = 'password_reset') => {
  const risk = assessRisk(DEFAULT_POLICY, s, request, []);
  return requirementFor(DEFAULT_POLICY, { subject: s, request, risk, urgentCare });
};

describe('which requests need a check, and how risky they are', () => {
  it('treats a nurse’s password reset from her own phone as standard risk', () => {
    expect(standard()).toEqual({ level: 'standard', reasons: [] });
  });

  it('treats revenue cycle, prescribers, IT and sensitive accounts as high risk', () => {
    expect(standard(biller).level).toBe('high');
    expect(standard({ ...nurse, clinicalRole: 'attending' }).reasons).toContain('Prescriber account');
    expect(standard({ ...nurse, clinicalRole: 'it' }).level).toBe('high');
    expect(standard({ ...nurse, sensitive: true }).reasons[0]).toMatch(/Sensitive account/);
  });

  it('raises the risk for an MFA device, a number not on file and repeated resets', () => {
    expect(assessRisk(DEFAULT_POLICY, nurse, 'mfa_new_device', []).level).toBe('high');
    const signals = signalsOf(
      {
        callerNumber: '13125550199',
        phonesOnFile: nurse.phones,
        newDevice: false,
        request: 'password_reset',
        recentResets: 2,
      },
      DEFAULT_POLICY,
    );
    expect(signals).toEqual(['number_not_on_file', 'recent_resets']);
    expect(assessRisk(DEFAULT_POLICY, nurse, 'password_reset', signals).reasons).toEqual([
      'Calling from a number not on file',
      'Several resets for this account recently',
    ]);
  });

  it('does not flag a call from the number on file, or a request that did not come by phone', () => {
    const base = { phonesOnFile: nurse.phones, newDevice: false, request: 'password_reset' as const, recentResets: 0 };
    expect(signalsOf({ ...base, callerNumber: '16085550100' }, DEFAULT_POLICY)).toEqual([]);
    expect(signalsOf({ ...base, callerNumber: null }, DEFAULT_POLICY)).toEqual([]);
  });

  it('lets an ordinary account be unlocked without a check, never a privileged one', () => {
    expect(needsVerification(DEFAULT_POLICY, nurse, 'account_unlock')).toBe(false);
    expect(needsVerification(DEFAULT_POLICY, { ...nurse, sensitive: true }, 'account_unlock')).toBe(true);
    expect(needsVerification({ ...DEFAULT_POLICY, unlockAlwaysVerified: true }, nurse, 'account_unlock')).toBe(true);
    expect(stateOf(needs(nurse, false, 'account_unlock'), [], 3)).toBe('verified');
  });
});

describe('where a verification stands', () => {
  it('verifies a standard request with one call-back on the number on file', () => {
    const r = needs(nurse);
    expect(stateOf(r, [], 3)).toBe('required');
    expect(stateOf(r, [{ method: 'callback_on_file', outcome: 'passed' }], 3)).toBe('verified');
  });

  it('asks two different checks for a high-risk account', () => {
    const r = needs(biller);
    const callback: Attempt = { method: 'callback_on_file', outcome: 'passed' };
    expect(stateOf(r, [callback], 3)).toBe('pending');
    expect(stateOf(r, [callback, callback], 3)).toBe('pending');
    expect(stateOf(r, [callback, { method: 'supervisor_confirmation', outcome: 'passed' }], 3)).toBe('verified');
  });

  it('fails after the policy’s number of failed checks', () => {
    const failed: Attempt = { method: 'callback_on_file', outcome: 'failed' };
    expect(stateOf(needs(nurse), [failed, failed], 3)).toBe('pending');
    expect(stateOf(needs(nurse), [failed, failed, failed], 3)).toBe('failed');
  });

  it('lets a physician locked out during urgent care through with one badge check at the unit', () => {
    const doctor = { ...nurse, clinicalRole: 'attending' as const };
    const r = needs(doctor, true);
    expect(r).toMatchObject({ fastPath: true, required: 1 });
    expect(stateOf(r, [{ method: 'in_person_badge', outcome: 'passed' }], 3)).toBe('verified');
    expect(stateOf(needs(doctor, false), [{ method: 'in_person_badge', outcome: 'passed' }], 3)).toBe('pending');
  });

  it('never gives the fast path to a sensitive account or an access change', () => {
    const risk = standard();
    expect(
      fastPathApplies(DEFAULT_POLICY, {
        subject: { ...nurse, sensitive: true },
        request: 'password_reset',
        risk,
        urgentCare: true,
      }),
    ).toBe(false);
    expect(fastPathApplies(DEFAULT_POLICY, { subject: nurse, request: 'access_change', risk, urgentCare: true })).toBe(
      false,
    );
    expect(
      fastPathApplies(DEFAULT_POLICY, { subject: biller, request: 'password_reset', risk, urgentCare: true }),
    ).toBe(false);
  });
});

describe('which attempts the desk may record', () => {
  const context = (subject: Subject = nurse) => ({
    state: 'required' as const,
    requirement: needs(subject),
    subject,
    supervisorName: 'Dana Charge',
  });

  it('refuses a call-back to a number that is not on file', () => {
    const msg = attemptRefusalText(
      { method: 'callback_on_file', phone: '13125550199', recorderPersonId: null },
      context(),
    );
    expect(msg).toBe(
      'That number is not on file for Rosa Delgado. Call back only on a number from the directory, never on one the caller gives.',
    );
    expect(
      attemptRefusalText({ method: 'callback_on_file', phone: '16085550100', recorderPersonId: null }, context()),
    ).toBeNull();
  });

  it('refuses a call-back when the directory has no number for the caller', () => {
    const msg = attemptRefusalText(
      { method: 'callback_on_file', phone: '16085550100', recorderPersonId: null },
      context({ ...nurse, phones: [] }),
    );
    expect(msg).toMatch(/no phone number on file for Rosa Delgado/);
  });

  it('refuses a supervisor confirming their own reset, and anyone but the supervisor on record', () => {
    const own = attemptRefusalText(
      { method: 'supervisor_confirmation', confirmedById: 'p-nurse', recorderPersonId: null },
      context(),
    );
    expect(own).toBe('Rosa Delgado cannot confirm their own request. The supervisor on record must confirm it.');
    const other = attemptRefusalText(
      { method: 'supervisor_confirmation', confirmedById: 'p-x', recorderPersonId: null },
      context(),
    );
    expect(other).toBe('Only the supervisor on record (Dana Charge) can confirm this request.');
    const ok = attemptRefusalText(
      { method: 'supervisor_confirmation', confirmedById: 'p-manager', recorderPersonId: null },
      context(),
    );
    expect(ok).toBeNull();
  });

  it('refuses an agent verifying their own account', () => {
    const msg = attemptRefusalText({ method: 'in_person_badge', recorderPersonId: 'p-nurse' }, context());
    expect(msg).toMatch(/your own account/);
  });

  it('refuses anything once verified or failed', () => {
    const attempt = { method: 'in_person_badge' as const, recorderPersonId: null };
    expect(attemptRefusalText(attempt, { ...context(), state: 'verified' })).toMatch(/already verified/);
    expect(attemptRefusalText(attempt, { ...context(), state: 'failed' })).toMatch(/in person with their badge/);
  });
});

describe('the credential change', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  it('stays blocked until verified, and until a fresh check when the last is old', () => {
    expect(changeRefusal('required', null, now, 30)).toMatch(/Verify the caller first/);
    expect(changeRefusal('pending', null, now, 30)).toMatch(/Verify the caller first/);
    expect(changeRefusal('failed', null, now, 30)).toMatch(/in person/);
    expect(changeRefusal('verified', new Date('2026-03-01T09:45:00Z'), now, 30)).toBeNull();
    expect(changeRefusal('verified', new Date('2026-03-01T09:00:00Z'), now, 30)).toMatch(/more than 30 minutes ago/);
  });

  it('alerts once the failures and changes reach the threshold, then not again within the window', () => {
    expect(alertDue(2, null, now, DEFAULT_POLICY)).toBe(false);
    expect(alertDue(3, null, now, DEFAULT_POLICY)).toBe(true);
    expect(alertDue(4, new Date('2026-03-01T08:00:00Z'), now, DEFAULT_POLICY)).toBe(false);
    expect(alertDue(4, new Date('2026-02-27T08:00:00Z'), now, DEFAULT_POLICY)).toBe(true);
  });
});

describe('the policy an administrator sets', () => {
  it('accepts the default', () => expect(policyProblems(DEFAULT_POLICY)).toEqual([]));

  it('refuses a level that only asks knowledge answers, or more checks than it allows', () => {
    const p: Policy = { ...DEFAULT_POLICY, standard: { methods: ['knowledge_answers'], required: 1 } };
    expect(policyProblems(p).map((x) => x.field)).toEqual(['standard.methods']);
    const q: Policy = { ...DEFAULT_POLICY, high: { methods: ['callback_on_file'], required: 2 } };
    expect(policyProblems(q).map((x) => x.field)).toEqual(['high.required']);
  });

  it('refuses high risk asking fewer checks than standard, and a fast path through knowledge answers', () => {
    const p: Policy = { ...DEFAULT_POLICY, standard: { ...DEFAULT_POLICY.standard, required: 3 } };
    expect(policyProblems(p).map((x) => x.field)).toEqual(['high.required']);
    const q: Policy = { ...DEFAULT_POLICY, fastPath: { ...DEFAULT_POLICY.fastPath, methods: ['knowledge_answers'] } };
    expect(policyProblems(q).map((x) => x.field)).toEqual(['fastPath.methods']);
  });
});

// Any policy an administrator could write (valid or not), any account, request, signal and urgency.
const methods = fc.uniqueArray(fc.constantFrom(...METHODS), { minLength: 1 });
const level = fc.record({ methods, required: fc.integer({ min: 1, max: 5 }) });
const roles = fc.uniqueArray(fc.constantFrom(...CLINICAL_ROLES));
const policyArb: fc.Arbitrary<Policy> = fc.record({
  highRiskRoles: roles,
  highRiskRequests: fc.uniqueArray(fc.constantFrom(...REQUEST_KINDS)),
  highRiskSignals: fc.uniqueArray(fc.constantFrom(...SIGNALS)),
  unlockAlwaysVerified: fc.boolean(),
  standard: level,
  high: level,
  fastPath: fc.record({ enabled: fc.boolean(), roles, methods }),
  maxFailures: fc.integer({ min: 1, max: 10 }),
  validForMinutes: fc.integer({ min: 1, max: 240 }),
  recentResets: fc.record({ windowDays: fc.integer({ min: 1, max: 90 }), count: fc.integer({ min: 1, max: 10 }) }),
  alert: fc.record({ windowHours: fc.integer({ min: 1, max: 168 }), threshold: fc.integer({ min: 1, max: 20 }) }),
});
const subjectArb: fc.Arbitrary<Subject> = fc.record({
  personId: fc.constantFrom('p-a', 'p-b'),
  displayName: fc.constant('A Person'),
  clinicalRole: fc.constantFrom(...CLINICAL_ROLES),
  sensitive: fc.boolean(),
  managerId: fc.option(fc.constantFrom('p-a', 'p-m'), { nil: null }),
  phones: fc.uniqueArray(fc.constantFrom('16085550100', '16085550101')),
});
const situation = fc.record({
  policy: policyArb,
  subject: subjectArb,
  request: fc.constantFrom(...REQUEST_KINDS),
  signals: fc.uniqueArray(fc.constantFrom(...SIGNALS)),
  urgentCare: fc.boolean(),
});
type Situation = typeof situation extends fc.Arbitrary<infer T> ? T : never;
const requirementOf = (s: Situation): Requirement =>
  requirementFor(s.policy, { ...s, risk: assessRisk(s.policy, s.subject, s.request, s.signals) });

describe('properties', () => {
  it('no policy that passes its checks lets knowledge answers alone verify a request that needs checking', () => {
    fc.assert(
      fc.property(situation, fc.integer({ min: 1, max: 6 }), (s, n) => {
        fc.pre(policyProblems(s.policy).length === 0 && needsVerification(s.policy, s.subject, s.request));
        const attempts: Attempt[] = Array.from({ length: n }, () => ({
          method: 'knowledge_answers',
          outcome: 'passed',
        }));
        expect(stateOf(requirementOf(s), attempts, s.policy.maxFailures)).not.toBe('verified');
      }),
    );
  });

  it('not even a policy with problems lets knowledge answers alone verify', () => {
    fc.assert(
      fc.property(situation, (s) => {
        fc.pre(needsVerification(s.policy, s.subject, s.request));
        const attempts: Attempt[] = [{ method: 'knowledge_answers', outcome: 'passed' }];
        expect(stateOf(requirementOf(s), attempts, s.policy.maxFailures)).not.toBe('verified');
      }),
    );
  });

  it('a supervisor can never confirm their own reset', () => {
    fc.assert(
      fc.property(situation, fc.option(fc.constantFrom('p-a', 'p-b'), { nil: null }), (s, recorder) => {
        const requirement = requirementOf(s);
        const subject = { ...s.subject, managerId: s.subject.personId }; // even when the directory names them their own manager
        const msg = attemptRefusalText(
          { method: 'supervisor_confirmation', confirmedById: subject.personId, recorderPersonId: recorder },
          { state: 'required', requirement, subject, supervisorName: null },
        );
        expect(msg).not.toBeNull();
      }),
    );
  });

  it('a call-back is only ever accepted to a number on file', () => {
    fc.assert(
      fc.property(situation, fc.constantFrom('16085550100', '16085550101', '13125550199'), (s, phone) => {
        const msg = attemptRefusalText(
          { method: 'callback_on_file', phone, recorderPersonId: null },
          { state: 'required', requirement: requirementOf(s), subject: s.subject, supervisorName: null },
        );
        if (!s.subject.phones.includes(phone)) expect(msg).not.toBeNull();
      }),
    );
  });

  it('a high-risk request never asks fewer checks than the same request at standard risk', () => {
    fc.assert(
      fc.property(situation, (s) => {
        fc.pre(policyProblems(s.policy).length === 0);
        const r = requirementOf(s);
        if (!r.fastPath && r.required > 0) expect(r.required).toBeGreaterThanOrEqual(s.policy.standard.required);
      }),
    );
  });

  it('only out-of-band checks ever make up the fast path of a valid policy', () => {
    fc.assert(
      fc.property(situation, (s) => {
        fc.pre(policyProblems(s.policy).length === 0);
        const r = requirementOf(s);
        if (r.fastPath) for (const m of r.methods) expect(OUT_OF_BAND_METHODS).toContain(m);
      }),
    );
  });

  it('more passed checks never take a verification back from verified, short of the failure limit', () => {
    fc.assert(
      fc.property(
        situation,
        fc.array(
          fc.record({
            method: fc.constantFrom(...METHODS),
            outcome: fc.constantFrom('passed' as const, 'failed' as const),
          }),
        ),
        fc.constantFrom(...METHODS),
        (s, attempts, extra) => {
          const r = requirementOf(s);
          const before = stateOf(r, attempts, s.policy.maxFailures);
          const after = stateOf(r, [...attempts, { method: extra, outcome: 'passed' }], s.policy.maxFailures);
          if (before === 'verified') expect(after).toBe('verified');
        },
      ),
    );
  });
});
