// SQL for one ticket and what hangs off it: rows, comments, hand-offs, activity, links, attachments.
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Queryable } from '../../platform/db/connect.ts';
import { literals } from '../../platform/db/literals.ts';
import { users } from '../../platform/db/schema.ts';
import { people } from '../directory/tables.ts';
import { emailSenders } from '../email/tables.ts';
import type { RequestKind } from '../verification/rules/vocabulary.ts';
import { verifications } from '../verification/tables.ts';
import { maskedTicketText, TICKET_TEXT_FIELDS } from './rules/search-text.ts';
import { type ActivityKind, CLOSED_STATUSES } from './rules/vocabulary.ts';
import {
  savedViews,
  ticketActivity,
  ticketAttachments,
  ticketComments,
  ticketHandoffs,
  ticketLinks,
  tickets,
} from './tables.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type NewTicketRow = typeof tickets.$inferInsert;

export async function insertTicket(db: Queryable, row: NewTicketRow): Promise<TicketRow> {
  const text = { summary: row.summary, errorText: row.errorText ?? null, description: row.description ?? '' };
  const [created] = await db
    .insert(tickets)
    .values({ ...row, ...maskedTicketText(text) })
    .returning();
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
export async function updateTicket(db: Queryable, t: TicketRow, changes: Partial<NewTicketRow>) {
  // When the text changes, its masked copy (what vendors search) is written by the same statement. The version
  // check means the row is still `t`, so the new text is `t` with the changes applied.
  const masked = TICKET_TEXT_FIELDS.some((f) => changes[f] !== undefined)
    ? maskedTicketText({
        summary: changes.summary ?? t.summary,
        errorText: changes.errorText !== undefined ? changes.errorText : t.errorText,
        description: changes.description ?? t.description,
      })
    : {};
  // The vendor's case state belongs to the provider holding the ticket: a hand-off to another holder clears it.
  const handedOn =
    changes.providerId !== undefined && changes.providerId !== t.providerId && t.vendorState !== null
      ? { vendorState: null, vendorFixVersion: null, vendorStateAt: null }
      : {};
  const [row] = await db
    .update(tickets)
    .set({ ...changes, ...masked, ...handedOn, version: t.version + 1, updatedAt: sql`now()` })
    .where(and(eq(tickets.id, t.id), eq(tickets.version, t.version)))
    .returning();
  return row;
}

/** Masks one batch of tickets not yet scanned for PHI (SKIP LOCKED: instances share the work); returns how many. */
export async function maskUnscannedTickets(db: Db, batch: number): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: tickets.id,
        summary: tickets.summary,
        errorText: tickets.errorText,
        description: tickets.description,
      })
      .from(tickets)
      .where(sql`NOT ${tickets.phiScanned}`)
      .limit(batch)
      .for('update', { skipLocked: true });
    for (const r of rows) await tx.update(tickets).set(maskedTicketText(r)).where(eq(tickets.id, r.id));
    return rows.length;
  });
}

/** Records the desk's first response if none is recorded yet (no version bump: nobody's open edit goes stale).
 *  Returns the updated row, or undefined when the ticket already had one. */
export async function markFirstResponse(db: Queryable, id: string, at: Date): Promise<TicketRow | undefined> {
  const [row] = await db
    .update(tickets)
    .set({ firstResponseAt: at, updatedAt: sql`now()` })
    .where(and(eq(tickets.id, id), isNull(tickets.firstResponseAt)))
    .returning();
  return row;
}

/** The tickets with these ids, locked FOR UPDATE in the caller's transaction, by number. */
export async function lockTicketsByIds(db: Queryable, ids: string[]): Promise<TicketRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(tickets).where(inArray(tickets.id, ids)).orderBy(asc(tickets.number)).for('update');
}

/** The ticket a provider's case number was recorded for when the ticket was handed to that provider (the newest
 *  such hand-off; matched case-insensitively after trimming), or null. */
export async function ticketIdOfVendorReference(
  db: Queryable,
  providerId: string,
  reference: string,
): Promise<string | null> {
  const rows = await db
    .select({ ticketId: ticketHandoffs.ticketId })
    .from(ticketHandoffs)
    .where(
      and(
        eq(ticketHandoffs.toProviderId, providerId),
        sql`lower(btrim(${ticketHandoffs.vendorReference})) = lower(btrim(${reference}))`,
      ),
    )
    .orderBy(sql`${ticketHandoffs.at} desc`)
    .limit(1);
  return rows[0]?.ticketId ?? null;
}

/** Records a provider's case number on the newest hand-off of the ticket to that provider, when that hand-off has
 *  none yet (the provider's system names it later: e-bonding). True when it was recorded. */
export async function recordVendorReference(
  db: Queryable,
  ticketId: string,
  providerId: string,
  reference: string,
): Promise<boolean> {
  const newest = db
    .select({ id: ticketHandoffs.id })
    .from(ticketHandoffs)
    .where(and(eq(ticketHandoffs.ticketId, ticketId), eq(ticketHandoffs.toProviderId, providerId)))
    .orderBy(sql`${ticketHandoffs.at} desc`)
    .limit(1);
  const rows = await db
    .update(ticketHandoffs)
    .set({ vendorReference: reference })
    .where(and(inArray(ticketHandoffs.id, newest), isNull(ticketHandoffs.vendorReference)))
    .returning({ id: ticketHandoffs.id });
  return rows.length > 0;
}

export async function touchTicket(db: Queryable, id: string): Promise<TicketRow> {
  const [row] = await db.update(tickets).set({ updatedAt: sql`now()` }).where(eq(tickets.id, id)).returning();
  return row!;
}

export async function addActivity(
  db: Queryable,
  ticketId: string,
  actorId: string | null,
  kind: ActivityKind,
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

/** Whether an outside provider (vendor, outsourcer) holds or held the ticket: then the desk may reply to it. */
const heldOutside = sql<boolean>`EXISTS (SELECT 1 FROM providers p WHERE p.id = ANY(${tickets.providerIds})
  AND p.kind <> 'in_house')`;

/** The credential changes recorded on a ticket: its caller verifications whose change was made. */
export async function recordedCredentialChanges(db: Queryable, ticketId: string): Promise<RequestKind[]> {
  const rows = await db
    .selectDistinct({ request: verifications.request })
    .from(verifications)
    .where(and(eq(verifications.ticketId, ticketId), isNotNull(verifications.changedAt)));
  return rows.map((r) => r.request);
}

export async function heldByOutsideProvider(db: Queryable, ticketId: string): Promise<boolean> {
  const [row] = await db.select({ held: heldOutside }).from(tickets).where(eq(tickets.id, ticketId));
  return row?.held ?? false;
}

// Reads for the ticket page ---------------------------------------------------------------

// Names are read with scalar sub-selects instead of joins: PostgreSQL plans a many-table join anew for every
// statement (~5 ms here), while each sub-select is a primary-key look-up that costs next to nothing to plan.
export const nameIn = (
  table: 'facilities' | 'units' | 'locations' | 'services' | 'groups' | 'providers',
  id: unknown,
) => sql<string | null>`(SELECT name FROM ${sql.identifier(table)} WHERE id = ${id})`;
export const userName = (id: unknown) => sql<string | null>`(SELECT display_name FROM users WHERE id = ${id})`;

/** The ticket's requester and the names the page shows. */
export async function loadTicketNames(db: Queryable, t: TicketRow) {
  const [requester] = await db.select().from(people).where(eq(people.id, t.requesterId));
  const [names] = await db
    .select({
      facility: nameIn('facilities', tickets.facilityId),
      requesterFacility: nameIn('facilities', sql`${requester!.facilityId}::uuid`),
      unit: nameIn('units', tickets.unitId),
      requesterUnit: nameIn('units', sql`${requester!.unitId}::uuid`),
      location: nameIn('locations', tickets.locationId),
      service: nameIn('services', tickets.serviceId),
      module: nameIn('services', tickets.moduleId),
      group: nameIn('groups', tickets.groupId),
      provider: nameIn('providers', tickets.providerId),
      assigneeName: userName(tickets.assigneeId),
      openedBy: userName(tickets.openedByUserId),
      // The requester's own other open tickets (a repeat caller?), never the desk's: bound to this ticket's values.
      otherOpenTickets: sql<number>`(SELECT count(*)::int FROM tickets o WHERE o.requester_id = ${t.requesterId}::uuid
        AND o.id <> ${t.id}::uuid AND o.status NOT IN (${literals(CLOSED_STATUSES)}))`,
      heldByOutsideProvider: heldOutside,
    })
    .from(tickets)
    .where(eq(tickets.id, t.id));
  return { requester: requester!, ...names! };
}

export async function loadComments(db: Queryable, ticketId: string) {
  return db
    .select({
      c: ticketComments,
      author: users.displayName,
      authorRole: users.role,
      // A sender by email still unverified (email in's record, read live: it clears once an agent confirms them).
      senderUnverified: sql<boolean>`${ticketComments.emailFromPersonId} IS NOT NULL AND EXISTS (
        SELECT 1 FROM ${emailSenders} WHERE ${emailSenders.personId} = ${ticketComments.emailFromPersonId})`,
    })
    .from(ticketComments)
    .leftJoin(users, eq(users.id, ticketComments.authorId))
    .where(eq(ticketComments.ticketId, ticketId))
    .orderBy(asc(ticketComments.createdAt));
}

export async function loadHandoffs(db: Queryable, ticketId: string) {
  const h = ticketHandoffs;
  return db
    .select({
      h,
      fromProvider: nameIn('providers', h.fromProviderId),
      toProvider: nameIn('providers', h.toProviderId),
      fromGroup: nameIn('groups', h.fromGroupId),
      toGroup: nameIn('groups', h.toGroupId),
      fromUser: userName(h.fromUserId),
      toUser: userName(h.toUserId),
      actor: userName(h.actorId),
    })
    .from(h)
    .where(eq(h.ticketId, ticketId))
    .orderBy(asc(h.at));
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

// A person's saved views ----------------------------------------------------------------

export type SavedViewRow = typeof savedViews.$inferSelect;

export async function savedViewsOf(db: Queryable, userId: string): Promise<SavedViewRow[]> {
  return db.select().from(savedViews).where(eq(savedViews.userId, userId)).orderBy(asc(savedViews.name));
}

export async function insertSavedView(db: Queryable, row: typeof savedViews.$inferInsert): Promise<SavedViewRow> {
  const [created] = await db.insert(savedViews).values(row).returning();
  return created!;
}

/** Deletes one of the person's own views; false when there was none. */
export async function deleteSavedView(db: Queryable, userId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(savedViews)
    .where(and(eq(savedViews.id, id), eq(savedViews.userId, userId)))
    .returning({ id: savedViews.id });
  return gone.length > 0;
}
