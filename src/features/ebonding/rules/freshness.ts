// Whether an update from a provider's system still changes the ticket (e-bonding, issue 16). Pure.
//
// Updates arrive at least once and in any order (the vendor's system retries, several of its workers send). Two
// rules make the ticket end where the vendor's system is, whatever the order:
// - an event id already received from this provider is a duplicate: nothing changes (the store's unique key
//   decides this, not a read: two instances may receive it at the same moment);
// - a state change applies only when it is newer than the newest state change already applied to this ticket from
//   this provider ("newer": later `occurredAt`, the event id breaking a tie so the order is total); an older one is
//   stale: its state is ignored (the ticket never moves backwards) but its comment is still posted.
// Updates that carry no state (a comment, a case number) neither move the ticket nor count as the newest.

export type Mark = { occurredAt: Date; eventId: string };

/** -1, 0 or 1 as `a` happened before, as, or after `b` (time first, then the event id). */
export function compareMarks(a: Mark, b: Mark): number {
  const dt = a.occurredAt.getTime() - b.occurredAt.getTime();
  if (dt !== 0) return Math.sign(dt);
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/** An update with a state is applied when nothing newer was applied before it; otherwise it is stale. */
export function freshness(lastApplied: Mark | null, incoming: Mark): 'applied' | 'stale' {
  return lastApplied === null || compareMarks(incoming, lastApplied) > 0 ? 'applied' : 'stale';
}

/** The newer of two marks (null counts as oldest). */
export function newest(a: Mark | null, b: Mark | null): Mark | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareMarks(a, b) >= 0 ? a : b;
}

/** What the receiving side remembers of one provider's updates to one ticket, and what it does with one more. */
export type Ledger<S> = { seen: ReadonlySet<string>; last: Mark | null; state: S | null };

export type Received<S> = Mark & { state: S | null };

/** One update received: duplicate, stale, or applied (the state moves only when applied and carrying a state). */
export function receive<S>(
  l: Ledger<S>,
  u: Received<S>,
): { outcome: 'duplicate' | 'stale' | 'applied'; ledger: Ledger<S> } {
  if (l.seen.has(u.eventId)) return { outcome: 'duplicate', ledger: l };
  const seen = new Set(l.seen).add(u.eventId);
  if (u.state === null) return { outcome: 'applied', ledger: { ...l, seen } };
  const outcome = freshness(l.last, u);
  if (outcome === 'stale') return { outcome, ledger: { ...l, seen } };
  return { outcome, ledger: { seen, last: u, state: u.state } };
}
