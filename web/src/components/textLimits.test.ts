// What the forms say about long texts: a counter, and a refusal in words, never a silent cut.
import { describe, expect, it } from 'vitest';
import { counterText, tooLongMessage } from './textLimits.ts';

describe('text limits on the forms', () => {
  it('counts what the server counts, with thousands written as people write them', () => {
    expect(counterText('  Printer offline  ', 200)).toBe('15 / 200 characters');
    expect(counterText('x'.repeat(20_000), 200)).toBe('20,000 / 200 characters');
  });

  it('says nothing while a text fits, and how much to remove when it does not', () => {
    expect(tooLongMessage('Summary', 'x'.repeat(200), 200)).toBeUndefined();
    expect(tooLongMessage('Summary', 'x'.repeat(201), 200)).toBe(
      'Summary is too long (at most 200 characters): please remove 1 character',
    );
    expect(tooLongMessage('Description', 'x'.repeat(20_000), 10_000)).toBe(
      'Description is too long (at most 10,000 characters): please remove 10,000 characters',
    );
  });
});
