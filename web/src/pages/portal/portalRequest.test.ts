// What the portal's "Ask for help" form refuses before sending, in words for the nurse asking, and what it sends.
import { describe, expect, it } from 'vitest';
import { openTicketBody } from '../../../../src/features/tickets/schemas.ts';
import { NO_ANSWERS, type PortalAnswers, portalProblems, portalTicketBody } from './portalRequest.ts';

const nurse = { role: 'requester' as const, personId: '0190a1b2-0000-7000-8000-000000000001' };
const ward = { unitId: '0190a1b2-0000-7000-8000-000000000002', facilityId: '0190a1b2-0000-7000-8000-000000000003' };
const answered: PortalAnswers = {
  ...NO_ANSWERS,
  summary: 'Print wristbands for an admission',
  patientCareAffected: true,
};

describe('the portal’s ask-for-help form', () => {
  it('asks for what they were doing and whether care is affected, in its own words', () => {
    expect(portalProblems(NO_ANSWERS, nurse, ward)).toEqual({
      summary: 'Tell us in a few words what you were trying to do',
      patientCareAffected: 'Let us know whether care is affected right now',
    });
    expect(portalProblems({ ...answered, summary: '   ' }, nurse, ward)).toEqual({
      summary: 'Tell us in a few words what you were trying to do',
    });
  });

  it('refuses over-long texts under the question that asked for them, saying how much to remove', () => {
    const problems = portalProblems(
      { ...answered, summary: 'x'.repeat(201), errorText: 'e'.repeat(2001), details: 'y'.repeat(10_005) },
      nurse,
      ward,
    );
    expect(problems).toEqual({
      summary: 'Summary is too long (at most 200 characters): please remove 1 character',
      errorText: 'Error message is too long (at most 2,000 characters): please remove 1 character',
      details: 'This answer is too long (at most 10,000 characters): please remove 5 characters',
    });
  });

  it('sends what the server accepts: a requester never names a channel, desk staff say it came from the portal', () => {
    expect(portalProblems(answered, nurse, ward)).toEqual({});
    const body = portalTicketBody({ ...answered, details: '  it beeps  ', workaroundAvailable: false }, nurse, ward);
    expect(openTicketBody.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ patientCareAffected: true, workaroundAvailable: false, description: 'it beeps' });
    expect(body).not.toHaveProperty('channel');
    expect(portalTicketBody(answered, { ...nurse, role: 'agent' }, ward)).toMatchObject({ channel: 'portal' });
  });
});
