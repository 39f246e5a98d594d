import { describe, expect, it } from 'vitest';
import { STATUSES } from '../../../../src/features/tickets/rules/vocabulary.ts';
import { statusForRequester } from './statusWords.ts';

describe('the status in the requester’s words', () => {
  it('says something different and plain for every status, with or without an assignee', () => {
    for (const assignee of [null, 'Jordan Reyes']) {
      const words = STATUSES.map((s) => statusForRequester(s, assignee));
      expect(new Set(words).size).toBe(STATUSES.length);
      for (const w of words) expect(w).toMatch(/^[A-Z].*\.$/);
      // Desk jargon a nurse should not have to decode.
      for (const w of words) expect(w).not.toMatch(/pending|tier|vendor|resolved|SLA|_/i);
    }
  });

  it('names who is working on it only while someone is', () => {
    expect(statusForRequester('in_progress', 'Jordan Reyes')).toBe('Jordan Reyes is working on it.');
    expect(statusForRequester('in_progress', null)).toBe('The service desk is working on it.');
    for (const status of [
      'new',
      'pending_requester',
      'pending_vendor',
      'pending_change',
      'resolved',
      'closed',
    ] as const) {
      expect(statusForRequester(status, 'Jordan Reyes')).not.toContain('Jordan Reyes');
    }
  });

  it('never says a closed or resolved ticket is being worked on', () => {
    expect(statusForRequester('closed', 'Jordan Reyes')).toBe('This is finished: the request is closed.');
    expect(statusForRequester('resolved', 'Jordan Reyes')).toMatch(/fixed/);
  });
});
