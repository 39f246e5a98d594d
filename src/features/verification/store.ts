// SQL of caller verification: verifications, their attempts, the counts behind the signals and alerts.
import { and, asc, count, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/connect.ts';
import { users } from '../../platform/db/schema.ts';
import { people } from '../directory/tables.ts';
import { tickets } from '../tickets/tables.ts';
import { verificationAlerts, verificationAttempts, verifications } from './tables.ts';

export type VerificationRow = typeof verifications.$inferSelect;
export type NewVerification = typeof verifications.$inferInsert;
export type NewAttempt = typeof verificationAttempts.$inferInsert;

export async function insertVerification(tx: Queryable, row: NewVerification): Promise<void> {
  await tx.insert(verifications).values(row);
}

export async function findVerification(db: Queryable, id: string, forUpdate = false) {
  const q = db
    .select({ v: verifications, ticketNumber: tickets.number })
    .from(verifications)
    .innerJoin(tickets, eq(tickets.id, verifications.ticketId))
    .where(eq(verifications.id, id));
  const rows = forUpdate ? await q.for('update', { of: verifications }) : await q;
  return rows[0] ?? null;
}

export function verificationsOfTicket(db: Queryable, ticketId: string): Promise<VerificationRow[]> {
  return db
    .select()
    .from(verifications)
    .where(eq(verifications.ticketId, ticketId))
    .orderBy(desc(verifications.createdAt), desc(verifications.id));
}

export async function updateVerification(tx: Queryable, id: string, patch: Partial<NewVerification>): Promise<void> {
  await tx.update(verifications).set(patch).where(eq(verifications.id, id));
}

export async function insertAttempt(tx: Queryable, row: NewAttempt): Promise<void> {
  await tx.insert(verificationAttempts).values(row);
}

/** Attempts with the names the desk reads: who recorded each, and who confirmed. */
export function attemptsOf(db: Queryable, verificationIds: string[]) {
  if (!verificationIds.length) return Promise.resolve([]);
  return db
    .select({
      a: verificationAttempts,
      recordedBy: users.displayName,
      confirmedBy: people.displayName,
    })
    .from(verificationAttempts)
    .innerJoin(users, eq(users.id, verificationAttempts.recordedBy))
    .leftJoin(people, eq(people.id, verificationAttempts.confirmedByPersonId))
    .where(inArray(verificationAttempts.verificationId, verificationIds))
    .orderBy(asc(verificationAttempts.at), asc(verificationAttempts.id));
}

/** Credential changes made for this person's account since the instant. */
export async function changesSince(db: Queryable, personId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(verifications)
    .where(and(eq(verifications.subjectPersonId, personId), gte(verifications.changedAt, since)));
  return row?.n ?? 0;
}

/** Failed checks and credential changes for this person's account since the instant: what an alert counts. */
export async function troubleSince(db: Queryable, personId: string, since: Date): Promise<number> {
  const [failed] = await db
    .select({ n: count() })
    .from(verificationAttempts)
    .innerJoin(verifications, eq(verifications.id, verificationAttempts.verificationId))
    .where(
      and(
        eq(verifications.subjectPersonId, personId),
        eq(verificationAttempts.outcome, 'failed'),
        gte(verificationAttempts.at, since),
      ),
    );
  return (failed?.n ?? 0) + (await changesSince(db, personId, since));
}

export async function lastAlertAt(db: Queryable, personId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: verificationAlerts.at })
    .from(verificationAlerts)
    .where(eq(verificationAlerts.subjectPersonId, personId))
    .orderBy(desc(verificationAlerts.at))
    .limit(1);
  return row?.at ?? null;
}

export async function insertAlert(tx: Queryable, row: typeof verificationAlerts.$inferInsert): Promise<void> {
  await tx.insert(verificationAlerts).values(row);
}

/** The desk managers and administrators (security) who hear of an alert: active accounts only. */
export async function alertRecipientIds(db: Queryable): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, ['manager', 'admin']), isNull(users.disabledAt)));
  return rows.map((r) => r.id);
}

/** Open verifications a supervisor on record may confirm: their reports' requests that accept a confirmation. */
export function toConfirmBy(db: Queryable, supervisorPersonId: string) {
  return db
    .select({ v: verifications, ticketNumber: tickets.number, subject: people.displayName })
    .from(verifications)
    .innerJoin(people, eq(people.id, verifications.subjectPersonId))
    .innerJoin(tickets, eq(tickets.id, verifications.ticketId))
    .where(
      and(
        eq(people.managerId, supervisorPersonId),
        inArray(verifications.state, ['required', 'pending']),
        sql`'supervisor_confirmation' = any(${verifications.methods})`,
      ),
    )
    .orderBy(desc(verifications.createdAt))
    .limit(50);
}
