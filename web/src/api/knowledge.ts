// Knowledge API calls and their query keys. Shapes come from the server's schemas (src/features/knowledge/schemas.ts).
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { facilityView, pageOf } from '../../../src/features/directory/schemas.ts';
import { groupView } from '../../../src/features/directory/support-schemas.ts';
import {
  type ArticleDetail,
  articleDetail,
  type CreateArticle,
  deflection,
  diffResult,
  gapList,
  linkedArticles,
  reviewQueue,
  searchResult,
  type UpdateArticle,
  useResult,
  versionSummary,
} from '../../../src/features/knowledge/schemas.ts';
import { apiRequest } from './client.ts';

export type { ArticleDetail, ArticleSummary, CreateArticle } from '../../../src/features/knowledge/schemas.ts';
export type SearchParams = {
  q?: string;
  serviceId?: string | null;
  moduleId?: string | null;
  role?: string | null;
  type?: string[];
  status?: string[];
};
export type SuggestParams = {
  text: string;
  ticket?: string;
  serviceId?: string | null;
  moduleId?: string | null;
  unitId?: string | null;
  requesterId?: string | null;
};

export const knowledgeKeys = {
  all: ['knowledge'] as const,
  search: (p: SearchParams) => ['knowledge', 'search', p] as const,
  suggest: (p: SuggestParams) => ['knowledge', 'suggest', p] as const,
  article: (number: string) => ['knowledge', 'article', number.toUpperCase()] as const,
  versions: (number: string) => ['knowledge', 'article', number.toUpperCase(), 'versions'] as const,
  review: () => ['knowledge', 'review'] as const,
  gaps: () => ['knowledge', 'gaps'] as const,
  deflection: () => ['knowledge', 'deflection'] as const,
  ofTicket: (number: string) => ['knowledge', 'ticket', number.toUpperCase()] as const,
};

function qs(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const searchQueryOptions = (p: SearchParams) =>
  queryOptions({
    queryKey: knowledgeKeys.search(p),
    queryFn: () => apiRequest('GET', `/api/v1/knowledge/articles${qs(p)}`, { schema: searchResult }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

export const suggestQueryOptions = (p: SuggestParams) =>
  queryOptions({
    queryKey: knowledgeKeys.suggest(p),
    queryFn: () => apiRequest('GET', `/api/v1/knowledge/suggest${qs(p)}`, { schema: searchResult }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

// Articles already counted as viewed in this page's life: refetches (focus, after a vote) are not new views.
const viewed = new Set<string>();

export const articleQuery = (number: string, track = true) =>
  queryOptions({
    queryKey: knowledgeKeys.article(number),
    queryFn: async () => {
      const key = number.toUpperCase();
      const count = track && !viewed.has(key);
      const detail = await apiRequest(
        'GET',
        `/api/v1/knowledge/articles/${encodeURIComponent(number)}?track=${count}`,
        { schema: articleDetail },
      );
      if (count) viewed.add(key);
      return detail;
    },
  });

export const versionsQuery = (number: string) =>
  queryOptions({
    queryKey: knowledgeKeys.versions(number),
    queryFn: () =>
      apiRequest('GET', `/api/v1/knowledge/articles/${encodeURIComponent(number)}/versions`, {
        schema: z.array(versionSummary),
      }),
  });

export const diffOf = (number: string, from: number, to: number) =>
  apiRequest('GET', `/api/v1/knowledge/articles/${encodeURIComponent(number)}/diff?from=${from}&to=${to}`, {
    schema: diffResult,
  });

export const reviewQueueQuery = (mine: boolean) =>
  queryOptions({
    queryKey: [...knowledgeKeys.review(), mine] as const,
    queryFn: () => apiRequest('GET', `/api/v1/knowledge/review?mine=${mine}`, { schema: reviewQueue }),
  });
export const gapsQuery = queryOptions({
  queryKey: knowledgeKeys.gaps(),
  queryFn: () => apiRequest('GET', '/api/v1/knowledge/gaps?days=30', { schema: gapList }),
});
export const deflectionQuery = queryOptions({
  queryKey: knowledgeKeys.deflection(),
  queryFn: () => apiRequest('GET', '/api/v1/knowledge/deflection?days=30&windowMinutes=60', { schema: deflection }),
});
export const ticketArticlesQuery = (ticket: string) =>
  queryOptions({
    queryKey: knowledgeKeys.ofTicket(ticket),
    queryFn: () =>
      apiRequest('GET', `/api/v1/knowledge/tickets/${encodeURIComponent(ticket)}/articles`, { schema: linkedArticles }),
  });

export function createArticle(body: CreateArticle): Promise<ArticleDetail> {
  return apiRequest('POST', '/api/v1/knowledge/articles', { body, schema: articleDetail });
}
export function updateArticle(number: string, body: UpdateArticle): Promise<ArticleDetail> {
  return apiRequest('PATCH', `/api/v1/knowledge/articles/${encodeURIComponent(number)}`, {
    body,
    schema: articleDetail,
  });
}
export function moveArticle(number: string, body: { action: string; version: number; note?: string }) {
  return apiRequest('POST', `/api/v1/knowledge/articles/${encodeURIComponent(number)}/transitions`, {
    body,
    schema: articleDetail,
  });
}
export function voteOn(number: string, body: { helpful: boolean; comment?: string }) {
  return apiRequest('POST', `/api/v1/knowledge/articles/${encodeURIComponent(number)}/votes`, {
    body,
    schema: z.object({ helpful: z.boolean(), comment: z.string().nullable() }),
  });
}
export function sendArticleToTicket(number: string, ticket: string) {
  return apiRequest('POST', `/api/v1/knowledge/articles/${encodeURIComponent(number)}/use`, {
    body: { ticket },
    schema: useResult,
  });
}
export function previewMarkdown(body: string) {
  return apiRequest('POST', '/api/v1/knowledge/preview', { body: { body }, schema: z.object({ html: z.string() }) });
}

const facilityPage = pageOf(facilityView);
const groupPage = pageOf(groupView);
/** Facilities and support groups for the editor's scope and owner fields (directory:read). */
export const facilitiesQuery = queryOptions({
  queryKey: ['knowledge', 'facilities'],
  queryFn: () => apiRequest('GET', '/api/v1/facilities?limit=100', { schema: facilityPage }),
  staleTime: 5 * 60_000,
});
export const ownerGroupsQuery = queryOptions({
  queryKey: ['knowledge', 'groups'],
  queryFn: () => apiRequest('GET', '/api/v1/groups?limit=500', { schema: groupPage }),
  staleTime: 5 * 60_000,
});
