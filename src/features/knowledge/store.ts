// SQL of the knowledge base: articles and versions, the search candidates, usage figures.
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { kbArticles, kbArticleVersions, kbSearches, kbTicketLinks, kbViews, kbVotes } from './tables.ts';

/** Trigram word similarity a title needs to become a candidate by similarity alone. */
export const TRIGRAM_CANDIDATE = 0.4;

/** Minutes after a portal search in which a ticket from the same person counts against deflection. */
export const DEFLECTION_WINDOW_MINUTES = 60;

export type ArticleRow = typeof kbArticles.$inferSelect;
export type NewArticleRow = typeof kbArticles.$inferInsert;

/** Who is reading: requesters see published portal articles of their facility only; staff see everything. */
export type Reader = { userId: string; staff: boolean; facilityId: string | null };

/** The reader's visibility as SQL over alias `a`: the one place portal visibility is enforced. */
export function visibleTo(r: Reader): SQL {
  if (r.staff) return sql`true`;
  const facility = r.facilityId
    ? sql`(cardinality(a.facility_ids) = 0 OR ${r.facilityId}::uuid = ANY(a.facility_ids))`
    : sql`cardinality(a.facility_ids) = 0`;
  return sql`(a.status = 'published' AND a.audience = 'portal' AND ${facility})`;
}

export type Filters = {
  serviceId?: string | undefined;
  moduleId?: string | undefined;
  role?: string | undefined;
  type?: string[] | undefined;
  status?: string[] | undefined;
  audience?: string | undefined;
};

export function filtersSql(f: Filters): SQL {
  const parts: SQL[] = [];
  if (f.serviceId) parts.push(sql`a.service_id = ${f.serviceId}::uuid`);
  if (f.moduleId) parts.push(sql`a.module_id = ${f.moduleId}::uuid`);
  if (f.role) parts.push(sql`(cardinality(a.roles) = 0 OR ${f.role} = ANY(a.roles))`);
  if (f.type?.length)
    parts.push(
      sql`a.type IN (${sql.join(
        f.type.map((t) => sql`${t}`),
        sql`, `,
      )})`,
    );
  const status = f.status?.length ? f.status : ['published'];
  parts.push(
    sql`a.status IN (${sql.join(
      status.map((s) => sql`${s}`),
      sql`, `,
    )})`,
  );
  if (f.audience) parts.push(sql`a.audience = ${f.audience}`);
  return sql.join(parts, sql` AND `);
}

const SUMMARY_COLUMNS = sql`a.id, a.number, a.title, a.type, a.status, a.audience, a.tags, a.roles, a.unit_kinds,
  a.service_id, a.module_id, a.updated_at, a.review_due,
  (SELECT name FROM services s WHERE s.id = a.service_id) AS service_name,
  (SELECT name FROM services s WHERE s.id = a.module_id) AS module_name`;

export type SummaryRow = {
  id: string;
  number: number;
  title: string;
  type: string;
  status: string;
  audience: string;
  tags: string[];
  roles: string[];
  unit_kinds: string[];
  service_id: string | null;
  module_id: string | null;
  updated_at: string | Date;
  review_due: string | null;
  service_name: string | null;
  module_name: string | null;
};

export type CandidateRow = SummaryRow & {
  fts: number;
  all_words: boolean;
  fuzzy: number;
  uses: number;
  helpful: number;
  not_helpful: number;
};

/** Candidates for ranking: full-text matches (any word; the last one as a prefix) and titles similar to the words. */
export async function searchCandidates(
  db: Queryable,
  r: Reader,
  f: Filters,
  q: { websearch: string; loose: string; fuzzy: string },
  limit: number,
): Promise<CandidateRow[]> {
  return db.transaction(async (tx) => {
    // Titles this similar to the words are candidates even without a full-text match (misspellings: "wristbnd printr").
    await tx.execute(sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(TRIGRAM_CANDIDATE)}, true)`);
    // The planner underestimates trigram matching per row and prefers a sequential scan that computes it for every
    // title (~10x slower at 10,000 articles, measured); for this transaction only, prefer the indexes.
    await tx.execute(sql`SELECT set_config('enable_seqscan', 'off', true)`);
    // Two index-driven candidate sets (GIN full text; GIN trigram on the title, only as a fallback), each bounded:
    // similarity and usage are computed for at most `limit` + `limit / 2` rows.
    const where = sql`${visibleTo(r)} AND ${filtersSql(f)}`;
    const res = await tx.execute(sql`
      WITH q AS (SELECT websearch_to_tsquery('english', ${q.websearch}) AS strict,
                        to_tsquery('english', ${q.loose}) AS loose),
      ft AS (
        SELECT a.id, ts_rank_cd('{0.1,0.2,0.4,1.0}', a.search, q.loose, 32) AS fts
        FROM kb_articles a, q WHERE a.search @@ q.loose AND ${where}
        ORDER BY fts DESC LIMIT ${limit}
      ),
      tg0 AS (
        SELECT a.id, word_similarity(${q.fuzzy}, lower(a.title)) AS s FROM kb_articles a
        WHERE lower(a.title) %> ${q.fuzzy}
          -- Only when no article has every word (a misspelling, or words the corpus lacks): evaluated once.
          AND NOT EXISTS (SELECT 1 FROM kb_articles a, q WHERE a.search @@ q.strict AND ${where})
        ORDER BY s DESC LIMIT ${limit * 2}
      ),
      tg AS (
        SELECT a.id FROM tg0 JOIN kb_articles a ON a.id = tg0.id WHERE ${where}
        ORDER BY tg0.s DESC LIMIT ${Math.ceil(limit / 2)}
      ),
      ids AS (SELECT id FROM ft UNION SELECT id FROM tg)
      SELECT ${SUMMARY_COLUMNS},
        coalesce(ft.fts, ts_rank_cd('{0.1,0.2,0.4,1.0}', a.search, q.loose, 32))::float8 AS fts,
        a.search @@ q.strict AS all_words,
        greatest(word_similarity(${q.fuzzy}, lower(a.title)),
                 word_similarity(${q.fuzzy}, lower(kb_tags_text(a.tags))))::float8 AS fuzzy,
        (SELECT count(*)::int FROM kb_ticket_links l WHERE l.article_id = a.id) AS uses,
        (SELECT count(*)::int FROM kb_votes v WHERE v.article_id = a.id AND v.helpful) AS helpful,
        (SELECT count(*)::int FROM kb_votes v WHERE v.article_id = a.id AND NOT v.helpful) AS not_helpful
      FROM ids JOIN kb_articles a ON a.id = ids.id LEFT JOIN ft ON ft.id = a.id CROSS JOIN q`);
    return rowsOf<CandidateRow>(res);
  });
}

/** Highlighted fragments of the body for a page of results (markers, not HTML: the caller escapes). */
export async function headlines(db: Queryable, ids: string[], loose: string): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const res = await db.execute(sql`
    SELECT a.id, ts_headline('english', a.body, to_tsquery('english', ${loose}),
      'StartSel=⦃, StopSel=⦄, MaxWords=22, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "') AS h
    FROM kb_articles a WHERE a.id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`);
  return new Map(rowsOf<{ id: string; h: string }>(res).map((x) => [x.id, x.h]));
}

/** Without words: the newest matching articles. */
export async function listArticles(db: Queryable, r: Reader, f: Filters, limit: number, offset: number) {
  const res = await db.execute(sql`
    SELECT ${SUMMARY_COLUMNS}, count(*) OVER ()::int AS total FROM kb_articles a
    WHERE ${visibleTo(r)} AND ${filtersSql(f)}
    ORDER BY a.updated_at DESC, a.id LIMIT ${limit} OFFSET ${offset}`);
  return rowsOf<SummaryRow & { total: number }>(res);
}

export async function findArticle(db: Queryable, number: number, forUpdate = false): Promise<ArticleRow | null> {
  const q = db.select().from(kbArticles).where(eq(kbArticles.number, number));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export async function articleNames(db: Queryable, a: ArticleRow) {
  const res = await db.execute(sql`SELECT
    (SELECT name FROM services WHERE id = ${a.serviceId}::uuid) AS service,
    (SELECT name FROM services WHERE id = ${a.moduleId}::uuid) AS module,
    (SELECT name FROM groups WHERE id = ${a.ownerGroupId}::uuid) AS owner_group`);
  return rowsOf<{ service: string | null; module: string | null; owner_group: string | null }>(res)[0]!;
}

export async function insertArticle(db: Queryable, row: NewArticleRow): Promise<ArticleRow> {
  const [a] = await db.insert(kbArticles).values(row).returning();
  return a!;
}

export async function updateArticle(db: Queryable, id: string, version: number, changes: Partial<NewArticleRow>) {
  const [a] = await db
    .update(kbArticles)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(kbArticles.id, id), eq(kbArticles.version, version)))
    .returning();
  return a ?? null;
}

export async function insertVersion(db: Queryable, row: typeof kbArticleVersions.$inferInsert) {
  await db.insert(kbArticleVersions).values(row);
}

export async function approveVersion(db: Queryable, articleId: string, version: number, userId: string) {
  await db
    .update(kbArticleVersions)
    .set({ approvedById: userId, approvedAt: new Date() })
    .where(and(eq(kbArticleVersions.articleId, articleId), eq(kbArticleVersions.version, version)));
}

export async function versionAuthor(db: Queryable, articleId: string, version: number): Promise<string | null> {
  const [v] = await db
    .select({ authorId: kbArticleVersions.authorId })
    .from(kbArticleVersions)
    .where(and(eq(kbArticleVersions.articleId, articleId), eq(kbArticleVersions.version, version)));
  return v?.authorId ?? null;
}

export async function listVersions(db: Queryable, articleId: string) {
  const res = await db.execute(sql`
    SELECT v.version, v.title, v.note, v.created_at, v.approved_at,
      (SELECT display_name FROM users WHERE id = v.author_id) AS author,
      (SELECT display_name FROM users WHERE id = v.approved_by_id) AS approved_by
    FROM kb_article_versions v WHERE v.article_id = ${articleId}::uuid ORDER BY v.version DESC`);
  return rowsOf<{
    version: number;
    title: string;
    note: string | null;
    created_at: string | Date;
    approved_at: string | Date | null;
    author: string | null;
    approved_by: string | null;
  }>(res);
}

export async function findVersion(db: Queryable, articleId: string, version: number) {
  const [v] = await db
    .select()
    .from(kbArticleVersions)
    .where(and(eq(kbArticleVersions.articleId, articleId), eq(kbArticleVersions.version, version)));
  return v ?? null;
}

export async function recordView(db: Queryable, articleId: string, userId: string, portal: boolean) {
  await db.insert(kbViews).values({ articleId, userId, portal });
}

export async function upsertVote(
  db: Queryable,
  articleId: string,
  userId: string,
  helpful: boolean,
  comment: string | null,
) {
  await db
    .insert(kbVotes)
    .values({ articleId, userId, helpful, comment })
    .onConflictDoUpdate({ target: [kbVotes.articleId, kbVotes.userId], set: { helpful, comment, at: new Date() } });
}

export async function myVote(db: Queryable, articleId: string, userId: string) {
  const [v] = await db
    .select({ helpful: kbVotes.helpful, comment: kbVotes.comment })
    .from(kbVotes)
    .where(and(eq(kbVotes.articleId, articleId), eq(kbVotes.userId, userId)));
  return v ?? null;
}

export async function linkTicket(db: Queryable, articleId: string, ticketId: string, userId: string, version: number) {
  const res = await db
    .insert(kbTicketLinks)
    .values({ articleId, ticketId, linkedBy: userId, articleVersion: version })
    .onConflictDoNothing()
    .returning({ t: kbTicketLinks.ticketId });
  return res.length > 0;
}

/** The tickets an article was used on. */
export async function linkedTicketIds(db: Queryable, articleId: string): Promise<string[]> {
  const rows = await db
    .select({ ticketId: kbTicketLinks.ticketId })
    .from(kbTicketLinks)
    .where(eq(kbTicketLinks.articleId, articleId));
  return rows.map((r) => r.ticketId);
}

export async function insertSearch(db: Queryable, row: typeof kbSearches.$inferInsert) {
  await db.insert(kbSearches).values(row);
}

export async function articleStats(db: Queryable, articleId: string) {
  const res = await db.execute(sql`SELECT
    (SELECT count(*)::int FROM kb_views WHERE article_id = ${articleId}::uuid) AS views,
    (SELECT count(*)::int FROM kb_ticket_links WHERE article_id = ${articleId}::uuid) AS uses,
    (SELECT count(*)::int FROM kb_ticket_links l JOIN tickets t ON t.id = l.ticket_id
       WHERE l.article_id = ${articleId}::uuid AND t.status IN ('resolved','closed')) AS resolved,
    (SELECT count(*)::int FROM kb_searches s WHERE s.portal AND s.top_article_id = ${articleId}::uuid
       AND s.at <= now() - make_interval(mins => ${DEFLECTION_WINDOW_MINUTES})) AS portal_searches,
    (SELECT count(*)::int FROM kb_searches s WHERE s.portal AND s.top_article_id = ${articleId}::uuid
       AND s.at <= now() - make_interval(mins => ${DEFLECTION_WINDOW_MINUTES})
       AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.opened_by_user_id = s.user_id AND t.created_at >= s.at
         AND t.created_at <= s.at + make_interval(mins => ${DEFLECTION_WINDOW_MINUTES}))) AS portal_deflected,
    (SELECT count(*)::int FROM kb_votes WHERE article_id = ${articleId}::uuid AND helpful) AS helpful,
    (SELECT count(*)::int FROM kb_votes WHERE article_id = ${articleId}::uuid AND NOT helpful) AS not_helpful`);
  const comments = await db.execute(sql`
    SELECT v.at, v.helpful, v.comment, u.display_name AS by FROM kb_votes v JOIN users u ON u.id = v.user_id
    WHERE v.article_id = ${articleId}::uuid AND v.comment IS NOT NULL ORDER BY v.at DESC LIMIT 50`);
  return {
    ...rowsOf<{
      views: number;
      uses: number;
      resolved: number;
      portal_searches: number;
      portal_deflected: number;
      helpful: number;
      not_helpful: number;
    }>(res)[0]!,
    comments: rowsOf<{ at: string | Date; helpful: boolean; comment: string; by: string }>(comments),
  };
}

/** Review lists; with `ownerUserId`, only articles owned by a group that person belongs to. */
export async function reviewLists(db: Queryable, dueBy: string, ownerUserId: string | null) {
  const mine = ownerUserId
    ? sql`a.owner_group_id IN (SELECT group_id FROM group_members WHERE user_id = ${ownerUserId}::uuid)`
    : sql`true`;
  const inReview = await db.execute(sql`SELECT ${SUMMARY_COLUMNS} FROM kb_articles a
    WHERE a.status = 'in_review' AND ${mine} ORDER BY a.updated_at LIMIT 200`);
  const due = await db.execute(sql`SELECT ${SUMMARY_COLUMNS} FROM kb_articles a
    WHERE a.status = 'published' AND a.review_due <= ${dueBy}::date AND ${mine}
    ORDER BY a.review_due, a.number LIMIT 200`);
  return { inReview: rowsOf<SummaryRow>(inReview), reviewDue: rowsOf<SummaryRow>(due) };
}

export async function gaps(db: Queryable, days: number) {
  const res = await db.execute(sql`
    SELECT lower(btrim(s.query)) AS query, count(*)::int AS searches, count(*) FILTER (WHERE s.portal)::int AS from_portal,
      max(s.at) AS last_at, max(s.top_score)::float8 AS best_score
    FROM kb_searches s WHERE NOT s.good AND s.at > now() - make_interval(days => ${days})
    GROUP BY lower(btrim(s.query)) ORDER BY count(*) DESC, max(s.at) DESC LIMIT 100`);
  return rowsOf<{
    query: string;
    searches: number;
    from_portal: number;
    last_at: string | Date;
    best_score: number | null;
  }>(res);
}

/** Portal searches followed by a ticket from the same person within the window, and those that were not. */
export async function deflectionFigures(db: Queryable, days: number, windowMinutes: number) {
  const res = await db.execute(sql`
    SELECT count(*)::int AS searches,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.opened_by_user_id = s.user_id
        AND t.created_at >= s.at AND t.created_at <= s.at + make_interval(mins => ${windowMinutes})))::int AS followed
    FROM kb_searches s
    WHERE s.portal AND s.at > now() - make_interval(days => ${days})
      AND s.at <= now() - make_interval(mins => ${windowMinutes})`);
  return rowsOf<{ searches: number; followed: number }>(res)[0]!;
}

export async function articlesOfTicket(db: Queryable, ticketId: string) {
  const res = await db.execute(sql`SELECT ${SUMMARY_COLUMNS}, l.at AS linked_at FROM kb_ticket_links l
    JOIN kb_articles a ON a.id = l.article_id WHERE l.ticket_id = ${ticketId}::uuid ORDER BY l.at`);
  return rowsOf<SummaryRow & { linked_at: string | Date }>(res);
}

/** Context of a ticket or caller: the application, module, caller's clinical role and unit kind. */
export async function contextOf(db: Queryable, ids: { requesterId?: string | null; unitId?: string | null }) {
  const res = await db.execute(sql`SELECT
    (SELECT clinical_role FROM people WHERE id = ${ids.requesterId ?? null}::uuid) AS role,
    (SELECT unit_id FROM people WHERE id = ${ids.requesterId ?? null}::uuid) AS person_unit,
    (SELECT kind FROM units WHERE id = ${ids.unitId ?? null}::uuid) AS unit_kind`);
  return rowsOf<{ role: string | null; person_unit: string | null; unit_kind: string | null }>(res)[0]!;
}

export async function unitKindOf(db: Queryable, unitId: string | null): Promise<string | null> {
  if (!unitId) return null;
  const res = await db.execute(sql`SELECT kind FROM units WHERE id = ${unitId}::uuid`);
  return rowsOf<{ kind: string }>(res)[0]?.kind ?? null;
}

/** The published article a draft revises (from its first version's metadata), or null. */
export async function revisionOf(db: Queryable, articleId: string): Promise<string | null> {
  const res = await db.execute(sql`SELECT meta->>'revisionOf' AS id FROM kb_article_versions
    WHERE article_id = ${articleId}::uuid AND version = 1`);
  return rowsOf<{ id: string | null }>(res)[0]?.id ?? null;
}

/** An open revision (not yet approved) of a published article, if any. */
export async function openRevision(db: Queryable, originalId: string): Promise<number | null> {
  const res = await db.execute(sql`SELECT a.number FROM kb_article_versions v JOIN kb_articles a ON a.id = v.article_id
    WHERE v.version = 1 AND v.meta->>'revisionOf' = ${originalId} LIMIT 1`);
  return rowsOf<{ number: number }>(res)[0]?.number ?? null;
}

export async function deleteArticle(db: Queryable, id: string) {
  await db.delete(kbArticles).where(eq(kbArticles.id, id));
}

export async function findArticleById(db: Queryable, id: string): Promise<ArticleRow | null> {
  const [row] = await db.select().from(kbArticles).where(eq(kbArticles.id, id)).for('update');
  return row ?? null;
}

export async function articleNumberOf(db: Queryable, id: string): Promise<number | null> {
  const [row] = await db.select({ number: kbArticles.number }).from(kbArticles).where(eq(kbArticles.id, id));
  return row?.number ?? null;
}
