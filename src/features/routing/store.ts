// SQL for the phone channel: contacts, presence, CTI events, and the caller lookups.
import { and, asc, desc, eq, notInArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/connect.ts';
import { literals } from '../../platform/db/literals.ts';
import { users } from '../../platform/db/schema.ts';
import { facilities, people, skills, units } from '../directory/tables.ts';
import { CLOSED_STATUSES } from '../tickets/rules/vocabulary.ts';
import { tickets } from '../tickets/tables.ts';
import type { ContactState } from './rules/contact-events.ts';
import type { RoutingConfig } from './rules/route.ts';
import { agentPresence, contacts, contactTickets, ctiEvents } from './tables.ts';

export type ContactRow = typeof contacts.$inferSelect;
export type PresenceRow = typeof agentPresence.$inferSelect;

export async function insertCtiEvent(db: Queryable, row: typeof ctiEvents.$inferInsert): Promise<number | null> {
  const inserted = await db.insert(ctiEvents).values(row).onConflictDoNothing().returning({ id: ctiEvents.id });
  return inserted[0]?.id ?? null;
}

export async function setCtiEventContact(db: Queryable, id: number, contactId: string) {
  await db.update(ctiEvents).set({ contactId }).where(eq(ctiEvents.id, id));
}

export async function lockContactOfCall(db: Queryable, integrationId: string, callId: string) {
  return (
    await db
      .select()
      .from(contacts)
      .where(and(eq(contacts.integrationId, integrationId), eq(contacts.externalCallId, callId)))
      .for('update')
  )[0];
}

export async function findContactOfCall(db: Queryable, integrationId: string, callId: string) {
  return (
    await db
      .select()
      .from(contacts)
      .where(and(eq(contacts.integrationId, integrationId), eq(contacts.externalCallId, callId)))
  )[0];
}

export async function insertContact(db: Queryable, row: typeof contacts.$inferInsert): Promise<boolean> {
  const r = await db.insert(contacts).values(row).onConflictDoNothing().returning({ id: contacts.id });
  return r.length > 0;
}

export async function updateContact(db: Queryable, id: string, changes: Partial<typeof contacts.$inferInsert>) {
  return (await db.update(contacts).set(changes).where(eq(contacts.id, id)).returning())[0]!;
}

export async function findContact(db: Queryable, id: string) {
  return (await db.select().from(contacts).where(eq(contacts.id, id)))[0];
}

/** A literal, not a parameter: a prepared statement's generic plan still reads the waiting contacts' partial index
 *  instead of every contact ever taken (200,000 at the 100,000-ticket demo: ~90 ms a routing run on PGlite). */
export const WAITING = sql`${contacts.state} = ${literals<ContactState>(['waiting'])}`;

/** Waiting contacts in rank order (wait plus lane head start), locked; rows another instance holds are skipped. */
export async function lockWaitingContacts(db: Queryable, config: RoutingConfig, limit = 500) {
  const [p, c, g] = config.laneHeadStartMs;
  const lane = sql`CASE WHEN ${contacts.line} = 'provider' OR ${contacts.patientCareAffected} THEN ${p}::bigint
    WHEN ${contacts.line} = 'clinical' THEN ${c}::bigint ELSE ${g}::bigint END`;
  return db
    .select({
      id: contacts.id,
      line: contacts.line,
      patientCareAffected: contacts.patientCareAffected,
      skills: contacts.skills,
      queuedAt: contacts.queuedAt,
    })
    .from(contacts)
    .where(WAITING)
    .orderBy(sql`extract(epoch from ${contacts.queuedAt}) * 1000 - ${lane}`, asc(contacts.id))
    .limit(limit)
    .for('update', { skipLocked: true, of: contacts });
}

export async function lockAvailableAgents(db: Queryable) {
  return db
    .select()
    .from(agentPresence)
    .where(eq(agentPresence.state, 'available'))
    .for('update', { skipLocked: true });
}

/** Offers a waiting contact to an available agent; false if either changed meanwhile (never two at once). */
export async function offerContact(db: Queryable, contactId: string, agentId: string, now: Date): Promise<boolean> {
  const agent = await db
    .update(agentPresence)
    .set({ state: 'on_contact', since: now, currentContactId: contactId })
    .where(and(eq(agentPresence.userId, agentId), eq(agentPresence.state, 'available')))
    .returning({ id: agentPresence.userId });
  if (!agent.length) return false;
  const c = await db
    .update(contacts)
    .set({ state: 'offered', agentId })
    .where(and(eq(contacts.id, contactId), eq(contacts.state, 'waiting')))
    .returning({ id: contacts.id });
  if (!c.length) throw new Error('contact changed while locked'); // cannot happen: the row is locked by us
  return true;
}

export async function findPresence(db: Queryable, userId: string) {
  return (await db.select().from(agentPresence).where(eq(agentPresence.userId, userId)))[0];
}

export async function lockPresence(db: Queryable, userId: string) {
  return (await db.select().from(agentPresence).where(eq(agentPresence.userId, userId)).for('update'))[0];
}

export async function lockPresenceHolding(db: Queryable, contactId: string) {
  return (await db.select().from(agentPresence).where(eq(agentPresence.currentContactId, contactId)).for('update'))[0];
}

export async function upsertPresence(db: Queryable, row: typeof agentPresence.$inferInsert) {
  return (
    await db
      .insert(agentPresence)
      .values(row)
      .onConflictDoUpdate({
        target: agentPresence.userId,
        set: {
          state: row.state,
          since: row.since,
          heartbeatAt: row.heartbeatAt,
          currentContactId: row.currentContactId ?? null,
          tier: row.tier,
          skills: row.skills,
          ...(row.extension !== undefined ? { extension: row.extension } : {}),
        },
      })
      .returning()
  )[0]!;
}

export async function updatePresence(
  db: Queryable,
  userId: string,
  changes: Partial<typeof agentPresence.$inferInsert>,
) {
  return (await db.update(agentPresence).set(changes).where(eq(agentPresence.userId, userId)).returning())[0];
}

export async function presenceOfExtension(db: Queryable, extension: string) {
  return (await db.select().from(agentPresence).where(eq(agentPresence.extension, extension)))[0];
}

export async function skillsOf(db: Queryable, userId: string): Promise<string[]> {
  return (await db.select({ s: skills.skill }).from(skills).where(eq(skills.userId, userId))).map((r) => r.s);
}

export async function findUserByName(db: Queryable, username: string) {
  return (await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`))[0];
}

export async function findUser(db: Queryable, id: string) {
  return (await db.select().from(users).where(eq(users.id, id)))[0];
}

/** A caller's card: who they are, whether they are a provider, where they work. */
function callerCards(db: Queryable) {
  return db
    .select({
      id: people.id,
      displayName: people.displayName,
      provider: people.provider,
      sensitive: people.sensitive,
      clinicalRole: people.clinicalRole,
      facility: facilities.name,
      facilityId: people.facilityId,
      unit: units.name,
      unitId: people.unitId,
    })
    .from(people)
    .leftJoin(facilities, eq(facilities.id, people.facilityId))
    .leftJoin(units, eq(units.id, people.unitId));
}

export async function peopleWithPhone(db: Queryable, phone: string) {
  return callerCards(db)
    .where(and(sql`${people.phones} @> array[${phone}]::text[]`, eq(people.active, true)))
    .limit(5);
}

export async function personCard(db: Queryable, personId: string) {
  return (await callerCards(db).where(eq(people.id, personId)))[0];
}

export async function openTicketsOf(db: Queryable, personId: string, limit = 10) {
  return db
    .select({ id: tickets.id, number: tickets.number, status: tickets.status, priority: tickets.priority })
    .from(tickets)
    .where(and(eq(tickets.requesterId, personId), sql`${tickets.status} NOT IN (${literals(CLOSED_STATUSES)})`))
    .orderBy(desc(tickets.createdAt))
    .limit(limit);
}

export async function ticketsOfContact(db: Queryable, contactId: string) {
  return db
    .select({ number: tickets.number, relation: contactTickets.relation })
    .from(contactTickets)
    .innerJoin(tickets, eq(tickets.id, contactTickets.ticketId))
    .where(eq(contactTickets.contactId, contactId))
    .orderBy(asc(contactTickets.createdAt));
}

export async function insertContactTicket(db: Queryable, row: typeof contactTickets.$inferInsert): Promise<boolean> {
  const r = await db
    .insert(contactTickets)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: contactTickets.ticketId });
  return r.length > 0;
}

/** Presences whose browser stopped sending heartbeats, not on a connected call (the phone system ends those). */
export async function lockStalePresences(db: Queryable, before: Date) {
  return db
    .select()
    .from(agentPresence)
    .where(
      and(
        notInArray(agentPresence.state, ['offline']),
        sql`${agentPresence.heartbeatAt} < ${before.toISOString()}::timestamptz`,
      ),
    )
    .for('update', { skipLocked: true });
}

/** Agents holding a contact offered to them (ringing) since before `before`, not answered: ring, no answer. */
export async function lockUnansweredOffers(db: Queryable, before: Date) {
  return db
    .select({ userId: agentPresence.userId, contactId: contacts.id })
    .from(agentPresence)
    .innerJoin(contacts, eq(contacts.id, agentPresence.currentContactId))
    .where(
      and(
        eq(agentPresence.state, 'on_contact'),
        eq(contacts.state, 'offered'),
        sql`${agentPresence.since} < ${before.toISOString()}::timestamptz`,
      ),
    )
    .for('update', { skipLocked: true });
}

/** The live contact that opened a ticket (first-contact resolution): when it ended (wrap-up included), transfers. */
/** The number of the latest call linked to a ticket (opened it, or a status check on it), if it came by phone. */
export async function callerNumberOfTicket(db: Queryable, ticketId: string): Promise<string | null> {
  const row = (
    await db
      .select({ callerNumber: contacts.callerNumber })
      .from(contactTickets)
      .innerJoin(contacts, eq(contacts.id, contactTickets.contactId))
      .where(eq(contactTickets.ticketId, ticketId))
      .orderBy(desc(contacts.offeredAt))
      .limit(1)
  )[0];
  return row?.callerNumber ?? null;
}
