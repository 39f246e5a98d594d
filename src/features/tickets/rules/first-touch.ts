// First-touch resolution for the non-live channels (DOMAIN.md): "resolved by the desk's first public response, with
// no further contact needed from the requester, no escalation, and not reopened within 7 days. Reported beside FCR,
// never added into it." Pure: a function of the ticket's history, so reports can apply it to any set of tickets.
// Never self-reported: every fact comes from recorded events.
import type { Tier } from '../../../domain/vocabulary.ts';
import { isStaff, type Role } from '../../../platform/auth/roles.ts';
import { REOPEN_HORIZON_MS } from './fcr.ts';
import type { Channel } from './vocabulary.ts';

/** The channels first-touch resolution is measured on; live channels are FCR's. */
export const FIRST_TOUCH_CHANNELS: readonly Channel[] = ['portal', 'email'];

/** One recorded event of a ticket's history, as first-touch resolution reads it. */
export type FirstTouchEvent =
  /** A public reply: by a person at the desk, or by the requester (or someone on their behalf). */
  | { at: Date; kind: 'public_reply'; by: 'desk' | 'requester' }
  /** Resolved (the resolution note is a public message to the requester). */
  | { at: Date; kind: 'resolved' }
  | { at: Date; kind: 'reopened' }
  /** Sent to another tier (Tier 2, Tier 3, a vendor). A reassignment within Tier 1-Plus is not an escalation. */
  | { at: Date; kind: 'escalated' }
  /** The desk put the ticket in "waiting on requester": it needed something more from them. */
  | { at: Date; kind: 'waiting_on_requester' }
  | { at: Date; kind: 'callback_requested' }
  /** A live contact (call, chat, walk-up) from the requester about this ticket. */
  | { at: Date; kind: 'requester_contact' };

export type FirstTouchHistory = { channel: Channel; events: readonly FirstTouchEvent[] };

export type FirstTouchVerdict = {
  /** In the first-touch denominator: opened through the portal or by email. */
  nonLiveChannel: boolean;
  firstTouch: boolean;
  /** When the desk's first public response was (a reply, or the resolution itself); null if none yet. */
  firstResponseAt: Date | null;
  reasons: string[];
};

export function firstTouch(h: FirstTouchHistory): FirstTouchVerdict {
  const events = [...h.events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const reasons: string[] = [];
  const nonLiveChannel = FIRST_TOUCH_CHANNELS.includes(h.channel);
  if (!nonLiveChannel) reasons.push(`opened by ${h.channel.replace('_', '-')}, a live contact (counted in FCR)`);

  const resolved = events.find((e) => e.kind === 'resolved')?.at ?? null;
  const deskReplies = events.filter((e) => e.kind === 'public_reply' && e.by === 'desk');
  const candidates = [deskReplies[0]?.at, resolved].filter((d): d is Date => d instanceof Date);
  const firstResponseAt = candidates.sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  if (!resolved) reasons.push('not resolved');
  const until = resolved?.getTime() ?? Number.POSITIVE_INFINITY;
  const upToResolution = events.filter((e) => e.at.getTime() <= until);

  if (resolved && firstResponseAt) {
    // A second desk reply before the resolution: the first one did not settle it.
    if (deskReplies.filter((e) => e.at.getTime() < until).length > 1)
      reasons.push('the desk needed more than one reply');
    const answeredAt = firstResponseAt.getTime();
    const cameBack = upToResolution.some(
      (e) =>
        // Writing back after the answer, or having to call about it at any point before it was resolved.
        (e.kind === 'public_reply' && e.by === 'requester' && e.at.getTime() > answeredAt) ||
        e.kind === 'requester_contact',
    );
    if (cameBack) reasons.push('the requester had to get back in touch');
  }
  if (upToResolution.some((e) => e.kind === 'waiting_on_requester')) {
    reasons.push('waited on the requester for more information');
  }
  if (upToResolution.some((e) => e.kind === 'callback_requested')) reasons.push('needed a callback');
  if (events.some((e) => e.kind === 'escalated')) reasons.push('escalated');
  if (resolved && events.some((e) => e.kind === 'reopened' && e.at.getTime() - until <= REOPEN_HORIZON_MS)) {
    reasons.push('reopened within 7 days');
  }
  return { nonLiveChannel, firstTouch: reasons.length === 0, firstResponseAt, reasons };
}

/** What the recorded history holds, in plain shapes (the ticket's activity, comments and tier hand-offs). */
export type RecordedHistory = {
  channel: Channel;
  activity: readonly { at: Date; kind: string; data: Record<string, unknown> }[];
  comments: readonly { at: Date; visibility: string; by: 'desk' | 'requester' | 'other' }[];
  handoffs: readonly { at: Date; kind: string; toTier: Tier }[];
};

/** The first-touch events of a ticket's recorded history. */
export function firstTouchHistoryOf(r: RecordedHistory): FirstTouchHistory {
  const events: FirstTouchEvent[] = [];
  for (const c of r.comments) {
    if (c.visibility === 'public' && c.by !== 'other') events.push({ at: c.at, kind: 'public_reply', by: c.by });
  }
  for (const h of r.handoffs) {
    if (h.kind === 'escalate' || h.toTier !== 'tier1') events.push({ at: h.at, kind: 'escalated' });
  }
  for (const a of r.activity) {
    if (a.kind === 'resolved' || a.kind === 'reopened' || a.kind === 'callback_requested') {
      events.push({ at: a.at, kind: a.kind });
    } else if (a.kind === 'status' && a.data.to === 'pending_requester') {
      events.push({ at: a.at, kind: 'waiting_on_requester' });
    } else if (a.kind === 'linked' && a.data.relation === 'linked') {
      events.push({ at: a.at, kind: 'requester_contact' });
    }
  }
  return { channel: r.channel, events };
}

/** Whose side a comment's author is on: the desk's people, the requester's, or neither (a vendor, an integration). */
export function sideOfRole(role: Role | null): 'desk' | 'requester' | 'other' {
  if (role === 'requester') return 'requester';
  return role && isStaff(role) ? 'desk' : 'other';
}
