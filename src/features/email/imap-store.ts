// SQL of IMAP polling: the lease that lets one app instance at a time poll a mailbox, and the mailbox's record
// (UIDVALIDITY, last poll, last error). The lease lives in the database, so it holds across instances and a crashed
// instance loses it when it runs out.
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { emailImapMailboxes } from './tables.ts';

/** Takes or renews the lease on the mailbox for `ms`; false when another instance holds it. */
export async function takeLease(db: Queryable, mailbox: string, holder: string, ms: number): Promise<boolean> {
  const res = await db.execute(sql`
    INSERT INTO ${emailImapMailboxes} (mailbox, holder, lease_until)
    VALUES (${mailbox}, ${holder}, now() + make_interval(secs => ${ms / 1000}))
    ON CONFLICT (mailbox) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
    WHERE ${emailImapMailboxes.holder} IS NULL OR ${emailImapMailboxes.holder} = excluded.holder
       OR ${emailImapMailboxes.leaseUntil} < now()
    RETURNING holder`);
  return rowsOf<{ holder: string }>(res).length > 0;
}

/** Gives the lease up (a clean stop), so another instance takes over at once. */
export async function releaseLease(db: Queryable, mailbox: string, holder: string) {
  await db.execute(sql`
    UPDATE ${emailImapMailboxes} SET holder = NULL, lease_until = NULL
    WHERE mailbox = ${mailbox} AND holder = ${holder}`);
}

/** Records the folder's UIDVALIDITY; returns the one recorded before (null the first time). */
export async function recordUidValidity(db: Queryable, mailbox: string, uidValidity: string): Promise<string | null> {
  const res = await db.execute(sql`
    UPDATE ${emailImapMailboxes} m SET uid_validity = ${uidValidity}
    FROM (SELECT uid_validity FROM ${emailImapMailboxes} WHERE mailbox = ${mailbox} FOR UPDATE) before
    WHERE m.mailbox = ${mailbox}
    RETURNING before.uid_validity AS previous`);
  return rowsOf<{ previous: string | null }>(res)[0]?.previous ?? null;
}

export async function recordPoll(db: Queryable, mailbox: string) {
  await db.execute(sql`
    UPDATE ${emailImapMailboxes} SET last_poll_at = now(), last_error = NULL, last_error_at = NULL
    WHERE mailbox = ${mailbox}`);
}

export async function recordError(db: Queryable, mailbox: string, error: string) {
  await db.execute(sql`
    UPDATE ${emailImapMailboxes} SET last_error = ${error.slice(0, 500)}, last_error_at = now()
    WHERE mailbox = ${mailbox}`);
}

export async function recordTaken(db: Queryable, mailbox: string) {
  await db.execute(sql`UPDATE ${emailImapMailboxes} SET taken = taken + 1 WHERE mailbox = ${mailbox}`);
}

/** Every mailbox polled (now or before), for Admin → Email. */
export async function listMailboxes(db: Queryable) {
  return db.select().from(emailImapMailboxes).orderBy(emailImapMailboxes.mailbox);
}
