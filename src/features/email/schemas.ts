// What the email intake's administration takes and answers (shared with the web app's Admin → Email tab).
import { z } from 'zod';
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
