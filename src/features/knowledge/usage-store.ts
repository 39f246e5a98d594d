// SQL of how articles are used: views, votes, links to tickets, an article's figures, and the owners' lists (gaps,
// deflection).
import { and, eq, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { literals } from '../../platform/db/literals.ts';
import { CLOSED_STATUSES } from '../tickets/rules/vocabulary.ts';
import { SUMMARY_COLUMNS, type SummaryRow } from './store.ts';
import { kbTicketLinks, kbViews, kbVotes } from './tables.ts';

/** Minutes after a portal search in which a ticket from the same person counts against deflection. */
export const DEFLECTION_WINDOW_MINUTES = 60;

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

export async function articleStats(db: Queryable, articleId: string) {
  const res = await db.execute(sql`SELECT
    (SELECT count(*)::int FROM kb_views WHERE article_id = ${articleId}::uuid) AS views,
    (SELECT count(*)::int FROM kb_ticket_links WHERE article_id = ${articleId}::uuid) AS uses,
    (SELECT count(*)::int FROM kb_ticket_links l JOIN tickets t ON t.id = l.ticket_id
       WHERE l.article_id = ${articleId}::uuid AND t.status IN (${literals(CLOSED_STATUSES)})) AS resolved,
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
