import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditContent, type ChainRow, canonicalJson, checkChain, entryHash, GENESIS_HASH } from './chain.ts';

const content = fc.record({
  at: fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  actorId: fc.option(fc.uuid(), { nil: null }),
  actorLabel: fc.string({ minLength: 1, maxLength: 20 }),
  action: fc.constantFrom('auth.login', 'user.create', 'ticket.view', 'access.denied'),
  targetType: fc.option(fc.constantFrom('user', 'ticket'), { nil: null }),
  targetId: fc.option(fc.uuid(), { nil: null }),
  outcome: fc.constantFrom('success', 'denied', 'failure') as fc.Arbitrary<AuditContent['outcome']>,
  summary: fc.dictionary(
    fc.string({ maxLength: 8 }),
    fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean()),
  ),
  ip: fc.option(fc.ipV4(), { nil: null }),
  requestId: fc.option(fc.uuid(), { nil: null }),
});

function chainOf(contents: AuditContent[]): ChainRow[] {
  let prev = GENESIS_HASH;
  return contents.map((c, i) => {
    const hash = entryHash(prev, c);
    const row = { ...c, id: i + 1, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

describe('audit hash chain', () => {
  it('hashes the same content the same way whatever the key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });

  it('verifies an untouched chain', () => {
    fc.assert(
      fc.property(fc.array(content, { maxLength: 20 }), (contents) => {
        const result = checkChain(chainOf(contents));
        expect(result.ok).toBe(true);
        expect(result.checked).toBe(contents.length);
      }),
    );
  });

  it('detects any altered entry, at that entry', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 1, maxLength: 20 }), fc.nat(), (contents, pick) => {
        const rows = chainOf(contents);
        const i = pick % rows.length;
        rows[i] = { ...rows[i]!, actorLabel: `${rows[i]!.actorLabel}x` };
        const result = checkChain(rows);
        expect(result).toMatchObject({ ok: false, brokenAt: i + 1, checked: i });
      }),
    );
  });

  it('detects a removed entry', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 2, maxLength: 20 }), fc.nat(), (contents, pick) => {
        const rows = chainOf(contents);
        const i = pick % (rows.length - 1);
        rows.splice(i, 1);
        expect(checkChain(rows).ok).toBe(false);
      }),
    );
  });
});
