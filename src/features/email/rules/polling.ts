// IMAP polling's rules: the mailbox's name, how long a lease lasts, how long to wait after failures.
/** Where a polled mailbox is: the account, the server and the folder. */
export type MailboxAddress = { user: string; host: string; port: number; mailbox: string };

/** The mailbox's name in the database and the logs: account, server and folder (never the password). */
export function mailboxKey(s: MailboxAddress): string {
  return `${s.user}@${s.host}:${s.port}/${s.mailbox}`;
}

/** How long a lease lasts: renewed at least every poll, so another instance takes over within this of a crash. */
export function leaseMs(pollMs: number): number {
  return Math.max(10_000, 3 * pollMs);
}

/** Waits between tries after a failure: 1 s, 2 s, 4 s … up to the poll interval (at least 5 s). */
export function backoffMs(failures: number, pollMs: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), Math.max(5_000, pollMs));
}

/** What Admin → Email says of a polled mailbox. */
export const MAILBOX_HEALTH = ['polling', 'failing', 'late', 'not_polled_yet'] as const;
export type MailboxHealth = (typeof MAILBOX_HEALTH)[number];

export type MailboxRecord = { lastPollAt: Date | null; lastErrorAt: Date | null };

/**
 * How a mailbox is doing: `failing` while its last try failed (a poll that succeeds clears the error), `late` when no
 * poll has succeeded for longer than a lease (no instance is polling it: stopped, or its configuration removed),
 * `not_polled_yet` before the first poll, else `polling`. An instance polls at least every `pollMs`, IDLE or not.
 */
export function mailboxHealth(m: MailboxRecord, now: Date, pollMs: number): MailboxHealth {
  if (m.lastErrorAt) return 'failing';
  if (!m.lastPollAt) return 'not_polled_yet';
  return now.getTime() - m.lastPollAt.getTime() > leaseMs(pollMs) ? 'late' : 'polling';
}
