import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedNext, transition } from './lifecycle.ts';
import { STATUSES } from './vocabulary.ts';

const now = new Date('2026-11-25T12:00:00Z');
const fix = { code: 'answered_how_to', note: 'Showed how to sign pended orders' };

describe('ticket state machine', () => {
  it('takes a ticket from new through pending vendor to resolved and closed', () => {
    expect(transition({ from: 'new', to: 'in_progress', resolvedAt: null, now }).ok).toBe(true);
    expect(transition({ from: 'in_progress', to: 'pending_vendor', resolvedAt: null, now }).ok).toBe(true);
    expect(transition({ from: 'pending_vendor', to: 'resolved', resolvedAt: null, now, resolution: fix }).ok).toBe(
      true,
    );
    expect(transition({ from: 'resolved', to: 'closed', resolvedAt: now, now }).ok).toBe(true);
  });

  it('will not resolve without a resolution code and a note', () => {
    const r = transition({
      from: 'in_progress',
      to: 'resolved',
      resolvedAt: null,
      now,
      resolution: { code: 'answered_how_to', note: '  ' },
    });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/resolution code and a note/) });
  });

  it('reopens a resolved ticket within the window, not after it', () => {
    const recently = new Date(now.getTime() - 2 * 86_400_000);
    const long = new Date(now.getTime() - 8 * 86_400_000);
    expect(transition({ from: 'resolved', to: 'in_progress', resolvedAt: recently, now })).toEqual({
      ok: true,
      reopen: true,
    });
    expect(transition({ from: 'resolved', to: 'in_progress', resolvedAt: long, now }).ok).toBe(false);
    expect(transition({ from: 'resolved', to: 'in_progress', resolvedAt: long, now, reopenWindowDays: 10 }).ok).toBe(
      true,
    );
  });

  it('never leaves closed', () => {
    for (const to of STATUSES) expect(transition({ from: 'closed', to, resolvedAt: now, now }).ok).toBe(false);
  });

  it('allows exactly the transitions it lists', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), fc.constantFrom(...STATUSES), (from, to) => {
        const r = transition({ from, to, resolvedAt: now, now, resolution: fix });
        expect(r.ok).toBe(allowedNext(from).includes(to));
      }),
    );
  });

  it('can reach closed from any open status', () => {
    for (const from of STATUSES.filter((s) => s !== 'resolved' && s !== 'closed')) {
      expect(allowedNext(from)).toContain('resolved');
    }
  });
});
