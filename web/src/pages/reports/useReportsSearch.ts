// Reading and changing the Reports page's address (reportsSearch.ts): each change is a history entry, so back and
// forward step through tabs and filters; typing a date replaces the entry instead of adding one per keystroke.
import { getRouteApi } from '@tanstack/react-router';
import { nextSearch, type ReportsSearch } from './reportsSearch.ts';

const route = getRouteApi('/signed-in/reports');

export type UpdateReportsSearch = (patch: Partial<ReportsSearch>, options?: { replace?: boolean }) => void;

export function useReportsSearch(): [ReportsSearch, UpdateReportsSearch] {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const update: UpdateReportsSearch = (patch, options) =>
    void navigate({ search: (prev) => nextSearch(prev, patch), replace: options?.replace ?? false });
  return [search, update];
}
