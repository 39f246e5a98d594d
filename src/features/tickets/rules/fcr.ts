// First-contact resolution and Level-1 resolution, derived from the ticket's history (DOMAIN.md), never a checkbox.
// FCR: opened by a live contact (at the elbow during a go-live too: FIRST_CONTACT_CHANNELS), resolved during that contact by the first agent, no escalation, no transfer to
// another agent, no callback, and not reopened within 7 days.
import type { Tier } from '../../../domain/vocabulary.ts';
import { type Channel, FIRST_CONTACT_CHANNELS, type ResolutionCode } from './vocabulary.ts';

export type HistoryFacts = {
  channel: Channel;
  openedById: string | null;
  createdAt: Date;
  resolvedById: string | null;
  /** The first time it was resolved (a reopen does not move it). */
  firstResolvedAt: Date | null;
  handoffs: { kind: 'assign' | 'escalate' | 'transfer' | 'return'; toTier: Tier; toUserId: string | null }[];
  callbackRequested: boolean;
  reopenedAt: Date[];
  /** Whether the resolution category counts for net FCR (hardware replacement and access approvals do not). */
  firstContactResolvable: boolean;
  /**
   * The live contact (call) that opened the ticket, when one is recorded: its end (wrap-up done, else the call's end;
   * null while it lasts) replaces the contact-window proxy, and a transferred call is not first-contact.
   */
  openingContact?: { endedAt: Date | null; transfers: number } | null;
};

/**
 * How long "the first contact" lasts when no contact record says otherwise: an agent who opens and resolves a
 * ticket within this time on a live channel resolved it on that contact. Replaced by real contact times later.
 */
export const CONTACT_WINDOW_MS = 30 * 60_000;
export const REOPEN_HORIZON_MS = 7 * 86_400_000;

/** Categories no agent can finish on a call (DOMAIN.md: hardware replacement, access approvals); net FCR leaves them out. */
export const NOT_FIRST_CONTACT_RESOLVABLE: readonly ResolutionCode[] = ['hardware_replaced', 'access_granted'];

/** Left Tier 1-Plus: an escalation, or any hand-off to another tier. */
export function escalated(handoffs: readonly { kind: string; toTier: string }[]): boolean {
  return handoffs.some((x) => x.kind === 'escalate' || x.toTier !== 'tier1');
}

/** Reopened within 7 days of its first resolution. */
export function reopenedWithinHorizon(firstResolvedAt: Date | null, reopenedAt: readonly Date[]): boolean {
  if (!firstResolvedAt) return false;
  return reopenedAt.some((r) => r.getTime() - firstResolvedAt.getTime() <= REOPEN_HORIZON_MS);
}

export function firstContactResolvable(code: ResolutionCode | null): boolean {
  return code === null || !NOT_FIRST_CONTACT_RESOLVABLE.includes(code);
}

export type FirstContactVerdict = {
  /** In the FCR denominator: opened by a live contact (phone, chat, walk-up, or at the elbow during a go-live). */
  liveContact: boolean;
  fcr: boolean;
  /** FCR, counting only categories that are first-contact resolvable (net FCR's numerator). */
  netEligible: boolean;
  level1: boolean;
  reasons: string[];
};

export function firstContact(h: HistoryFacts, contactWindowMs = CONTACT_WINDOW_MS): FirstContactVerdict {
  const reasons: string[] = [];
  const liveContact = FIRST_CONTACT_CHANNELS.includes(h.channel);
  if (!liveContact) reasons.push(`opened by ${h.channel}, not a live contact`);
  if (!h.firstResolvedAt) reasons.push('not resolved');
  const contactEnd = h.openingContact ? h.openingContact.endedAt : new Date(h.createdAt.getTime() + contactWindowMs);
  if (h.firstResolvedAt && contactEnd && h.firstResolvedAt.getTime() > contactEnd.getTime()) {
    reasons.push('resolved after the first contact ended');
  }
  if (h.resolvedById && h.openedById && h.resolvedById !== h.openedById) reasons.push('resolved by another agent');
  if (escalated(h.handoffs)) reasons.push('escalated');
  if (h.handoffs.some((x) => x.kind === 'transfer' || (x.toUserId && x.toUserId !== h.openedById))) {
    reasons.push('transferred to another agent');
  } else if (h.openingContact && h.openingContact.transfers > 0) reasons.push('transferred to another agent');
  if (h.callbackRequested) reasons.push('needed a callback');
  if (reopenedWithinHorizon(h.firstResolvedAt, h.reopenedAt)) reasons.push('reopened within 7 days');
  const fcr = reasons.length === 0;
  const level1 = h.firstResolvedAt !== null && h.handoffs.every((x) => x.toTier === 'tier1');
  return { liveContact, fcr, netEligible: h.firstContactResolvable, level1, reasons };
}
