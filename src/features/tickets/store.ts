// SQL for one ticket and what hangs off it: rows, comments, hand-offs, activity, links, attachments.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../platform/db/connect.ts';
import { users } from '../../platform/db/schema.ts';
import { assets, facilities, groups, locations, people, providers, services, units } from '../directory/tables.ts';
import { ticketActivity, ticketAttachments, ticketComments, ticketHandoffs, ticketLinks, tickets } from './tables.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type NewTicketRow = typeof tickets.$inferInsert;

export async function insertTicket(db: Queryable, row: NewTicketRow): Promise<TicketRow> {
  const [created] = await db.insert(tickets).values(row).returning();
  return created!;
}

export async function findTicketByNumber(
  db: Queryable,
  number: number,
  forUpdate = false,
): Promise<TicketRow | undefined> {
  const q = db.select().from(tickets).where(eq(tickets.number, number)).limit(1);
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0];
}

/** Writes changed columns when the version still matches; returns the new row, or undefined when stale. */
export async function updateTicket(db: Queryable, id: string, version: number, changes: Partial<NewTicketRow>) {
  const [row] = await db
    .update(tickets)
    .set({ ...changes, version: version + 1, updatedAt: sql`now()` })
    .where(and(eq(tickets.id, id), eq(tickets.version, version)))
    .returning();
  return row;
}

export async function touchTicket(db: Queryable, id: string): Promise<TicketRow> {
  const [row] = await db.update(tickets).set({ updatedAt: sql`now()` }).where(eq(tickets.id, id)).returning();
  return row!;
}

export async function addActivity(
  db: Queryable,
  ticketId: string,
  actorId: string | null,
  kind: string,
  data: Record<string, unknown> = {},
) {
  await db.insert(ticketActivity).values({ ticketId, actorId, kind, data });
}

export async function insertComment(db: Queryable, row: typeof ticketComments.$inferInsert) {
  const [c] = await db.insert(ticketComments).values(row).returning();
  return c!;
}

export async function insertHandoff(db: Queryable, row: typeof ticketHandoffs.$inferInsert) {
  await db.insert(ticketHandoffs).values(row);
}

export async function insertLink(db: Queryable, row: typeof ticketLinks.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(ticketLinks).values(row).onConflictDoNothing().returning({ kind: ticketLinks.kind });
  return inserted.length > 0;
}

export async function insertAttachment(db: Queryable, row: typeof ticketAttachments.$inferInsert) {
  const [a] = await db.insert(ticketAttachments).values(row).returning({
    id: ticketAttachments.id,
    filename: ticketAttachments.filename,
    contentType: ticketAttachments.contentType,
    size: ticketAttachments.size,
    mayContainPhi: ticketAttachments.mayContainPhi,
    createdAt: ticketAttachments.createdAt,
  });
  return a!;
}

export async function findAttachment(db: Queryable, ticketId: string, id: string) {
  const rows = await db
    .select()
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.ticketId, ticketId), eq(ticketAttachments.id, id)))
    .limit(1);
  return rows[0];
}

// Reads for the ticket page ---------------------------------------------------------------

const moduleSvc = alias(services, 'module_svc');
const assignee = alias(users, 'assignee');
const opener = alias(users, 'opener');

/** The ticket with the names the page shows. */
export async function loadTicketNames(db: Queryable, t: TicketRow) {
  const [row] = await db
    .select({
      requester: people,
      facility: facilities.name,
      requesterFacility: sql<string | null>`(SELECT name FROM facilities WHERE id = ${people.facilityId})`,
      unit: units.name,
      unitClinical: units.clinical,
      requesterUnit: sql<string | null>`(SELECT name FROM units WHERE id = ${people.unitId})`,
      location: locations.name,
      service: services.name,
      module: moduleSvc.name,
      group: groups.name,
      provider: providers.name,
      assigneeName: assignee.displayName,
      openedBy: opener.displayName,
      openTickets: sql<number>`(SELECT count(*)::int FROM tickets o WHERE o.requester_id = ${tickets.requesterId}
        AND o.status NOT IN ('resolved','closed'))`,
    })
    .from(tickets)
    .innerJoin(people, eq(people.id, tickets.requesterId))
    .leftJoin(facilities, eq(facilities.id, tickets.facilityId))
    .leftJoin(units, eq(units.id, tickets.unitId))
    .leftJoin(locations, eq(locations.id, tickets.locationId))
    .leftJoin(services, eq(services.id, tickets.serviceId))
    .leftJoin(moduleSvc, eq(moduleSvc.id, tickets.moduleId))
    .leftJoin(groups, eq(groups.id, tickets.groupId))
    .leftJoin(providers, eq(providers.id, tickets.providerId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(opener, eq(opener.id, tickets.openedByUserId))
    .where(eq(tickets.id, t.id));
  return row!;
}

export async function loadComments(db: Queryable, ticketId: string) {
  return db
    .select({ c: ticketComments, author: users.displayName, authorRole: users.role })
    .from(ticketComments)
    .leftJoin(users, eq(users.id, ticketComments.authorId))
    .where(eq(ticketComments.ticketId, ticketId))
    .orderBy(asc(ticketComments.createdAt));
}

const fromProvider = alias(providers, 'from_provider');
const toProvider = alias(providers, 'to_provider');
const fromGroup = alias(groups, 'from_group');
const toGroup = alias(groups, 'to_group');
const fromUser = alias(users, 'from_user');
const toUser = alias(users, 'to_user');
const actor = alias(users, 'actor');

export async function loadHandoffs(db: Queryable, ticketId: string) {
  return db
    .select({
      h: ticketHandoffs,
      fromProvider: fromProvider.name,
      toProvider: toProvider.name,
      fromGroup: fromGroup.name,
      toGroup: toGroup.name,
      fromUser: fromUser.displayName,
      toUser: toUser.displayName,
      actor: actor.displayName,
    })
    .from(ticketHandoffs)
    .leftJoin(fromProvider, eq(fromProvider.id, ticketHandoffs.fromProviderId))
    .leftJoin(toProvider, eq(toProvider.id, ticketHandoffs.toProviderId))
    .leftJoin(fromGroup, eq(fromGroup.id, ticketHandoffs.fromGroupId))
    .leftJoin(toGroup, eq(toGroup.id, ticketHandoffs.toGroupId))
    .leftJoin(fromUser, eq(fromUser.id, ticketHandoffs.fromUserId))
    .leftJoin(toUser, eq(toUser.id, ticketHandoffs.toUserId))
    .leftJoin(actor, eq(actor.id, ticketHandoffs.actorId))
    .where(eq(ticketHandoffs.ticketId, ticketId))
    .orderBy(asc(ticketHandoffs.at));
}

export async function loadActivity(db: Queryable, ticketId: string) {
  return db
    .select({ a: ticketActivity, actor: users.displayName })
    .from(ticketActivity)
    .leftJoin(users, eq(users.id, ticketActivity.actorId))
    .where(eq(ticketActivity.ticketId, ticketId))
    .orderBy(asc(ticketActivity.id));
}

export async function loadLinks(db: Queryable, ticketId: string) {
  const other = alias(tickets, 'other');
  return db
    .select({
      kind: ticketLinks.kind,
      ticketId: ticketLinks.ticketId,
      number: other.number,
      summary: other.summary,
      status: other.status,
    })
    .from(ticketLinks)
    .innerJoin(
      other,
      sql`${other.id} = CASE WHEN ${ticketLinks.ticketId} = ${ticketId} THEN ${ticketLinks.otherId} ELSE ${ticketLinks.ticketId} END`,
    )
    .where(or(eq(ticketLinks.ticketId, ticketId), eq(ticketLinks.otherId, ticketId)));
}

export async function loadAttachmentList(db: Queryable, ticketId: string) {
  return db
    .select({
      id: ticketAttachments.id,
      filename: ticketAttachments.filename,
      contentType: ticketAttachments.contentType,
      size: ticketAttachments.size,
      mayContainPhi: ticketAttachments.mayContainPhi,
      createdAt: ticketAttachments.createdAt,
    })
    .from(ticketAttachments)
    .where(eq(ticketAttachments.ticketId, ticketId))
    .orderBy(asc(ticketAttachments.createdAt));
}

// Directory look-ups the ticket rules need -----------------------------------------------

export async function findPerson(db: Queryable, id: string) {
  const rows = await db.select().from(people).where(eq(people.id, id)).limit(1);
  return rows[0];
}

export async function personOfUserRow(db: Queryable, userId: string) {
  const rows = await db.select().from(people).where(eq(people.userId, userId)).limit(1);
  return rows[0];
}

export async function findUnit(db: Queryable, id: string) {
  const rows = await db.select().from(units).where(eq(units.id, id)).limit(1);
  return rows[0];
}

export async function findFacility(db: Queryable, id: string) {
  const rows = await db.select().from(facilities).where(eq(facilities.id, id)).limit(1);
  return rows[0];
}

export async function findLocation(db: Queryable, id: string) {
  const rows = await db.select().from(locations).where(eq(locations.id, id)).limit(1);
  return rows[0];
}

export async function findServices(db: Queryable, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(services).where(inArray(services.id, ids));
}

export async function findAssetByTag(db: Queryable, tag: string) {
  const rows = await db.select().from(assets).where(sql`lower(${assets.tag}) = lower(${tag})`).limit(1);
  return rows[0];
}

export async function findGroup(db: Queryable, id: string) {
  const rows = await db.select().from(groups).where(eq(groups.id, id)).limit(1);
  return rows[0];
}

export async function findUser(db: Queryable, id: string) {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

export async function userIdOfPerson(db: Queryable, personId: string): Promise<string | null> {
  const rows = await db.select({ userId: people.userId }).from(people).where(eq(people.id, personId)).limit(1);
  return rows[0]?.userId ?? null;
}
