import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reopening, transition } from './lifecycle.ts';
import { STATUSES, type Status } from './vocabulary.ts';

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

  it('never accepts a move to the status a ticket already has', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), (s) => {
        expect(transition({ from: s, to: s, resolvedAt: now, now, resolution: fix }).ok).toBe(false);
      }),
    );
  });

  it('never resolves a ticket without a code and a note, from any status', () => {
    const missing = fc.constantFrom(undefined, {}, { code: 'configuration_fixed' }, { code: '', note: 'x' });
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), missing, (from, resolution) => {
        expect(transition({ from, to: 'resolved', resolvedAt: null, now, resolution }).ok).toBe(false);
      }),
    );
  });

  it('if a reopen is allowed some days after resolving, it is allowed at any earlier moment too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 24 }), fc.integer({ min: 0, max: 30 * 24 }), (a, b) => {
        const at = (hours: number) =>
          transition({
            from: 'resolved',
            to: 'in_progress',
            resolvedAt: new Date(now.getTime() - hours * 3_600_000),
            now,
          }).ok;
        if (at(Math.max(a, b))) expect(at(Math.min(a, b))).toBe(true);
      }),
    );
  });

  it('can take every ticket that is not closed to closed by allowed moves', () => {
    // Explores the machine through transition() itself, so a rule change that strands a status fails here.
    for (const start of STATUSES.filter((s) => s !== 'closed')) {
      const seen = new Set<Status>([start]);
      const queue: Status[] = [start];
      while (queue.length) {
        const from = queue.shift()!;
        for (const to of STATUSES) {
          if (seen.has(to) || !transition({ from, to, resolvedAt: now, now, resolution: fix }).ok) continue;
          seen.add(to);
          queue.push(to);
        }
      }
      expect(seen.has('closed'), start).toBe(true);
    }
  });
});

describe('reopening', () => {
  it('puts the ticket back in progress, counts the reopen and clears who resolved it and when', () => {
    expect(reopening({ reopenCount: 2 })).toEqual({
      status: 'in_progress',
      reopenCount: 3,
      resolvedAt: null,
      resolvedById: null,
    });
    // The state machine agrees: a resolved ticket reopens to exactly that status.
    expect(transition({ from: 'resolved', to: reopening({ reopenCount: 0 }).status, resolvedAt: now, now })).toEqual({
      ok: true,
      reopen: true,
    });
  });
});
