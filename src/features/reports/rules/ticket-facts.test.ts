import { describe, expect, it } from 'vitest';
import { agentOf, clockMet } from './ticket-facts.ts';

describe('agentOf', () => {
  const ids = { openedById: 'opener', resolvedById: 'resolver', assigneeId: 'holder' };
  it('counts a ticket the desk opened for whoever opened it (they took the first contact)', () => {
    expect(agentOf({ ...ids, openerRole: 'agent' })).toBe('opener');
  });
  it('counts a ticket the requester opened for whoever resolved it, else whoever holds it', () => {
    expect(agentOf({ ...ids, openerRole: 'requester' })).toBe('resolver');
    expect(agentOf({ ...ids, openerRole: 'requester', resolvedById: null })).toBe('holder');
    expect(agentOf({ ...ids, openedById: null, openerRole: null, resolvedById: null })).toBe('holder');
  });
});

describe('clockMet', () => {
  it('is met when the clock stopped without breaching, missed once breached, undecided otherwise', () => {
    expect(clockMet('stopped', false)).toBe(true);
    expect(clockMet('stopped', true)).toBe(false);
    expect(clockMet('running', true)).toBe(false);
    expect(clockMet('running', false)).toBeNull();
    expect(clockMet(null, false)).toBeNull();
  });
});
