// Administration calls for the directory and settings. Shapes come from src/features/directory/*schemas.ts.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type DeskPhonesInput,
  deskPhonesView,
  myDeskPhones,
} from '../../../src/features/directory/desk-phones-schemas.ts';
import type { ImportKind } from '../../../src/features/directory/import-rules.ts';
import { type PersonPatch, personView } from '../../../src/features/directory/people-schemas.ts';
import {
  type facilityBody,
  facilityView,
  type ImportReport,
  importReport,
  type PriorityMatrixView,
  pageOf,
  priorityMatrixView,
  providerView,
  type serviceBody,
  type servicePatch,
  serviceView,
  type unitBody,
  type unitPatch,
  unitView,
} from '../../../src/features/directory/schemas.ts';
import { type coverageBody, coverageView, groupView } from '../../../src/features/directory/support-schemas.ts';
import { apiRequest } from './client.ts';

export type { ImportReport, PriorityMatrixView };

export const adminKeys = {
  people: (q: string, offset: number) => ['directory', 'people', 'admin', q, offset] as const,
  providers: ['directory', 'providers'] as const,
  groups: ['directory', 'groups'] as const,
  coverage: ['directory', 'coverage'] as const,
  matrix: ['settings', 'priority-matrix'] as const,
};

export const PEOPLE_PAGE = 25;

export const adminPeopleQuery = (q: string, offset: number) =>
  queryOptions({
    queryKey: adminKeys.people(q, offset),
    queryFn: () =>
      apiRequest(
        'GET',
        `/api/v1/people?${new URLSearchParams({ ...(q ? { q } : {}), limit: String(PEOPLE_PAGE), offset: String(offset) })}`,
        {
          schema: pageOf(personView),
        },
      ),
  });

export const providersQuery = queryOptions({
  queryKey: adminKeys.providers,
  queryFn: () => apiRequest('GET', '/api/v1/providers?limit=500', { schema: pageOf(providerView) }),
});

export const groupsQuery = queryOptions({
  queryKey: adminKeys.groups,
  queryFn: () => apiRequest('GET', '/api/v1/groups?limit=500', { schema: pageOf(groupView) }),
});

export const coverageQuery = queryOptions({
  queryKey: adminKeys.coverage,
  queryFn: () => apiRequest('GET', '/api/v1/coverage?limit=500', { schema: pageOf(coverageView) }),
});

export const priorityMatrixQuery = queryOptions({
  queryKey: adminKeys.matrix,
  queryFn: () => apiRequest('GET', '/api/v1/settings/priority-matrix', { schema: priorityMatrixView }),
});

export const createFacility = (body: z.input<typeof facilityBody>) =>
  apiRequest('POST', '/api/v1/facilities', { body, schema: facilityView });
export const createUnit = (body: z.input<typeof unitBody>) =>
  apiRequest('POST', '/api/v1/units', { body, schema: unitView });
export const updateUnit = (id: string, body: z.input<typeof unitPatch>) =>
  apiRequest('PATCH', `/api/v1/units/${id}`, { body, schema: unitView });
export const updatePerson = (id: string, body: PersonPatch) =>
  apiRequest('PATCH', `/api/v1/people/${id}`, { body, schema: personView });
export const createService = (body: z.input<typeof serviceBody>) =>
  apiRequest('POST', '/api/v1/services', { body, schema: serviceView });
export const updateService = (id: string, body: z.input<typeof servicePatch>) =>
  apiRequest('PATCH', `/api/v1/services/${id}`, { body, schema: serviceView });
export const setCoverage = (body: z.input<typeof coverageBody>) =>
  apiRequest('PUT', '/api/v1/coverage', { body, schema: coverageView });
export const removeCoverage = (serviceId: string, tier: string) =>
  apiRequest('DELETE', `/api/v1/coverage/${serviceId}/${tier}`);
export const savePriorityMatrix = (matrix: PriorityMatrixView['matrix']) =>
  apiRequest('PUT', '/api/v1/settings/priority-matrix', { body: { matrix }, schema: priorityMatrixView });
export const runImport = (kind: ImportKind, csv: string, dryRun: boolean) =>
  apiRequest('POST', `/api/v1/imports/${kind}`, { body: { csv, dryRun }, schema: importReport });

// The desk's phone numbers (src/features/directory/desk-phones-schemas.ts).
export const deskPhonesKeys = { all: ['settings', 'desk-phones'] as const, mine: ['desk-phones', 'mine'] as const };

export const deskPhonesQuery = queryOptions({
  queryKey: deskPhonesKeys.all,
  queryFn: () => apiRequest('GET', '/api/v1/settings/desk-phones', { schema: deskPhonesView }),
});

export const saveDeskPhones = (body: DeskPhonesInput) =>
  apiRequest('PUT', '/api/v1/settings/desk-phones', { body, schema: deskPhonesView });

export const myDeskPhonesQuery = queryOptions({
  queryKey: deskPhonesKeys.mine,
  queryFn: () => apiRequest('GET', '/api/v1/desk-phones/mine', { schema: myDeskPhones }),
  staleTime: 5 * 60_000,
});
