// SQL for what other features read of tickets, published through service/reads.ts: the SLA's inputs (a ticket's
// rows, the facts its policy choice needs, its watchers, its status and hand-off history, tickets not yet on a
// clock). The feature that reads owns the meaning; the queries over tickets stay here.
import { sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { literals } from '../../platform/db/literals.ts';
import type { HistoryEvent } from '../sla/rules/history.ts';
import type { ActivityKind } from './rules/vocabulary.ts';
import type { TicketRow } from './store.ts';
import { ticketColumns, tickets } from './tables.ts';

/** Several tickets' rows by id, in no particular order. */
export async function ticketsByIds(db: Queryable, ids: string[]): Promise<TicketRow[]> {
  return db
    .select(ticketColumns)
    .from(tickets)
    .where(sql`${tickets.id} = ANY(${sql.param(ids)}::uuid[])`);
}

/** What the SLA clocks read of a ticket's own row: its kind, priority, whereabouts and times, none of its text. */
const SLA_TICKET_KEYS = [
  'id',
  'number',
  'type',
  'serviceId',
  'moduleId',
  'providerId',
  'priority',
  'patientCareAffected',
  'patientSafety',
  'status',
  'tier',
  'createdAt',
  'firstResponseAt',
] as const satisfies readonly (keyof TicketRow)[];
export type SlaTicket = Pick<TicketRow, (typeof SLA_TICKET_KEYS)[number]>;
const slaTicketColumns = Object.fromEntries(SLA_TICKET_KEYS.map((k) => [k, tickets[k]])) as {
  [K in (typeof SLA_TICKET_KEYS)[number]]: (typeof tickets)[K];
};

/**
 * Several tickets' SLA inputs by id, in no particular order (the SLA sweep and backfill handle hundreds at a time):
 * a whole row's ~45 columns took ~0.8 s of a first start's backfill on the embedded database, most of it PGlite
 * parsing the text it never needed.
 */
export async function slaTicketsByIds(db: Queryable, ids: string[]): Promise<SlaTicket[]> {
  return db
    .select(slaTicketColumns)
    .from(tickets)
    .where(sql`${tickets.id} = ANY(${sql.param(ids)}::uuid[])`);
}

/** What the SLA's policy choice needs to know about a ticket beyond its own row. */
export type TicketFactsRow = {
  clinical_critical: boolean;
  provider_line: boolean;
  facility_time_zone: string | null;
};

export async function ticketFacts(db: Queryable, ticketId: string): Promise<TicketFactsRow> {
  return (await ticketFactsMany(db, [ticketId])).get(ticketId) ?? NO_FACTS;
}

const NO_FACTS: TicketFactsRow = { clinical_critical: false, provider_line: false, facility_time_zone: null };

/** The facts of several tickets in one query (the sweep handles hundreds at a time). */
export async function ticketFactsMany(db: Queryable, ticketIds: string[]): Promise<Map<string, TicketFactsRow>> {
  if (!ticketIds.length) return new Map();
  // One array parameter: the same statement text (and prepared statement) whatever the batch's size.
  const ids = sql`ANY(${sql.param(ticketIds)}::uuid[])`;
  const res = await db.execute(sql`
    SELECT t.id,
           coalesce(s.clinical_critical, false) OR coalesce(m.clinical_critical, false) AS clinical_critical,
           coalesce(p.provider, false) AS provider_line,
           f.time_zone AS facility_time_zone
      FROM tickets t
      JOIN people p ON p.id = t.requester_id
      LEFT JOIN services s ON s.id = t.service_id
      LEFT JOIN services m ON m.id = t.module_id
      LEFT JOIN facilities f ON f.id = t.facility_id
     WHERE t.id = ${ids}`);
  return new Map(rowsOf<TicketFactsRow & { id: string }>(res).map(({ id, ...facts }) => [id, facts]));
}

/** People to tell about a ticket's clock: its assignee and the members of its group. */
export async function watchersOf(db: Queryable, ticketId: string): Promise<string[]> {
  const res = await db.execute(sql`
    SELECT t.assignee_id AS user_id FROM tickets t WHERE t.id = ${ticketId} AND t.assignee_id IS NOT NULL
    UNION
    SELECT gm.user_id FROM tickets t JOIN group_members gm ON gm.group_id = t.group_id WHERE t.id = ${ticketId}`);
  return rowsOf<{ user_id: string }>(res).map((r) => r.user_id);
}

/** Replies on some tickets by the staff of outside providers (vendor, outsourcer): a contract clock's first
 *  response is its provider's first reply while it holds the ticket (sla/rules/contract.ts). */
export async function providerRepliesMany(
  db: Queryable,
  ticketIds: string[],
): Promise<Map<string, { providerId: string; at: number }[]>> {
  const out = new Map<string, { providerId: string; at: number }[]>();
  if (!ticketIds.length) return out;
  // One array parameter: the same statement text (and prepared statement) whatever the batch's size.
  const ids = sql`ANY(${sql.param(ticketIds)}::uuid[])`;
  const res = await db.execute(sql`
    SELECT c.ticket_id, p.provider_org_id AS provider_id, c.created_at AS at
      FROM ticket_comments c
      JOIN people p ON p.user_id = c.author_id
     WHERE c.ticket_id = ${ids} AND p.provider_org_id IS NOT NULL`);
  for (const r of rowsOf<{ ticket_id: string; provider_id: string; at: string | Date }>(res)) {
    const list = out.get(r.ticket_id) ?? [];
    list.push({ providerId: r.provider_id, at: new Date(r.at).getTime() });
    out.set(r.ticket_id, list);
  }
  return out;
}

/**
 * Tickets with no SLA row yet (e.g. loaded by an import), oldest first, from `from` (a `created_at` as text, the
 * `last` of the batch before) on: each batch starts where the last ended instead of stepping again over every ticket
 * already given its row. `last` is the batch's newest `created_at`, at full precision.
 */
export async function ticketsWithoutSla(
  db: Queryable,
  limit: number,
  from: string | null = null,
): Promise<{ ids: string[]; last: string | null }> {
  const res = await db.execute(sql`
    SELECT t.id, t.created_at::text AS at FROM tickets t
     WHERE t.created_at >= coalesce(${from}::timestamptz, '-infinity')
       AND NOT EXISTS (SELECT 1 FROM ticket_sla s WHERE s.ticket_id = t.id)
     ORDER BY t.created_at LIMIT ${limit}`);
  const rows = rowsOf<{ id: string; at: string }>(res);
  return { ids: rows.map((r) => r.id), last: rows.at(-1)?.at ?? from };
}

/** The activity an SLA timeline is rebuilt from (with the hand-offs). */
const TIMELINE_KINDS = [
  'opened',
  'status',
  'resolved',
  'reopened',
  'closed',
] as const satisfies readonly ActivityKind[];

/** The status and hand-off history of some tickets, for rebuilding their timelines. */
export async function historyOf(db: Queryable, ticketIds: string[]): Promise<Map<string, HistoryEvent[]>> {
  // One array parameter: the same statement text (and prepared statement) whatever the batch's size.
  const ids = sql`ANY(${sql.param(ticketIds)}::uuid[])`;
  const res = await db.execute(sql`
    SELECT ticket_id, at, kind, data->>'to' AS to_status, NULL AS tier, NULL::uuid AS provider_id
      FROM ticket_activity
     WHERE ticket_id = ${ids} AND kind IN (${literals(TIMELINE_KINDS)})
    UNION ALL
    SELECT ticket_id, at, 'handoff', NULL, to_tier, to_provider_id
      FROM ticket_handoffs WHERE ticket_id = ${ids}`);
  const map = new Map<string, HistoryEvent[]>();
  for (const r of rowsOf<{
    ticket_id: string;
    at: string | Date;
    kind: (typeof TIMELINE_KINDS)[number] | 'handoff';
    to_status: string | null;
    tier: string | null;
    provider_id: string | null;
  }>(res)) {
    const at = new Date(r.at).getTime();
    const e: HistoryEvent =
      r.kind === 'handoff'
        ? { at, kind: 'handoff', tier: r.tier!, providerId: r.provider_id }
        : r.kind === 'status'
          ? { at, kind: 'status', to: r.to_status ?? 'in_progress' }
          : { at, kind: r.kind };
    const list = map.get(r.ticket_id) ?? [];
    list.push(e);
    map.set(r.ticket_id, list);
  }
  return map;
}
