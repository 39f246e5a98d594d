// How a phone-system (CTI) event changes a contact. Pure: the service loads the contact (locked), applies the event
// and writes the result. Events may arrive twice (dropped by the idempotency key before this) or out of order:
// - times only fill in (the earliest "offered" wins; an answer time, once known, is kept),
// - the state only moves forward (waiting → offered → connected → wrap_up → done), so a late "answered" after
//   "ended" records the answer time but does not reopen the call,
// - who holds the call changes only with an event at least as recent as the last one that moved it (sequence, else
//   time); contacts.last_event_seq / last_event_at remember that event.

export const CTI_EVENT_TYPES = ['offered', 'answered', 'transferred', 'ended', 'abandoned'] as const;
export type CtiEventType = (typeof CTI_EVENT_TYPES)[number];
export const CONTACT_STATES = ['waiting', 'offered', 'connected', 'wrap_up', 'done'] as const;
export type ContactState = (typeof CONTACT_STATES)[number];
export const CONTACT_OUTCOMES = ['answered', 'abandoned', 'transferred', 'callback'] as const;
export type Outcome = (typeof CONTACT_OUTCOMES)[number];
/** How a contact reached the desk (the phone system posts phone calls; the others are logged by agents). */
export const CONTACT_CHANNELS = ['phone', 'chat', 'walk_up', 'rounding'] as const;
/** A ticket the contact opened, or one it was about (a status check, a follow-up). */
export const CONTACT_RELATIONS = ['opened', 'linked'] as const;
export type ContactRelation = (typeof CONTACT_RELATIONS)[number];

const RANK: Record<ContactState, number> = { waiting: 0, offered: 1, connected: 2, wrap_up: 3, done: 4 };

export type ContactFacts = {
  state: ContactState;
  offeredAt: Date;
  queuedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  agentId: string | null;
  outcome: Outcome | null;
  transfers: number;
  lastEventSeq: number | null;
  lastEventAt: Date | null;
};

export type CtiEventFacts = {
  type: CtiEventType;
  occurredAt: Date;
  sequence: number | null;
  /** The agent named by the event (answered: who answered; transferred: who it went to), when known to us. */
  agentId: string | null;
  /** transferred: the call left the desk (to a number that is not one of our agents). */
  external?: boolean;
};

/** A new contact for a call first heard of through this event (normally "offered"; late "offered" fills in later). */
export function newContactFacts(e: CtiEventFacts): ContactFacts {
  return applyCtiEvent(
    {
      state: 'waiting',
      offeredAt: e.occurredAt,
      queuedAt: e.occurredAt,
      answeredAt: null,
      endedAt: null,
      agentId: null,
      outcome: null,
      transfers: 0,
      lastEventSeq: null,
      lastEventAt: null,
    },
    e,
  );
}

function isNewer(c: ContactFacts, e: CtiEventFacts): boolean {
  if (e.sequence !== null && c.lastEventSeq !== null) return e.sequence >= c.lastEventSeq;
  return c.lastEventAt === null || e.occurredAt.getTime() >= c.lastEventAt.getTime();
}

const earlier = (a: Date | null, b: Date) => (a === null || b.getTime() < a.getTime() ? b : a);
const forward = (from: ContactState, to: ContactState): ContactState => (RANK[to] > RANK[from] ? to : from);

export function applyCtiEvent(c: ContactFacts, e: CtiEventFacts): ContactFacts {
  const newer = isNewer(c, e);
  const next: ContactFacts = { ...c };
  const movesAgent = e.agentId !== null && (e.type === 'answered' || (e.type === 'transferred' && !e.external));
  if (movesAgent && newer) {
    next.lastEventSeq = e.sequence ?? c.lastEventSeq;
    next.lastEventAt = e.occurredAt;
  }
  switch (e.type) {
    case 'offered':
      next.offeredAt = earlier(c.offeredAt, e.occurredAt);
      next.queuedAt = earlier(c.queuedAt, e.occurredAt);
      break;
    case 'answered':
      next.answeredAt = earlier(c.answeredAt, e.occurredAt);
      if (e.agentId && newer) next.agentId = e.agentId;
      next.state = forward(c.state, 'connected');
      // A call first reported abandoned and then answered (out of order) was answered: the hang-up came later.
      if (c.outcome === null || c.outcome === 'abandoned') next.outcome = 'answered';
      break;
    case 'transferred':
      next.transfers = c.transfers + 1;
      if (e.external) {
        next.outcome = 'transferred';
        next.state = forward(c.state, c.agentId ? 'wrap_up' : 'done');
        next.endedAt = earlier(c.endedAt, e.occurredAt);
      } else {
        if (e.agentId && newer) next.agentId = e.agentId;
        next.answeredAt = earlier(c.answeredAt, e.occurredAt);
        next.state = forward(c.state, 'connected');
        next.outcome = c.outcome ?? 'answered';
      }
      break;
    case 'ended':
      next.endedAt = earlier(c.endedAt, e.occurredAt);
      // Ended with someone on it: that agent wraps up. Ended with nobody (an answer not yet reported): done.
      next.state = forward(c.state, next.agentId && next.answeredAt ? 'wrap_up' : 'done');
      if (next.outcome === null && next.answeredAt) next.outcome = 'answered';
      break;
    case 'abandoned':
      next.endedAt = earlier(c.endedAt, e.occurredAt);
      if (c.answeredAt === null) {
        next.outcome = 'abandoned';
        next.state = forward(c.state, 'done');
      } else {
        // Answered earlier: the caller hanging up is simply the end of the call.
        next.state = forward(c.state, next.agentId ? 'wrap_up' : 'done');
      }
      break;
  }
  return next;
}

/** Abandoned per DOMAIN.md: left the queue unanswered after more than 5 s (shorter ones are not counted at all). */
export const ABANDON_GRACE_MS = 5_000;
