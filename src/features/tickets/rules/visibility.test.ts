import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStaff, ROLES } from '../../../platform/auth/roles.ts';
import { seesPhi } from './policy.ts';
import { canSeeTicket, type Viewer } from './visibility.ts';

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
});
