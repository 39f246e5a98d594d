// The Reports page's state lives in the address, so "the scorecard for last quarter" can be bookmarked or sent, and
// back and forward step through tabs and filters. A malformed parameter (an old or hand-edited link) falls back to
// its default rather than an error page. The range and facility are shared by every tab.
import { z } from 'zod';
import { DIMENSIONS, PERIODS } from '../../../../src/features/reports/rules/query.ts';
import { CHANNELS } from '../../../../src/features/tickets/rules/vocabulary.ts';
import type { ReportFilters } from '../../api/reports.ts';

export const REPORT_TABS = ['tickets', 'phone', 'scorecards', 'golive', 'identity'] as const;
export type ReportTab = (typeof REPORT_TABS)[number];
export const CHART_METRICS = [
  'fcrGross',
  'fcrNet',
  'reopenRate',
  'escalationVendor',
  'responseAttainment',
  'resolutionAttainment',
  'csat',
] as const;

export type DateRange = { from: string; to: string };

/** A calendar date on this computer's calendar (the hospital's, for its staff), as YYYY-MM-DD. */
const localDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * The twelve months before this one and this month up to and including today ("to" is not included: the API's
 * half-open range). Whole months, so a report by month never starts with a partial month that looks like a drop.
 */
export function defaultRange(now = Date.now()): DateRange {
  const today = new Date(now);
  const from = new Date(today.getFullYear(), today.getMonth() - 12, 1);
  const to = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
  return { from: localDay(from), to: localDay(to) };
}

const day = z.iso.date();

export const reportsSearch = z.object({
  tab: z.enum(REPORT_TABS).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  facilityId: z.uuid().optional().catch(undefined),
  groupBy: z.enum(DIMENSIONS).optional().catch(undefined),
  period: z.enum(PERIODS).optional().catch(undefined),
  channel: z.enum(CHANNELS).optional().catch(undefined),
  metric: z.enum(CHART_METRICS).optional().catch(undefined),
  /** The go-live tab's event (default: the newest go-live). */
  event: z.uuid().optional().catch(undefined),
});
export type ReportsSearch = z.infer<typeof reportsSearch>;

/** Tabs that need every report (reports:read-all): they compare providers or show the whole desk. */
const READ_ALL_TABS: readonly ReportTab[] = ['scorecards', 'golive', 'identity'];

/** The tab shown: the address's, unless the viewer may not see it (scorecards, go-live and identity checks). */
export function tabOf(search: ReportsSearch, seesAll: boolean): ReportTab {
  const tab = search.tab ?? 'tickets';
  return READ_ALL_TABS.includes(tab) && !seesAll ? 'tickets' : tab;
}

/** The range asked for, each end defaulting to the twelve months before this one and this month so far. */
export function rangeOf(search: ReportsSearch, now = Date.now()): DateRange {
  const d = defaultRange(now);
  return { from: search.from ?? d.from, to: search.to ?? d.to };
}

/** The ticket report's filters from the address. */
export function ticketFiltersOf(search: ReportsSearch, now = Date.now()): ReportFilters {
  return {
    ...rangeOf(search, now),
    groupBy: search.groupBy ?? 'period',
    period: search.period ?? 'month',
    facilityId: search.facilityId,
    channel: search.channel,
  };
}

/**
 * The address after a change: values equal to their default are left out (so a shared link carries only what was
 * chosen), and a change of grouping drops the period when it no longer applies.
 */
export function nextSearch(prev: ReportsSearch, patch: Partial<ReportsSearch>): ReportsSearch {
  const next: ReportsSearch = { ...prev, ...patch };
  if (next.tab === 'tickets') next.tab = undefined;
  if (next.groupBy === 'period') next.groupBy = undefined;
  if (next.groupBy !== undefined || next.period === 'month') next.period = undefined;
  if (next.metric === 'fcrGross') next.metric = undefined;
  return Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as ReportsSearch;
}
