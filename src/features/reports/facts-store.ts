// Keeping the facts table true: load a batch of tickets' histories, judge them with the pure rules, upsert the rows.
// Idempotent (a refresh of an unchanged ticket writes the same row), so overlaps and re-runs are harmless.
import { getTableColumns, sql } from 'drizzle-orm';
import type { ClinicalRole, Tier } from '../../domain/vocabulary.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { literals, wholeNumber } from '../../platform/db/literals.ts';
import { firstContactResolvable } from '../tickets/rules/fcr.ts';
import { firstTouch, firstTouchHistoryOf, sideOfRole } from '../tickets/rules/first-touch.ts';
import type {
  ActivityKind,
  Channel,
  CommentVisibility,
  HandoffKind,
  ResolutionCode,
  TicketType,
} from '../tickets/rules/vocabulary.ts';
import type { HoldingClocks } from './rules/contract-attainment.ts';
import { agentOf, clockMet, type TicketFacts, ticketFactsOf } from './rules/ticket-facts.ts';
import { reportTicketFacts } from './tables.ts';

/** The activity FCR and first-touch read (status: waiting on the requester; linked: the requester called about it). */
const FACT_KINDS = literals<ActivityKind>(['resolved', 'reopened', 'callback_requested', 'status', 'linked']);

type TicketRow = {
  id: string;
  number: string | number;
  created_at: string | Date;
  channel: Channel;
  type: TicketType;
  priority: number;
  facility_id: string | null;
  unit_id: string | null;
  clinical_role: ClinicalRole | null;
  service_id: string | null;
  module_id: string | null;
  group_id: string | null;
  provider_ids: string[] | string;
  opened_by_user_id: string | null;
  opener_role: Role | null;
  resolved_by_id: string | null;
  assignee_id: string | null;
  resolved_at: string | Date | null;
  resolution_code: ResolutionCode | null;
  patient_care_affected: boolean;
  policy_name: string | null;
  response_state: string | null;
  resolution_state: string | null;
  response_breached_at: string | Date | null;
  resolution_breached_at: string | Date | null;
  resolution_elapsed_ms: string | number | null;
  elapsed_by_holder: Record<string, number> | null;
  first_provider_id: string | null;
  contract_clocks: HoldingClocks[] | string | null;
};

const ms = (v: string | Date | null) => (v === null ? null : new Date(v).getTime());
/** PGlite and node-postgres hand arrays back differently when selected through raw SQL. */
const uuidArray = (v: string[] | string): string[] =>
  Array.isArray(v) ? v : v.replace(/[{}]/g, '').split(',').filter(Boolean);

async function loadBatch(db: Queryable, ids: string[]) {
  const idList = sql`(${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
  const tickets = rowsOf<TicketRow>(
    await db.execute(sql`
      SELECT t.id, t.number, t.created_at, t.channel, t.type, t.priority, t.facility_id, t.unit_id,
             p.clinical_role, t.service_id, t.module_id, t.group_id, t.provider_ids, t.opened_by_user_id,
             u.role AS opener_role, t.resolved_by_id, t.assignee_id, t.resolved_at, t.resolution_code,
             t.patient_care_affected, s.policy_name, s.response_state, s.resolution_state, s.response_breached_at,
             s.resolution_breached_at, s.resolution_elapsed_ms, s.elapsed_by_holder,
             (s.timeline -> 0 ->> 'providerId')::uuid AS first_provider_id, s.contract_clocks
      FROM tickets t
      JOIN people p ON p.id = t.requester_id
      LEFT JOIN users u ON u.id = t.opened_by_user_id
      LEFT JOIN ticket_sla s ON s.ticket_id = t.id
      WHERE t.id IN ${idList}`),
  );
  const handoffs = rowsOf<{
    ticket_id: string;
    kind: HandoffKind;
    to_tier: Tier;
    to_user_id: string | null;
    from_provider_id: string | null;
    at: string | Date;
  }>(
    await db.execute(sql`
      SELECT ticket_id, kind, to_tier, to_user_id, from_provider_id, at FROM ticket_handoffs
      WHERE ticket_id IN ${idList} ORDER BY at, id`),
  );
  const activity = rowsOf<{ ticket_id: string; kind: ActivityKind; at: string | Date; data: Record<string, unknown> }>(
    await db.execute(sql`
      SELECT ticket_id, kind, at, data FROM ticket_activity
      WHERE ticket_id IN ${idList} AND kind IN (${FACT_KINDS})
      ORDER BY id`),
  );
  const comments = rowsOf<{
    ticket_id: string;
    at: string | Date;
    visibility: CommentVisibility;
    author_role: Role | null;
  }>(
    await db.execute(sql`
      SELECT c.ticket_id, c.created_at AS at, c.visibility, u.role AS author_role
      FROM ticket_comments c LEFT JOIN users u ON u.id = c.author_id
      WHERE c.ticket_id IN ${idList} ORDER BY c.created_at`),
  );
  const contacts = rowsOf<{ ticket_id: string; ended_at: string | Date | null; transfers: string | number }>(
    await db.execute(sql`
      SELECT DISTINCT ON (ct.ticket_id) ct.ticket_id, coalesce(c.wrap_done_at, c.ended_at) AS ended_at, c.transfers
      FROM contact_tickets ct JOIN contacts c ON c.id = ct.contact_id
      WHERE ct.ticket_id IN ${idList} AND ct.relation = 'opened'
      ORDER BY ct.ticket_id, c.offered_at`),
  );
  return { tickets, handoffs, activity, comments, contacts };
}

/** The facts of each ticket in `ids` (missing tickets are simply absent). */
export async function judgeTickets(db: Queryable, ids: string[]): Promise<TicketFacts[]> {
  if (!ids.length) return [];
  const b = await loadBatch(db, ids);
  // Each history split by ticket once: a batch is 500 tickets, so scanning every row per ticket would be quadratic.
  const handoffsOf = byTicket(b.handoffs);
  const activityOf = byTicket(b.activity);
  const commentsOf = byTicket(b.comments);
  const contactOf = byTicket(b.contacts);
  return b.tickets.map((t) => {
    const handoffs = handoffsOf.get(t.id) ?? [];
    const activity = activityOf.get(t.id) ?? [];
    const contact = contactOf.get(t.id)?.[0];
    // The same history the ticket page judges (read-ticket.ts), so the report counts the verdicts it shows.
    const touch = firstTouch(
      firstTouchHistoryOf({
        channel: t.channel,
        activity: activity.map((a) => ({ at: new Date(a.at), kind: a.kind, data: a.data ?? {} })),
        comments: (commentsOf.get(t.id) ?? []).map((c) => ({
          at: new Date(c.at),
          visibility: c.visibility,
          by: sideOfRole(c.author_role),
        })),
        handoffs: handoffs.map((h) => ({ at: new Date(h.at), kind: h.kind, toTier: h.to_tier })),
      }),
    );
    const createdAt = ms(t.created_at)!;
    const resolvedAt = ms(t.resolved_at);
    const firstResolved = ms(activity.find((a) => a.kind === 'resolved')?.at ?? null) ?? resolvedAt;
    return ticketFactsOf({
      ticketId: t.id,
      number: Number(t.number),
      createdAt,
      channel: t.channel,
      type: t.type,
      priority: Number(t.priority),
      facilityId: t.facility_id,
      unitId: t.unit_id,
      clinicalRole: t.clinical_role,
      serviceId: t.service_id,
      moduleId: t.module_id,
      groupId: t.group_id,
      agentId: agentOf({
        openedById: t.opened_by_user_id,
        openerRole: t.opener_role,
        resolvedById: t.resolved_by_id,
        assigneeId: t.assignee_id,
      }),
      firstProviderId: t.first_provider_id,
      providerIds: uuidArray(t.provider_ids),
      resolvedAt,
      resolveCalendarMs:
        resolvedAt === null || t.resolution_elapsed_ms === null ? null : Number(t.resolution_elapsed_ms),
      slaPolicy: t.policy_name,
      responseMet: clockMet(t.response_state, t.response_breached_at !== null),
      resolutionMet: clockMet(t.resolution_state, t.resolution_breached_at !== null),
      patientCareAffected: t.patient_care_affected,
      heldMs: t.elapsed_by_holder ?? {},
      handoffs: handoffs.map((h) => ({ kind: h.kind, toTier: h.to_tier, fromProviderId: h.from_provider_id })),
      firstTouchVerdict: touch.nonLiveChannel ? touch.firstTouch : null,
      contractClocks: holdingClocksOf(t.contract_clocks),
      history: {
        channel: t.channel,
        openedById: t.opened_by_user_id,
        createdAt: new Date(createdAt),
        resolvedById: t.resolved_by_id,
        firstResolvedAt: firstResolved === null ? null : new Date(firstResolved),
        handoffs: handoffs.map((h) => ({ kind: h.kind, toTier: h.to_tier, toUserId: h.to_user_id })),
        callbackRequested: activity.some((a) => a.kind === 'callback_requested'),
        reopenedAt: activity.filter((a) => a.kind === 'reopened').map((a) => new Date(a.at)),
        firstContactResolvable: firstContactResolvable(t.resolution_code),
        openingContact: contact
          ? { endedAt: contact.ended_at ? new Date(contact.ended_at) : null, transfers: Number(contact.transfers) }
          : null,
      },
    });
  });
}

/** The SLA row's contract clocks (jsonb; text through some drivers), none when the ticket has no SLA row. */
function holdingClocksOf(v: HoldingClocks[] | string | null): HoldingClocks[] {
  if (v === null) return [];
  return typeof v === 'string' ? (JSON.parse(v) as HoldingClocks[]) : v;
}

/** Rows grouped by their ticket, keeping their order. */
function byTicket<T extends { ticket_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const group = groups.get(r.ticket_id);
    if (group) group.push(r);
    else groups.set(r.ticket_id, [r]);
  }
  return groups;
}

/**
 * Writes the judged facts and returns the ids of the tickets whose row is new or changed: a row whose judged values
 * are all the same is left alone (its `refreshed_at` too), so the refresh rebuilds only the rollup months of tickets
 * whose facts really moved — the SLA sweep touches every open ticket's clock, but few verdicts change.
 */
export async function upsertFacts(db: Queryable, facts: TicketFacts[]): Promise<string[]> {
  if (!facts.length) return [];
  const rows = facts.map((f) => ({
    ...f,
    createdAt: new Date(f.createdAt),
    resolvedAt: f.resolvedAt === null ? null : new Date(f.resolvedAt),
    refreshedAt: new Date(),
  }));
  const judged = Object.entries(getTableColumns(reportTicketFacts)).filter(([k]) => k !== 'ticketId');
  const compared = judged.filter(([k]) => k !== 'refreshedAt').map(([, c]) => c.name);
  const changed = await db
    .insert(reportTicketFacts)
    .values(rows)
    .onConflictDoUpdate({
      target: reportTicketFacts.ticketId,
      set: Object.fromEntries(judged.map(([k, c]) => [k, sql.raw(`excluded."${c.name}"`)])),
      setWhere: sql.raw(
        `(${compared.map((c) => `report_ticket_facts."${c}"`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `excluded."${c}"`).join(', ')})`,
      ),
    })
    .returning({ id: reportTicketFacts.ticketId });
  return changed.map((r) => r.id);
}

/** The database's clock: the watermark must be on the same clock as tickets.updated_at. */
export async function databaseNow(db: Queryable): Promise<Date> {
  return new Date(rowsOf<{ now: Date | string }>(await db.execute(sql`SELECT now() AS now`))[0]!.now);
}

/** Where the last refresh started (null before the first). */
export async function readWatermark(db: Queryable): Promise<Date | null> {
  const row = rowsOf<{ watermark: Date | string | null }>(
    await db.execute(sql`SELECT watermark FROM report_refresh WHERE id = 1`),
  )[0];
  return row?.watermark ? new Date(row.watermark) : null;
}

export async function writeWatermark(db: Queryable, at: Date) {
  await db.execute(sql`
    INSERT INTO report_refresh (id, watermark) VALUES (1, ${at.toISOString()}::timestamptz)
    ON CONFLICT (id) DO UPDATE SET watermark = excluded.watermark`);
}

/** Tickets changed, or whose clocks were recomputed, after `since` (every ticket when null). */
export async function ticketsChangedSince(db: Queryable, since: Date | null): Promise<Changed[]> {
  const after = since ? sql`${since.toISOString()}::timestamptz` : sql`'-infinity'::timestamptz`;
  // Changed since `since`, unless judged from exactly this state already (report_fact_stamps; the facts row must be
  // there too: a rebuild empties both). The stamps travel as text so that their microseconds survive the round trip.
  return rowsOf<Changed>(
    await db.execute(sql`
      WITH changed AS (
        SELECT id FROM tickets WHERE updated_at > ${after}
        UNION SELECT ticket_id FROM ticket_sla WHERE computed_at > ${after})
      SELECT t.id, t.updated_at::text AS "ticketUpdatedAt", s.computed_at::text AS "slaComputedAt"
      FROM changed c JOIN tickets t ON t.id = c.id
      LEFT JOIN ticket_sla s ON s.ticket_id = t.id
      LEFT JOIN report_fact_stamps st ON st.ticket_id = t.id
      WHERE st.ticket_id IS NULL
        OR st.ticket_updated_at IS DISTINCT FROM t.updated_at OR st.sla_computed_at IS DISTINCT FROM s.computed_at
        OR NOT EXISTS (SELECT 1 FROM report_ticket_facts f WHERE f.ticket_id = t.id)`),
  );
}

/** A ticket to judge again, with the state it is judged from (its updated_at, its SLA row's computed_at). */
export type Changed = { id: string; ticketUpdatedAt: string; slaComputedAt: string | null };

/** Records what these tickets' facts were just judged from (ticketsChangedSince skips them until they change). */
export async function stampJudged(db: Queryable, judged: Changed[]): Promise<void> {
  if (!judged.length) return;
  await db.execute(sql`
    INSERT INTO report_fact_stamps (ticket_id, ticket_updated_at, sla_computed_at)
    SELECT * FROM unnest(${sql.param(judged.map((j) => j.id))}::uuid[],
      ${sql.param(judged.map((j) => j.ticketUpdatedAt))}::timestamptz[],
      ${sql.param(judged.map((j) => j.slaComputedAt))}::timestamptz[])
    ON CONFLICT (ticket_id) DO UPDATE
      SET ticket_updated_at = excluded.ticket_updated_at, sla_computed_at = excluded.sla_computed_at`);
}

/**
 * One batch of tickets in id order, after `after` (keyset, so a rebuild's memory stays flat), each with the state it
 * is about to be judged from, for stampJudged.
 *
 * The clock's stamp is read by key for each ticket of the batch. As a join, the prepared statement's generic plan (it
 * cannot see how small the batch is) merged with every clock from the first: a batch at the 850,000th ticket of a
 * million read 850,000 clocks (0.9 s), so a rebuild grew with the square of the history (docs/benchmarks.md).
 */
export async function ticketsAfter(db: Queryable, after: string, limit: number): Promise<Changed[]> {
  return rowsOf<Changed>(
    await db.execute(sql`
      SELECT t.id, t.updated_at::text AS "ticketUpdatedAt",
        (SELECT s.computed_at::text FROM ticket_sla s WHERE s.ticket_id = t.id) AS "slaComputedAt"
      FROM tickets t
      WHERE t.id > ${after}::uuid ORDER BY t.id LIMIT ${wholeNumber(limit)}`),
  );
}

export async function truncateFacts(db: Queryable) {
  await db.execute(sql`TRUNCATE report_ticket_facts, report_fact_stamps`);
}
