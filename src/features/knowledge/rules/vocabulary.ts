// The knowledge vocabulary: article types, lifecycle states, audiences.
export const ARTICLE_TYPES = ['how_to', 'troubleshooting', 'known_issue', 'downtime'] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];
export const ARTICLE_TYPE_LABELS: Record<ArticleType, string> = {
  how_to: 'How-to',
  troubleshooting: 'Troubleshooting script',
  known_issue: 'Known issue / workaround',
  downtime: 'Downtime procedure',
};

export const ARTICLE_STATUSES = ['draft', 'in_review', 'published', 'retired'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const AUDIENCES = ['agents', 'portal'] as const;
export type Audience = (typeof AUDIENCES)[number];

const NUMBER_PREFIX = 'KB-';

export function formatArticleNumber(n: number): string {
  return `${NUMBER_PREFIX}${String(n).padStart(5, '0')}`;
}

/** Accepts "KB-00012", "kb-12" or "12". */
export function parseArticleNumber(s: string): number | null {
  const m = /^(?:kb-)?0*(\d{1,12})$/i.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
