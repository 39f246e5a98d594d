// Small words the screens get right: relative times and counts.
import { describe, expect, it } from 'vitest';
import { plural, wasWere } from './plural.ts';
import { formatAge, formatAgo, LINE_LABELS, lineLabel, telHref } from './ticketWords.ts';

describe('relative times', () => {
  it('says "just now", never "just now ago"', () => {
    expect(formatAgo(0)).toBe('just now');
    expect(formatAgo(0)).not.toMatch(/ago/);
  });

  it('adds "ago" to a real age, and keeps the short form for table cells', () => {
    expect(formatAgo(4)).toBe('4 min ago');
    expect(formatAgo(53 * 60)).toBe('2 d 5 h ago');
    expect(formatAge(4)).toBe('4 min');
  });
});

describe('counts', () => {
  it('writes one of a thing in the singular: "1 row", "2 rows", "1 person", "10,000 tickets"', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(2, 'row')).toBe('2 rows');
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(3, 'person', 'people')).toBe('3 people');
    expect(plural(10_000, 'ticket')).toBe('10,000 tickets');
  });

  it('agrees the verb with the count', () => {
    expect(`1 ${wasWere(1)} created, 0 ${wasWere(0)} updated`).toBe('1 was created, 0 were updated');
  });
});

describe('tap-to-call links', () => {
  it('dial stored numbers with their country code, and a hospital extension as it is', () => {
    expect(telHref('15551234567')).toBe('tel:+15551234567');
    expect(telHref('442079460000')).toBe('tel:+442079460000');
    expect(telHref('4521')).toBe('tel:4521');
  });
});

describe('phone lines', () => {
  it('names each line once for every screen, and shows an unknown key as it is', () => {
    expect(Object.values(LINE_LABELS)).toEqual(['Provider line', 'Clinical line', 'General line']);
    expect(lineLabel('clinical')).toBe('Clinical line');
    expect(lineLabel('fax')).toBe('fax');
  });
});
