// The ticket policy: may this viewer do this to this ticket, and which actions the ticket page offers (as Outline's
// server/policies and presentPolicies). Pure. The services ask the `authorize*` functions, which throw the typed
// error the API answers with; `ticketActions` answers from the same predicates, so a screen offers only what the
// server accepts. Which tickets a viewer sees at all is visibility.ts (and its SQL twin in queue-store.ts).
import type { Tier } from '../../../domain/vocabulary.ts';
import { can, isStaff, type Role } from '../../../platform/auth/roles.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../../platform/errors.ts';
import { allowedNext, isOpen, transition } from './lifecycle.ts';
import { canSeeTicket, type Viewer, type VisibleFacts } from './visibility.ts';
import { type CommentVisibility, formatTicketNumber, type Status } from './vocabulary.ts';

/** What the policy reads of a ticket. */
export type TicketFacts = VisibleFacts & {
  status: Status;
  resolvedAt: Date | null;
  assigneeId: string | null;
  /** The provider that holds the ticket now (absent: unknown, as none). */
  providerId?: string | null;
};

/**
 * A vendor engineer moves a ticket along (status, resolution, hand-on) only while their provider holds it now: once it
 * went back to the hospital they still read it, and write on the shared thread, but it is the desk's to work.
 */
export function vendorMayMove(v: Pick<Viewer, 'role' | 'providerOrgId'>, t: { providerId?: string | null }): boolean {
  return v.role !== 'vendor' || (v.providerOrgId !== null && t.providerId === v.providerOrgId);
}

export function authorizeVendorMove(
  v: Pick<Viewer, 'role' | 'providerOrgId'>,
  t: { providerId?: string | null },
): void {
  if (!vendorMayMove(v, t))
    throw new Forbidden("Your company no longer holds this ticket: the hospital's desk works it now.");
}

// ── What a viewer reads on a ticket they see: PHI, threads, tier history ─────────────────────────────────────────

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

// ── Reading ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** A ticket the viewer may not see answers as if it did not exist. */
export function authorizeRead<T extends VisibleFacts>(v: Viewer, t: T | undefined, number: number): T {
  if (!t || !canSeeTicket(v, t))
    throw new NotFound(`There is no ticket ${formatTicketNumber(number)} that you can see.`);
  return t;
}

// ── Opening and changing: which fields each role sets ────────────────────────────────────────────────────────────

/** Fields only the desk sets when opening: requesters answer questions; priority and channel follow from them. */
export const DESK_ONLY_OPEN_FIELDS = ['channel', 'impact', 'urgency', 'assignToMe', 'resolveNow'] as const;
/** What a vendor engineer may change on a ticket escalated to them. */
export const VENDOR_UPDATE_FIELDS: readonly string[] = ['version', 'status', 'resolution'];

/** The fields in `sent` that this role may not set (empty when all are allowed). */
export function fieldsNotAllowed(role: Role, action: 'open' | 'update', sent: string[]): string[] {
  if (action === 'open')
    return isStaff(role) ? [] : sent.filter((k) => (DESK_ONLY_OPEN_FIELDS as readonly string[]).includes(k));
  return role === 'vendor' ? sent.filter((k) => !VENDOR_UPDATE_FIELDS.includes(k)) : [];
}

export function authorizeOpen(role: Role, sent: string[]): void {
  const used = fieldsNotAllowed(role, 'open', sent);
  if (used.length) throw new Forbidden(`Only the service desk sets ${used.join(', ')}.`);
}

export function authorizeUpdate(role: Role, sent: string[]): void {
  const extra = fieldsNotAllowed(role, 'update', sent);
  if (extra.length)
    throw new Forbidden(`Vendor engineers may change status and resolution only, not ${extra.join(', ')}.`);
}

/**
 * Whom a new ticket is for: the desk names the person who needs help; anyone else asks for themselves, or a
 * super-user for someone on their own unit. `named` is the directory person `requested` names, when there is one.
 */
export function requesterFor(
  v: Viewer,
  requested: string | undefined,
  named: { unitId: string | null } | undefined,
): string {
  if (isStaff(v.role)) {
    if (!requested) throw new Invalid('Say who needs help.', [{ field: 'body.requesterId', message: 'is required' }]);
    return requested;
  }
  if (!v.personId) {
    throw new Invalid('Your account is not linked to a person in the directory. Please call the service desk.');
  }
  if (!requested || requested === v.personId) return v.personId;
  if (v.superUser && named && named.unitId === v.unitId) return requested;
  throw new Forbidden('You can open tickets for yourself, or for people on your unit when you are a super-user.');
}

/** Who may hold a ticket: an active desk account; a vendor engineer only when it is escalated to the vendor tier. */
export function mayHold(account: { role: Role; disabledAt: Date | null }, escalatedTo?: Tier): boolean {
  if (account.disabledAt) return false;
  return isStaff(account.role) || (escalatedTo === 'vendor' && account.role === 'vendor');
}

// ── Writing on a thread ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Which thread a new comment goes on, or why it may not: requesters write public replies, vendors write on the
 * shared thread, and the desk writes "to vendor" only on a ticket an outside provider holds or held.
 */
export function commentThread(
  role: Role,
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

/** The thread a comment goes on; refused on the wrong thread (403, or 400 with nobody to read it) or a closed ticket. */
export function authorizeComment(
  v: Viewer,
  t: Pick<TicketFacts, 'status'>,
  asked: CommentVisibility | undefined,
  heldByOutsideProvider: boolean,
): CommentVisibility {
  const thread = commentThread(v.role, asked, heldByOutsideProvider);
  if (!thread.ok) {
    if (thread.forbidden) throw new Forbidden(thread.reason);
    throw new Invalid(thread.reason, [{ field: 'body.visibility', message: 'no outside provider on this ticket' }]);
  }
  if (t.status === 'closed') throw new Conflict('The ticket is closed; open a new one and link it.');
  return thread.visibility;
}

/** The threads a viewer may write on now, the default first: the desk's "to vendor" once an outside provider is on it. */
function threadsFor(v: Viewer, t: Pick<TicketFacts, 'status'>, heldByOutsideProvider: boolean): CommentVisibility[] {
  if (!can(v.role, 'tickets:comment') || t.status === 'closed') return [];
  if (v.role === 'requester') return ['public'];
  if (v.role === 'vendor') return ['vendor'];
  return ['public', 'internal', ...(heldByOutsideProvider ? (['vendor'] as const) : [])];
}

// ── The requester's answer, escalation ───────────────────────────────────────────────────────────────────────────

/** The person who asked for help (or opened it for themselves). */
function asked(v: Viewer, t: TicketFacts): boolean {
  return v.personId === t.requesterId || t.openedByUserId === v.userId;
}

/** "Did this fix it?" is the requester's to answer, on a resolved ticket; "no" only within the reopen window. */
export function authorizeConfirm(v: Viewer, t: TicketFacts, fixed: boolean, now: Date): 'closed' | 'in_progress' {
  if (!asked(v, t)) throw new Forbidden('Only the person who asked for help confirms the fix.');
  if (t.status !== 'resolved') throw new Conflict('Only a resolved ticket can be confirmed or reopened.');
  const to = fixed ? 'closed' : 'in_progress';
  const verdict = transition({ from: 'resolved', to, resolvedAt: t.resolvedAt, now });
  if (!verdict.ok) throw new Conflict(verdict.reason);
  return to;
}

/** Only an open ticket is handed on: a resolved or closed one is reopened first. */
export function authorizeEscalation(t: Pick<TicketFacts, 'status'>): void {
  if (!isOpen(t.status)) throw new Conflict(`${t.status} tickets cannot be escalated; reopen it first.`);
}

// ── What the ticket page offers ──────────────────────────────────────────────────────────────────────────────────

export type TicketActions = {
  /** The Actions panel: change status, link, attach (and the console's shortcuts). */
  work: boolean;
  assignToMe: boolean;
  resolve: boolean;
  escalate: boolean;
  /** The threads the viewer may write on now, the default first; none once the ticket is closed. */
  comment: CommentVisibility[];
  /** Answer "Did this fix it?". */
  confirmFix: boolean;
  readTimeline: boolean;
  downloadAttachments: boolean;
  /** Use knowledge articles on the ticket (the assist panel). */
  useKnowledge: boolean;
};

/** The statuses a viewer may move the ticket to: the workflow's next steps, for those who work tickets. */
export function statusesFor(v: Viewer, t: Pick<TicketFacts, 'status' | 'providerId'>): Status[] {
  return can(v.role, 'tickets:work') && vendorMayMove(v, t) ? [...allowedNext(t.status)] : [];
}

/** What the ticket page offers this viewer (who sees the ticket): each one is accepted by the server. */
export function ticketActions(v: Viewer, t: TicketFacts, heldByOutsideProvider: boolean): TicketActions {
  const work = can(v.role, 'tickets:work');
  const open = isOpen(t.status);
  return {
    work,
    assignToMe:
      work && open && t.assigneeId !== v.userId && fieldsNotAllowed(v.role, 'update', ['assigneeId']).length === 0,
    resolve: statusesFor(v, t).includes('resolved'),
    escalate: work && open && vendorMayMove(v, t),
    comment: threadsFor(v, t, heldByOutsideProvider),
    confirmFix: can(v.role, 'tickets:comment') && asked(v, t) && t.status === 'resolved',
    readTimeline: can(v.role, 'tickets:read-internal'),
    downloadAttachments: can(v.role, 'attachments:download') && seesPhi(v),
    useKnowledge: work && can(v.role, 'knowledge:write'),
  };
}
