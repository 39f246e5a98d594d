// What writing on a ticket sends, checked first by the server's own schema (commentBody): the message, trimmed, on
// the thread chosen. An over-long message is refused under the box as it is typed (never cut). Pure, tested without
// a browser.
import type { z } from 'zod';
import type { CommentVisibility } from '../../../../../src/features/tickets/rules/vocabulary.ts';
import { commentBody } from '../../../../../src/features/tickets/schemas.ts';
import { type FormErrors, schemaErrors, type Wording } from '../../../forms/schemaErrors.ts';

export type CommentValues = { visibility: CommentVisibility; body: string };
type CommentInput = z.infer<typeof commentBody>;

/** The thread written on: the one chosen while this person may write there, else their default (the first). */
export function threadOf(chosen: CommentVisibility, threads: CommentVisibility[]): CommentVisibility {
  return threads.includes(chosen) ? chosen : (threads[0] ?? 'public');
}

export function commentRequest(values: CommentValues, threads: CommentVisibility[]): CommentInput {
  return { visibility: threadOf(values.visibility, threads), body: values.body.trim() };
}

export const COMMENT_WORDING: Wording = {
  labels: { body: 'This message' },
  required: { body: 'Write the message first' },
};

export function commentProblems(values: CommentValues, threads: CommentVisibility[]): FormErrors {
  return schemaErrors(commentBody, commentRequest(values, threads), COMMENT_WORDING);
}

/** Nothing is sent while the box is empty: the send button waits for words, and no message nags an empty box. */
export function hasWords(values: CommentValues): boolean {
  return values.body.trim().length > 0;
}
