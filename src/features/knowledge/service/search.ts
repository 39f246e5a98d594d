// Search and agent assist: candidates from PostgreSQL (weighted full text + trigram similarity for typos), ranked by
// rules/ranking.ts with the ticket's context, snippets highlighted. Portal visibility is enforced in the SQL.
import type { Actor } from '../../../platform/actor.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { newId } from '../../../platform/ids.ts';
import { parseTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { loadVisibleTicket } from '../../tickets/service/read-ticket.ts';
import { GOOD_RESULT, queryWords, rank, type SearchContext, textScore } from '../rules/ranking.ts';
import type { ArticleSummary, SearchQuery, SuggestQuery } from '../schemas.ts';
import * as store from '../search-store.ts';
import { readerOf, summaryOf } from './read.ts';

/** How many candidates the database hands to the ranking. */
const CANDIDATES = 100;

export type PreparedQuery = { websearch: string; loose: string; fuzzy: string; words: string[] };

/** Words → the three query forms: websearch (all words), loose (any word; the last one as a prefix), fuzzy text. */
export function prepare(q: string): PreparedQuery | null {
  const words = queryWords(q);
  if (!words.length) return null;
  const loose = words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' | ');
  return { websearch: q, loose, fuzzy: words.join(' '), words };
}

const OPEN = '⦃';
const CLOSE = '⦄';
const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A headline with markers → safe HTML with <mark> only; Markdown punctuation dropped for reading. */
export function snippetHtml(h: string): string {
  const plain = h
    .replace(/[#*_`>]+/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return escapeHtml(plain).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>');
}

type Ranked = { items: ArticleSummary[]; total: number; topText: number | null; topId: string | null };

async function ranked(
  db: Queryable,
  reader: store.Reader,
  filters: store.Filters,
  pq: PreparedQuery,
  context: SearchContext,
  limit: number,
  offset: number,
  snippets: boolean,
): Promise<Ranked> {
  const rows = await store.searchCandidates(db, reader, filters, pq, CANDIDATES);
  const order = rank(
    rows.map((r) => ({
      id: r.id,
      row: r,
      text: { fts: Number(r.fts), allWords: r.all_words, fuzzy: Number(r.fuzzy) },
      facts: {
        serviceId: r.service_id,
        moduleId: r.module_id,
        roles: r.roles,
        unitKinds: r.unit_kinds,
        uses: r.uses,
        helpful: r.helpful,
        notHelpful: r.not_helpful,
      },
    })),
    context,
  );
  const page = order.slice(offset, offset + limit);
  const heads = snippets
    ? await store.headlines(
        db,
        page.map((p) => p.id),
        pq.loose,
      )
    : new Map<string, string>();
  const top = order[0];
  return {
    items: page.map((p) => ({
      ...summaryOf(p.row),
      score: Math.round(p.score * 1000) / 1000,
      ...(snippets ? { snippet: snippetHtml(heads.get(p.id) ?? '') } : {}),
    })),
    total: order.length,
    topText: top ? textScore(top.text) : null,
    topId: top?.id ?? null,
  };
}

export async function searchArticles(ctx: AppContext, actor: Actor, query: SearchQuery) {
  const db = ctx.database.db;
  const reader = await readerOf(db, actor);
  const filters: store.Filters = {
    serviceId: query.serviceId,
    moduleId: query.moduleId,
    role: query.role,
    type: query.type,
    // Requesters see published portal articles only (visibleTo); a status filter cannot widen that.
    status: reader.staff ? query.status : ['published'],
    audience: reader.staff ? query.audience : 'portal',
  };
  const pq = query.q ? prepare(query.q) : null;
  if (!pq) {
    const rows = await store.listArticles(db, reader, filters, query.limit, query.offset);
    return { items: rows.map(summaryOf), total: rows[0]?.total ?? 0, searchId: null };
  }
  const context: SearchContext = { serviceId: query.serviceId, moduleId: query.moduleId, role: query.role };
  const r = await ranked(db, reader, filters, pq, context, query.limit, query.offset, true);
  // Every search with words is kept (first page only): gaps for owners, and deflection from the portal.
  let searchId: string | null = null;
  if (query.offset === 0) {
    searchId = newId();
    await store.insertSearch(db, {
      id: searchId,
      userId: actor.userId,
      portal: !reader.staff,
      query: query.q!,
      filters: { serviceId: query.serviceId, moduleId: query.moduleId, role: query.role, type: query.type },
      resultCount: r.total,
      topScore: r.topText,
      topArticleId: r.topId,
      good: (r.topText ?? 0) >= GOOD_RESULT,
    });
  }
  return { items: r.items, total: r.total, searchId };
}

/** Agent assist: the best published articles for what is being typed, ranked with the ticket's or caller's context. */
export async function suggestArticles(ctx: AppContext, actor: Actor, query: SuggestQuery) {
  const db = ctx.database.db;
  const reader = await readerOf(db, actor);
  let serviceId = query.serviceId ?? null;
  let moduleId = query.moduleId ?? null;
  let unitId = query.unitId ?? null;
  let requesterId = query.requesterId ?? null;
  if (query.ticket) {
    const { ticket } = await loadVisibleTicket(db, actor, parseTicketNumber(query.ticket)!);
    serviceId ??= ticket.serviceId;
    moduleId ??= ticket.moduleId;
    unitId ??= ticket.unitId;
    requesterId ??= ticket.requesterId;
  }
  const facts = await store.contextOf(db, { requesterId, unitId });
  const unitKind = unitId ? facts.unit_kind : await store.unitKindOf(db, facts.person_unit);
  const context: SearchContext = { serviceId, moduleId, role: query.role ?? facts.role, unitKind };
  const pq = prepare(query.text);
  const contextOut = {
    serviceId: context.serviceId ?? null,
    moduleId: context.moduleId ?? null,
    role: context.role ?? null,
    unitKind: context.unitKind ?? null,
  };
  if (!pq) return { items: [], total: 0, searchId: null, context: contextOut };
  const filters: store.Filters = { status: ['published'], ...(reader.staff ? {} : { audience: 'portal' }) };
  const r = await ranked(db, reader, filters, pq, context, query.limit, 0, true);
  // Only good matches are suggested: weak ones distract an agent on a call.
  const items = r.items.filter((i) => (i.score ?? 0) >= GOOD_RESULT);
  return { items, total: items.length, searchId: null, context: contextOut };
}
