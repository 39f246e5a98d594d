// Writing, reading and verifying the audit trail. `recordAudit` runs inside the caller's transaction,
// so a change and its audit entry commit together or not at all.
import type { RequestMeta } from '../actor.ts';
import type { Database, Queryable } from '../db/connect.ts';
import { type AuditContent, type ChainCheck, checkChain, entryHash, GENESIS_HASH } from './chain.ts';
import { type AuditFilter, chainPage, insertEntry, lastHashLocked, listEntries } from './store.ts';

export type AuditEntry = {
  action: string; // e.g. "user.create", "auth.login", "access.denied"
  targetType?: string;
  targetId?: string;
  outcome?: AuditContent['outcome'];
  summary?: Record<string, unknown>;
  /** For actions without a signed-in actor (a failed sign-in): who it was attempted as. */
  actorLabel?: string;
};

export async function recordAudit(tx: Queryable, meta: RequestMeta, entry: AuditEntry): Promise<void> {
  const content: AuditContent = {
    at: new Date().toISOString(),
    actorId: meta.actor?.userId ?? null,
    actorLabel: entry.actorLabel ?? meta.actor?.username ?? 'anonymous',
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    outcome: entry.outcome ?? 'success',
    summary: entry.summary ?? {},
    ip: meta.ip,
    requestId: meta.requestId,
  };
  const prev = await lastHashLocked(tx);
  await insertEntry(tx, content, prev, entryHash(prev, content));
}

/** Records an entry in a transaction of its own (denials, sensitive reads). */
export async function recordAuditNow(database: Database, meta: RequestMeta, entry: AuditEntry): Promise<void> {
  await database.db.transaction((tx) => recordAudit(tx, meta, entry));
}

export async function verifyAuditTrail(database: Database, pageSize = 5000): Promise<ChainCheck> {
  let result: ChainCheck = { ok: true, checked: 0, lastHash: GENESIS_HASH };
  let afterId = 0;
  for (;;) {
    const page = await chainPage(database.db, afterId, pageSize);
    if (page.length === 0) return result;
    result = checkChain(page, result.ok ? result.lastHash : GENESIS_HASH, result.checked);
    if (!result.ok) return result;
    afterId = page[page.length - 1]!.id;
  }
}

export function listAudit(database: Database, filter: AuditFilter) {
  return listEntries(database.db, filter);
}
