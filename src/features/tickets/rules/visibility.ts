// Who may see which ticket. Desk staff see all; a requester sees their own tickets (and their unit's when a
// super-user); a vendor engineer sees only tickets escalated to their provider. The store's SQL filter mirrors this.
import { isStaff, type Role } from '../../../platform/auth/roles.ts';
import type { CommentVisibility } from './vocabulary.ts';

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

/** Internal notes are the hospital's: desk staff only (not requesters, not vendors). */
export function seesInternalNotes(v: Pick<Viewer, 'role'>): boolean {
  return isStaff(v.role);
}

/** Who held the ticket and why (tier history): the desk, and the vendor it was handed to (PHI masked). */
export function seesTierHistory(v: Pick<Viewer, 'role'>): boolean {
  return v.role !== 'requester';
}

/** Desk staff read every thread; a requester the public one; a vendor only the thread shared with it. */
export function seesComment(v: Pick<Viewer, 'role'>, visibility: CommentVisibility): boolean {
  if (isStaff(v.role)) return true;
  return visibility === (v.role === 'vendor' ? 'vendor' : 'public');
}

/**
 * Which thread a new comment goes on, or why it may not: requesters write public replies, vendors write on the
 * shared thread, and the desk writes "to vendor" only on a ticket an outside provider holds or held.
 */
export function commentThread(
  role: Viewer['role'],
  asked: CommentVisibility | undefined,
  heldByOutsideProvider: boolean,
): { ok: true; visibility: CommentVisibility } | { ok: false; reason: string; forbidden: boolean } {
  if (role === 'requester') {
    return asked === undefined || asked === 'public'
      ? { ok: true, visibility: 'public' }
      : { ok: false, reason: 'Requesters add public replies only.', forbidden: true };
  }
  if (role === 'vendor') {
    return asked === undefined || asked === 'vendor'
      ? { ok: true, visibility: 'vendor' }
      : { ok: false, reason: "Vendor replies go on the thread shared with the hospital's desk.", forbidden: true };
  }
  if (asked === 'vendor' && !heldByOutsideProvider)
    return {
      ok: false,
      reason: 'This ticket has not been escalated to a vendor or outside provider, so there is no one to reply to.',
      forbidden: false,
    };
  return { ok: true, visibility: asked ?? 'public' };
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
