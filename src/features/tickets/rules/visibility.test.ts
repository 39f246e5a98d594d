import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStaff, ROLES } from '../../../platform/auth/roles.ts';
import {
  canSeeTicket,
  commentThread,
  fieldsNotAllowed,
  seesComment,
  seesInternalNotes,
  seesPhi,
  type Viewer,
} from './visibility.ts';
import { COMMENT_VISIBILITIES } from './vocabulary.ts';

const ticket = {
  requesterId: 'p-rosa',
  openedByUserId: 'u-rosa',
  unitId: 'unit-4w',
  providerIds: ['prov-desk', 'prov-ehr'],
};
const base: Viewer = {
  userId: 'u-x',
  role: 'requester',
  personId: 'p-x',
  unitId: null,
  superUser: false,
  providerOrgId: null,
};

describe('ticket visibility', () => {
  it('lets a nurse see her own ticket, not a colleague’s', () => {
    expect(canSeeTicket({ ...base, userId: 'u-rosa', personId: 'p-rosa' }, ticket)).toBe(true);
    expect(canSeeTicket({ ...base, unitId: 'unit-4w' }, ticket)).toBe(false);
  });

  it('lets a unit super-user see their unit’s tickets', () => {
    expect(canSeeTicket({ ...base, unitId: 'unit-4w', superUser: true }, ticket)).toBe(true);
    expect(canSeeTicket({ ...base, unitId: 'unit-5e', superUser: true }, ticket)).toBe(false);
  });

  it('lets a vendor engineer see only tickets escalated to their provider, without PHI', () => {
    expect(canSeeTicket({ ...base, role: 'vendor', providerOrgId: 'prov-ehr' }, ticket)).toBe(true);
    expect(canSeeTicket({ ...base, role: 'vendor', providerOrgId: 'prov-other' }, ticket)).toBe(false);
    expect(canSeeTicket({ ...base, role: 'vendor', providerOrgId: null }, ticket)).toBe(false);
    expect(seesPhi({ role: 'vendor' })).toBe(false);
  });

  it('lets every desk role see every ticket', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES.filter(isStaff)), (role) => {
        expect(canSeeTicket({ ...base, role }, ticket)).toBe(true);
      }),
    );
  });

  it('lets requesters answer questions but not set priority, channel or resolution; vendors change status only', () => {
    expect(fieldsNotAllowed('requester', 'open', ['summary', 'patientCareAffected', 'impact', 'channel'])).toEqual([
      'impact',
      'channel',
    ]);
    expect(fieldsNotAllowed('agent', 'open', ['impact', 'resolveNow'])).toEqual([]);
    expect(fieldsNotAllowed('vendor', 'update', ['version', 'status', 'assigneeId'])).toEqual(['assigneeId']);
    expect(fieldsNotAllowed('analyst', 'update', ['assigneeId', 'impact'])).toEqual([]);
  });
});

describe('comment threads', () => {
  it('lets the desk read every thread, a requester the public one and a vendor the shared one', () => {
    expect(COMMENT_VISIBILITIES.filter((v) => seesComment({ role: 'agent' }, v))).toEqual([
      'public',
      'internal',
      'vendor',
    ]);
    expect(COMMENT_VISIBILITIES.filter((v) => seesComment({ role: 'requester' }, v))).toEqual(['public']);
    expect(COMMENT_VISIBILITIES.filter((v) => seesComment({ role: 'vendor' }, v))).toEqual(['vendor']);
    expect(seesInternalNotes({ role: 'vendor' })).toBe(false);
  });

  it('puts a vendor’s words on the shared thread and the desk’s "to vendor" only where a provider held the ticket', () => {
    expect(commentThread('vendor', undefined, true)).toEqual({ ok: true, visibility: 'vendor' });
    expect(commentThread('vendor', 'internal', true)).toMatchObject({ ok: false, forbidden: true });
    expect(commentThread('requester', undefined, true)).toEqual({ ok: true, visibility: 'public' });
    expect(commentThread('requester', 'vendor', true)).toMatchObject({ ok: false, forbidden: true });
    expect(commentThread('agent', undefined, false)).toEqual({ ok: true, visibility: 'public' });
    expect(commentThread('agent', 'vendor', false)).toMatchObject({ ok: false, forbidden: false });
    expect(commentThread('analyst', 'vendor', true)).toEqual({ ok: true, visibility: 'vendor' });
  });
});
