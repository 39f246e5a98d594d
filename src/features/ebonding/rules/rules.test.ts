import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountUsername } from './account.ts';
import { compareMarks, freshness, type Ledger, type Received, receive } from './freshness.ts';
import { lookupState, normaliseStateMap, stateMapProblems } from './state-map.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 10, minute));

describe('the state map', () => {
  const map = normaliseStateMap({
    ' Awaiting Customer ': 'needs_info',
    'In Progress': 'working',
    Resolved: 'fix_released',
  });

  it('finds a state name whatever its case and surrounding spaces', () => {
    expect(lookupState(map, 'awaiting customer')).toEqual({ ok: true, state: 'needs_info', name: 'Awaiting Customer' });
    expect(lookupState(map, '  IN PROGRESS')).toMatchObject({ ok: true, state: 'working' });
  });

  it('answers a name that is not mapped with the names that are', () => {
    expect(lookupState(map, 'On Hold')).toEqual({ ok: false, known: ['Awaiting Customer', 'In Progress', 'Resolved'] });
  });

  it('refuses an empty mapping, blank or clashing names, and unknown states', () => {
    expect(stateMapProblems({})).toHaveLength(1);
    expect(stateMapProblems({ ' ': 'working' })).toEqual(['A state name cannot be blank.']);
    expect(stateMapProblems({ 'On Hold': 'working', 'on hold ': 'needs_info' })[0]).toMatch(/same name/);
    expect(stateMapProblems({ Closed: 'closed' })[0]).toMatch(/not one of/);
    expect(stateMapProblems({ 'In Progress': 'working', Returned: 'returned' })).toEqual([]);
  });

  it('finds every mapped name back, in any case (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), {
          minLength: 1,
          maxLength: 10,
          selector: (s) => s.trim().toLowerCase(),
        }),
        (names) => {
          const usable = names.filter((n) => n.trim());
          const m = normaliseStateMap(Object.fromEntries(usable.map((n) => [n, 'working' as const])));
          for (const n of usable) expect(lookupState(m, n.toLowerCase())).toMatchObject({ ok: true, state: 'working' });
          for (const n of usable) expect(lookupState(m, ` ${n} `)).toMatchObject({ ok: true, state: 'working' });
        },
      ),
    );
  });
});

describe('duplicates and updates out of order', () => {
  it('applies a newer state, ignores an older one, and breaks a tie by event id', () => {
    const last = { occurredAt: at(10), eventId: 'b' };
    expect(freshness(null, last)).toBe('applied');
    expect(freshness(last, { occurredAt: at(11), eventId: 'a' })).toBe('applied');
    expect(freshness(last, { occurredAt: at(9), eventId: 'z' })).toBe('stale');
    expect(freshness(last, { occurredAt: at(10), eventId: 'c' })).toBe('applied');
    expect(freshness(last, { occurredAt: at(10), eventId: 'a' })).toBe('stale');
  });

  it('drops an event id seen before, and a comment alone neither moves the state nor counts as newest', () => {
    let l: Ledger<string> = { seen: new Set(), last: null, state: null };
    const step = (u: Received<string>) => {
      const r = receive(l, u);
      l = r.ledger;
      return r.outcome;
    };
    expect(step({ eventId: 'e1', occurredAt: at(5), state: 'working' })).toBe('applied');
    expect(step({ eventId: 'e1', occurredAt: at(5), state: 'working' })).toBe('duplicate');
    expect(step({ eventId: 'e2', occurredAt: at(9), state: null })).toBe('applied');
    expect(step({ eventId: 'e3', occurredAt: at(7), state: 'needs_info' })).toBe('applied');
    expect(step({ eventId: 'e4', occurredAt: at(6), state: 'fix_proposed' })).toBe('stale');
    expect(l.state).toBe('needs_info');
  });

  const STATES = ['working', 'needs_info', 'fix_proposed', 'fix_released'] as const;
  /** Updates with distinct event ids, some without a state, then shuffled with duplicates. */
  const deliveries = fc
    .uniqueArray(
      fc.record({
        eventId: fc.string({ minLength: 1, maxLength: 6 }),
        minute: fc.integer({ min: 0, max: 30 }), // few minutes: ties are common
        state: fc.option(fc.constantFrom(...STATES), { nil: null }),
      }),
      { minLength: 1, maxLength: 12, selector: (u) => u.eventId },
    )
    .chain((updates) =>
      fc
        .array(fc.nat({ max: updates.length - 1 }), { maxLength: 12 })
        .chain((dupes) =>
          fc.shuffledSubarray([...updates, ...dupes.map((i) => updates[i]!)], {
            minLength: updates.length + dupes.length,
          }),
        )
        .map((order) => ({
          updates: updates.map((u) => ({ eventId: u.eventId, occurredAt: at(u.minute), state: u.state })),
          order: order.map((u) => ({ eventId: u.eventId, occurredAt: at(u.minute), state: u.state })),
        })),
    );

  it('ends in the state of the newest update whatever the order and the duplicates (property)', () => {
    fc.assert(
      fc.property(deliveries, ({ updates, order }) => {
        let l: Ledger<string> = { seen: new Set(), last: null, state: null };
        for (const u of order) l = receive(l, u).ledger;
        const withState = updates.filter((u) => u.state !== null).sort(compareMarks);
        expect(l.state).toBe(withState.at(-1)?.state ?? null);
        expect(l.seen.size).toBe(updates.length);
      }),
    );
  });

  it('never moves a ticket backwards: the newest applied update only ever gets newer (property)', () => {
    fc.assert(
      fc.property(deliveries, ({ order }) => {
        let l: Ledger<string> = { seen: new Set(), last: null, state: null };
        for (const u of order) {
          const before = l.last;
          const r = receive(l, u);
          if (before && r.ledger.last) expect(compareMarks(r.ledger.last, before)).toBeGreaterThanOrEqual(0);
          if (r.outcome !== 'applied' || u.state === null) expect(r.ledger.state).toBe(l.state);
          l = r.ledger;
        }
      }),
    );
  });
});

describe("the provider's e-bonding account name", () => {
  it('is a short slug of the provider, with a piece of its id when asked', () => {
    expect(accountUsername('Epic Systems Corp.')).toBe('ebond-epic-systems-corp');
    expect(accountUsername('Oracle Health (Cerner) — EMEA support desk, 2nd line')).toBe(
      'ebond-oracle-health-cerner-emea-supp',
    );
    expect(accountUsername('Médica Süd')).toBe('ebond-medica-sud');
    expect(accountUsername('日本')).toBe('ebond-provider');
    expect(accountUsername('Epic', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toBe('ebond-epic-3f4a5b');
  });

  it('is always a valid account name (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (name) => {
        expect(accountUsername(name)).toMatch(/^ebond-[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
        expect(accountUsername(name).length).toBeLessThanOrEqual(6 + 30);
      }),
    );
  });
});
