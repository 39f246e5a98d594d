// Reports API calls: ticket and phone figures, the drill-down, scorecards, the go-live view and go-live scorecard.
// Shapes come from the server's schemas (src/features/reports).
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import {
  callReportView,
  drillView,
  goLiveEventItem,
  goLiveScorecardView,
  scorecardView,
  ticketReportView,
} from '../../../src/features/reports/schemas.ts';
import { apiRequest } from './client.ts';

export type TicketReport = z.infer<typeof ticketReportView>;
export type TicketFigures = TicketReport['total'];
export type Rate = TicketFigures['fcrGross'];
export type CallReport = z.infer<typeof callReportView>;
export type Scorecards = z.infer<typeof scorecardView>;
export type ProviderFigures = Scorecards['providers'][number]['system'];

export type ReportFilters = {
  from: string;
  to: string;
  groupBy: string;
  period: 'day' | 'week' | 'month';
  facilityId?: string;
  channel?: string;
};

/** The query string of a report's filters (dates as local midnight in ISO form, empty filters left out). */
export function filterQuery(f: Partial<ReportFilters> & Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') p.set(k, String(v));
  return p.toString();
}

export const ticketReportQuery = (f: ReportFilters) =>
  queryOptions({
    queryKey: ['reports', 'tickets', f],
    queryFn: () => apiRequest('GET', `/api/v1/reports/tickets?${filterQuery(f)}`, { schema: ticketReportView }),
  });

/** The phone figures grouped by line or by period (f.groupBy: 'line' | 'period' | 'agent' | 'channel'). */
export const callReportQuery = (f: ReportFilters) =>
  queryOptions({
    queryKey: ['reports', 'calls', f.from, f.to, f.groupBy, f.period, f.facilityId],
    queryFn: () =>
      apiRequest(
        'GET',
        `/api/v1/reports/calls?${filterQuery({ from: f.from, to: f.to, period: f.period, facilityId: f.facilityId, groupBy: f.groupBy })}`,
        { schema: callReportView },
      ),
  });

export type DrillTarget = { metric: string; outcome: 'counted' | 'hit' | 'miss'; group?: string; label: string };

export const drillQueryOf = (f: ReportFilters, d: DrillTarget) =>
  queryOptions({
    queryKey: ['reports', 'drill', f, d],
    queryFn: () =>
      apiRequest(
        'GET',
        `/api/v1/reports/tickets/drill?${filterQuery({
          ...f,
          groupBy: d.group === undefined ? undefined : f.groupBy,
          group: d.group,
          metric: d.metric,
          outcome: d.outcome,
          limit: 200,
        })}`,
        { schema: drillView },
      ),
  });

export const exportUrl = (f: ReportFilters) =>
  `/api/v1/reports/tickets/export.csv?${filterQuery({ from: f.from, to: f.to, facilityId: f.facilityId, channel: f.channel })}`;

export const scorecardQueryOf = (from: string, to: string, facilityId?: string) =>
  queryOptions({
    queryKey: ['reports', 'scorecards', from, to, facilityId],
    queryFn: () =>
      apiRequest('GET', `/api/v1/reports/scorecards?${filterQuery({ from, to, facilityId })}`, {
        schema: scorecardView,
      }),
  });

const goLives = z.array(z.object({ facilityId: z.string(), facility: z.string(), goLiveAt: z.string() }));
export const goLivesQuery = queryOptions({
  queryKey: ['reports', 'go-lives'],
  queryFn: () => apiRequest('GET', '/api/v1/reports/go-lives', { schema: goLives }),
});

export type GoLiveScorecard = z.infer<typeof goLiveScorecardView>;
export type GoLiveFigures = GoLiveScorecard['total'];

export const goLiveEventsQuery = queryOptions({
  queryKey: ['reports', 'go-live-events'],
  queryFn: () => apiRequest('GET', '/api/v1/reports/go-live-events', { schema: z.array(goLiveEventItem) }),
});

export const goLiveScorecardQueryOf = (eventId: string) =>
  queryOptions({
    queryKey: ['reports', 'go-live-scorecard', eventId],
    queryFn: () =>
      apiRequest('GET', `/api/v1/reports/go-live-scorecard?eventId=${encodeURIComponent(eventId)}`, {
        schema: goLiveScorecardView,
      }),
  });

const facilityPage = z.looseObject({ items: z.array(z.looseObject({ id: z.string(), name: z.string() })) });
export const reportFacilitiesQuery = queryOptions({
  queryKey: ['reports', 'facilities'],
  queryFn: () => apiRequest('GET', '/api/v1/facilities?limit=100', { schema: facilityPage }),
});
