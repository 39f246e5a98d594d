// SQL of the email intake: the stored messages (claimed for processing with SKIP LOCKED), the per-sender counts the
// rate limit reads, and the people first known from an email.
import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Role } from '../../platform/auth/roles.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { literals } from '../../platform/db/literals.ts';
import { users } from '../../platform/db/schema.ts';
import { people } from '../directory/tables.ts';
import { tickets } from '../tickets/tables.ts';
import { PURGEABLE_STATES } from './rules/retention.ts';
import type { MessageFlag, MessageOutcome, MessageSource, MessageState } from './rules/vocabulary.ts';
import { emailMessages, emailSenders } from './tables.ts';

export type MessageRow = typeof emailMessages.$inferSelect;

/** Stores a message once per Message-ID; returns its id and whether it was already there. */
export async function insertMessage(
  db: Queryable,
  row: { id: string; messageId: string; source: MessageSource; sourceDetail: Record<string, unknown>; raw: Buffer },
): Promise<{ id: string; duplicate: boolean }> {
  const inserted = await db
    .insert(emailMessages)
    .values({ ...row, size: row.raw.length })
    .onConflictDoNothing({ target: emailMessages.messageId })
    .returning({ id: emailMessages.id });
  if (inserted[0]) return { id: inserted[0].id, duplicate: false };
  const [existing] = await db
    .select({ id: emailMessages.id })
    .from(emailMessages)
    .where(eq(emailMessages.messageId, row.messageId));
  return { id: existing!.id, duplicate: true };
}

/** A received message locked for processing, or null when another instance has it or it is done. */
export async function claimMessage(db: Queryable, id: string): Promise<MessageRow | null> {
  const res = await db
    .select()
    .from(emailMessages)
    .where(and(eq(emailMessages.id, id), eq(emailMessages.state, 'received')))
    .for('update', { skipLocked: true });
  return res[0] ? withBuffer(res[0]) : null;
}

/** PGlite hands bytea back as a Uint8Array, node-postgres as a Buffer: the intake reads a Buffer either way. */
function withBuffer(row: MessageRow): MessageRow {
  const raw = row.raw as Uint8Array;
  return { ...row, raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) };
}

/** Received messages not yet processed (a crash between "250" and processing, or a retry), oldest first. */
export async function pendingMessageIds(db: Queryable, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: emailMessages.id })
    .from(emailMessages)
    // A literal: a prepared statement's generic plan still reads the pending messages' partial index.
    .where(sql`${emailMessages.state} = ${literals<MessageState>(['received'])}`)
    .orderBy(emailMessages.receivedAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function finishMessage(
  db: Queryable,
  id: string,
  set: {
    state: MessageState;
    outcome: MessageOutcome;
    reason?: string | null;
    sender?: string | null;
    subject?: string | null;
    ticketId?: string | null;
    flags?: MessageFlag[];
  },
) {
  await db
    .update(emailMessages)
    .set({ ...set, processedAt: sql`now()`, attempts: sql`${emailMessages.attempts} + 1` })
    .where(eq(emailMessages.id, id));
}

export async function countAttempt(db: Queryable, id: string) {
  await db
    .update(emailMessages)
    .set({ attempts: sql`${emailMessages.attempts} + 1` })
    .where(eq(emailMessages.id, id));
}

/** Messages from this sender received in the window ending at `at`, processed before this one, plus this one. */
export async function countFromSender(db: Queryable, sender: string, at: Date, windowMinutes: number) {
  const res = await db.execute(sql`
    SELECT count(*)::int AS n FROM ${emailMessages}
    WHERE sender = ${sender} AND state <> 'received'
      AND received_at > ${at.toISOString()}::timestamptz - make_interval(mins => ${windowMinutes})
      AND received_at <= ${at.toISOString()}::timestamptz`);
  return (rowsOf<{ n: number }>(res)[0]?.n ?? 0) + 1;
}

/** The sender's latest ticket opened from email in the window, still open (with that subject, when given): where
 *  a storm is folded in. */
export async function recentEmailTicket(
  db: Queryable,
  sender: string,
  at: Date,
  windowMinutes: number,
  subject?: string,
) {
  const res = await db.execute(sql`
    SELECT m.ticket_id FROM ${emailMessages} m JOIN ${tickets} t ON t.id = m.ticket_id
    WHERE m.sender = ${sender} AND m.outcome = 'opened'
      AND m.received_at > ${at.toISOString()}::timestamptz - make_interval(mins => ${windowMinutes})
      AND t.status NOT IN ('resolved', 'closed')
      ${subject === undefined ? sql`` : sql`AND m.subject = ${subject}`}
    ORDER BY m.received_at DESC LIMIT 1`);
  return rowsOf<{ ticket_id: string }>(res)[0]?.ticket_id ?? null;
}

/** Holds the sender's lock to the end of the transaction: one instance at a time decides about a sender's mail. */
export async function lockSender(tx: Queryable, sender: string) {
  const key = createHash('sha256').update(`clinidesk-mail-sender:${sender}`).digest().readBigInt64BE(0);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${key}::bigint)`);
}

/**
 * The role of the account the intake would take this address for: the account of the person on file with it (the
 * one `findPeopleByEmail` puts first: a person with an account, oldest first), else an account with that address of
 * its own (an integration account has no person). Null when no account has it.
 */
export async function accountRoleOfSender(db: Queryable, address: string): Promise<Role | null> {
  const email = address.toLowerCase();
  const res = await db.execute(sql`
    SELECT role FROM (
      SELECT u.role, 0 AS rank, p.created_at AS at FROM ${people} p JOIN ${users} u ON u.id = p.user_id
      WHERE lower(p.email) = ${email} AND p.active
      UNION ALL
      SELECT u.role, 1 AS rank, u.created_at AS at FROM ${users} u WHERE lower(u.email) = ${email}
    ) a ORDER BY rank, at LIMIT 1`);
  return rowsOf<{ role: Role }>(res)[0]?.role ?? null;
}

/** This sender's messages refused (rules/senders.ts) in the window ending at `at`, before this one. */
export async function countRefusedFromSender(db: Queryable, sender: string, at: Date, windowMinutes: number) {
  const res = await db.execute(sql`
    SELECT count(*)::int AS n FROM ${emailMessages}
    WHERE sender = ${sender} AND outcome = 'sender_refused'
      AND received_at > ${at.toISOString()}::timestamptz - make_interval(mins => ${windowMinutes})
      AND received_at <= ${at.toISOString()}::timestamptz`);
  return rowsOf<{ n: number }>(res)[0]?.n ?? 0;
}

export async function isUnverifiedPerson(db: Queryable, personId: string): Promise<boolean> {
  const rows = await db.select().from(emailSenders).where(eq(emailSenders.personId, personId)).limit(1);
  return rows.length > 0;
}

export async function unverifiedPersonByEmail(db: Queryable, email: string): Promise<string | null> {
  const rows = await db.select().from(emailSenders).where(eq(emailSenders.email, email)).limit(1);
  return rows[0]?.personId ?? null;
}

export async function recordUnverifiedSender(db: Queryable, personId: string, email: string) {
  await db.insert(emailSenders).values({ personId, email }).onConflictDoNothing();
}

/**
 * Messages in a state (or the one with this id), newest first, with the ticket they became. The id breaks ties, so
 * messages of one instant keep one order from page to page (none skipped or shown twice).
 */
export async function listMessages(
  db: Queryable,
  which: { state: MessageState } | { id: string },
  limit: number,
  offset: number,
) {
  return db
    .select({
      id: emailMessages.id,
      messageId: emailMessages.messageId,
      source: emailMessages.source,
      sourceDetail: emailMessages.sourceDetail,
      size: emailMessages.size,
      receivedAt: emailMessages.receivedAt,
      state: emailMessages.state,
      outcome: emailMessages.outcome,
      reason: emailMessages.reason,
      sender: emailMessages.sender,
      subject: emailMessages.subject,
      ticketNumber: tickets.number,
      flags: emailMessages.flags,
    })
    .from(emailMessages)
    .leftJoin(tickets, eq(tickets.id, emailMessages.ticketId))
    .where('id' in which ? eq(emailMessages.id, which.id) : eq(emailMessages.state, which.state))
    .orderBy(desc(emailMessages.receivedAt), desc(emailMessages.id))
    .limit(limit)
    .offset(offset);
}

export async function findMessage(db: Queryable, id: string, forUpdate = false) {
  const q = db.select().from(emailMessages).where(eq(emailMessages.id, id));
  return (await (forUpdate ? q.for('update') : q))[0] ?? null;
}

/** Back to "received" for processing again; the administrator's name on it lets it past the rate limit. */
export async function releaseMessage(db: Queryable, id: string, decidedBy: string) {
  await db
    .update(emailMessages)
    .set({ state: 'received', decidedBy, attempts: 0, outcome: null, reason: null })
    .where(eq(emailMessages.id, id));
}

/** Discarded: the content is deleted (it may hold PHI); the row stays as the record of what came and went. */
export async function discardContent(db: Queryable, id: string, decidedBy: string) {
  await db
    .update(emailMessages)
    .set({ state: 'discarded', decidedBy, raw: Buffer.alloc(0) })
    .where(eq(emailMessages.id, id));
}

/** An agent confirmed who the person is: no longer an unverified sender. Returns whether they were one. */
export async function forgetUnverifiedSender(db: Queryable, personId: string): Promise<boolean> {
  const rows = await db.delete(emailSenders).where(eq(emailSenders.personId, personId)).returning();
  return rows.length > 0;
}

/** Whether an earlier message on this ticket already carried the flag (the desk's note and reply are said once). */
export async function ticketHasFlaggedMessage(db: Queryable, ticketId: string, flag: MessageFlag): Promise<boolean> {
  const rows = await db
    .select({ id: emailMessages.id })
    .from(emailMessages)
    .where(and(eq(emailMessages.ticketId, ticketId), sql`${flag} = ANY(${emailMessages.flags})`))
    .limit(1);
  return rows.length > 0;
}

/**
 * Deletes the raw copies of up to `limit` messages past the retention period (rules/retention.ts): the row stays with
 * when its content went; one still in the quarantine is discarded with the reason. Rows other instances hold are
 * skipped. Returns what it purged.
 */
export async function purgeRawBefore(db: Queryable, cutoff: Date, limit: number, days: number) {
  const res = await db.execute(sql`
    WITH due AS (
      SELECT id FROM ${emailMessages}
      WHERE raw_purged_at IS NULL AND received_at <= ${cutoff.toISOString()}::timestamptz
        AND state IN (${literals(PURGEABLE_STATES)})
      ORDER BY received_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    UPDATE ${emailMessages} m SET raw = ''::bytea, raw_purged_at = now(),
      state = CASE WHEN m.state = 'quarantined' THEN 'discarded' ELSE m.state END,
      reason = CASE WHEN m.state = 'quarantined'
        THEN concat_ws(' ', m.reason, ${`Deleted unreleased after ${days} days in the quarantine (retention).`}::text)
        ELSE m.reason END
    FROM due WHERE m.id = due.id
    RETURNING m.id, m.state, m.size`);
  return rowsOf<{ id: string; state: MessageState; size: number }>(res);
}
