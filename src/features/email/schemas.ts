// What the email intake's administration takes and answers (shared with the web app's Admin → Email tab).
import { z } from 'zod';
import { MAILBOX_HEALTH } from './rules/polling.ts';
import { MESSAGE_FLAGS, MESSAGE_OUTCOMES, MESSAGE_SOURCES, MESSAGE_STATES } from './rules/vocabulary.ts';

export const messageIdParam = z.object({ id: z.uuid() }).strict();

export const messageListQuery = z
  .object({
    state: z.enum(MESSAGE_STATES).default('quarantined').describe('Which messages: quarantined (default), ignored…'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();

export const messageView = z.object({
  id: z.uuid(),
  messageId: z.string(),
  source: z.enum(MESSAGE_SOURCES),
  receivedAt: z.string(),
  size: z.number().int(),
  state: z.enum(MESSAGE_STATES),
  outcome: z.enum(MESSAGE_OUTCOMES).nullable(),
  reason: z.string().nullable(),
  sender: z.string().nullable(),
  subject: z.string().nullable(),
  /** The relay that handed it over. */
  relay: z.string().nullable(),
  ticket: z.string().nullable().describe('The ticket it became or was added to (CSD-000123)'),
  flags: z.array(z.enum(MESSAGE_FLAGS)),
});
export type MessageView = z.infer<typeof messageView>;

export const messagePage = z.object({ messages: z.array(messageView) });

export const personIdParam = z.object({ personId: z.uuid() }).strict();
export const senderVerified = z.object({ personId: z.uuid(), verified: z.literal(true) });

/** A mailbox polled over IMAP, as Admin → Email shows it (docs/email.md, "Polling a mailbox over IMAP"). */
export const mailboxView = z.object({
  mailbox: z.string().describe('The account, server and folder (user@host:port/INBOX); never the password'),
  health: z
    .enum(MAILBOX_HEALTH)
    .describe('polling, failing (the last try failed), late (no poll lately), not_polled_yet'),
  lastPollAt: z.string().nullable().describe('The last poll that succeeded'),
  taken: z.number().int().describe('Messages taken from it (stored, then moved or flagged)'),
  lastError: z.string().nullable().describe('Why the last try failed; cleared by the next poll that succeeds'),
  lastErrorAt: z.string().nullable(),
  holder: z.string().nullable().describe('The app instance holding the lease to poll it (host:pid:…), if any'),
  leaseUntil: z.string().nullable(),
  uidValidity: z.string().nullable(),
  configuredHere: z.boolean().describe('Whether the instance that answered is configured to poll this mailbox'),
});
export type MailboxView = z.infer<typeof mailboxView>;

export const mailboxList = z.object({ mailboxes: z.array(mailboxView) });
