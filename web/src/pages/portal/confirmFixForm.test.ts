// What the requester's "Did this fix it?" answer sends, and what it refuses before sending.
import { describe, expect, it } from 'vitest';
import { confirmFixBody } from '../../../../src/features/tickets/schemas.ts';
import { FIXED, stillBrokenProblems, stillBrokenRequest } from './confirmFixForm.ts';

describe('the requester’s “Did this fix it?” answer', () => {
  it('closes with a plain yes, which the server accepts', () => {
    expect(confirmFixBody.safeParse(FIXED).success).toBe(true);
  });

  it('reopens only with what is still wrong, trimmed', () => {
    expect(stillBrokenProblems({ comment: '  ' })).toEqual({
      comment: 'Say what is still wrong, so the desk can pick it up again',
    });
    const body = stillBrokenRequest({ comment: '  Still prints blank labels  ' });
    expect(body).toEqual({ fixed: false, comment: 'Still prints blank labels' });
    expect(confirmFixBody.safeParse(body).success).toBe(true);
    expect(stillBrokenProblems({ comment: 'Still prints blank labels' })).toEqual({});
  });

  it('refuses an over-long answer under the field, saying how much to remove', () => {
    expect(stillBrokenProblems({ comment: 'x'.repeat(5002) })).toEqual({
      comment: 'What is still wrong is too long (at most 5,000 characters): please remove 2 characters',
    });
  });
});
