// SQL for notifications: the outbox cursor, recipients and their preferences, templates, settings and the
// deliveries queue (claimed with SKIP LOCKED, so several instances never send one delivery twice).
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { users } from '../../platform/db/schema.ts';
import { facilities, groupMembers, people, unitLeaders, units } from '../directory/tables.ts';
import { incidentUpdates } from '../incident-comms/tables.ts';
import { incidents } from '../incidents/tables.ts';
import { ticketComments } from '../tickets/tables.ts';
import type { AudienceCandidate, UnitPlace } from './rules/incident-notices.ts';
import type { Channel, DeliveryChannel, DeliveryStatus, NotificationKind } from './rules/vocabulary.ts';
import {
  notificationDeliveries,
  notificationOutboxCursor,
  notificationPreferences,
  notificationSettings,
  notificationTemplates,
  notificationUrgentTold,
} from './tables.ts';

const CURSOR = 'notifications';

export type Cursor = { txid: string; eventId: number };
export type DeliveryRow = typeof notificationDeliveries.$inferSelect;
export type NewDeliveryRow = typeof notificationDeliveries.$inferInsert;
export type SettingsRow = typeof notificationSettings.$inferSelect;
export type TemplateRow = typeof notificationTemplates.$inferSelect;

/** The consumer's position, locked for this transaction (one reader at a time, whatever the instance). */
export async function lockCursor(db: Queryable): Promise<Cursor | null> {
  const res = await db.execute(sql`SELECT txid::text AS txid, event_id FROM ${notificationOutboxCursor}
    WHERE name = ${CURSOR} FOR UPDATE SKIP LOCKED`);
  const row = rowsOf<{ txid: string; event_id: string | number }>(res)[0];
  return row ? { txid: row.txid, eventId: Number(row.event_id) } : null;
}

export async function saveCursor(db: Queryable, c: Cursor): Promise<void> {
  await db.execute(sql`UPDATE ${notificationOutboxCursor} SET txid = ${c.txid}::xid8, event_id = ${c.eventId}
    WHERE name = ${CURSOR}`);
}

export type Recipient = { id: string; role: string; email: string | null; disabled: boolean };

/** Accounts by id with the address mail goes to (the account's, else the directory entry's). */
export async function recipients(db: Queryable, userIds: string[]): Promise<Recipient[]> {
  if (!userIds.length) return [];
  const rows = await db
    .select({
      id: users.id,
      role: users.role,
      email: sql<string | null>`coalesce(${users.email}, ${people.email})`,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .leftJoin(people, eq(people.userId, users.id))
    .where(inArray(users.id, userIds));
  return rows.map((r) => ({ id: r.id, role: r.role, email: r.email, disabled: r.disabledAt !== null }));
}

/** The accounts of a support provider's engineers (role vendor, bound to the provider in the directory). */
export async function vendorUserIds(db: Queryable, providerId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(people, eq(people.userId, users.id))
    .where(and(eq(users.role, 'vendor'), eq(people.providerOrgId, providerId)));
  return rows.map((r) => r.id);
}

/** The directory's address of a person (a requester without an account). */
export async function personEmail(db: Queryable, personId: string): Promise<string | null> {
  const rows = await db.select({ email: people.email }).from(people).where(eq(people.id, personId));
  return rows[0]?.email ?? null;
}

/** The most urgent level (1 or 2) this group was already told of this ticket at; null when never. */
export async function urgentToldAt(db: Queryable, ticketId: string, groupId: string): Promise<number | null> {
  const rows = await db
    .select({ level: sql<number | null>`min(${notificationUrgentTold.priority})::int` })
    .from(notificationUrgentTold)
    .where(sql`${notificationUrgentTold.ticketId} = ${ticketId} AND ${notificationUrgentTold.groupId} = ${groupId}`);
  return rows[0]?.level ?? null;
}

/** The group has been told of the ticket at this level (whoever's preferences let the notice through). */
export async function markUrgentTold(db: Queryable, ticketId: string, groupId: string, priority: number) {
  await db.insert(notificationUrgentTold).values({ ticketId, groupId, priority }).onConflictDoNothing();
}

export async function groupMemberIds(db: Queryable, groupId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: groupMembers.userId })
    .from(groupMembers)
    .where(eq(groupMembers.groupId, groupId));
  return rows.map((r) => r.userId);
}

/** A comment's text, for the full-text option only (the tickets feature publishes no read of one comment's body). */
export async function commentBody(db: Queryable, commentId: string): Promise<string | null> {
  const rows = await db
    .select({ body: ticketComments.body, visibility: ticketComments.visibility })
    .from(ticketComments)
    .where(eq(ticketComments.id, commentId));
  return rows[0]?.visibility === 'public' ? rows[0].body : null;
}

export async function preferencesOf(db: Queryable, userIds: string[]) {
  if (!userIds.length) return [];
  return db.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, userIds));
}

export async function replacePreferences(
  db: Queryable,
  userId: string,
  prefs: { kind: NotificationKind; channel: Channel }[],
): Promise<void> {
  await db.delete(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  if (prefs.length) await db.insert(notificationPreferences).values(prefs.map((p) => ({ userId, ...p })));
}

export async function settings(db: Queryable, forUpdate = false): Promise<SettingsRow> {
  const q = db.select().from(notificationSettings).where(eq(notificationSettings.id, 1));
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0] ?? { id: 1, fullTextDomain: null, pagerUrl: null, updatedAt: new Date(0) };
}

export async function saveSettings(db: Queryable, s: { fullTextDomain: string | null; pagerUrl: string | null }) {
  await db
    .insert(notificationSettings)
    .values({ id: 1, ...s, updatedAt: new Date() })
    .onConflictDoUpdate({ target: notificationSettings.id, set: { ...s, updatedAt: new Date() } });
}

export async function templates(db: Queryable): Promise<TemplateRow[]> {
  return db.select().from(notificationTemplates);
}

export async function upsertTemplate(
  db: Queryable,
  row: { kind: NotificationKind; subject: string; body: string; updatedBy: string },
): Promise<void> {
  const now = new Date();
  await db
    .insert(notificationTemplates)
    .values({ ...row, updatedAt: now })
    .onConflictDoUpdate({
      target: notificationTemplates.kind,
      set: { subject: row.subject, body: row.body, updatedBy: row.updatedBy, updatedAt: now },
    });
}

export async function deleteTemplate(db: Queryable, kind: NotificationKind): Promise<boolean> {
  const rows = await db
    .delete(notificationTemplates)
    .where(eq(notificationTemplates.kind, kind))
    .returning({ k: notificationTemplates.kind });
  return rows.length > 0;
}

/** Queues a delivery; a replayed event finds its delivery already there and adds nothing. */
export async function insertDelivery(db: Queryable, row: NewDeliveryRow): Promise<boolean> {
  return (await insertDeliveries(db, [row])) > 0;
}

/** Several deliveries in one statement (an event's notices to a group's members); returns how many were new. */
export async function insertDeliveries(db: Queryable, rows: NewDeliveryRow[]): Promise<number> {
  if (!rows.length) return 0;
  const inserted = await db
    .insert(notificationDeliveries)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: notificationDeliveries.id });
  return inserted.length;
}

/**
 * Claims due deliveries: locked with SKIP LOCKED (another instance takes others), counted as an attempt, and moved
 * `leaseMs` ahead, so a sender that dies mid-send leaves its deliveries to be tried again after the lease.
 */
export async function claimDue(
  db: Queryable,
  channels: DeliveryChannel[],
  limit: number,
  leaseMs: number,
): Promise<DeliveryRow[]> {
  if (!channels.length) return [];
  const res = await db.execute(sql`UPDATE ${notificationDeliveries} d
    SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
    FROM (SELECT id FROM ${notificationDeliveries}
          WHERE status = 'pending' AND next_attempt_at <= now()
            AND channel IN (${sql.join(
              channels.map((c) => sql`${c}`),
              sql`, `,
            )})
          ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED) due
    WHERE d.id = due.id
    RETURNING d.id`);
  const ids = rowsOf<{ id: string }>(res).map((r) => r.id);
  if (!ids.length) return [];
  return db.select().from(notificationDeliveries).where(inArray(notificationDeliveries.id, ids));
}

/** Marks deliveries sent, each at its own time, in one statement. */
export async function markSentMany(db: Queryable, sent: { id: string; at: Date }[]): Promise<void> {
  if (!sent.length) return;
  const rows = sql.join(
    sent.map((s) => sql`(${s.id}::uuid, ${s.at.toISOString()}::timestamptz)`),
    sql`, `,
  );
  await db.execute(sql`UPDATE ${notificationDeliveries} d SET status = 'sent', sent_at = v.at, last_error = NULL
    FROM (VALUES ${rows}) AS v(id, at) WHERE d.id = v.id`);
}

/** A failed try: again at `next`, or listed as failed when `next` is null. */
export async function markTryFailed(db: Queryable, id: string, next: Date | null, error: string): Promise<void> {
  await db
    .update(notificationDeliveries)
    .set(
      next
        ? { nextAttemptAt: next, lastError: error.slice(0, 1000) }
        : { status: 'failed', lastError: error.slice(0, 1000) },
    )
    .where(eq(notificationDeliveries.id, id));
}

export async function listDeliveries(db: Queryable, status: DeliveryStatus, limit: number): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.status, status))
    .orderBy(status === 'pending' ? asc(notificationDeliveries.nextAttemptAt) : desc(notificationDeliveries.createdAt))
    .limit(limit);
}

export async function countByStatus(db: Queryable): Promise<Record<DeliveryStatus, number>> {
  const rows = await db
    .select({ status: notificationDeliveries.status, n: sql<number>`count(*)::int` })
    .from(notificationDeliveries)
    .where(inArray(notificationDeliveries.status, ['pending', 'failed']))
    .groupBy(notificationDeliveries.status);
  const out = { pending: 0, sent: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

export async function findDelivery(db: Queryable, id: string): Promise<DeliveryRow | undefined> {
  return (await db.select().from(notificationDeliveries).where(eq(notificationDeliveries.id, id)).for('update'))[0];
}

/** The recipient's mail server returned it: listed as failed (resend only once the address is fixed). */
export async function markBounced(db: Queryable, id: string): Promise<void> {
  await db
    .update(notificationDeliveries)
    .set({ status: 'failed', lastError: "The recipient's mail server returned it (bounce)." })
    .where(eq(notificationDeliveries.id, id));
}

/** Forgets sent deliveries older than `before` (a batch at a time); returns how many. */
export async function deleteSentBefore(db: Queryable, before: Date, limit: number): Promise<number> {
  const res = await db.execute(sql`DELETE FROM ${notificationDeliveries} WHERE id IN (
      SELECT id FROM ${notificationDeliveries} WHERE status = 'sent' AND sent_at < ${before.toISOString()}::timestamptz
      LIMIT ${limit})
    RETURNING id`);
  return rowsOf<{ id: string }>(res).length;
}

/** Puts a delivery back in the queue, due now, with its attempts counted afresh. */
export async function requeue(db: Queryable, id: string): Promise<void> {
  await db
    .update(notificationDeliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()` })
    .where(eq(notificationDeliveries.id, id));
}

// Incident notices -------------------------------------------------------------------------------------------------

export type IncidentForNotice = {
  id: string;
  number: number;
  title: string;
  publicSummary: string;
  state: string;
  planned: boolean;
  severity: string;
  unitIds: string[];
  facilityIds: string[];
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  /** The time zone of its first facility (or first unit's facility): the notice's times are written in it. */
  timeZone: string | null;
};

/** An incident's public parts and scope, as its notices need them (never the internal note or the people). */
export async function incidentForNotice(db: Queryable, id: string): Promise<IncidentForNotice | undefined> {
  const rows = await db
    .select({
      id: incidents.id,
      number: incidents.number,
      title: incidents.title,
      publicSummary: incidents.publicSummary,
      state: incidents.state,
      planned: incidents.planned,
      severity: incidents.severity,
      unitIds: incidents.unitIds,
      facilityIds: incidents.facilityIds,
      scheduledStart: incidents.scheduledStart,
      scheduledEnd: incidents.scheduledEnd,
      timeZone: sql<string | null>`coalesce(
        (select f.time_zone from ${facilities} f where f.id = ${incidents.facilityIds}[1]),
        (select f.time_zone from ${units} u join ${facilities} f on f.id = u.facility_id where u.id = ${incidents.unitIds}[1]))`,
    })
    .from(incidents)
    .where(eq(incidents.id, id));
  return rows[0];
}

/** The public text of one update of this incident (never its internal note). */
export async function incidentUpdatePublicText(db: Queryable, updateId: string, incidentId: string) {
  const rows = await db
    .select({ text: incidentUpdates.publicText })
    .from(incidentUpdates)
    .where(sql`${incidentUpdates.id} = ${updateId} AND ${incidentUpdates.incidentId} = ${incidentId}`);
  return rows[0]?.text ?? null;
}

/** The units of these facilities (every unit when none is named). */
export async function unitPlaces(db: Queryable, facilityIds: string[]): Promise<UnitPlace[]> {
  const q = db.select({ id: units.id, facilityId: units.facilityId }).from(units);
  return facilityIds.length ? q.where(inArray(units.facilityId, facilityIds)) : q;
}

/** The people who lead one of these units or are a super-user on one, with their account. */
export async function incidentAudienceCandidates(db: Queryable, unitIds: string[]): Promise<AudienceCandidate[]> {
  if (!unitIds.length) return [];
  const list = sql.join(
    unitIds.map((u) => sql`${u}::uuid`),
    sql`, `,
  );
  const res = await db.execute(sql`
    SELECT p.user_id, u.role, u.disabled_at IS NOT NULL AS disabled, p.active, p.unit_id, p.super_user,
           coalesce((SELECT array_agg(l.unit_id::text) FROM ${unitLeaders} l WHERE l.person_id = p.id), '{}') AS leads
      FROM ${people} p LEFT JOIN ${users} u ON u.id = p.user_id
     WHERE (p.super_user AND p.unit_id IN (${list}))
        OR EXISTS (SELECT 1 FROM ${unitLeaders} l WHERE l.person_id = p.id AND l.unit_id IN (${list}))`);
  return rowsOf<{
    user_id: string | null;
    role: string | null;
    disabled: boolean | null;
    active: boolean;
    unit_id: string | null;
    super_user: boolean;
    leads: string[] | string;
  }>(res).map((r) => ({
    userId: r.user_id,
    role: r.role,
    disabled: r.disabled === true,
    active: r.active,
    unitId: r.unit_id,
    superUser: r.super_user,
    leads: Array.isArray(r.leads) ? r.leads : parsePgArray(r.leads),
  }));
}

/** A text[] as PostgreSQL writes it ("{a,b}"), for a driver that hands it over unparsed. */
function parsePgArray(s: string): string[] {
  const inner = s.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map((x) => x.replace(/^"|"$/g, '')) : [];
}
