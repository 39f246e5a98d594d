// The ticket's status workflow, as one pure state machine.
// new → in progress → pending (requester | vendor | change) → resolved → closed; reopen from resolved within a window.
import { PENDING_STATUSES, type Status } from './vocabulary.ts';

const ALLOWED: Record<Status, readonly Status[]> = {
  new: ['in_progress', ...PENDING_STATUSES, 'resolved'],
  in_progress: [...PENDING_STATUSES, 'resolved'],
  pending_requester: ['in_progress', 'pending_vendor', 'pending_change', 'resolved'],
  pending_vendor: ['in_progress', 'pending_requester', 'pending_change', 'resolved'],
  pending_change: ['in_progress', 'pending_requester', 'pending_vendor', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
};

export const DEFAULT_REOPEN_WINDOW_DAYS = 7;

export type TransitionInput = {
  from: Status;
  to: Status;
  resolvedAt: Date | null;
  now: Date;
  reopenWindowDays?: number;
  resolution?: { code?: string | null; note?: string | null };
};

export type TransitionResult = { ok: true; reopen: boolean } | { ok: false; reason: string };

export function transition(t: TransitionInput): TransitionResult {
  if (t.from === t.to) return { ok: false, reason: `The ticket is already ${label(t.to)}.` };
  if (!ALLOWED[t.from].includes(t.to)) {
    return { ok: false, reason: `A ${label(t.from)} ticket cannot become ${label(t.to)}.` };
  }
  if (t.to === 'resolved' && (!t.resolution?.code || !t.resolution.note?.trim())) {
    return { ok: false, reason: 'Resolving needs a resolution code and a note saying what fixed it.' };
  }
  const reopen = t.from === 'resolved' && t.to === 'in_progress';
  if (reopen) {
    const windowDays = t.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
    const since = t.resolvedAt ? t.now.getTime() - t.resolvedAt.getTime() : 0;
    if (since > windowDays * 86_400_000) {
      return { ok: false, reason: `It was resolved more than ${windowDays} days ago; open a new ticket and link it.` };
    }
  }
  return { ok: true, reopen };
}

export function allowedNext(from: Status): readonly Status[] {
  return ALLOWED[from];
}

export function isOpen(s: Status): boolean {
  return s !== 'resolved' && s !== 'closed';
}

export function label(s: Status): string {
  return s.replace('_', ' ').replace('pending ', 'pending ');
}

/** What reopening a resolved ticket changes: back in progress, one more reopen, its resolution's time and author
 *  cleared (the code and note stay, as the previous resolution). */
export function reopening(t: { reopenCount: number }) {
  return { status: 'in_progress', reopenCount: t.reopenCount + 1, resolvedAt: null, resolvedById: null } as const;
}
