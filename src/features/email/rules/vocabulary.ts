// The email intake's words: where a message came from, where it is in processing, and what became of it.
export const MESSAGE_SOURCES = ['smtp', 'imap'] as const;
export type MessageSource = (typeof MESSAGE_SOURCES)[number];

/** received → processed | ignored | quarantined; a quarantined one is released (→ received) or discarded. */
export const MESSAGE_STATES = ['received', 'processed', 'ignored', 'quarantined', 'discarded'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

export const MESSAGE_OUTCOMES = [
  'opened', // a new ticket
  'commented', // a comment on its ticket (a reply, or a storm folded in)
  'reopened', // a reply that reopened its resolved ticket
  'auto_reply',
  'bulk',
  'bounce',
  'rate_limited',
  'too_big', // over the size limit (IMAP: only its header kept; the message stays in the mailbox)
  'unreadable',
  'no_sender',
  'failed',
  // From a vendor engineer or an integration account: vendor work happens on the shared thread in Clinidesk, never
  // by email (rules/senders.ts). Never a ticket or a comment; the sender is asked to reply in Clinidesk.
  'sender_refused',
] as const;
export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number];

export const MESSAGE_FLAGS = ['unverified_sender', 'identity_verification', 'phi_suspected'] as const;
export type MessageFlag = (typeof MESSAGE_FLAGS)[number];
