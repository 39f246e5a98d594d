// The audit trail's hash chain, pure: each entry's hash covers its content and the previous entry's hash,
// so changing, removing or reordering any row breaks every hash after it.
import { createHash } from 'node:crypto';
import type { AuditOutcome } from './actions.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditContent = {
  at: string; // ISO 8601, millisecond precision
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  summary: unknown;
  ip: string | null;
  requestId: string | null;
};

/** JSON with object keys sorted at every depth, so a value hashes the same after a round trip through jsonb. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Exactly the content fields, whatever else the object carries (ids, sequence numbers, hashes). */
export function contentOf(c: AuditContent): AuditContent {
  const { at, actorId, actorLabel, action, targetType, targetId, outcome, summary, ip, requestId } = c;
  return { at, actorId, actorLabel, action, targetType, targetId, outcome, summary, ip, requestId };
}

export function entryHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson(contentOf(content)))
    .digest('hex');
}

export type ChainRow = AuditContent & { id: number; prevHash: string; hash: string };

export type ChainCheck =
  | { ok: true; checked: number; lastHash: string }
  | { ok: false; checked: number; brokenAt: number; reason: string };

/** Checks rows in id order, continuing from `prevHash` (the hash before the first row). */
export function checkChain(rows: ChainRow[], prevHash = GENESIS_HASH, checkedBefore = 0): ChainCheck {
  let prev = prevHash;
  let checked = checkedBefore;
  for (const row of rows) {
    if (row.prevHash !== prev) return { ok: false, checked, brokenAt: row.id, reason: 'previous hash does not match' };
    const { id: _id, prevHash: _p, hash, ...content } = row;
    if (entryHash(prev, content) !== hash)
      return { ok: false, checked, brokenAt: row.id, reason: 'content was altered' };
    prev = hash;
    checked++;
  }
  return { ok: true, checked, lastHash: prev };
}
