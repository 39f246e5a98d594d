// SQL of the knowledge search: who may read what, the ranked candidates, highlights, the searches recorded for the
// gaps and deflection figures, and the context (role, unit kind) suggestions are ranked with.
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { SUMMARY_COLUMNS, type SummaryRow } from './store.ts';
import { kbSearches } from './tables.ts';

/** Trigram word similarity a title needs to become a candidate by similarity alone. */
export const TRIGRAM_CANDIDATE = 0.4;

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

export async function insertSearch(db: Queryable, row: typeof kbSearches.$inferInsert) {
  await db.insert(kbSearches).values(row);
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
