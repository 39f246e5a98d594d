// The survey admin forms refuse what the server would refuse, in a manager's words, and send what the server takes.
import { describe, expect, it } from 'vitest';
import { policyBody, pulseBody } from '../../../../src/features/surveys/schemas.ts';
import {
  NEW_POLICY,
  NEW_PULSE,
  policyProblems,
  policyRequest,
  policyValues,
  pulseProblems,
  pulseRequest,
} from './surveyForms.ts';

describe('the survey policy form', () => {
  it('sends the share asked as the server counts it (0–1) and nothing the server would refuse', () => {
    const values = { ...NEW_POLICY, name: ' After-hours calls ', sharePercent: 25 };
    expect(policyProblems(values)).toEqual({});
    const body = policyRequest(values);
    expect(policyBody.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ name: 'After-hours calls', probability: 0.25, position: 10, delayMinutes: 30 });
  });

  it('edits a saved policy in per cent and sends it back unchanged', () => {
    const saved = { ...policyRequest({ ...NEW_POLICY, name: 'Everyone' }), probability: 0.3 };
    expect(policyValues(saved).sharePercent).toBe(30);
    expect(policyRequest(policyValues(saved))).toEqual(saved);
  });

  it('says under each field what is wrong, in plain words', () => {
    const errors = policyProblems({
      ...NEW_POLICY,
      name: '  ',
      sharePercent: 150,
      repeatIntervalDays: 400,
      delayMinutes: '',
      expiresAfterDays: 0,
      position: 2.5,
    });
    expect(errors).toEqual({
      name: 'Give the policy a name',
      sharePercent: 'Share asked must be from 0 to 100%',
      repeatIntervalDays: 'Days before asking the same person again must be at most 365',
      delayMinutes: 'Delay after resolution (minutes) is required',
      expiresAfterDays: 'Days it can be answered for must be at least 1',
      position: 'Position must be a whole number',
    });
  });

  it('refuses a name longer than the server keeps, saying how much to remove', () => {
    expect(policyProblems({ ...NEW_POLICY, name: 'n'.repeat(121) })).toEqual({
      name: 'Name is too long (at most 120 characters): please remove 1 character',
    });
  });
});

describe('the pulse survey form', () => {
  it('sends the sample per role group, the 90 days it asks about and the 14 days it can be answered', () => {
    expect(pulseProblems(NEW_PULSE)).toEqual({});
    const body = pulseRequest({ ...NEW_PULSE, sample: { ...NEW_PULSE.sample, others: '' } });
    expect(pulseBody.safeParse(body).success).toBe(true);
    expect(body).toEqual({
      name: 'IT support pulse',
      sample: { physicians: 50, advanced_practice: 20, nurses: 100, others: 0 },
      periodDays: 90,
      expiresAfterDays: 14,
    });
  });

  it('needs a name, someone to ask, and no more than the server samples per group', () => {
    const nobody = { physicians: 0, advanced_practice: '', nurses: 0, others: 0 };
    expect(pulseProblems({ name: '', sample: nobody })).toEqual({
      name: 'Give the pulse a name',
      sample: 'Ask at least one person: give a number for at least one group',
    });
    expect(pulseProblems({ ...NEW_PULSE, sample: { ...NEW_PULSE.sample, nurses: 6000 } })).toEqual({
      'sample.nurses': 'Nurses must be at most 5,000',
    });
  });
});
