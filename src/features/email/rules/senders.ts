// Senders whose mail never becomes a ticket or a comment: a vendor engineer (role vendor, bound to a provider) works
// the hospital's tickets only on the shared thread in Clinidesk or by e-bonding (docs/vendors.md), and an
// integration account is a machine that acts only through its tokens. Their mail is refused with one polite answer
// that asks them to reply in Clinidesk — never an answer per message, so a loop or a storm gets one answer, not many.
import type { Role } from '../../../platform/auth/roles.ts';

export const REFUSED_SENDER_ROLES = ['vendor', 'integration'] as const satisfies readonly Role[];
export type RefusedSenderRole = (typeof REFUSED_SENDER_ROLES)[number];

/** Whether mail from an account of this role is refused (null: no account, or one whose mail is taken). */
export function refusedSenderRole(role: Role | null | undefined): RefusedSenderRole | null {
  return (REFUSED_SENDER_ROLES as readonly string[]).includes(role ?? '') ? (role as RefusedSenderRole) : null;
}

/**
 * Whether a refused message is answered: only when no earlier message from the same sender was refused within the
 * window (the storm window, 10 minutes). A sender who keeps writing — or a mail loop that keeps going — hears once.
 */
export function answersRefusal(refusedEarlierInWindow: number): boolean {
  return refusedEarlierInWindow === 0;
}

/** Why the message was refused, as Admin → Email shows it: who sent it, and whether they were answered. */
export function refusalReason(role: RefusedSenderRole, answered: boolean, windowMinutes: number): string {
  const who = role === 'vendor' ? 'a vendor engineer' : 'an integration account';
  const told = answered
    ? 'The sender was asked, once, to reply in Clinidesk.'
    : `Not answered again: the sender was already asked to reply in Clinidesk within ${windowMinutes} minutes.`;
  return `Sent by ${who}: vendor work happens on the shared thread in Clinidesk, never by email, so the message became no ticket and no comment. ${told}`;
}
