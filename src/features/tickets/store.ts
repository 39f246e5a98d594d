// SQL for one ticket and what hangs off it: rows, comments, hand-offs, activity, links, attachments.
import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { type Db, type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { insertRow, rowFromJson, selectList } from '../../platform/db/json-rows.ts';
import { literals } from '../../platform/db/literals.ts';
import { users } from '../../platform/db/schema.ts';
import { people } from '../directory/tables.ts';
import { ticketSla } from '../sla/tables.ts';
import type { RequestKind } from '../verification/rules/vocabulary.ts';
import { verifications } from '../verification/tables.ts';
import { maskedTicketText, TICKET_TEXT_FIELDS } from './rules/search-text.ts';
import { type ActivityKind, CLOSED_STATUSES } from './rules/vocabulary.ts';
import {
  savedViews,
  ticketActivity,
  ticketAttachments,
  ticketColumns,
  ticketComments,
  ticketHandoffs,
  ticketLinks,
  tickets,
} from './tables.ts';

/** A ticket as the code reads it: without its search vectors (tables.ts, `ticketColumns`). */
export type TicketRow = Omit<typeof tickets.$inferSelect, 'search' | 'searchMasked'>;
export type NewTicketRow = typeof tickets.$inferInsert;

/** Inserts the ticket and, with `opened`, its first history entry ("opened") in the same statement. */
export async function insertTicket(
  db: Queryable,
  row: NewTicketRow,
  opened?: { actorId: string | null; data: Record<string, unknown> },
): Promise<TicketRow> {
  const text = { summary: row.summary, errorText: row.errorText ?? null, description: row.description ?? '' };
  // As SQL text (json-rows.ts `insertRow`): every ticket opened goes through here.
  const insert = sql`${insertRow(tickets, { ...row, ...maskedTicketText(text) })}
    RETURNING ${selectList(ticketColumns, 'tickets')}`;
  const res = await db.execute(
    opened
      ? sql`
    WITH t AS (${insert}),
      a AS (INSERT INTO ticket_activity (ticket_id, actor_id, kind, data)
        SELECT t.id, ${opened.actorId}::uuid, ${literals<ActivityKind>(['opened'])}, ${JSON.stringify(opened.data)}::jsonb FROM t)
    SELECT * FROM t`
      : insert,
  );
  return rowFromJson(ticketColumns, rowsOf<Record<string, unknown>>(res)[0]!) as TicketRow;
}

/** Written as SQL text: every ticket page and change reads it first (json-rows.ts `selectList`). */
export async function findTicketByNumber(
  db: Queryable,
  number: number,
  forUpdate = false,
): Promise<TicketRow | undefined> {
  const res = await db.execute(sql`
    SELECT ${selectList(ticketColumns, 't')} FROM tickets t WHERE t.number = ${number} LIMIT 1 ${forUpdate ? sql`FOR UPDATE` : sql``}`);
  const [row] = rowsOf<Record<string, unknown>>(res);
  return row ? (rowFromJson(ticketColumns, row) as TicketRow) : undefined;
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
    .returning(ticketColumns);
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
    .returning(ticketColumns);
  return row;
}

/** The tickets with these ids, locked FOR UPDATE in the caller's transaction, by number. */
export async function lockTicketsByIds(db: Queryable, ids: string[]): Promise<TicketRow[]> {
  if (ids.length === 0) return [];
  return db
    .select(ticketColumns)
    .from(tickets)
    .where(inArray(tickets.id, ids))
    .orderBy(asc(tickets.number))
    .for('update');
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
  const [row] = await db
    .update(tickets)
    .set({ updatedAt: sql`now()` })
    .where(eq(tickets.id, id))
    .returning(ticketColumns);
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

type CommentRow = typeof ticketComments.$inferSelect;
type HandoffRow = typeof ticketHandoffs.$inferSelect;
type ActivityRow = typeof ticketActivity.$inferSelect;
type Json = Record<string, unknown>;

/** The names (text or null) the ticket page shows, as its statement names its columns. */
const PAGE_NAMES = [
  'facility',
  'requesterFacility',
  'unit',
  'requesterUnit',
  'location',
  'service',
  'module',
  'group',
  'provider',
  'assigneeName',
  'openedBy',
] as const;
const HANDOFF_NAMES = ['fromProvider', 'toProvider', 'fromGroup', 'toGroup', 'fromUser', 'toUser', 'actor'] as const;

/** The named text values of a row (null when absent). */
function texts<K extends string>(row: Json, keys: readonly K[]): Record<K, string | null> {
  return Object.fromEntries(keys.map((k) => [k, (row[k] as string | undefined) ?? null])) as Record<K, string | null>;
}

/**
 * Everything the ticket page shows beside the ticket row and its clock, in one statement: the requester and the names
 * of the ticket's places, queue and people; the conversation (with each author and whether an emailing sender is
 * still unverified); the tier history with its names; the history; the links both ways; the attachment list. The
 * lists come back as JSON, each row read back through its table's own column mapping (json-rows.ts), so callers see
 * exactly what the separate selects gave. One statement instead of seven: a ticket page and a creation's answer each
 * paid Drizzle's building and the driver's round trip seven times (docs/benchmarks.md, "Speed (issue 17)").
 */
export async function loadTicketPage(db: Queryable, t: TicketRow) {
  const res = await db.execute(sql`SELECT ${pageColumns()} FROM ${tickets} WHERE ${tickets.id} = ${t.id}::uuid`);
  const [row] = rowsOf<Json>(res);
  if (!row) throw new Error(`ticket ${t.id} is gone`);
  return pageOf(row);
}

/** The person of the account reading a ticket page, as much as what it may see depends on. */
export type ReaderPerson = { id: string; unitId: string | null; superUser: boolean; providerOrgId: string | null };

/**
 * A ticket by its number, everything its page shows, and the person of the account reading it, in one statement:
 * opening a ticket (its page is read on every open) took three, the reader's person, the ticket, then its page, each
 * a round trip. The page is read before the caller decides whether the reader may see the ticket, and is dropped
 * unshown when not.
 */
export async function findTicketPageByNumber(db: Queryable, number: number, readerUserId: string) {
  const res = await db.execute(sql`
    SELECT ${selectList(ticketColumns, '"tickets"')}, ${pageColumns()},
      (SELECT json_build_object('id', p.id, 'unitId', p.unit_id, 'superUser', p.super_user,
        'providerOrgId', p.provider_org_id) FROM people p WHERE p.user_id = ${readerUserId}::uuid) AS "readerPerson"
    FROM ${tickets} WHERE ${tickets.number} = ${number} LIMIT 1`);
  const [row] = rowsOf<Json>(res);
  if (!row) return undefined;
  return {
    ticket: rowFromJson(ticketColumns, row) as TicketRow,
    page: pageOf(row),
    readerPerson: (row.readerPerson as ReaderPerson | null) ?? null,
  };
}

/** What the ticket page selects beside the ticket row (the row is "tickets"). */
function pageColumns() {
  return sql`
      (SELECT to_jsonb(p) FROM people p WHERE p.id = "tickets".requester_id) AS requester,
      ${nameIn('facilities', tickets.facilityId)} AS facility,
      (SELECT f.name FROM people p JOIN facilities f ON f.id = p.facility_id WHERE p.id = "tickets".requester_id)
        AS "requesterFacility",
      ${nameIn('units', tickets.unitId)} AS unit,
      (SELECT u.name FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = "tickets".requester_id) AS "requesterUnit",
      ${nameIn('locations', tickets.locationId)} AS location,
      ${nameIn('services', tickets.serviceId)} AS service,
      ${nameIn('services', tickets.moduleId)} AS module,
      ${nameIn('groups', tickets.groupId)} AS "group",
      ${nameIn('providers', tickets.providerId)} AS provider,
      ${userName(tickets.assigneeId)} AS "assigneeName",
      ${userName(tickets.openedByUserId)} AS "openedBy",
      -- The requester's own other open tickets (a repeat caller?), never the desk's.
      (SELECT count(*)::int FROM tickets o WHERE o.requester_id = "tickets".requester_id AND o.id <> "tickets".id
        AND o.status NOT IN (${literals(CLOSED_STATUSES)})) AS "otherOpenTickets",
      ${heldOutside} AS "heldByOutsideProvider",
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'c', to_jsonb(c), 'author', u.display_name, 'authorRole', u.role,
          -- a sender by email still unverified (read live: it clears once an agent confirms them)
          'senderUnverified', c.email_from_person_id IS NOT NULL
            AND EXISTS (SELECT 1 FROM email_senders es WHERE es.person_id = c.email_from_person_id)
        ) ORDER BY c.created_at), '[]')
        FROM ticket_comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.ticket_id = "tickets".id) AS comments,
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'h', to_jsonb(h),
          'fromProvider', ${nameIn('providers', sql.raw('h.from_provider_id'))},
          'toProvider', ${nameIn('providers', sql.raw('h.to_provider_id'))},
          'fromGroup', ${nameIn('groups', sql.raw('h.from_group_id'))},
          'toGroup', ${nameIn('groups', sql.raw('h.to_group_id'))},
          'fromUser', ${userName(sql.raw('h.from_user_id'))},
          'toUser', ${userName(sql.raw('h.to_user_id'))},
          'actor', ${userName(sql.raw('h.actor_id'))}
        ) ORDER BY h.at), '[]')
        FROM ticket_handoffs h WHERE h.ticket_id = "tickets".id) AS handoffs,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('a', to_jsonb(a), 'actor', u.display_name) ORDER BY a.id), '[]')
        FROM ticket_activity a LEFT JOIN users u ON u.id = a.actor_id WHERE a.ticket_id = "tickets".id) AS activity,
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'kind', l.kind, 'ticketId', l.ticket_id, 'number', o.number, 'summary', o.summary, 'status', o.status)), '[]')
        FROM ticket_links l
        JOIN tickets o ON o.id = CASE WHEN l.ticket_id = "tickets".id THEN l.other_id ELSE l.ticket_id END
        WHERE l.ticket_id = "tickets".id OR l.other_id = "tickets".id) AS links,
      (SELECT coalesce(jsonb_agg(jsonb_build_object(
          'id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size,
          'mayContainPhi', a.may_contain_phi, 'createdAt', a.created_at) ORDER BY a.created_at), '[]')
        FROM ticket_attachments a WHERE a.ticket_id = "tickets".id) AS attachments,
      (SELECT to_jsonb(s) FROM ticket_sla s WHERE s.ticket_id = "tickets".id) AS sla,
      -- The call it was opened on, if any: when that contact ended (its wrap-up, else its hang-up) and its transfers.
      (SELECT jsonb_build_object('endedAt', coalesce(c.wrap_done_at, c.ended_at), 'transfers', c.transfers)
        FROM contact_tickets ct JOIN contacts c ON c.id = ct.contact_id
        WHERE ct.ticket_id = "tickets".id AND ct.relation = 'opened'
        ORDER BY c.offered_at LIMIT 1) AS "openingContact"`;
}

/** The page's parts from a row that selected pageColumns. */
function pageOf(row: Json) {
  const list = (value: unknown) => value as Json[];
  return {
    names: {
      requester: rowFromJson(people, row.requester as Json),
      ...texts(row, PAGE_NAMES),
      otherOpenTickets: row.otherOpenTickets as number,
      heldByOutsideProvider: row.heldByOutsideProvider as boolean,
    },
    comments: list(row.comments).map((x) => ({
      c: rowFromJson(ticketComments, x.c as Json) as CommentRow,
      author: x.author as string | null,
      authorRole: x.authorRole as (typeof users.$inferSelect)['role'] | null,
      senderUnverified: x.senderUnverified as boolean,
    })),
    handoffs: list(row.handoffs).map((x) => ({
      h: rowFromJson(ticketHandoffs, x.h as Json) as HandoffRow,
      ...texts(x, HANDOFF_NAMES),
    })),
    activity: list(row.activity).map((x) => ({
      a: rowFromJson(ticketActivity, x.a as Json) as ActivityRow,
      actor: x.actor as string | null,
    })),
    links: list(row.links).map((x) => ({
      kind: x.kind as (typeof ticketLinks.$inferSelect)['kind'],
      ticketId: x.ticketId as string,
      number: x.number as number,
      summary: x.summary as string,
      status: x.status as TicketRow['status'],
    })),
    attachments: list(row.attachments).map((x) => ({
      id: x.id as string,
      filename: x.filename as string,
      contentType: x.contentType as string,
      size: x.size as number,
      mayContainPhi: x.mayContainPhi as boolean,
      createdAt: new Date(x.createdAt as string),
    })),
    slaRow: row.sla ? rowFromJson(ticketSla, row.sla as Json) : undefined,
    openingContact: openingContactFrom(row.openingContact as Json | null),
  };
}

const openingContactFrom = (x: Json | null) =>
  x ? { endedAt: x.endedAt ? new Date(x.endedAt as string) : null, transfers: Number(x.transfers) } : null;

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
