// What writing on a ticket sends, and what it refuses before sending.
import { describe, expect, it } from 'vitest';
import { commentBody, TICKET_TEXT_MAX } from '../../../../../src/features/tickets/schemas.ts';
import { commentProblems, commentRequest, hasWords, threadOf } from './commentForm.ts';

describe('writing on a ticket', () => {
  it('sends the trimmed message on the thread chosen, which the server accepts', () => {
    const body = commentRequest({ visibility: 'internal', body: '  Reset the print queue.  ' }, ['public', 'internal']);
    expect(body).toEqual({ visibility: 'internal', body: 'Reset the print queue.' });
    expect(commentBody.safeParse(body).success).toBe(true);
  });

  it('writes on the person’s default thread when the one chosen is not theirs', () => {
    expect(threadOf('vendor', ['public', 'internal'])).toBe('public');
    expect(commentRequest({ visibility: 'public', body: 'Done' }, ['vendor'])).toEqual({
      visibility: 'vendor',
      body: 'Done',
    });
  });

  it('waits for words: an empty box is refused and not sendable', () => {
    expect(hasWords({ visibility: 'public', body: '  \n ' })).toBe(false);
    expect(commentProblems({ visibility: 'public', body: '  ' }, ['public'])).toEqual({
      body: 'Write the message first',
    });
  });

  it('refuses an over-long message in the server’s words, saying how much to remove', () => {
    const values = { visibility: 'public' as const, body: 'x'.repeat(TICKET_TEXT_MAX.comment + 3) };
    expect(commentProblems(values, ['public'])).toEqual({
      body: 'This message is too long (at most 20,000 characters): please remove 3 characters',
    });
  });
});
