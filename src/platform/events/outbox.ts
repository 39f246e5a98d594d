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
 * The events after `after`, in commit-safe order: only those whose transaction is older than the oldest one still
 * running (pg_snapshot_xmin), so an event committed late by a slow transaction is never skipped. Shared by every
 * reader of the outbox (the live dispatcher, the survey invitations).
 */
export async function committedEventsAfter(
  db: Queryable,
  after: OutboxPosition,
  limit: number,
): Promise<CommittedEvent[]> {
  const res = await db.execute(sql`SELECT id::text, txid::text, at, type, subject_type, subject_id, actor_id, payload,
      audience FROM ${outbox}
    WHERE (txid, id) > (${after.txid}::xid8, ${after.id}::bigint) AND txid < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY txid, id LIMIT ${limit}`);
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
