// The console's queue state lives in the address (shareable, survives reload): which view, filters, sort, page.
import { z } from 'zod';
import type { savedViewFilter } from '../../../../../src/features/tickets/schemas.ts';
import { listQuery, status, tier, viewId } from '../../../../../src/features/tickets/schemas.ts';
import type { TicketListParams } from '../../../api/tickets.ts';
import { VENDOR_CASE_FILTERS, vendorCaseOfStates, vendorCaseParams } from './vendorCaseFilter.ts';

export const PAGE_SIZE = 50;

// A malformed parameter (an old bookmark) falls back to "not set" rather than an error page.
export const consoleSearch = z.object({
  /** A built-in view, or "everything" for all tickets the viewer may see (closed ones too). */
  view: z
    .union([viewId, z.literal('everything')])
    .optional()
    .catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  status: z.array(status).optional().catch(undefined),
  priority: z.array(z.number().int().min(1).max(4)).optional().catch(undefined),
  facilityId: z.uuid().optional().catch(undefined),
  unitId: z.uuid().optional().catch(undefined),
  serviceId: z.uuid().optional().catch(undefined),
  moduleId: z.uuid().optional().catch(undefined),
  tier: tier.optional().catch(undefined),
  assignee: listQuery.shape.assignee.catch(undefined),
  care: z.boolean().optional().catch(undefined),
  /** "Vendor case": held by a provider, needs information from us, fix proposed or released. */
  vendorCase: z.enum(VENDOR_CASE_FILTERS).optional().catch(undefined),
  sort: listQuery.shape.sort.catch(undefined),
  page: z.number().int().min(1).optional().catch(undefined),
  newTicket: z.boolean().optional().catch(undefined),
});
export type ConsoleSearch = z.infer<typeof consoleSearch>;

export const DEFAULT_VIEW = 'all_open' as const;

export function hasFilters(search: ConsoleSearch): boolean {
  return Boolean(
    search.q ||
      search.status?.length ||
      search.priority?.length ||
      search.facilityId ||
      search.unitId ||
      search.serviceId ||
      search.moduleId ||
      search.tier ||
      search.assignee ||
      search.care ||
      search.vendorCase,
  );
}

export function toListParams(search: ConsoleSearch): TicketListParams {
  const page = search.page ?? 1;
  return {
    view: search.view === 'everything' ? undefined : (search.view ?? DEFAULT_VIEW),
    q: search.q || undefined,
    status: search.status,
    priority: search.priority,
    facilityId: search.facilityId,
    unitId: search.unitId,
    serviceId: search.serviceId,
    moduleId: search.moduleId,
    tier: search.tier,
    assignee: search.assignee,
    patientCareAffected: search.care || undefined,
    ...vendorCaseOf(search),
    sort: search.sort ?? (search.q ? 'relevance' : 'priority'),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
}

export type SavedViewFilter = z.input<typeof savedViewFilter>;

/** What "Save view" keeps: the queue, search, filters and a chosen sort; never the page. */
export function toSavedFilter(search: ConsoleSearch): SavedViewFilter {
  return {
    view: search.view === 'everything' ? undefined : (search.view ?? DEFAULT_VIEW),
    q: search.q || undefined,
    status: search.status,
    priority: search.priority,
    facilityId: search.facilityId,
    unitId: search.unitId,
    serviceId: search.serviceId,
    moduleId: search.moduleId,
    tier: search.tier,
    assignee: search.assignee,
    patientCareAffected: search.care ? 'true' : undefined,
    ...vendorCaseOf(search),
    sort: search.sort,
  };
}

/** The vendor case filter as list parameters; "held by a provider" is the vendor tier unless a tier is chosen. */
function vendorCaseOf(search: ConsoleSearch): Pick<TicketListParams, 'tier' | 'vendorState'> {
  const p = vendorCaseParams(search.vendorCase);
  return search.tier ? { vendorState: p.vendorState } : p;
}

/** A saved filter back into the console's address; filters the console has no control for are left out. */
export function fromSavedFilter(filter: Record<string, unknown>): ConsoleSearch {
  const care = filter.patientCareAffected === true || filter.patientCareAffected === 'true';
  return consoleSearch.parse({
    ...filter,
    view: filter.view ?? 'everything',
    care: care || undefined,
    vendorCase: vendorCaseOfStates(filter.vendorState),
  });
}

/** Whether the console shows exactly what a saved view holds. */
export function showsSavedFilter(search: ConsoleSearch, filter: Record<string, unknown>): boolean {
  return JSON.stringify(toSavedFilter(search)) === JSON.stringify(toSavedFilter(fromSavedFilter(filter)));
}
