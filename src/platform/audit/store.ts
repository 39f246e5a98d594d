// SQL for the audit trail.
import { and, asc, desc, eq, gt, lt, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../db/connect.ts';
import { auditLog } from '../db/schema.ts';
import { type AuditContent, type ChainRow, GENESIS_HASH } from './chain.ts';

const AUDIT_LOCK = 7_100_222; // serialises writers so the chain has one order

export async function lastHashLocked(tx: Queryable): Promise<string> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const rows = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return rows[0]?.hash ?? GENESIS_HASH;
}

export async function insertEntry(tx: Queryable, content: AuditContent, prevHash: string, hash: string) {
  await tx.insert(auditLog).values({
    ...content,
    at: new Date(content.at),
    summary: content.summary ?? {},
    prevHash,
    hash,
  });
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
    outcome: r.outcome as ChainRow['outcome'],
    summary: r.summary,
    ip: r.ip,
    requestId: r.requestId,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

export async function chainPage(db: Queryable, afterId: number, limit: number): Promise<ChainRow[]> {
  const rows = await db.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(limit);
  return rows.map(toChainRow);
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
