// SQL of caller verification: verifications, their attempts, the counts behind the signals and alerts.
import { and, asc, count, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
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

// The identity-check report: verifications started in a range, for subjects of one facility or all.
type ReportRange = { from: Date; to: Date; facilityId?: string | undefined };

const inRange = (r: ReportRange, at: ReturnType<typeof sql.raw>) =>
  sql`${at} >= ${r.from.toISOString()}::timestamptz AND ${at} < ${r.to.toISOString()}::timestamptz
    AND (${r.facilityId ?? null}::uuid IS NULL OR p.facility_id = ${r.facilityId ?? null}::uuid)`;

export type RequestTally = {
  request: string;
  started: number;
  high_risk: number;
  fast_path: number;
  changed: number;
  failed: number;
  open: number;
};

/** Per request kind: started, high risk, fast path, changed, failed, still open (neither changed nor failed). */
export async function requestTallies(db: Queryable, r: ReportRange): Promise<RequestTally[]> {
  return rowsOf<RequestTally>(
    await db.execute(sql`SELECT v.request, count(*)::int AS started,
        count(*) FILTER (WHERE v.risk_level = 'high')::int AS high_risk,
        count(*) FILTER (WHERE v.fast_path)::int AS fast_path,
        count(*) FILTER (WHERE v.changed_at IS NOT NULL)::int AS changed,
        count(*) FILTER (WHERE v.state = 'failed')::int AS failed,
        count(*) FILTER (WHERE v.changed_at IS NULL AND v.state <> 'failed')::int AS open
      FROM verifications v JOIN people p ON p.id = v.subject_person_id
      WHERE ${inRange(r, sql.raw('v.created_at'))}
      GROUP BY v.request ORDER BY v.request`),
  );
}

export type MethodTally = { method: string; passed: number; failed: number; refused: number };

/**
 * Per method: attempts recorded passed and failed in the range, and attempts refused before they were recorded (a
 * call-back to a number not on file, someone confirming their own request), which only the audit trail holds.
 */
export async function methodTallies(db: Queryable, r: ReportRange): Promise<MethodTally[]> {
  return rowsOf<MethodTally>(
    await db.execute(sql`SELECT method, sum(passed)::int AS passed, sum(failed)::int AS failed, sum(refused)::int AS refused
      FROM (
        SELECT a.method, (a.outcome = 'passed')::int AS passed, (a.outcome = 'failed')::int AS failed, 0 AS refused
        FROM verification_attempts a JOIN verifications v ON v.id = a.verification_id
          JOIN people p ON p.id = v.subject_person_id
        WHERE ${inRange(r, sql.raw('a.at'))}
        UNION ALL
        SELECT l.summary->>'method', 0, 0, 1
        FROM audit_log l JOIN verifications v ON v.id = (l.summary->>'verificationId')::uuid
          JOIN people p ON p.id = v.subject_person_id
        WHERE l.action = 'verification.attempt' AND l.outcome = 'denied' AND ${inRange(r, sql.raw('l.at'))}
      ) x
      WHERE method IS NOT NULL
      GROUP BY method ORDER BY method`),
  );
}

export type AccountTally = {
  person_id: string;
  display_name: string;
  clinical_role: string;
  changes: number;
  failed_checks: number;
  alerts: number;
};

/** Accounts with more than one credential change or any failed check in the range: what security looks at first. */
export async function accountsToWatch(db: Queryable, r: ReportRange, limit: number): Promise<AccountTally[]> {
  return rowsOf<AccountTally>(
    await db.execute(sql`WITH changes AS (
        SELECT v.subject_person_id AS id, count(*)::int AS n FROM verifications v JOIN people p ON p.id = v.subject_person_id
        WHERE ${inRange(r, sql.raw('v.changed_at'))} GROUP BY 1),
      failures AS (
        SELECT v.subject_person_id AS id, count(*)::int AS n FROM verification_attempts a
          JOIN verifications v ON v.id = a.verification_id JOIN people p ON p.id = v.subject_person_id
        WHERE a.outcome = 'failed' AND ${inRange(r, sql.raw('a.at'))} GROUP BY 1),
      alerts AS (
        SELECT va.subject_person_id AS id, count(*)::int AS n FROM verification_alerts va
          JOIN people p ON p.id = va.subject_person_id
        WHERE ${inRange(r, sql.raw('va.at'))} GROUP BY 1)
      SELECT p.id AS person_id, p.display_name, p.clinical_role, coalesce(c.n, 0) AS changes,
        coalesce(f.n, 0) AS failed_checks, coalesce(al.n, 0) AS alerts
      FROM (SELECT id FROM changes WHERE n > 1 UNION SELECT id FROM failures UNION SELECT id FROM alerts) watched
        JOIN people p ON p.id = watched.id
        LEFT JOIN changes c ON c.id = p.id LEFT JOIN failures f ON f.id = p.id LEFT JOIN alerts al ON al.id = p.id
      ORDER BY coalesce(al.n, 0) DESC, coalesce(f.n, 0) + coalesce(c.n, 0) DESC, p.display_name, p.id
      LIMIT ${limit}`),
  );
}

/** Alerts sent to the desk manager and security in the range. */
export async function alertCount(db: Queryable, r: ReportRange): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`SELECT count(*)::int AS n FROM verification_alerts va JOIN people p ON p.id = va.subject_person_id
      WHERE ${inRange(r, sql.raw('va.at'))}`),
  );
  return row?.n ?? 0;
}
