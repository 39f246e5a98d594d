// SQL for ticket lists: queues, saved views, filters and ranked full-text search, always narrowed to what the
// viewer may see (the same rule as rules/visibility.ts, written as a WHERE clause).
import { and, type Column, eq, getTableColumns, gte, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { isStaff } from '../../platform/auth/roles.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { type Columns, rowFromJson, selectList } from '../../platform/db/json-rows.ts';
import { literals, wholeNumber } from '../../platform/db/literals.ts';
import { plannedPerRun } from '../../platform/db/planned-per-run.ts';
import type { ContractClockRecord } from '../sla/rules/contract.ts';
import { ticketSla } from '../sla/tables.ts';
import type { SlaColumns } from '../sla/view.ts';
import { seesPhi } from './rules/policy.ts';
import type { BuiltInView, ListFilter } from './rules/queues.ts';
import { needsSubstringSearch, substringPatterns } from './rules/search-text.ts';
import type { Viewer } from './rules/visibility.ts';
import { CLOSED_STATUSES } from './rules/vocabulary.ts';
import type { TicketRow } from './store.ts';
import { MASKED_TICKET_TEXT, TICKET_TEXT, tickets } from './tables.ts';

const TOTAL_CAP = 10_000;
/**
 * Where a text search stops counting. Counting reads every match it counts (a text index cannot count without the
 * rows): at a million tickets, 10,000 matches of "printer" took ~25 ms of a 44 ms search, 1,000 take ~2 ms. Desks
 * and search engines commonly stop at 1,000 results too; a search past that is narrowed, not paged through.
 */
const SEARCH_TOTAL_CAP = 1_000;
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

/** A list's order, as columns of the page's rows: written once on the tickets and once on the rows read. */
type OrderKey = readonly [column: 'priority' | 'created_at' | 'updated_at' | 'id' | 'rank', direction: 'asc' | 'desc'];

// Newest first, ties by id: a ranked search's window and the matches after it must split the same order exactly.
const NEWEST_FIRST: readonly OrderKey[] = [
  ['created_at', 'desc'],
  ['id', 'desc'],
];
const RANKED: readonly OrderKey[] = [['rank', 'desc'], ...NEWEST_FIRST];

/** The order of a list that is not ranked by relevance (a search ranks in `relevancePage`). */
function ordering(f: ListFilter): readonly OrderKey[] {
  switch (f.sort ?? 'priority') {
    case 'relevance': // without words to rank by: the newest first
    case 'newest':
      return [['created_at', 'desc']];
    case 'oldest':
      return [['created_at', 'asc']];
    case 'updated':
      return [['updated_at', 'desc']];
    default:
      return [
        ['priority', 'asc'],
        ['created_at', 'asc'],
      ];
  }
}

const orderBy = (keys: readonly OrderKey[], table: string) =>
  sql.raw(keys.map(([c, d]) => (c === 'rank' ? `"rank" ${d}` : `${table}."${c}" ${d}`)).join(', '));

type Page = {
  limit: number;
  offset: number;
  /** How many of the most recent matches relevance ranks (SEARCH_WINDOW; smaller in tests). */
  searchWindow?: number;
  /** Where counting stops (10,000; 1,000 for a text search; smaller in tests). */
  totalCap?: number;
  /** How a search at its cap finds its window (chosen by readsEveryMatch; set by tests to try each way). */
  atCap?: 'newest-first' | 'every-match';
};

/**
 * How many tickets read newest first cost as much as one match read through the text index: on PGlite at 100,000
 * tickets ~7 µs a match against ~1.2 µs a ticket, worked out from the searches' times (docs/benchmarks.md,
 * 2026-12-05 20:20).
 */
const EVERY_MATCH_COST = 6;

/** What the count saw of where a word's first matches lie in the tickets table, and the table's size. */
export type MatchSpread = {
  /** The matches counted (the cap). */
  counted: number;
  /** The table's pages those matches spanned (pagesSpanned). */
  spannedPages: number;
  /** The table's pages. */
  tablePages: number;
  /** Tickets per page, from the table's last VACUUM or ANALYZE (null when it was never counted). */
  ticketsPerPage: number | null;
};

/**
 * The fewest consecutive pages of the table, going round from its last page to its first, that hold all of `pages`:
 * the stretch a scan read to find them. A scan of a large table on PostgreSQL may start anywhere in it (it joins a
 * scan already running, `synchronize_seqscans`) and go round, so the first and last page are not that stretch: at
 * 1,000,000 tickets a word's first 1,000 matches ran from page 112,000 to 113,335 of 150,662. The stretch is the
 * table less its largest gap between two pages holding matches.
 */
export function pagesSpanned(pages: readonly number[], tablePages: number): number {
  if (pages.length === 0 || tablePages <= 0) return 0;
  const sorted = [...pages].sort((a, b) => a - b);
  let largestGap = (sorted[0] as number) + tablePages - (sorted[sorted.length - 1] as number);
  for (let i = 1; i < sorted.length; i++)
    largestGap = Math.max(largestGap, (sorted[i] as number) - (sorted[i - 1] as number));
  return Math.max(1, tablePages - largestGap + 1);
}

/**
 * Whether a search at its cap finds its window (the `window` most recent matches) faster by reading every match
 * through the text index and keeping the newest, than by reading tickets newest first until `window` of them match.
 * The first reads all M matches; the second about window × N / M tickets (N in all). Tickets are stored roughly in
 * the order they were opened, so the stretch of pages the count read to find its matches tells how common the word
 * is: M ≈ counted × tablePages / spannedPages. A match read through the index costs about EVERY_MATCH_COST times a
 * ticket read newest first (its page is anywhere in the table; the newest pages are the ones in memory), so every
 * match is read when EVERY_MATCH_COST × M² < window × N. Unknown figures keep the newest-first read. A wrong guess
 * costs time, never a different answer: both reads give the same window.
 */
export function readsEveryMatch(spread: MatchSpread, window: number): boolean {
  const { counted, spannedPages, tablePages, ticketsPerPage } = spread;
  if (!(spannedPages > 0 && tablePages > 0 && ticketsPerPage && ticketsPerPage > 0)) return false;
  const matches = (counted * tablePages) / Math.min(spannedPages, tablePages);
  return EVERY_MATCH_COST * matches * matches < window * ticketsPerPage * tablePages;
}

/**
 * A page of tickets and how many match: counting stops at 10,000 (1,000 for a text search), and `capped` says it
 * stopped there (at least `total` match).
 *
 * Ranking every match of a common word ("printer": a tenth of a million tickets) costs hundreds of ms, so relevance
 * ranks the most recent `searchWindow` matches only, and the older matches follow them newest first. Paging therefore
 * reaches every match the total counts: page 11 of a common word is the 501st most recent match onwards, not empty.
 */
export async function listTickets(db: Queryable, f: ListFilter, v: Viewer, page: Page) {
  const where = conditions(f, v);
  const whereSql = where.length ? and(...where) : undefined;
  const cap = page.totalCap ?? (f.q ? SEARCH_TOTAL_CAP : TOTAL_CAP);
  const { rows, total } =
    f.q && whereSql && (f.sort ?? 'relevance') === 'relevance'
      ? await relevancePage(db, f, v, whereSql, page, cap)
      : await queuePage(db, f, v, whereSql, page, cap);
  return { rows, total, capped: total >= cap };
}

/** A list in a fixed order (a queue, a view, words sorted by time) and its count. */
async function queuePage(db: Queryable, f: ListFilter, v: Viewer, whereSql: SQL | undefined, page: Page, cap: number) {
  // The count rides on the page's rows: one round trip fewer for every queue a console shows. An empty page (no
  // match, or paged past the end) carries no count, and counts apart.
  const count = sql`SELECT count(*)::int FROM (SELECT 1 FROM ${tickets} ${whereSql ? sql`WHERE ${whereSql}` : sql``} LIMIT ${wholeNumber(cap)}) capped`;
  const { rows, total: onRows } = await selectRows(db, f, v, {
    where: whereSql,
    order: ordering(f),
    limit: page.limit,
    offset: page.offset,
    count,
  });
  const total = onRows ?? rowsOf<{ n: number }>(await db.execute(sql`SELECT (${count}) AS n`))[0]?.n ?? 0;
  return { rows, total };
}

async function relevancePage(db: Queryable, f: ListFilter, v: Viewer, where: SQL, page: Page, cap: number) {
  const window = page.searchWindow ?? SEARCH_WINDOW;
  const { limit, offset } = page;
  const inWindow = offset < window ? Math.min(limit, window - offset) : 0;
  // The window's tickets (the `window` most recent of `matches`) ranked by relevance, newest first among equals, read
  // again at their addresses (no index to descend again); the page's ids in that order.
  const windowIds = (matches: SQL) =>
    sql`ARRAY(SELECT ${tickets.id} FROM ${tickets}
      WHERE ctid = ANY(ARRAY(SELECT at FROM ${matches} ORDER BY created_at DESC, id DESC LIMIT ${wholeNumber(window)}))
      ORDER BY ${rankOf(f.q ?? '', v)} DESC, ${orderBy(NEWEST_FIRST, '"tickets"')}
      LIMIT ${wholeNumber(inWindow)} OFFSET ${wholeNumber(Math.min(offset, window))})`;
  // One pass over the matches, through the text index, counts them and keeps where each lies (its ctid). Below the
  // cap those are every match: the most recent of them are the window, ranked in the same statement from the rows
  // at those addresses (no index to descend again), and only the page's tickets are read again, by key.
  // At the cap it also says where the counted matches lie: the pages holding them (a row's ctid is its page and
  // place), the table's pages and its tickets per page (readsEveryMatch).
  const counted = await db.execute(sql`
    WITH matches AS MATERIALIZED (
      SELECT ${tickets.id} AS id, ${tickets.createdAt} AS created_at, ctid AS at
      FROM ${tickets} WHERE ${where} LIMIT ${wholeNumber(cap)})
    SELECT total, CASE WHEN total < ${wholeNumber(cap)} THEN ${windowIds(sql`matches`)} END AS ids,
      CASE WHEN total >= ${wholeNumber(cap)} THEN ARRAY(SELECT DISTINCT (at::text::point)[0]::int FROM matches) END AS pages,
      CASE WHEN total >= ${wholeNumber(cap)} THEN (
        SELECT json_build_object('pages', pg_relation_size(oid) / current_setting('block_size')::int,
          'perPage', reltuples / NULLIF(relpages, 0)) FROM pg_class WHERE oid = 'tickets'::regclass) END AS size
    FROM (SELECT count(*)::int AS total FROM matches) counted`);
  const [first] = rowsOf<{
    total: number;
    ids: string[] | null;
    pages: number[] | null;
    size: { pages: number; perPage: number | null } | null;
  }>(counted);
  const total = first?.total ?? 0;
  let ids = first?.ids ?? [];
  // At the cap (a word in 1,000 tickets or more) the count did not see every match, and the window is read one of two
  // ways (readsEveryMatch chooses from where the counted matches lie):
  // - A rarer word: every match read through the text index, as below the cap but uncounted, the newest kept.
  // - A common word: tickets read newest first, ranked as they are read, until the window is full: few rows to read
  //   when a word is in a large share of the tickets, where reading every match would read them all. Its plan depends
  //   on the word, so it is planned for its values on every run: a plan kept for any word made a common word's search
  //   3–4× slower on PGlite (planned-per-run.ts).
  const spread: MatchSpread = {
    counted: total,
    spannedPages: pagesSpanned(first?.pages ?? [], first?.size?.pages ?? 0),
    tablePages: first?.size?.pages ?? 0,
    ticketsPerPage: first?.size?.perPage ?? null,
  };
  const atCap =
    total >= cap && inWindow > 0
      ? (page.atCap ?? (readsEveryMatch(spread, window) ? 'every-match' : 'newest-first'))
      : null;
  if (atCap === 'every-match') {
    const every = await db.execute(sql`
      WITH matches AS MATERIALIZED (
        SELECT ${tickets.id} AS id, ${tickets.createdAt} AS created_at, ctid AS at FROM ${tickets} WHERE ${where})
      SELECT ${windowIds(sql`matches`)} AS ids`);
    ids = rowsOf<{ ids: string[] }>(every)[0]?.ids ?? [];
  } else if (atCap === 'newest-first') {
    const newest = await db.execute(
      plannedPerRun(sql`SELECT ARRAY(SELECT id FROM (
        SELECT ${tickets.id} AS id, ${tickets.createdAt} AS created_at, ${rankOf(f.q ?? '', v)} AS rank
        FROM ${tickets} WHERE ${where} ORDER BY ${orderBy(NEWEST_FIRST, '"tickets"')} LIMIT ${wholeNumber(window)}) w
        ORDER BY ${orderBy(RANKED, 'w')}
        LIMIT ${wholeNumber(inWindow)} OFFSET ${wholeNumber(Math.min(offset, window))}) AS ids`),
    );
    ids = rowsOf<{ ids: string[] }>(newest)[0]?.ids ?? [];
  }
  const ranked = ids.length
    ? (
        await selectRows(db, f, v, {
          where: sql`${tickets.id} = ANY(${sql.param(ids)}::uuid[])`,
          order: RANKED,
          limit: ids.length,
          offset: 0,
        })
      ).rows
    : [];
  const rest = offset + limit - Math.max(offset, window);
  if (rest <= 0) return { rows: ranked, total };
  // Past the window: the older matches, newest first (the window is exactly the first `window` of this order).
  const { rows: older } = await selectRows(db, f, v, {
    where,
    order: NEWEST_FIRST,
    limit: rest,
    offset: Math.max(offset, window),
  });
  return { rows: [...ranked, ...older], total };
}

// What a queue row shows of the ticket and of its clocks, read back through the columns' own mapping.
const TICKET_KEYS = [
  'id',
  'number',
  'type',
  'channel',
  'status',
  'priority',
  'summary',
  'patientCareAffected',
  'tier',
  'createdAt',
  'updatedAt',
  'requesterId',
  'assigneeId',
  'version',
  'vendorState',
  'vendorFixVersion',
] as const;
const LISTED_TICKET = pick(getTableColumns(tickets), TICKET_KEYS);
const LISTED_SLA = pick(getTableColumns(ticketSla), [
  'responseState',
  'resolutionState',
  'responseTargetMs',
  'resolutionTargetMs',
  'responseElapsedMs',
  'resolutionElapsedMs',
  'responseDueAt',
  'resolutionDueAt',
  'responseBreachedAt',
  'resolutionBreachedAt',
  'responseAtRiskNotified',
  'resolutionAtRiskNotified',
  'atRisk',
]);
// The names the row shows come from these columns of the ticket, joined to the page's rows only.
const NAMED = pick(getTableColumns(tickets), ['facilityId', 'unitId', 'serviceId', 'moduleId', 'groupId']);

function pick<T extends Columns, K extends keyof T & string>(columns: T, keys: readonly K[]): Columns {
  return Object.fromEntries(keys.map((k) => [k, columns[k] as Column]));
}

export type ListedRow = {
  t: Pick<TicketRow, (typeof TICKET_KEYS)[number]>;
  requesterName: string;
  requesterIsProvider: boolean;
  facility: string | null;
  unit: string | null;
  service: string | null;
  module: string | null;
  group: string | null;
  assigneeName: string | null;
  sla: SlaColumns | null;
  contractClocks: ContractClockRecord[] | null;
  rank: number;
};

/**
 * One page of tickets, with their names and clocks. The page's tickets are chosen first (in index order, stopping at
 * the page's end); only those rows are then joined to their clock and to the names of their places, queue and people,
 * and each comes back as one JSON value. As a look-up per row, each of the eight names re-read its table for every row
 * (on the embedded database each such read also asks the file system for the table's size), and each of the ~45
 * columns was one more value for the driver to decode: together ~60 % of a queue read on PGlite at 100,000 tickets
 * (docs/benchmarks.md, 2026-12-05).
 */
async function selectRows(
  db: Queryable,
  f: ListFilter,
  v: Viewer,
  q: {
    where: SQL | undefined;
    order: readonly OrderKey[];
    limit: number;
    offset: number;
    /** A count to read on every row (`total`: undefined when the page is empty). */
    count?: SQL;
  },
): Promise<{ rows: ListedRow[]; total: number | undefined }> {
  const rank = f.q ? rankOf(f.q, v) : sql`0`;
  const res = await db.execute(sql`
    SELECT to_json(r) AS r${q.count ? sql`, (${q.count}) AS total` : sql``} FROM (
      SELECT page.*, ${selectList(LISTED_SLA, 's')}, s.contract_clocks, s.ticket_id IS NOT NULL AS has_sla,
        -- The requester by key, row by row: people grow with the hospital (a join would read them all for a page).
        (SELECT p.display_name FROM people p WHERE p.id = page.requester_id) AS "requesterName",
        (SELECT p.provider FROM people p WHERE p.id = page.requester_id) AS "requesterIsProvider",
        fa.name AS facility, un.name AS unit,
        sv.name AS service, mo.name AS module, gr.name AS "group", us.display_name AS "assigneeName"
      FROM (
        SELECT ${selectList(LISTED_TICKET, '"tickets"')}, ${selectList(NAMED, '"tickets"')}, ${rank} AS rank
        FROM ${tickets} ${q.where ? sql`WHERE ${q.where}` : sql``}
        ORDER BY ${orderBy(q.order, '"tickets"')} LIMIT ${wholeNumber(q.limit)} OFFSET ${wholeNumber(q.offset)}
      ) page
      LEFT JOIN ticket_sla s ON s.ticket_id = page.id
      LEFT JOIN facilities fa ON fa.id = page.facility_id
      LEFT JOIN units un ON un.id = page.unit_id
      LEFT JOIN services sv ON sv.id = page.service_id
      LEFT JOIN services mo ON mo.id = page.module_id
      LEFT JOIN groups gr ON gr.id = page.group_id
      LEFT JOIN users us ON us.id = page.assignee_id
    ) r
    ORDER BY ${orderBy(q.order, 'r')}`);
  const read = rowsOf<{ r: Record<string, unknown>; total?: number }>(res);
  const rows = read.map(({ r }) => ({
    t: rowFromJson(LISTED_TICKET, r) as ListedRow['t'],
    requesterName: r.requesterName as string,
    requesterIsProvider: r.requesterIsProvider as boolean,
    facility: r.facility as string | null,
    unit: r.unit as string | null,
    service: r.service as string | null,
    module: r.module as string | null,
    group: r.group as string | null,
    assigneeName: r.assigneeName as string | null,
    sla: r.has_sla ? (rowFromJson(LISTED_SLA, r) as SlaColumns) : null,
    contractClocks: r.has_sla ? (r.contract_clocks as ContractClockRecord[]) : null,
    rank: Number(r.rank),
  }));
  return { rows, total: read[0]?.total };
}

/**
 * The open-ticket views' counts in one pass over the open tickets only, not the whole history: the open queue's
 * partial index carries every column the views ask about, and each ticket's at-risk-or-breached clock is looked up
 * in that clock's own partial index (migration 0059).
 */
export function openViewCounts(views: readonly Exclude<BuiltInView, 'my_requests'>[], v: Viewer): SQL {
  const scope = visibleTo(v);
  const columns = views.map(
    (view) => sql`count(*) FILTER (WHERE ${viewCondition(view, v)})::int AS ${sql.identifier(view)}`,
  );
  const where = scope ? and(isOpen, scope) : isOpen;
  return sql`SELECT ${sql.join(columns, sql`, `)} FROM ${tickets} WHERE ${where}`;
}

export async function countViews(
  db: Queryable,
  views: readonly BuiltInView[],
  v: Viewer,
): Promise<Record<string, number>> {
  const scope = visibleTo(v);
  const counts: Record<string, number> = {};
  const openViews = views.filter((view) => view !== 'my_requests');
  if (openViews.length) {
    const res = await db.execute(openViewCounts(openViews, v));
    Object.assign(counts, rowsOf<Record<string, number>>(res)[0]);
  }
  if (views.includes('my_requests')) {
    const where = scope ? and(viewCondition('my_requests', v), scope) : viewCondition('my_requests', v);
    const res = await db.execute(
      sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${tickets} WHERE ${where} LIMIT ${wholeNumber(TOTAL_CAP)}) capped`,
    );
    counts.my_requests = rowsOf<{ n: number }>(res)[0]?.n ?? 0;
  }
  return counts;
}
