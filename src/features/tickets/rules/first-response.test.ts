import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeskAction, isResponse } from './first-response.ts';
import { CHANNELS } from './vocabulary.ts';

describe('what counts as the desk’s first response', () => {
  it('counts a public reply by a person and a live contact answered by a person', () => {
    expect(isResponse({ kind: 'comment', visibility: 'public', byPerson: true })).toBe(true);
    expect(isResponse({ kind: 'live_contact_answered' })).toBe(true);
    expect(isResponse({ kind: 'opened', channel: 'phone', byPerson: true })).toBe(true);
    expect(isResponse({ kind: 'resolved', byPerson: true })).toBe(true);
  });

  it('never counts a hand-off, an internal note, an automatic acknowledgement or the requester’s own words', () => {
    expect(isResponse({ kind: 'handoff' })).toBe(false);
    expect(isResponse({ kind: 'automatic_acknowledgement' })).toBe(false);
    expect(isResponse({ kind: 'status_change' })).toBe(false);
    expect(isResponse({ kind: 'field_change' })).toBe(false);
    expect(isResponse({ kind: 'comment', visibility: 'internal', byPerson: true })).toBe(false);
    expect(isResponse({ kind: 'comment', visibility: 'public', byPerson: false })).toBe(false);
  });

  it('counts opening only when a person opened it on a live contact, never a logged email or a portal form', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CHANNELS), fc.boolean(), (channel, byPerson) => {
        const action: DeskAction = { kind: 'opened', channel, byPerson };
        expect(isResponse(action)).toBe(byPerson && channel !== 'portal' && channel !== 'email');
      }),
    );
  });
});
