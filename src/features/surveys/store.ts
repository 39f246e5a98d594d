// SQL for surveys: policies, the outbox cursor, a resolved ticket's facts, invitations and responses.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { ClinicalRole } from '../../domain/vocabulary.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import type { TicketRow } from '../tickets/service/reads.ts';
import { ticketColumns, tickets } from '../tickets/tables.ts';
import type { ResolvedTicketFacts } from './rules.ts';
import { surveyInvitations, surveyOutboxCursor, surveyPolicies, surveyRecoveries, surveyResponses } from './tables.ts';

export type PolicyRow = typeof surveyPolicies.$inferSelect;
export type InvitationRow = typeof surveyInvitations.$inferSelect;
export type NewInvitationRow = typeof surveyInvitations.$inferInsert;
export type ResponseRow = typeof surveyResponses.$inferSelect;

export async function listPolicies(db: Queryable): Promise<PolicyRow[]> {
  return db.select().from(surveyPolicies).orderBy(asc(surveyPolicies.position), asc(surveyPolicies.name));
}

export async function findPolicy(db: Queryable, id: string): Promise<PolicyRow | undefined> {
  return (await db.select().from(surveyPolicies).where(eq(surveyPolicies.id, id)))[0];
}

/** Whether another policy already has this name, whatever its case. */
export async function policyNameTaken(db: Queryable, name: string, except?: string): Promise<boolean> {
  const rows = await db
    .select({ id: surveyPolicies.id })
    .from(surveyPolicies)
    .where(sql`lower(${surveyPolicies.name}) = lower(${name})`);
  return rows.some((r) => r.id !== except);
}

export async function insertPolicy(db: Queryable, row: typeof surveyPolicies.$inferInsert): Promise<PolicyRow> {
  return (await db.insert(surveyPolicies).values(row).returning())[0]!;
}

export async function updatePolicy(db: Queryable, id: string, changes: Partial<typeof surveyPolicies.$inferInsert>) {
  return (await db.update(surveyPolicies).set(changes).where(eq(surveyPolicies.id, id)).returning())[0]!;
}

export async function deletePolicy(db: Queryable, id: string): Promise<void> {
  await db.delete(surveyPolicies).where(eq(surveyPolicies.id, id));
}

const CURSOR = 'survey-invitations';
export type Cursor = { txid: string; eventId: number };

/** The consumer's position, locked for this transaction (one reader at a time, whatever the instance). */
export async function lockCursor(db: Queryable): Promise<Cursor | null> {
  const res = await db.execute(sql`SELECT txid::text AS txid, event_id FROM ${surveyOutboxCursor}
    WHERE name = ${CURSOR} FOR UPDATE SKIP LOCKED`);
  const row = rowsOf<{ txid: string; event_id: string | number }>(res)[0];
  return row ? { txid: row.txid, eventId: Number(row.event_id) } : null;
}

/** The consumer's position without waiting for its lock (a reader elsewhere may be moving it). */
export async function readCursor(db: Queryable): Promise<Cursor | null> {
  const res = await db.execute(
    sql`SELECT txid::text AS txid, event_id FROM ${surveyOutboxCursor} WHERE name = ${CURSOR}`,
  );
  const row = rowsOf<{ txid: string; event_id: string | number }>(res)[0];
  return row ? { txid: row.txid, eventId: Number(row.event_id) } : null;
}

export async function saveCursor(db: Queryable, c: Cursor): Promise<void> {
  await db.execute(sql`UPDATE ${surveyOutboxCursor} SET txid = ${c.txid}::xid8, event_id = ${c.eventId}
    WHERE name = ${CURSOR}`);
}

/** Committed events after the cursor, in commit-safe order (as the dispatcher reads them). */
export type TicketSurveyFacts = ResolvedTicketFacts & {
  status: string;
  requesterId: string;
  facilityId: string | null;
  unitId: string | null;
  alreadyInvited: boolean;
};

/** What the invitation decision needs about a ticket; undefined when the ticket is gone. */
export async function ticketSurveyFacts(db: Queryable, ticketId: string): Promise<TicketSurveyFacts | undefined> {
  const res = await db.execute(sql`
    SELECT t.id, t.type, t.channel, t.status, t.service_id, t.module_id, t.provider_ids::text[] AS provider_ids,
           t.resolution_code, t.resolved_at, t.requester_id, p.clinical_role,
           coalesce(t.facility_id, p.facility_id) AS facility_id, coalesce(t.unit_id, p.unit_id) AS unit_id,
           EXISTS (SELECT 1 FROM ticket_links l WHERE l.ticket_id = t.id AND l.kind = 'duplicate_of') AS duplicate,
           EXISTS (SELECT 1 FROM survey_invitations i WHERE i.ticket_id = t.id AND i.kind = 'ticket') AS invited,
           (SELECT max(i.available_at) FROM survey_invitations i WHERE i.person_id = t.requester_id) AS last_asked
      FROM tickets t JOIN people p ON p.id = t.requester_id
     WHERE t.id = ${ticketId}::uuid`);
  const r = rowsOf<Record<string, unknown>>(res)[0];
  if (!r) return undefined;
  return {
    ticketId: r.id as string,
    type: r.type as string,
    channel: r.channel as string,
    status: r.status as string,
    serviceIds: [r.service_id, r.module_id].filter((x): x is string => typeof x === 'string'),
    providerIds: (r.provider_ids as string[] | null) ?? [],
    clinicalRole: (r.clinical_role as ClinicalRole | null) ?? null,
    resolutionCode: (r.resolution_code as string | null) ?? null,
    resolvedAt: r.resolved_at ? new Date(r.resolved_at as string) : new Date(0),
    duplicate: Boolean(r.duplicate),
    lastAskedAt: r.last_asked ? new Date(r.last_asked as string) : null,
    requesterId: r.requester_id as string,
    facilityId: (r.facility_id as string | null) ?? null,
    unitId: (r.unit_id as string | null) ?? null,
    alreadyInvited: Boolean(r.invited),
  };
}

/** Inserts an invitation; false when the ticket already has one (another instance or a replay got there first). */
export async function insertInvitation(db: Queryable, row: NewInvitationRow): Promise<boolean> {
  const done = await db
    .insert(surveyInvitations)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: surveyInvitations.id });
  return done.length > 0;
}

export async function findInvitation(db: Queryable, id: string, forUpdate = false): Promise<InvitationRow | undefined> {
  const q = db.select().from(surveyInvitations).where(eq(surveyInvitations.id, id));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function findInvitationByTokenHash(db: Queryable, hash: string, forUpdate = false) {
  const q = db.select().from(surveyInvitations).where(eq(surveyInvitations.tokenHash, hash));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function findTicketInvitation(db: Queryable, ticketId: string, forUpdate = false) {
  const q = db
    .select()
    .from(surveyInvitations)
    .where(and(eq(surveyInvitations.ticketId, ticketId), eq(surveyInvitations.kind, 'ticket')));
  return (await (forUpdate ? q.for('update') : q))[0];
}

export async function setTokenHash(db: Queryable, id: string, hash: string): Promise<void> {
  await db
    .update(surveyInvitations)
    .set({ tokenHash: hash, channel: 'link' })
    .where(and(eq(surveyInvitations.id, id), isNull(surveyInvitations.respondedAt)));
}

/** Marks an invitation answered; false when it already was (the response is then not written). */
export async function markResponded(db: Queryable, id: string, at: Date): Promise<boolean> {
  const done = await db
    .update(surveyInvitations)
    .set({ respondedAt: at })
    .where(and(eq(surveyInvitations.id, id), isNull(surveyInvitations.respondedAt)))
    .returning({ id: surveyInvitations.id });
  return done.length > 0;
}

export async function insertResponse(db: Queryable, row: typeof surveyResponses.$inferInsert): Promise<ResponseRow> {
  return (await db.insert(surveyResponses).values(row).returning())[0]!;
}

export async function insertRecovery(db: Queryable, row: typeof surveyRecoveries.$inferInsert): Promise<void> {
  await db.insert(surveyRecoveries).values(row);
}

export async function findTicketById(db: Queryable, id: string): Promise<TicketRow | undefined> {
  return (await db.select(ticketColumns).from(tickets).where(eq(tickets.id, id)))[0];
}

export type CallTicket = { id: string; number: number; requester_id: string; relation: string };

/** The tickets linked to a call: the one it opened first, then the latest linked. */
export async function ticketsOfCall(db: Queryable, contactId: string): Promise<CallTicket[]> {
  const res = await db.execute(sql`SELECT t.id, t.number, t.requester_id, ct.relation FROM contact_tickets ct
    JOIN tickets t ON t.id = ct.ticket_id WHERE ct.contact_id = ${contactId}::uuid
    ORDER BY (ct.relation = 'opened') DESC, ct.created_at DESC`);
  return rowsOf<CallTicket>(res).map((r) => ({ ...r, number: Number(r.number) }));
}

/** What a person sees about an invitation: the ticket number and the service name, never the ticket's text. */
export type InvitationBrief = {
  id: string;
  kind: string;
  ticket_number: string | number | null;
  service_name: string | null;
  available_at: string | Date;
  expires_at: string | Date;
  responded_at: string | Date | null;
};

const BRIEF = sql`SELECT i.id, i.kind, t.number AS ticket_number, coalesce(m.name, s.name) AS service_name,
    i.available_at, i.expires_at, i.responded_at
  FROM survey_invitations i
  LEFT JOIN tickets t ON t.id = i.ticket_id
  LEFT JOIN services s ON s.id = t.service_id
  LEFT JOIN services m ON m.id = t.module_id`;

export async function invitationBrief(db: Queryable, id: string): Promise<InvitationBrief | undefined> {
  return rowsOf<InvitationBrief>(await db.execute(sql`${BRIEF} WHERE i.id = ${id}::uuid`))[0];
}

/** The person's surveys that can be answered now, newest first. */
export async function pendingFor(db: Queryable, personId: string, now: Date): Promise<InvitationBrief[]> {
  const res = await db.execute(sql`${BRIEF}
    WHERE i.person_id = ${personId}::uuid AND i.responded_at IS NULL
      AND i.available_at <= ${now.toISOString()}::timestamptz AND i.expires_at > ${now.toISOString()}::timestamptz
    ORDER BY i.available_at DESC LIMIT 20`);
  return rowsOf<InvitationBrief>(res);
}

export async function responseOfTicket(db: Queryable, ticketId: string) {
  const res = await db.execute(sql`SELECT r.*, rc.followup_ticket_id,
      (SELECT number FROM tickets f WHERE f.id = rc.followup_ticket_id) AS followup_number
    FROM survey_responses r LEFT JOIN survey_recoveries rc ON rc.response_id = r.id
    WHERE r.ticket_id = ${ticketId}::uuid AND r.kind = 'ticket'`);
  return rowsOf<Record<string, unknown>>(res)[0];
}

/** Whether this desk account worked the ticket: held it, handed it on, resolved it or wrote on it. */
export async function workedTicket(db: Queryable, userId: string, ticketId: string): Promise<boolean> {
  const res = await db.execute(sql`SELECT EXISTS (
      SELECT 1 FROM tickets t WHERE t.id = ${ticketId}::uuid
        AND (t.assignee_id = ${userId}::uuid OR t.resolved_by_id = ${userId}::uuid OR t.opened_by_user_id = ${userId}::uuid)
      UNION ALL SELECT 1 FROM ticket_handoffs h WHERE h.ticket_id = ${ticketId}::uuid
        AND (h.to_user_id = ${userId}::uuid OR h.from_user_id = ${userId}::uuid OR h.actor_id = ${userId}::uuid)
      UNION ALL SELECT 1 FROM ticket_comments c WHERE c.ticket_id = ${ticketId}::uuid AND c.author_id = ${userId}::uuid
    ) AS worked`);
  return Boolean(rowsOf<{ worked: boolean }>(res)[0]?.worked);
}
