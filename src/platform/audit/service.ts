// Writing, reading and verifying the audit trail. `recordAudit` runs inside the caller's transaction,
// so a change and its audit entry commit together or not at all.
import type { RequestMeta } from '../actor.ts';
import type { Database, Queryable } from '../db/connect.ts';
import type { AuditAction } from './actions.ts';
import { type AuditContent, type ChainCheck, checkChain, entryHash, GENESIS_HASH } from './chain.ts';
import {
  type AuditFilter,
  chainPage,
  countUnsealed,
  insertEntry,
  lastSealed,
  listEntries,
  sealable,
  trySealLock,
  writeSeals,
} from './store.ts';

export type AuditEntry = {
  action: AuditAction; // one of the catalogue (actions.ts), e.g. "user.create", "auth.login", "access.denied"
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
  await insertEntry(tx, content);
}

/** Records an entry in a transaction of its own (denials, sensitive reads): its one INSERT, which commits alone
 *  (an explicit BEGIN and COMMIT around it cost two more round trips on every ticket page read; issue 17). */
export async function recordAuditNow(database: Database, meta: RequestMeta, entry: AuditEntry): Promise<void> {
  await recordAudit(database.db, meta, entry);
}

/**
 * Chains committed, unsealed entries onto the end of the trail, in id order. Only entries of transactions that have
 * ended are taken, so one committing late is sealed later rather than skipped. One sealer at a time (advisory lock);
 * returns how many entries it sealed, or -1 when another instance held the lock.
 */
export async function sealAuditTrail(database: Database, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await database.db.transaction(async (tx) => {
      if (!(await trySealLock(tx))) return -1;
      const rows = await sealable(tx, batch);
      let { seq, hash: prev } = await lastSealed(tx);
      const seals = rows.map((row) => {
        const hash = entryHash(prev, row);
        const seal = { id: row.id, seq: ++seq, prevHash: prev, hash };
        prev = hash;
        return seal;
      });
      await writeSeals(tx, seals);
      return seals.length;
    });
    if (sealed < 0) return total === 0 ? -1 : total;
    total += sealed;
    if (sealed < batch) return total;
  }
}

export type VerifyResult = ChainCheck & { unsealed: number };

/** Seals what can be sealed, then recomputes the whole chain in order. */
export async function verifyAuditTrail(database: Database, pageSize = 5000): Promise<VerifyResult> {
  await sealAuditTrail(database);
  let result: ChainCheck = { ok: true, checked: 0, lastHash: GENESIS_HASH };
  let afterSeq = 0;
  for (;;) {
    const page = await chainPage(database.db, afterSeq, pageSize);
    if (page.length === 0) break;
    result = checkChain(page, result.ok ? result.lastHash : GENESIS_HASH, result.checked);
    if (!result.ok) break;
    afterSeq = page[page.length - 1]!.seq;
  }
  return { ...result, unsealed: await countUnsealed(database.db) };
}

export function listAudit(database: Database, filter: AuditFilter) {
  return listEntries(database.db, filter);
}
