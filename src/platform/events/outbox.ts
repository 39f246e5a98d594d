// Domain events, written to the outbox in the same transaction as the change they describe.
// NOTIFY inside the transaction is delivered only at commit, so listeners never see uncommitted events.
import { sql } from 'drizzle-orm';
import type { Role } from '../auth/roles.ts';
import { type Queryable, rowsOf } from '../db/connect.ts';
import { outbox } from '../db/schema.ts';

export const EVENTS_CHANNEL = 'clinidesk_events';

/** Who may receive an event live. Nobody unless named: by role, by user id, or vendor staff of a provider. */
export type Audience = { roles?: Role[]; userIds?: string[]; vendorProviderIds?: string[] };

export type NewEvent = {
  type: string; // e.g. "user.created"
  subjectType: string;
  subjectId: string;
  actorId?: string | null;
  payload?: Record<string, unknown>;
  audience: Audience;
};

export type StoredEvent = NewEvent & { id: number; at: string; payload: Record<string, unknown> };

export async function appendEvent(tx: Queryable, event: NewEvent): Promise<void> {
  // One round trip: the insert and the NOTIFY (delivered at commit) in a single statement.
  await tx.execute(sql`WITH e AS (
      INSERT INTO ${outbox} (type, subject_type, subject_id, actor_id, payload, audience)
      VALUES (${event.type}, ${event.subjectType}, ${event.subjectId}, ${event.actorId ?? null},
              ${JSON.stringify(event.payload ?? {})}::jsonb, ${JSON.stringify(event.audience)}::jsonb)
      RETURNING id)
    SELECT pg_notify(${EVENTS_CHANNEL}, '') FROM e`);
}

export type Receiver = { userId: string; role: Role; providerOrgId?: string | null };

export function canReceive(audience: Audience, user: Receiver): boolean {
  if ((audience.roles ?? []).includes(user.role) || (audience.userIds ?? []).includes(user.userId)) return true;
  return (
    user.role === 'vendor' && !!user.providerOrgId && (audience.vendorProviderIds ?? []).includes(user.providerOrgId)
  );
}

/** A place in the outbox: after the event `id` of transaction `txid`. */
export type OutboxPosition = { txid: string; id: string };
export type CommittedEvent = StoredEvent & { txid: string };

/** Whether the event at `a` comes after position `b` in the outbox's commit-safe order (txid, then id). */
export function isAfter(a: OutboxPosition, b: OutboxPosition): boolean {
  const [at, bt] = [BigInt(a.txid), BigInt(b.txid)];
  return at > bt || (at === bt && BigInt(a.id) > BigInt(b.id));
}

/** The position of the event with this id (what an SSE client sends back as Last-Event-ID), if there is one. */
export async function positionOfEvent(db: Queryable, eventId: string): Promise<OutboxPosition | null> {
  const res = await db.execute(sql`SELECT txid::text AS txid FROM ${outbox} WHERE id = ${eventId}::bigint`);
  const txid = rowsOf<{ txid: string }>(res)[0]?.txid;
  return txid ? { txid, id: eventId } : null;
}

/**
 * Quiet transactions. A reader takes only events older than every transaction still running (below), so one long
 * transaction holds back every event written after it began: the report-facts refresh, a minute long after a seed
 * on a busy machine, held the console's live events back that long. A transaction that writes no events says so
 * first (`declareWritesNoEvents`), before it has a transaction id, and the readers leave it out: it can hold no event
 * back. The declaration is a shared advisory lock, held to the transaction's end, that readers find in `pg_locks`
 * next to the transaction's id; a trigger (migration 0042) refuses an insert into the outbox in such a transaction,
 * so the declaration cannot be wrong. Nothing else changes: a transaction that may write events is waited for.
 */
const QUIET_LOCK = { classid: 1129072976, objid: 1 } as const; // "CLIP" (Clinidesk) · 1: writes no events

/** Declares that this transaction writes no events (see above). Must come before anything that writes. */
export async function declareWritesNoEvents(tx: Queryable): Promise<void> {
  const res = await tx.execute(sql`SELECT pg_current_xact_id_if_assigned() IS NULL AS fresh`);
  if (!rowsOf<{ fresh: boolean }>(res)[0]?.fresh)
    throw new Error('declareWritesNoEvents must come before the transaction writes anything');
  await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(${QUIET_LOCK.classid}::int, ${QUIET_LOCK.objid}::int),
      set_config('clinidesk.writes_no_events', 'on', true)`);
}

/**
 * A running transaction of another database on the same server: it cannot write this database's outbox or audit
 * trail, so readers need not wait for it. A hospital's PostgreSQL server often holds several databases (and the test
 * suite runs one per file, in parallel); a long transaction in one of them must not hold back another's live events.
 * A backend serves one database for its life, so its `datid` is certain; a transaction not (or no longer) listed is
 * waited for, as before.
 */
export const OTHER_DATABASE = (x: string) => `EXISTS (SELECT 1 FROM pg_stat_activity a
          WHERE a.backend_xid = ${x}::xid AND a.datid IS DISTINCT FROM (SELECT oid FROM pg_database
            WHERE datname = current_database()))`;

/**
 * Below this transaction id every transaction that may write events has ended: the oldest one still running in this
 * database, quiet transactions left out (or, when none runs, the next id to be given). The same snapshot as the
 * outbox read.
 */
const FRONTIER = sql.raw(`(SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
      FROM pg_snapshot_xip(pg_current_snapshot()) AS x
      WHERE NOT EXISTS (SELECT 1 FROM pg_locks q JOIN pg_locks t ON t.virtualtransaction = q.virtualtransaction
        WHERE q.locktype = 'advisory' AND q.classid = ${QUIET_LOCK.classid} AND q.objid = ${QUIET_LOCK.objid}
          AND q.objsubid = 2 AND q.granted
          AND t.locktype = 'transactionid' AND t.mode = 'ExclusiveLock' AND t.granted AND t.transactionid = x::xid)
        AND NOT ${OTHER_DATABASE('x')})`);

/** The newest event below the frontier (where a reader that starts now begins), if any. */
export async function newestCommittedPosition(db: Queryable): Promise<OutboxPosition | null> {
  // Ordered by the table's columns (o.txid, o.id), never by the text copies the query returns: as text '999' sorts
  // after '1000'.
  const res = await db.execute(sql`SELECT o.txid::text AS txid, o.id::text AS id FROM ${outbox} o
    WHERE o.txid < ${FRONTIER} ORDER BY o.txid DESC, o.id DESC LIMIT 1`);
  const row = rowsOf<OutboxPosition>(res)[0];
  return row ? { txid: row.txid, id: row.id } : null;
}

/**
 * The events after `after`, in commit-safe order: only those whose transaction is older than the oldest one still
 * running that may write events (FRONTIER: quiet transactions left out), so an event committed late by a slow
 * transaction is never skipped. Shared by every reader of the outbox (the live dispatcher, the catch-up of a
 * reconnecting stream, the survey invitations, the notifications consumer).
 */
export async function committedEventsAfter(
  db: Queryable,
  after: OutboxPosition,
  limit: number,
): Promise<CommittedEvent[]> {
  // ORDER BY names the table's columns (o.txid, o.id): a bare `txid, id` would mean the text copies selected here,
  // and as text '1000' sorts before '999' — a reader then went back for earlier events and a stream skipped them.
  const res = await db.execute(sql`SELECT o.id::text AS id, o.txid::text AS txid, o.at, o.type, o.subject_type,
      o.subject_id, o.actor_id, o.payload, o.audience FROM ${outbox} o
    WHERE (o.txid, o.id) > (${after.txid}::xid8, ${after.id}::bigint) AND o.txid < ${FRONTIER}
    ORDER BY o.txid, o.id LIMIT ${limit}`);
  return rowsOf<OutboxRow>(res).map((r) => ({
    id: Number(r.id),
    txid: r.txid,
    at: new Date(r.at).toISOString(),
    type: r.type,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    actorId: r.actor_id,
    payload: r.payload,
    audience: r.audience,
  }));
}

type OutboxRow = {
  id: string;
  txid: string;
  at: Date | string;
  type: string;
  subject_type: string;
  subject_id: string;
  actor_id: string | null;
  payload: Record<string, unknown>;
  audience: Audience;
};
