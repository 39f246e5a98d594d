import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../platform/auth/roles.ts';
import {
  afterDeskReply,
  byContractClock,
  currentClockOf,
  decideVendorMove,
  deskCueOf,
  urgencyOf,
  VENDOR_MOVES,
  VENDOR_STATES,
  type VendorCaseFacts,
  vendorMovesFor,
} from './vendor-case.ts';
import { STATUSES } from './vocabulary.ts';

const held: VendorCaseFacts = {
  status: 'pending_vendor',
  providerId: 'prov-ehr',
  vendorState: null,
  vendorFixVersion: null,
};
const vendor = { role: 'vendor' as const, providerOrgId: 'prov-ehr' };

const facts = fc.record({
  status: fc.constantFrom(...STATUSES),
  providerId: fc.constantFrom('prov-ehr', 'prov-other', null),
  vendorState: fc.constantFrom(...VENDOR_STATES, null),
  vendorFixVersion: fc.constantFrom('4.2.1', null),
});
const request = fc.record({
  role: fc.constantFrom(...ROLES),
  providerOrgId: fc.constantFrom('prov-ehr', 'prov-other', null),
  to: fc.constantFrom(...VENDOR_MOVES),
  version: fc.option(fc.string({ maxLength: 50 }), { nil: undefined }),
  reason: fc.option(fc.string({ maxLength: 50 }), { nil: undefined }),
});

describe("the vendor's case state", () => {
  it('lets the holding provider move through its states', () => {
    expect(decideVendorMove(held, { ...vendor, to: 'working' })).toMatchObject({ ok: true, state: 'working' });
    expect(decideVendorMove(held, { ...vendor, to: 'needs_info' })).toMatchObject({ ok: true, state: 'needs_info' });
    expect(decideVendorMove({ ...held, vendorState: 'needs_info' }, { ...vendor, to: 'fix_proposed' })).toMatchObject({
      ok: true,
      state: 'fix_proposed',
    });
    expect(decideVendorMove(held, { ...vendor, to: 'fix_released', version: ' 4.2.1 ' })).toEqual({
      ok: true,
      move: 'fix_released',
      state: 'fix_released',
      version: '4.2.1',
    });
    expect(decideVendorMove(held, { ...vendor, to: 'returned', reason: 'Not our module' })).toMatchObject({
      ok: true,
      move: 'returned',
      state: null,
    });
  });

  it('refuses another provider, the desk, and a closed ticket', () => {
    expect(decideVendorMove(held, { role: 'vendor', providerOrgId: 'prov-other', to: 'working' })).toMatchObject({
      ok: false,
      kind: 'forbidden',
    });
    expect(decideVendorMove(held, { role: 'agent', providerOrgId: null, to: 'fix_proposed' })).toMatchObject({
      ok: false,
      kind: 'forbidden',
    });
    expect(decideVendorMove({ ...held, status: 'closed' }, { ...vendor, to: 'working' })).toMatchObject({
      ok: false,
      kind: 'conflict',
    });
  });

  it('requires a version for a released fix and a reason to return the ticket', () => {
    expect(decideVendorMove(held, { ...vendor, to: 'fix_released' })).toMatchObject({
      ok: false,
      kind: 'invalid',
      field: 'body.version',
    });
    expect(decideVendorMove(held, { ...vendor, to: 'fix_released', version: 'Jane Smith <script>' })).toMatchObject({
      ok: false,
      kind: 'invalid',
    });
    expect(decideVendorMove(held, { ...vendor, to: 'returned', reason: '  ' })).toMatchObject({
      ok: false,
      kind: 'invalid',
      field: 'body.reason',
    });
    expect(decideVendorMove(held, { ...vendor, to: 'working', version: '1.0' })).toMatchObject({ ok: false });
  });

  it('says a repeated state is already so (409), but a release in a new version is news', () => {
    const released = { ...held, vendorState: 'fix_released' as const, vendorFixVersion: '4.2.1' };
    expect(decideVendorMove(released, { ...vendor, to: 'fix_released', version: '4.2.1' })).toMatchObject({
      ok: false,
      kind: 'conflict',
    });
    expect(decideVendorMove(released, { ...vendor, to: 'fix_released', version: '4.2.2' })).toMatchObject({
      ok: true,
    });
    expect(decideVendorMove({ ...held, vendorState: 'working' }, { ...vendor, to: 'working' })).toMatchObject({
      ok: false,
      kind: 'conflict',
    });
  });

  it('never lets anyone but an engineer of the provider holding an open ticket move it', () => {
    fc.assert(
      fc.property(facts, request, (t, r) => {
        const v = decideVendorMove(t, r);
        if (v.ok) {
          expect(r.role).toBe('vendor');
          expect(r.providerOrgId).not.toBeNull();
          expect(t.providerId).toBe(r.providerOrgId);
          expect(['resolved', 'closed']).not.toContain(t.status);
        }
      }),
    );
  });

  it('always lands on a known state, with a valid version exactly when the fix is released', () => {
    fc.assert(
      fc.property(facts, request, (t, r) => {
        const v = decideVendorMove(t, r);
        if (!v.ok) {
          expect(v.reason.length).toBeGreaterThan(10);
          return;
        }
        if (v.move === 'returned') expect(v.state).toBeNull();
        else expect(VENDOR_STATES).toContain(v.state);
        if (v.state === 'fix_released') expect(v.version).toMatch(/^[A-Za-z0-9]/);
        else expect(v.version).toBeNull();
        if (v.move === 'returned') expect((r.reason ?? '').trim().length).toBeGreaterThanOrEqual(3);
      }),
    );
  });

  it("puts a case waiting for the hospital's information back to working when the desk answers, and nothing else", () => {
    fc.assert(
      fc.property(fc.constantFrom(...VENDOR_STATES, null), (s) => {
        expect(afterDeskReply(s)).toBe(s === 'needs_info' ? 'working' : s);
      }),
    );
    expect(deskCueOf('needs_info')).toBe('answer_vendor');
    expect(deskCueOf('fix_proposed')).toBe('confirm_fix');
    expect(deskCueOf('fix_released')).toBe('confirm_fix');
    expect(deskCueOf('working')).toBeNull();
  });
});

describe("the vendor's queue order", () => {
  const clockState = fc.constantFrom('running', 'paused', 'stopped');
  const part = fc.record({
    dueAt: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
    breachedAt: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
    state: clockState,
  });
  const item = fc.record({
    clock: fc.option(
      fc.record({ providerId: fc.constant('p'), to: fc.constant(null), response: part, resolution: part }),
      {
        nil: null,
      },
    ),
    createdAt: fc.integer({ min: 0, max: 1000 }),
    number: fc.integer({ min: 1, max: 1_000_000 }),
  });

  it('puts breached tickets first, then the soonest due, then the rest oldest first', () => {
    const c = (dueAt: number | null, breachedAt: number | null) => ({
      providerId: 'p',
      to: null,
      response: { dueAt: null, breachedAt: null, state: 'stopped' },
      resolution: { dueAt, breachedAt, state: dueAt === null ? 'paused' : 'running' },
    });
    const items = [
      { clock: null, createdAt: 1, number: 1 },
      { clock: c(500, null), createdAt: 2, number: 2 },
      { clock: c(100, null), createdAt: 3, number: 3 },
      { clock: c(null, 50), createdAt: 4, number: 4 },
      { clock: c(null, null), createdAt: 0, number: 5 },
    ];
    expect([...items].sort(byContractClock).map((i) => i.number)).toEqual([4, 3, 2, 5, 1]);
  });

  it('is a total order: antisymmetric, and a breached ticket never comes after one that is not', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), (items) => {
        const sorted = [...items].sort(byContractClock);
        for (let i = 1; i < sorted.length; i++) {
          expect(byContractClock(sorted[i - 1]!, sorted[i]!)).toBeLessThanOrEqual(0);
          const before = urgencyOf(sorted[i - 1]!.clock);
          const after = urgencyOf(sorted[i]!.clock);
          if (after.breachedAt !== null) expect(before.breachedAt).not.toBeNull();
        }
        for (const a of items)
          for (const b of items) expect(Math.sign(byContractClock(a, b)) + Math.sign(byContractClock(b, a))).toBe(0);
      }),
    );
  });

  it("finds the provider's running clock, not an earlier holding's or another provider's", () => {
    const r = (providerId: string, to: number | null) => ({
      providerId,
      to,
      response: { dueAt: null, breachedAt: null, state: 'stopped' },
      resolution: { dueAt: 1, breachedAt: null, state: 'running' },
    });
    const records = [r('p', 10), r('q', 20), r('p', null)];
    expect(currentClockOf(records, 'p')).toBe(records[2]);
    expect(currentClockOf(records, 'q')).toBeNull();
  });

  it('offers the holding vendor the moves the server accepts, and nobody else any', () => {
    expect(vendorMovesFor(held, vendor)).toEqual(['working', 'needs_info', 'fix_proposed', 'fix_released', 'returned']);
    expect(vendorMovesFor({ ...held, vendorState: 'needs_info' }, vendor)).not.toContain('needs_info');
    expect(vendorMovesFor(held, { role: 'agent', providerOrgId: null })).toEqual([]);
    expect(vendorMovesFor(held, { role: 'vendor', providerOrgId: 'prov-other' })).toEqual([]);
  });
});
