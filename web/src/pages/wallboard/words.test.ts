import { describe, expect, it } from 'vitest';
import { pct, seconds } from './words.ts';

describe('wallboard words', () => {
  it('writes waits in seconds, then minutes and seconds, never "1:60"', () => {
    expect(seconds(null)).toBe('—');
    expect(seconds(8.4)).toBe('8 s');
    expect(seconds(59.6)).toBe('1:00');
    expect(seconds(65)).toBe('1:05');
    expect(seconds(119.7)).toBe('2:00');
  });

  it('writes percentages with one decimal, a whole 100%, and a dash for nothing counted', () => {
    expect(pct(83.44)).toBe('83.4%');
    expect(pct(0)).toBe('0.0%');
    expect(pct(100)).toBe('100%');
    expect(pct(null)).toBe('—');
  });
});
