// What the console's "New ticket" refuses before opening, in the desk's words, and what it sends.
import { describe, expect, it } from 'vitest';
import { openTicketBody } from '../../../../../src/features/tickets/schemas.ts';
import type { PersonView } from '../../../api/directory.ts';
import { type Draft, deskProblems, deskTicketBody, EMPTY_DRAFT } from './newTicketRequest.ts';

const caller = {
  id: '0190a1b2-0000-7000-8000-000000000001',
  displayName: 'Dr. Samuel Osei',
  facilityId: '0190a1b2-0000-7000-8000-000000000003',
  unitId: '0190a1b2-0000-7000-8000-000000000002',
} as PersonView;
const draft: Draft = { ...EMPTY_DRAFT, requester: caller, summary: 'How to reprint a discharge summary' };

describe('a new ticket taken on a call', () => {
  it('needs the caller and what they were trying to do', () => {
    expect(deskProblems(EMPTY_DRAFT)).toEqual({
      requester: 'Find and choose the person who needs help',
      summary: 'Say in a few words what they were trying to do',
    });
    expect(deskProblems(draft)).toEqual({});
  });

  it('needs a code and a note to resolve on the call, and refuses a note the server would refuse', () => {
    const resolving = { ...draft, resolveNow: true };
    const needed = 'Resolving on the call needs a resolution code and a note';
    expect(deskProblems({ ...resolving, resolution: { code: null, note: 'Fixed' } })).toEqual({ resolution: needed });
    expect(deskProblems({ ...resolving, resolution: { code: 'answered_how_to', note: '  ' } })).toEqual({
      'resolution.note': needed,
    });
    expect(deskProblems({ ...resolving, resolution: { code: 'answered_how_to', note: 'n'.repeat(5001) } })).toEqual({
      'resolution.note': 'Resolution note is too long (at most 5,000 characters): please remove 1 character',
    });
  });

  it('refuses an over-long safety report number under its field', () => {
    const clinical = { ...draft.clinical, patientSafety: true, safetyReportRef: 'S'.repeat(101) };
    expect(deskProblems({ ...draft, clinical })).toEqual({
      'clinical.safetyReportRef':
        'Safety report number is too long (at most 100 characters): please remove 1 character',
    });
  });

  it('sends the caller’s place, the answers and the resolution as the server takes them', () => {
    const body = deskTicketBody({
      ...draft,
      resolveNow: true,
      resolution: { code: 'answered_how_to', note: ' Done ' },
    });
    expect(openTicketBody.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({
      channel: 'phone',
      requesterId: caller.id,
      unitId: caller.unitId,
      assignToMe: true,
      resolveNow: { code: 'answered_how_to', note: 'Done' },
    });
  });
});
