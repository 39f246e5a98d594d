// Directory API calls for pickers and intake: the catalogue, people search, and the signed-in person.
// Shapes come from the server's schemas (src/features/directory/*schemas.ts). Admin calls are in admin.ts.
import { queryOptions } from '@tanstack/react-query';
import { type PersonView, personView } from '../../../src/features/directory/people-schemas.ts';
import { catalogueView, pageOf } from '../../../src/features/directory/schemas.ts';
import { apiRequest } from './client.ts';

export type { CatalogueView as Catalogue } from '../../../src/features/directory/schemas.ts';
export type { PersonView };

export const directoryKeys = {
  all: ['directory'] as const,
  catalogue: ['directory', 'catalogue'] as const,
  people: (q: string) => ['directory', 'people', 'search', q] as const,
  me: ['directory', 'me'] as const,
};

export const catalogueQuery = queryOptions({
  queryKey: directoryKeys.catalogue,
  queryFn: () => apiRequest('GET', '/api/v1/directory/catalogue', { schema: catalogueView }),
  staleTime: 5 * 60_000,
});

const peoplePage = pageOf(personView);

export const peopleSearchQuery = (q: string) =>
  queryOptions({
    queryKey: directoryKeys.people(q),
    queryFn: () => apiRequest('GET', `/api/v1/people?q=${encodeURIComponent(q)}&limit=8`, { schema: peoplePage }),
    enabled: q.trim().length >= 2,
    staleTime: 60_000,
  });

export const myPersonQuery = queryOptions({
  queryKey: directoryKeys.me,
  queryFn: () => apiRequest('GET', '/api/v1/people/me', { schema: personView }),
  staleTime: 5 * 60_000,
  retry: false,
});
