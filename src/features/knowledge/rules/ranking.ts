// Ranking: how well an article's text answers the words typed (full-text rank, with trigram similarity for typos),
// blended with the ticket's context (same application, module, clinical role, unit kind) and a little usage.
// Pure: the database supplies the text signals; this decides the order.

export type TextSignals = {
  /** ts_rank_cd over the weighted vector (title A, tags B, body C), normalised to 0..1 (rank / (rank + 1)). */
  fts: number;
  /** Every word of the query matched (websearch_to_tsquery) rather than only some of them. */
  allWords: boolean;
  /** Trigram word similarity of the query to the title + tags, 0..1 (typo tolerance). */
  fuzzy: number;
};

export type ArticleFacts = {
  serviceId: string | null;
  moduleId: string | null;
  roles: readonly string[];
  unitKinds: readonly string[];
  uses: number;
  helpful: number;
  notHelpful: number;
};

export type SearchContext = {
  serviceId?: string | null | undefined;
  moduleId?: string | null | undefined;
  role?: string | null | undefined;
  unitKind?: string | null | undefined;
};

export const WEIGHTS = {
  allWords: 0.15,
  fuzzy: 0.4,
  /** Trigram similarity below this is noise (short words share trigrams by chance). */
  fuzzyFloor: 0.3,
  application: 0.2,
  module: 0.35,
  role: 0.15,
  roleMismatch: -0.15,
  unit: 0.1,
  uses: 0.02,
  votes: 0.04,
} as const;

/** A search whose best result scores below this found nothing good: it is listed as a gap. */
export const GOOD_RESULT = 0.12;

export function textScore(t: TextSignals): number {
  const fuzzy = t.fuzzy >= WEIGHTS.fuzzyFloor ? t.fuzzy : 0;
  return t.fts + (t.allWords && t.fts > 0 ? WEIGHTS.allWords : 0) + WEIGHTS.fuzzy * fuzzy;
}

/** Context boosts are multiplicative: context reorders relevant articles, it never makes an irrelevant one relevant. */
export function contextFactor(a: ArticleFacts, c: SearchContext): number {
  let f = 1;
  if (c.serviceId && a.serviceId === c.serviceId) f += WEIGHTS.application;
  if (c.moduleId && a.moduleId === c.moduleId) f += WEIGHTS.module;
  if (c.role && a.roles.length > 0) f += a.roles.includes(c.role) ? WEIGHTS.role : WEIGHTS.roleMismatch;
  if (c.unitKind && a.unitKinds.includes(c.unitKind)) f += WEIGHTS.unit;
  return f;
}

export function usageScore(a: ArticleFacts): number {
  const votes = (a.helpful - a.notHelpful) / (a.helpful + a.notHelpful + 2); // -1..1, shrunk towards 0
  return WEIGHTS.uses * Math.log1p(Math.max(0, a.uses)) + WEIGHTS.votes * votes;
}

export function score(t: TextSignals, a: ArticleFacts, c: SearchContext): number {
  const text = textScore(t);
  if (text <= 0) return 0;
  return text * contextFactor(a, c) + usageScore(a);
}

/** Orders candidates best first (ties: the lower id, so results are stable). */
export function rank<T extends { id: string; text: TextSignals; facts: ArticleFacts }>(
  candidates: readonly T[],
  c: SearchContext,
): (T & { score: number })[] {
  return candidates
    .map((x) => ({ ...x, score: score(x.text, x.facts, c) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

/** The words worth searching for in text an agent is typing (for OR-matching and fuzzy matching). */
export function queryWords(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 2).slice(0, 24);
}
