// SQL for the audit trail: unsealed writes (no lock), sealing in commit-safe order, reads.
import { and, asc, desc, eq, gt, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../db/connect.ts';
import { insertRow } from '../db/json-rows.ts';
import { auditLog } from '../db/schema.ts';
import { OTHER_DATABASE } from '../events/outbox.ts';
import { type AuditContent, type ChainRow, GENESIS_HASH } from './chain.ts';

const SEAL_LOCK = 7_100_222; // one sealer at a time, across instances

/** As SQL text (json-rows.ts `insertRow`): every change and every sensitive read writes one. */
export async function insertEntry(tx: Queryable, content: AuditContent) {
  await tx.execute(insertRow(auditLog, { ...content, at: new Date(content.at), summary: content.summary ?? {} }));
}

/** Takes the sealer's lock for this transaction; false when another instance is sealing. */
export async function trySealLock(tx: Queryable): Promise<boolean> {
  const res = await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK}) AS got`);
  return rowsOf<{ got: boolean }>(res)[0]?.got === true;
}

export async function lastSealed(tx: Queryable): Promise<{ seq: number; hash: string }> {
  const [row] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(sql`${auditLog.seq} IS NOT NULL`)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return row ? { seq: row.seq!, hash: row.hash! } : { seq: 0, hash: GENESIS_HASH };
}

/** Below this id every transaction of this database has ended (another database's cannot write this audit trail). */
const AUDIT_FRONTIER = sql.raw(`(SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
      FROM pg_snapshot_xip(pg_current_snapshot()) AS x WHERE NOT ${OTHER_DATABASE('x')})`);

/** Unsealed entries whose transactions have ended (none still running can precede them), in id order. */
export async function sealable(tx: Queryable, limit: number): Promise<ChainRow[]> {
  const rows = await tx
    .select()
    .from(auditLog)
    .where(and(isNull(auditLog.seq), sql`${auditLog.txid} < ${AUDIT_FRONTIER}`))
    .orderBy(asc(auditLog.id))
    .limit(limit);
  return rows.map(toChainRow);
}

export async function writeSeals(tx: Queryable, seals: { id: number; seq: number; prevHash: string; hash: string }[]) {
  if (seals.length === 0) return;
  await tx.execute(sql`UPDATE audit_log a SET seq = s.seq, prev_hash = s.prev_hash, hash = s.hash
    FROM unnest(${sql.param(seals.map((s) => String(s.id)))}::bigint[], ${sql.param(seals.map((s) => String(s.seq)))}::bigint[],
                ${sql.param(seals.map((s) => s.prevHash))}::text[], ${sql.param(seals.map((s) => s.hash))}::text[])
      AS s(id, seq, prev_hash, hash)
    WHERE a.id = s.id`);
}

export async function countUnsealed(db: Queryable): Promise<number> {
  const res = await db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE seq IS NULL`);
  return rowsOf<{ n: number }>(res)[0]?.n ?? 0;
}

function toChainRow(r: typeof auditLog.$inferSelect): ChainRow {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorLabel: r.actorLabel,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    outcome: r.outcome,
    summary: r.summary,
    ip: r.ip,
    requestId: r.requestId,
    prevHash: r.prevHash ?? '',
    hash: r.hash ?? '',
  };
}

/** Sealed entries in chain order, after a given seq. */
export async function chainPage(
  db: Queryable,
  afterSeq: number,
  limit: number,
): Promise<(ChainRow & { seq: number })[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(gt(auditLog.seq, afterSeq))
    .orderBy(asc(auditLog.seq))
    .limit(limit);
  return rows.map((r) => ({ ...toChainRow(r), seq: r.seq! }));
}

export type AuditFilter = {
  targetType?: string;
  targetId?: string;
  actorId?: string;
  action?: string;
  beforeId?: number;
  limit: number;
};

export async function listEntries(db: Queryable, f: AuditFilter): Promise<ChainRow[]> {
  const where: SQL[] = [];
  if (f.targetType) where.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) where.push(eq(auditLog.targetId, f.targetId));
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.beforeId) where.push(lt(auditLog.id, f.beforeId));
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(f.limit);
  return rows.map(toChainRow);
}
