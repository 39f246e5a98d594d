// Floods: one sender, many messages in a short window. The same subject again (a system resending its alert, a
// person pressing send twice) is added to the ticket the first one opened; other subjects open tickets as usual up
// to the storm threshold, then are added to the sender's latest ticket from email; past the rate limit they are
// kept (quarantined, nothing lost) but no longer written on any ticket.
export type StormSettings = { windowMinutes: number; stormThreshold: number; rateLimit: number };

export const DEFAULT_STORM: StormSettings = { windowMinutes: 10, stormThreshold: 5, rateLimit: 30 };

export type StormInput = {
  /** Messages from this sender received in the window, this one included. */
  receivedInWindow: number;
  /** The sender's most recent ticket opened from email in the window and still open, if any. */
  recentEmailTicket: string | null;
  /** The sender's open ticket from email in the window with the same subject as this message, if any. */
  sameSubjectTicket?: string | null;
};

export type StormDecision =
  | { kind: 'normal' }
  | { kind: 'fold'; ticketId: string; firstOfStorm: boolean }
  | { kind: 'rate_limited' };

export function stormDecision(input: StormInput, s: StormSettings = DEFAULT_STORM): StormDecision {
  if (input.receivedInWindow > s.rateLimit) return { kind: 'rate_limited' };
  const firstOfStorm = input.receivedInWindow === s.stormThreshold + 1;
  if (input.sameSubjectTicket) return { kind: 'fold', ticketId: input.sameSubjectTicket, firstOfStorm };
  if (input.receivedInWindow > s.stormThreshold && input.recentEmailTicket)
    return { kind: 'fold', ticketId: input.recentEmailTicket, firstOfStorm };
  return { kind: 'normal' };
}
