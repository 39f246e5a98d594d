// "New ticket from this call" refuses what the server would refuse, under the field it is about, and sends the draft
// the phone system made.
import { describe, expect, it } from 'vitest';
import { openTicketBody } from '../../../../../src/features/tickets/schemas.ts';
import { callTicketProblems, callTicketRequest, EMPTY_CALL_TICKET } from './callTicketForm.ts';

const caller = '0190a1b2-0000-7000-8000-000000000001';
const known = {
  requesterId: caller,
  summary: 'Call from 4 West',
  patientCareAffected: false,
  serviceId: null,
  channel: 'phone' as const,
};
const unknown = { ...known, requesterId: null };
const values = { ...EMPTY_CALL_TICKET, summary: 'BCMA scanner will not read wristbands' };

describe('a ticket from the call on the screen pop', () => {
  it('sends the caller the phone system knew, the summary as the description when none is given, assigned to me', () => {
    expect(callTicketProblems(values, known)).toEqual({});
    const body = callTicketRequest(values, known);
    expect(openTicketBody.safeParse(body).success).toBe(true);
    expect(body).toEqual({
      type: 'how_to',
      assignToMe: true,
      summary: 'BCMA scanner will not read wristbands',
      description: 'BCMA scanner will not read wristbands',
      requesterId: caller,
      channel: 'phone',
      patientCareAffected: false,
    });
  });

  it('needs the caller found in the directory for an unknown number, and then sends them', () => {
    expect(callTicketProblems(values, unknown)).toEqual({
      chosen: 'Find the caller in the directory first (unknown number).',
    });
    const chosen = { ...values, chosen: { id: caller, displayName: 'Dr. Samuel Osei' } };
    expect(callTicketProblems(chosen, unknown)).toEqual({});
    expect(callTicketRequest(chosen, unknown).requesterId).toBe(caller);
  });

  it('needs a code and a note to resolve on the call, and refuses an over-long note, summary or description', () => {
    const needed = 'Give a resolution code and note.';
    const resolving = { ...values, resolveNow: true };
    expect(callTicketProblems(resolving, known)).toEqual({ resolution: needed });
    expect(callTicketProblems({ ...resolving, resolution: { code: 'answered_how_to', note: ' ' } }, known)).toEqual({
      'resolution.note': needed,
    });
    const body = callTicketRequest(
      { ...resolving, resolution: { code: 'answered_how_to', note: ' Showed them ' } },
      known,
    );
    expect(body.resolveNow).toEqual({ code: 'answered_how_to', note: 'Showed them' });
    expect(callTicketProblems({ ...values, summary: 's'.repeat(201), description: 'd'.repeat(10_001) }, known)).toEqual(
      {
        summary: 'Summary is too long (at most 200 characters): please remove 1 character',
        description: 'What they need is too long (at most 10,000 characters): please remove 1 character',
      },
    );
    expect(callTicketProblems({ ...values, summary: '  ' }, known)).toEqual({
      summary: 'Say in a few words what they need',
    });
  });
});
