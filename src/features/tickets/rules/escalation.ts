// What a hand-off between tiers is, and where it leaves the ticket's status. Pure.
import type { Tier } from '../../../domain/vocabulary.ts';
import { TIERS } from '../../../domain/vocabulary.ts';
import type { HandoffKind, Status } from './vocabulary.ts';

/** Up the tiers is an escalation, down is a return, sideways (another group, same tier) a transfer. */
export function handoffKind(from: Tier, to: Tier): HandoffKind {
  const delta = TIERS.indexOf(to) - TIERS.indexOf(from);
  return delta > 0 ? 'escalate' : delta < 0 ? 'return' : 'transfer';
}

/** A vendor hand-off waits on the vendor; a hand-off back from the vendor, or of a new ticket, is being worked. */
export function statusAfterHandoff(to: Tier, current: Status): Status {
  if (to === 'vendor') return 'pending_vendor';
  return current === 'new' || current === 'pending_vendor' ? 'in_progress' : current;
}
