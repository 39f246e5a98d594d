import { describe, expect, it } from 'vitest';
import { actionsWords, durationWords, reviewPhiHint, SAFER_OPTIONS } from './reviewWords.ts';

describe('the review’s words', () => {
  it('writes durations in hours and minutes', () => {
    expect(durationWords(320)).toBe('5 h 20 min');
    expect(durationWords(45)).toBe('45 min');
    expect(durationWords(120)).toBe('2 h');
  });

  it('warns while a text looks like patient information, and says nothing otherwise', () => {
    expect(reviewPhiHint('Storage controller failover stalled')).toBeNull();
    expect(reviewPhiHint('Wristband for MRN 00912345')).toBe(
      'This looks like patient information (a medical record number). A review names no patient: take it out, or it will be refused.',
    );
  });

  it('counts the actions done and overdue', () => {
    expect(actionsWords({ total: 0, done: 0, overdue: 0 })).toBe('No actions yet');
    expect(actionsWords({ total: 4, done: 2, overdue: 1 })).toBe('2 of 4 actions done · 1 overdue');
    expect(actionsWords({ total: 1, done: 1, overdue: 0 })).toBe('1 of 1 action done');
  });

  it('offers the eight SAFER dimensions', () => {
    expect(SAFER_OPTIONS).toHaveLength(8);
  });
});
