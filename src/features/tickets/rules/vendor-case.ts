// The vendor's case state while their provider holds a ticket (issue 16, docs/vendors.md). Pure.
//
// Only an engineer of the provider that holds the ticket now moves its case: "working", "needs information from
// the hospital", "fix proposed", "fix released in version X" (the version is required), or "returned to desk" with
// a reason, which is the hand-back itself (the ticket leaves the provider and the state is cleared). Desk staff never
// set the vendor's states: the vendor's word is the vendor's. The one move the desk makes is implicit — answering
// on the shared thread while the vendor waits for information puts the case back to "working" (`afterDeskReply`).
import type { Role } from '../../../platform/auth/roles.ts';
import type { Status } from './vocabulary.ts';

export const VENDOR_STATES = ['working', 'needs_info', 'fix_proposed', 'fix_released'] as const;
export type VendorState = (typeof VENDOR_STATES)[number];
/** What a vendor may ask for: a stored state, or handing the ticket back to the desk. */
export const VENDOR_MOVES = [...VENDOR_STATES, 'returned'] as const;
export type VendorMove = (typeof VENDOR_MOVES)[number];

export const VENDOR_STATE_LABELS: Record<VendorMove, string> = {
  working: 'Working on it',
  needs_info: 'Needs information from the hospital',
  fix_proposed: 'Fix proposed',
  fix_released: 'Fix released',
  returned: 'Returned to desk',
};

/** A fix version: letters, digits and . _ - + / only (it travels to the desk as a label, never free text). */
export const FIX_VERSION = /^[A-Za-z0-9][A-Za-z0-9._+\-/ ]{0,39}$/;

export type VendorCaseFacts = {
  status: Status;
  /** The provider that holds the ticket now (null: the hospital's own tiers). */
  providerId: string | null;
  vendorState: VendorState | null;
  vendorFixVersion: string | null;
};

export type VendorMoveRequest = {
  role: Role;
  /** The actor's provider (vendors only). */
  providerOrgId: string | null;
  to: VendorMove;
  version?: string | null;
  reason?: string | null;
};

export type VendorVerdict =
  | { ok: true; move: VendorMove; state: VendorState | null; version: string | null }
  | { ok: false; kind: 'forbidden' | 'conflict' | 'invalid'; field?: string; reason: string };

const no = (kind: 'forbidden' | 'conflict' | 'invalid', reason: string, field?: string): VendorVerdict => ({
  ok: false,
  kind,
  reason,
  ...(field ? { field } : {}),
});

/** Whether a ticket is still worked (a resolved or closed ticket has no vendor case to move). */
const worked = (s: Status) => s !== 'resolved' && s !== 'closed';

export function decideVendorMove(t: VendorCaseFacts, r: VendorMoveRequest): VendorVerdict {
  if (r.role !== 'vendor') return no('forbidden', "Only the vendor's engineers set the vendor's case state.");
  if (!r.providerOrgId || t.providerId !== r.providerOrgId)
    return no('forbidden', 'Your company does not hold this ticket now, so its case state is not yours to change.');
  if (!worked(t.status)) return no('conflict', `This ticket is ${t.status}: there is no open case to update.`);
  const version = r.version?.trim() || null;
  const reason = r.reason?.trim() || null;
  if (r.to === 'fix_released') {
    if (!version) return no('invalid', 'Say which version the fix was released in.', 'body.version');
    if (!FIX_VERSION.test(version))
      return no('invalid', 'A version is up to 40 letters, digits, dots or dashes (e.g. 4.2.1).', 'body.version');
    if (t.vendorState === 'fix_released' && t.vendorFixVersion === version)
      return no('conflict', `The fix is already recorded as released in version ${version}.`);
    return { ok: true, move: r.to, state: 'fix_released', version };
  }
  if (version) return no('invalid', 'A version goes only with "fix released".', 'body.version');
  if (r.to === 'returned') {
    if (!reason || reason.length < 3)
      return no('invalid', 'Say why the ticket goes back to the desk (at least a few words).', 'body.reason');
    return { ok: true, move: 'returned', state: null, version: null };
  }
  if ((t.vendorState ?? null) === r.to) return no('conflict', `The case is already "${VENDOR_STATE_LABELS[r.to]}".`);
  return { ok: true, move: r.to, state: r.to, version: null };
}

/** The desk answered on the shared thread: a case waiting for the hospital's information is worked again. */
export function afterDeskReply(state: VendorState | null): VendorState | null {
  return state === 'needs_info' ? 'working' : state;
}

/** What the desk is asked to do about a case state, if anything. */
export function deskCueOf(state: VendorState | null): 'answer_vendor' | 'confirm_fix' | null {
  if (state === 'needs_info') return 'answer_vendor';
  if (state === 'fix_proposed' || state === 'fix_released') return 'confirm_fix';
  return null;
}

/** The moves the ticket page offers this viewer now (each one the server accepts, given a version or a reason). */
export function vendorMovesFor(t: VendorCaseFacts, v: { role: Role; providerOrgId: string | null }): VendorMove[] {
  return VENDOR_MOVES.filter((to) => {
    const verdict = decideVendorMove(t, { ...v, to, version: to === 'fix_released' ? 'next' : null, reason: 'why' });
    return verdict.ok;
  });
}

// ── The vendor's queue ──────────────────────────────────────────────────────────────────────────────────────────

/** A contract clock as the queue orders by it (the stored record's parts that matter). */
export type QueueClock = {
  providerId: string;
  to: number | null;
  response: { dueAt: number | null; breachedAt: number | null; state: string };
  resolution: { dueAt: number | null; breachedAt: number | null; state: string };
};

/** The provider's running contract clock on a ticket it holds: the last holding period still open. */
export function currentClockOf<C extends QueueClock>(records: readonly C[], providerId: string): C | null {
  return records.findLast((c) => c.providerId === providerId && c.to === null) ?? null;
}

/** When the provider's clock is due (the sooner of its running clocks) and when it breached, if it did. */
export function urgencyOf(c: QueueClock | null): { breachedAt: number | null; dueAt: number | null } {
  if (!c) return { breachedAt: null, dueAt: null };
  const breaches = [c.response.breachedAt, c.resolution.breachedAt].filter((x): x is number => x !== null);
  const dues = [c.response, c.resolution]
    .filter((k) => k.state === 'running' && k.dueAt !== null)
    .map((k) => k.dueAt as number);
  return {
    breachedAt: breaches.length ? Math.min(...breaches) : null,
    dueAt: dues.length ? Math.min(...dues) : null,
  };
}

/** The queue's order: breached first (longest breached first), then soonest due, then clocks that stand still or
 *  tickets without a contract, oldest ticket first; the ticket number breaks ties so the order is total. */
export function byContractClock(
  a: { clock: QueueClock | null; createdAt: number; number: number },
  b: { clock: QueueClock | null; createdAt: number; number: number },
): number {
  const ua = urgencyOf(a.clock);
  const ub = urgencyOf(b.clock);
  const rank = (u: typeof ua) => (u.breachedAt !== null ? 0 : u.dueAt !== null ? 1 : 2);
  const ra = rank(ua);
  const rb = rank(ub);
  if (ra !== rb) return ra - rb;
  if (ra === 0 && ua.breachedAt !== ub.breachedAt) return ua.breachedAt! - ub.breachedAt!;
  if (ra === 1 && ua.dueAt !== ub.dueAt) return ua.dueAt! - ub.dueAt!;
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.number - b.number;
}
