// Who may see which ticket. Desk staff see all; a requester sees their own tickets (and their unit's when a
// super-user); a vendor engineer sees only tickets escalated to their provider. The queue's SQL filter
// (queue-store.ts `visibleTo`) says the same; visibility-agrees.test.ts checks both give the same tickets on a real
// database. What a viewer may read and do on a ticket they see is policy.ts.
import { isStaff, type Role } from '../../../platform/auth/roles.ts';

export type Viewer = {
  userId: string;
  role: Role;
  personId: string | null;
  unitId: string | null;
  superUser: boolean;
  providerOrgId: string | null;
};

export type VisibleFacts = {
  requesterId: string;
  openedByUserId: string | null;
  unitId: string | null;
  providerIds: string[];
};

export function canSeeTicket(v: Viewer, t: VisibleFacts): boolean {
  if (isStaff(v.role)) return true;
  if (v.role === 'vendor') return v.providerOrgId !== null && t.providerIds.includes(v.providerOrgId);
  if (v.personId && t.requesterId === v.personId) return true;
  if (t.openedByUserId === v.userId) return true;
  return v.superUser && v.unitId !== null && t.unitId === v.unitId;
}
