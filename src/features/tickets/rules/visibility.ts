// Who may see which ticket. Desk staff see all; a requester sees their own tickets (and their unit's when a
// super-user); a vendor engineer sees only tickets escalated to their provider. The store's SQL filter mirrors this.
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

/** Vendors never see PHI: free text is masked for them, and attachments are withheld. */
export function seesPhi(v: Pick<Viewer, 'role'>): boolean {
  return isStaff(v.role) || v.role === 'requester';
}

/** Requesters see public replies only. */
export function seesInternalNotes(v: Pick<Viewer, 'role'>): boolean {
  return v.role !== 'requester';
}

/** Fields only the desk sets when opening: requesters answer questions; priority and channel follow from them. */
export const DESK_ONLY_OPEN_FIELDS = ['channel', 'impact', 'urgency', 'assignToMe', 'resolveNow'] as const;
/** What a vendor engineer may change on a ticket escalated to them. */
export const VENDOR_UPDATE_FIELDS: readonly string[] = ['version', 'status', 'resolution'];

/** The fields in `sent` that this role may not set (empty when all are allowed). */
export function fieldsNotAllowed(role: Viewer['role'], action: 'open' | 'update', sent: string[]): string[] {
  if (action === 'open')
    return isStaff(role) ? [] : sent.filter((k) => (DESK_ONLY_OPEN_FIELDS as readonly string[]).includes(k));
  return role === 'vendor' ? sent.filter((k) => !VENDOR_UPDATE_FIELDS.includes(k)) : [];
}
