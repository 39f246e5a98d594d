// SQL for webhooks: subscriptions, the outbox cursor, deliveries (made once per subscription and event, claimed with
// SKIP LOCKED so several instances never send one attempt twice), attempts (the delivery log) and the failure count
// that switches a subscription off.
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { facilities, providers, services } from '../directory/tables.ts';
import type { DeliveryStatus } from './rules/delivery.ts';
import { webhookAttempts, webhookDeliveries, webhookOutboxCursor, webhookSubscriptions } from './tables.ts';

const CURSOR = 'webhooks';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type NewSubscriptionRow = typeof webhookSubscriptions.$inferInsert;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;
export type Cursor = { txid: string; eventId: number };

/** The consumer's position, locked for this transaction (one reader at a time, whatever the instance). */
export async function lockCursor(db: Queryable): Promise<Cursor | null> {
  const res = await db.execute(sql`SELECT txid::text AS txid, event_id FROM ${webhookOutboxCursor}
    WHERE name = ${CURSOR} FOR UPDATE SKIP LOCKED`);
  const row = rowsOf<{ txid: string; event_id: string | number }>(res)[0];
  return row ? { txid: row.txid, eventId: Number(row.event_id) } : null;
}

export async function saveCursor(db: Queryable, c: Cursor): Promise<void> {
  await db.execute(sql`UPDATE ${webhookOutboxCursor} SET txid = ${c.txid}::xid8, event_id = ${c.eventId}
    WHERE name = ${CURSOR}`);
}

export async function activeSubscriptions(db: Queryable): Promise<SubscriptionRow[]> {
  return db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.active, true));
}

export async function listSubscriptions(db: Queryable): Promise<SubscriptionRow[]> {
  return db.select().from(webhookSubscriptions).orderBy(webhookSubscriptions.name, webhookSubscriptions.id);
}

export async function findSubscription(db: Queryable, id: string, forUpdate = false) {
  const q = db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  return (forUpdate ? await q.for('update') : await q)[0];
}

export async function subscriptionsByIds(db: Queryable, ids: string[]): Promise<SubscriptionRow[]> {
  if (!ids.length) return [];
  return db.select().from(webhookSubscriptions).where(inArray(webhookSubscriptions.id, ids));
}

export async function insertSubscription(db: Queryable, row: NewSubscriptionRow): Promise<SubscriptionRow> {
  return (await db.insert(webhookSubscriptions).values(row).returning())[0]!;
}

export async function updateSubscription(
  db: Queryable,
  id: string,
  set: Partial<NewSubscriptionRow>,
): Promise<SubscriptionRow> {
  return (
    await db
      .update(webhookSubscriptions)
      .set({ ...set, updatedAt: new Date(), version: sql`${webhookSubscriptions.version} + 1` })
      .where(eq(webhookSubscriptions.id, id))
      .returning()
  )[0]!;
}

export async function deleteSubscription(db: Queryable, id: string): Promise<void> {
  await db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
}

/** New deliveries in one statement; a replayed event finds its (subscription, event) pairs there and adds nothing. */
export async function insertDeliveries(
  db: Queryable,
  rows: { id: string; subscriptionId: string; eventId: number; eventType: string; body: string }[],
): Promise<void> {
  if (!rows.length) return;
  await db.insert(webhookDeliveries).values(rows).onConflictDoNothing();
}

/**
 * Claims due deliveries of active subscriptions: locked with SKIP LOCKED (another instance takes others), counted
 * as an attempt, and moved `leaseMs` ahead, so a sender that dies mid-send leaves them to be tried after the lease.
 */
export async function claimDue(db: Queryable, limit: number, leaseMs: number): Promise<DeliveryRow[]> {
  const res = await db.execute(sql`UPDATE ${webhookDeliveries} d
    SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}),
        window_started_at = coalesce(d.window_started_at, now())
    FROM (SELECT w.id FROM ${webhookDeliveries} w JOIN ${webhookSubscriptions} s ON s.id = w.subscription_id
          WHERE w.status = 'pending' AND w.next_attempt_at <= now() AND s.active
          ORDER BY w.next_attempt_at, w.id LIMIT ${limit} FOR UPDATE OF w SKIP LOCKED) due
    WHERE d.id = due.id
    RETURNING d.id`);
  const ids = rowsOf<{ id: string }>(res).map((r) => r.id);
  if (!ids.length) return [];
  return db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.id, ids));
}

export async function insertAttempt(
  db: Queryable,
  row: {
    id: string;
    deliveryId: string;
    at: Date;
    statusCode: number | null;
    error: string | null;
    responseExcerpt: string | null;
    durationMs: number;
  },
): Promise<void> {
  await db.insert(webhookAttempts).values(row);
}

/** One delivered attempt of a batch (recordDelivered). */
export type DeliveredAttempt = {
  attemptId: string;
  deliveryId: string;
  subscriptionId: string;
  at: Date;
  done: Date;
  statusCode: number;
  responseExcerpt: string;
  durationMs: number;
};

/**
 * Records a batch's delivered attempts in three statements whatever its size: the attempt rows, each delivery marked
 * delivered, and the failure streak of each subscription concerned cleared (a statement per delivery before).
 */
export async function recordDelivered(db: Queryable, rows: readonly DeliveredAttempt[]): Promise<void> {
  if (!rows.length) return;
  await db.insert(webhookAttempts).values(
    rows.map((r) => ({
      id: r.attemptId,
      deliveryId: r.deliveryId,
      at: r.at,
      statusCode: r.statusCode,
      error: null,
      responseExcerpt: r.responseExcerpt,
      durationMs: r.durationMs,
    })),
  );
  await db.execute(sql`UPDATE ${webhookDeliveries} d
    SET status = 'delivered', delivered_at = u.done, last_status_code = u.code, last_error = NULL
    FROM unnest(${sql.param(rows.map((r) => r.deliveryId))}::uuid[],
                ${sql.param(rows.map((r) => r.done.toISOString()))}::timestamptz[],
                ${sql.param(rows.map((r) => r.statusCode))}::int[]) AS u(id, done, code)
    WHERE d.id = u.id`);
  const subscriptions = [...new Set(rows.map((r) => r.subscriptionId))];
  await db.execute(sql`UPDATE ${webhookSubscriptions} SET consecutive_failures = 0, failing_since = NULL
    WHERE id = ANY(${sql.param(subscriptions)}::uuid[]) AND (consecutive_failures > 0 OR failing_since IS NOT NULL)`);
}

/** A failed try: again at `next`, or failed for good when `next` is null. */
export async function markTryFailed(
  db: Queryable,
  id: string,
  next: Date | null,
  statusCode: number | null,
  error: string,
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      ...(next ? { nextAttemptAt: next } : { status: 'failed' as const }),
      lastStatusCode: statusCode,
      lastError: error.slice(0, 1000),
    })
    .where(eq(webhookDeliveries.id, id));
}

/** A try failed: the streak grows (atomically, whichever instance sent); returns the streak as it now stands. */
export async function subscriptionFailed(
  db: Queryable,
  id: string,
  at: Date,
): Promise<{ consecutiveFailures: number; failingSince: Date | null; active: boolean } | undefined> {
  const res = await db.execute(sql`UPDATE ${webhookSubscriptions}
    SET consecutive_failures = consecutive_failures + 1,
        failing_since = coalesce(failing_since, ${at.toISOString()}::timestamptz)
    WHERE id = ${id}
    RETURNING consecutive_failures, failing_since, active`);
  const r = rowsOf<{ consecutive_failures: number; failing_since: Date | string | null; active: boolean }>(res)[0];
  return r
    ? {
        consecutiveFailures: Number(r.consecutive_failures),
        failingSince: r.failing_since === null ? null : new Date(r.failing_since),
        active: r.active,
      }
    : undefined;
}

/** Switches a subscription off if it is still on; returns whether this call did it (one instance wins). */
export async function disableIfActive(db: Queryable, id: string, at: Date, reason: string): Promise<boolean> {
  const rows = await db
    .update(webhookSubscriptions)
    .set({ active: false, disabledAt: at, disabledReason: reason, updatedAt: at })
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.active, true)))
    .returning({ id: webhookSubscriptions.id });
  return rows.length > 0;
}

export async function listDeliveries(
  db: Queryable,
  subscriptionId: string,
  opts: { status?: DeliveryStatus; limit: number; before?: Date },
): Promise<DeliveryRow[]> {
  const conds = [eq(webhookDeliveries.subscriptionId, subscriptionId)];
  if (opts.status) conds.push(eq(webhookDeliveries.status, opts.status));
  if (opts.before) conds.push(lt(webhookDeliveries.createdAt, opts.before));
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(...conds))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(opts.limit);
}

export async function attemptsOf(db: Queryable, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (!deliveryIds.length) return [];
  return db
    .select()
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, deliveryIds))
    .orderBy(webhookAttempts.at, webhookAttempts.id);
}

export async function findDelivery(db: Queryable, id: string, forUpdate = false): Promise<DeliveryRow | undefined> {
  const q = db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return (forUpdate ? await q.for('update') : await q)[0];
}

/** Sends a delivery again: due now, with a new day of retries (same id and body: receivers can drop a duplicate). */
export async function requeue(db: Queryable, id: string): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: sql`now()`, windowStartedAt: null })
    .where(eq(webhookDeliveries.id, id));
}

export async function countsBySubscription(
  db: Queryable,
): Promise<Map<string, { pending: number; failed: number; delivered: number }>> {
  const rows = await db
    .select({
      id: webhookDeliveries.subscriptionId,
      status: webhookDeliveries.status,
      n: sql<number>`count(*)::int`,
    })
    .from(webhookDeliveries)
    .groupBy(webhookDeliveries.subscriptionId, webhookDeliveries.status);
  const out = new Map<string, { pending: number; failed: number; delivered: number }>();
  for (const r of rows) {
    const c = out.get(r.id) ?? { pending: 0, failed: 0, delivered: 0 };
    c[r.status] = Number(r.n);
    out.set(r.id, c);
  }
  return out;
}

const DIRECTORY_TABLES = { provider: providers, facility: facilities, service: services } as const;

/** The ids among `ids` that name no row of that directory table (for the filters' checks). */
export async function missingIds(
  db: Queryable,
  kind: keyof typeof DIRECTORY_TABLES,
  ids: readonly string[],
): Promise<string[]> {
  if (!ids.length) return [];
  const table = DIRECTORY_TABLES[kind];
  const found = await db
    .select({ id: table.id })
    .from(table)
    .where(inArray(table.id, [...ids]));
  const have = new Set(found.map((r) => r.id));
  return ids.filter((id) => !have.has(id));
}

export async function providerNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: providers.id, name: providers.name })
    .from(providers)
    .where(inArray(providers.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Deletes up to `limit` deliveries past their retention period (rules/retention.ts: delivered ones by their
 * delivery, failed ones by the start of their last day of retries; pending ones never), their attempts with them
 * (ON DELETE CASCADE). Returns how many of each status went.
 */
export async function deleteExpiredDeliveries(
  db: Queryable,
  cutoffs: { delivered: Date; failed: Date },
  limit: number,
): Promise<{ delivered: number; failed: number }> {
  const res = await db.execute(sql`DELETE FROM ${webhookDeliveries} WHERE id IN (
      SELECT id FROM ${webhookDeliveries}
      WHERE (status = 'delivered' AND COALESCE(delivered_at, created_at) <= ${cutoffs.delivered.toISOString()}::timestamptz)
         OR (status = 'failed'
             AND GREATEST(created_at, COALESCE(window_started_at, created_at)) <= ${cutoffs.failed.toISOString()}::timestamptz)
      LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING status`);
  const rows = rowsOf<{ status: DeliveryStatus }>(res);
  return {
    delivered: rows.filter((r) => r.status === 'delivered').length,
    failed: rows.filter((r) => r.status === 'failed').length,
  };
}
