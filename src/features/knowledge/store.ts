// SQL of the knowledge base's articles and their versions (the search: search-store.ts; views, votes, use on
// tickets and the owners' figures: usage-store.ts).
import { and, eq, sql } from 'drizzle-orm';
import type { ClinicalRole } from '../../domain/vocabulary.ts';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import type { ArticleStatus, ArticleType, Audience } from './rules/vocabulary.ts';
import { kbArticles, kbArticleVersions } from './tables.ts';

export type ArticleRow = typeof kbArticles.$inferSelect;
export type NewArticleRow = typeof kbArticles.$inferInsert;

export const SUMMARY_COLUMNS = sql`a.id, a.number, a.title, a.type, a.status, a.audience, a.tags, a.roles, a.unit_kinds,
  a.service_id, a.module_id, a.updated_at, a.review_due,
  (SELECT name FROM services s WHERE s.id = a.service_id) AS service_name,
  (SELECT name FROM services s WHERE s.id = a.module_id) AS module_name`;

export type SummaryRow = {
  id: string;
  number: number;
  title: string;
  type: ArticleType;
  status: ArticleStatus;
  audience: Audience;
  tags: string[];
  roles: ClinicalRole[];
  unit_kinds: string[];
  service_id: string | null;
  module_id: string | null;
  updated_at: string | Date;
  review_due: string | null;
  service_name: string | null;
  module_name: string | null;
};

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

/** A catalogue entry's kind and parent (an article's module must belong to its application). */
export async function serviceKindOf(db: Queryable, id: string) {
  const res = await db.execute(sql`SELECT parent_id, kind FROM services WHERE id = ${id}::uuid`);
  return rowsOf<{ parent_id: string | null; kind: string }>(res)[0];
}
