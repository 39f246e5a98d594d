// SQL for ticket lists: queues, saved views, filters and ranked full-text search, always narrowed to what the
// viewer may see (the same rule as rules/visibility.ts, written as a WHERE clause).
import { and, asc, desc, eq, gte, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { isStaff } from '../../platform/auth/roles.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { literals } from '../../platform/db/literals.ts';
import { ticketSla } from '../sla/tables.ts';
import { seesPhi } from './rules/policy.ts';
import type { BuiltInView, ListFilter } from './rules/queues.ts';
import { needsSubstringSearch, substringPatterns } from './rules/search-text.ts';
import type { Viewer } from './rules/visibility.ts';
import { CLOSED_STATUSES } from './rules/vocabulary.ts';
import { nameIn, userName } from './store.ts';
import { MASKED_TICKET_TEXT, TICKET_TEXT, tickets } from './tables.ts';

const TOTAL_CAP = 10_000;
/** How many of the most recent matches a relevance-ranked search considers. */
export const SEARCH_WINDOW = 500;

export function visibleTo(v: Viewer): SQL | undefined {
  if (isStaff(v.role)) return undefined;
  if (v.role === 'vendor') {
    return v.providerOrgId ? sql`${tickets.providerIds} @> ARRAY[${v.providerOrgId}]::uuid[]` : sql`false`;
  }
  const own: SQL[] = [eq(tickets.openedByUserId, v.userId)];
  if (v.personId) own.push(eq(tickets.requesterId, v.personId));
  if (v.superUser && v.unitId) own.push(eq(tickets.unitId, v.unitId));
  return sql`(${sql.join(own, sql` OR `)})`;
}

// Written exactly as the partial index's predicate, so the planner uses tickets_open_queue_idx.
// The closed statuses as literals, not parameters: a prepared statement's generic plan can then still prove the
// open-queue index's predicate and read it, rather than every ticket (at 100,000 tickets on PGlite: a queue read
// 1 s, docs/benchmarks.md 2026-12-05).
const isOpen = sql`${tickets.status} NOT IN (${literals(CLOSED_STATUSES)})`;

export function viewCondition(view: BuiltInView, v: Viewer): SQL {
  switch (view) {
    case 'my_open':
      return and(isOpen, eq(tickets.assigneeId, v.userId))!;
    case 'unassigned_urgent_clinical':
      return and(
        isOpen,
        isNull(tickets.assigneeId),
        lte(tickets.priority, 2),
        sql`(${tickets.patientCareAffected} OR EXISTS (SELECT 1 FROM units cu WHERE cu.id = ${tickets.unitId} AND cu.clinical))`,
      )!;
    case 'pending_vendor':
      return eq(tickets.status, 'pending_vendor');
    case 'all_open':
      return isOpen;
    case 'patient_care':
      return and(isOpen, eq(tickets.patientCareAffected, true))!;
    case 'sla_at_risk':
      // Each open ticket's own clock, by its key: the at-risk-or-breached rows of every closed ticket too (16,417 at
      // the 100,000-ticket demo) were read whole for every count of the views (~100 ms on PGlite).
      return and(
        isOpen,
        sql`EXISTS (SELECT 1 FROM ticket_sla s WHERE s.ticket_id = ${tickets.id} AND (s.at_risk OR s.breached))`,
      )!;
    case 'my_requests':
      // Desk staff open tickets for every caller: their "My requests" are only the ones where they asked for help.
      if (isStaff(v.role)) return v.personId ? eq(tickets.requesterId, v.personId) : sql`false`;
      return v.personId
        ? sql`(${tickets.requesterId} = ${v.personId} OR ${tickets.openedByUserId} = ${v.userId})`
        : eq(tickets.openedByUserId, v.userId);
  }
}

function conditions(f: ListFilter, v: Viewer): SQL[] {
  const where: SQL[] = [];
  const scope = visibleTo(v);
  if (scope) where.push(scope);
  if (f.view) where.push(viewCondition(f.view, v));
  if (f.q) where.push(textMatch(f.q, v));
  if (f.status?.length) where.push(inArray(tickets.status, f.status));
  if (f.priority?.length) where.push(inArray(tickets.priority, f.priority));
  if (f.facilityId) where.push(eq(tickets.facilityId, f.facilityId));
  if (f.unitId) where.push(eq(tickets.unitId, f.unitId));
  if (f.serviceId) where.push(eq(tickets.serviceId, f.serviceId));
  if (f.moduleId) where.push(eq(tickets.moduleId, f.moduleId));
  if (f.providerId) where.push(sql`${tickets.providerIds} @> ARRAY[${f.providerId}]::uuid[]`);
  if (f.tier) where.push(eq(tickets.tier, f.tier));
  if (f.groupId) where.push(eq(tickets.groupId, f.groupId));
  if (f.assignee === 'me') where.push(eq(tickets.assigneeId, v.userId));
  else if (f.assignee === 'none') where.push(isNull(tickets.assigneeId));
  else if (f.assignee) where.push(eq(tickets.assigneeId, f.assignee));
  if (f.requesterId) where.push(eq(tickets.requesterId, f.requesterId));
  if (f.patientCareAffected !== undefined) where.push(eq(tickets.patientCareAffected, f.patientCareAffected));
  if (f.olderThanMinutes !== undefined) {
    where.push(sql`${tickets.createdAt} <= now() - make_interval(mins => ${f.olderThanMinutes})`);
  }
  if (f.createdAfter) where.push(gte(tickets.createdAt, new Date(f.createdAfter)));
  if (f.createdBefore) where.push(lte(tickets.createdAt, new Date(f.createdBefore)));
  if (f.vendorState?.length) where.push(inArray(tickets.vendorState, f.vendorState));
  if (f.heldBy) where.push(and(isOpen, eq(tickets.providerId, f.heldBy))!);
  return where;
}

/** The words a viewer may search: the masked copy for viewers who may not see PHI, so hidden PHI never matches. */
const searchColumn = (v: Viewer) => (seesPhi(v) ? tickets.search : tickets.searchMasked);
const rankOf = (q: string, v: Viewer) =>
  sql<number>`ts_rank_cd(${searchColumn(v)}, websearch_to_tsquery('english', ${q}))`;

function textMatch(q: string, v: Viewer): SQL {
  const fts = sql`${searchColumn(v)} @@ websearch_to_tsquery('english', ${q})`;
  if (!needsSubstringSearch(q)) return fts;
  // Chinese and Japanese words are not split by the English parser: find each word as a substring instead, through
  // the trigram index on the same (masked, for vendors) text. Only such queries pay for it.
  const text = seesPhi(v) ? TICKET_TEXT : MASKED_TICKET_TEXT;
  const words = substringPatterns(q).map((p) => sql`${text} ILIKE ${p}`);
  return sql`(${fts} OR (${and(...words)}))`;
}

/** The order of a list that is not ranked by relevance (a search ranks in `relevancePage`). */
function ordering(f: ListFilter): SQL[] {
  switch (f.sort ?? 'priority') {
    case 'relevance': // without words to rank by: the newest first
    case 'newest':
      return [desc(tickets.createdAt)];
    case 'oldest':
      return [asc(tickets.createdAt)];
    case 'updated':
      return [desc(tickets.updatedAt)];
    default:
      return [asc(tickets.priority), asc(tickets.createdAt)];
  }
}

type Page = {
  limit: number;
  offset: number;
  /** How many of the most recent matches relevance ranks (SEARCH_WINDOW; smaller in tests). */
  searchWindow?: number;
};

/**
 * A page of tickets and how many match (capped at 10,000).
 *
 * Ranking every match of a common word ("printer": a tenth of a million tickets) costs hundreds of ms, so relevance
 * ranks the most recent `searchWindow` matches only, and the older matches follow them newest first. Paging therefore
 * reaches every match the total counts: page 11 of a common word is the 501st most recent match onwards, not empty.
 */
export async function listTickets(db: Queryable, f: ListFilter, v: Viewer, page: Page) {
  const where = conditions(f, v);
  const whereSql = where.length ? and(...where) : undefined;
  const byRelevance = Boolean(f.q) && (f.sort ?? 'relevance') === 'relevance';
  const rows = byRelevance
    ? await relevancePage(db, f, v, whereSql, page)
    : await selectRows(db, f, v, { where: whereSql, orderBy: ordering(f), ...page });
  const counted = await db.execute(
    sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${tickets} ${whereSql ? sql`WHERE ${whereSql}` : sql``} LIMIT ${TOTAL_CAP}) capped`,
  );
  const total = rowsOf<{ n: number }>(counted)[0]?.n ?? 0;
  return { rows, total };
}

// Newest first, ties by id: the window and the matches after it must split the same order exactly.
const newestFirst = [desc(tickets.createdAt), desc(tickets.id)];

async function relevancePage(db: Queryable, f: ListFilter, v: Viewer, whereSql: SQL | undefined, page: Page) {
  const window = page.searchWindow ?? SEARCH_WINDOW;
  const { limit, offset } = page;
  const ranked =
    offset < window
      ? await selectRows(db, f, v, {
          where: sql`${tickets.id} IN (SELECT ${tickets.id} FROM ${tickets} WHERE ${whereSql} ORDER BY ${sql.join(newestFirst, sql`, `)} LIMIT ${window})`,
          orderBy: [desc(rankOf(f.q ?? '', v)), ...newestFirst],
          limit: Math.min(limit, window - offset),
          offset,
        })
      : [];
  const rest = offset + limit - Math.max(offset, window);
  if (rest <= 0) return ranked;
  // Past the window: the older matches, newest first (the window is exactly the first `window` of this order).
  const older = await selectRows(db, f, v, {
    where: whereSql,
    orderBy: newestFirst,
    limit: rest,
    offset: Math.max(offset, window),
  });
  return [...ranked, ...older];
}

function selectRows(
  db: Queryable,
  f: ListFilter,
  v: Viewer,
  q: { where: SQL | undefined; orderBy: SQL[]; limit: number; offset: number },
) {
  return db
    .select({
      t: {
        id: tickets.id,
        number: tickets.number,
        type: tickets.type,
        channel: tickets.channel,
        status: tickets.status,
        priority: tickets.priority,
        summary: tickets.summary,
        patientCareAffected: tickets.patientCareAffected,
        tier: tickets.tier,
        createdAt: tickets.createdAt,
        updatedAt: tickets.updatedAt,
        requesterId: tickets.requesterId,
        assigneeId: tickets.assigneeId,
        version: tickets.version,
        vendorState: tickets.vendorState,
        vendorFixVersion: tickets.vendorFixVersion,
      },
      requesterName: sql<string>`(SELECT display_name FROM people WHERE id = ${tickets.requesterId})`,
      requesterIsProvider: sql<boolean>`(SELECT provider FROM people WHERE id = ${tickets.requesterId})`,
      facility: nameIn('facilities', tickets.facilityId),
      unit: nameIn('units', tickets.unitId),
      service: nameIn('services', tickets.serviceId),
      module: nameIn('services', tickets.moduleId),
      group: nameIn('groups', tickets.groupId),
      assigneeName: userName(tickets.assigneeId),
      sla: {
        responseState: ticketSla.responseState,
        resolutionState: ticketSla.resolutionState,
        responseTargetMs: ticketSla.responseTargetMs,
        resolutionTargetMs: ticketSla.resolutionTargetMs,
        responseElapsedMs: ticketSla.responseElapsedMs,
        resolutionElapsedMs: ticketSla.resolutionElapsedMs,
        responseDueAt: ticketSla.responseDueAt,
        resolutionDueAt: ticketSla.resolutionDueAt,
        responseBreachedAt: ticketSla.responseBreachedAt,
        resolutionBreachedAt: ticketSla.resolutionBreachedAt,
        responseAtRiskNotified: ticketSla.responseAtRiskNotified,
        resolutionAtRiskNotified: ticketSla.resolutionAtRiskNotified,
        atRisk: ticketSla.atRisk,
      },
      contractClocks: ticketSla.contractClocks,
      rank: f.q ? rankOf(f.q, v) : sql<number>`0`,
    })
    .from(tickets)
    .leftJoin(ticketSla, eq(ticketSla.ticketId, tickets.id))
    .where(q.where)
    .orderBy(...q.orderBy)
    .limit(q.limit)
    .offset(q.offset);
}

export async function countViews(
  db: Queryable,
  views: readonly BuiltInView[],
  v: Viewer,
): Promise<Record<string, number>> {
  const scope = visibleTo(v);
  const counts: Record<string, number> = {};
  // Open-ticket views are counted in one pass over the open tickets only (the partial index), not the whole history.
  const openViews = views.filter((view) => view !== 'my_requests');
  if (openViews.length) {
    const columns = openViews.map(
      (view) => sql`count(*) FILTER (WHERE ${viewCondition(view, v)})::int AS ${sql.identifier(view)}`,
    );
    const where = scope ? and(isOpen, scope) : isOpen;
    const res = await db.execute(sql`SELECT ${sql.join(columns, sql`, `)} FROM ${tickets} WHERE ${where}`);
    Object.assign(counts, rowsOf<Record<string, number>>(res)[0]);
  }
  if (views.includes('my_requests')) {
    const where = scope ? and(viewCondition('my_requests', v), scope) : viewCondition('my_requests', v);
    const res = await db.execute(
      sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${tickets} WHERE ${where} LIMIT ${TOTAL_CAP}) capped`,
    );
    counts.my_requests = rowsOf<{ n: number }>(res)[0]?.n ?? 0;
  }
  return counts;
}
