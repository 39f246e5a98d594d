// HTTP for reports: ticket figures by any dimension, phone figures, the drill-down to the tickets behind a figure,
// the rows as CSV (streamed, audited) or JSON pages, and provider scorecards with the go-live views.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAuditNow } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { ReportReads } from '../../platform/db/report-reads.ts';
import type { Access } from '../../platform/http/access.ts';
import { problemResponses } from '../../platform/http/openapi.ts';
import { callReport } from './calls.ts';
import { EXPORT_COLUMNS, exportCsv, exportPage } from './export.ts';
import { goLiveEventScorecard, goLiveEvents } from './golive-scorecard.ts';
import { CalendarDay } from './rules/query.ts';
import {
  callQuery,
  callReportView,
  drillQuery,
  drillView,
  goLiveEventItem,
  goLiveEventQuery,
  goLiveQuery,
  goLiveScorecardView,
  rangeChecked,
  reportFilter,
  reportQuery,
  scorecardQuery,
  scorecardView,
  ticketReportView,
} from './schemas.ts';
import { goLives, goLiveView, providerScorecards } from './scorecard.ts';
import { drillDown, inReportTime, scoped, ticketReport } from './service.ts';

const tags = ['reports'];

/** A report route's options: who may call it, what it answers, the query it takes and the view it gives back. */
function reportRoute<Q extends z.ZodType, V extends z.ZodType>(
  access: Access,
  summary: string,
  querystring: Q,
  view: V,
) {
  return {
    config: { access },
    schema: { tags, summary, querystring, response: { 200: view, ...problemResponses(400, 401, 403) } },
  };
}

const rowsQuery = rangeChecked(
  reportFilter
    .extend({
      after: z.coerce
        .number()
        .int()
        .min(0)
        .optional()
        .describe('Keyset cursor: the last ticket number of the page before'),
      limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    })
    .strict(),
);
const csvQuery = rangeChecked(reportFilter.strict());
const rowView = z.object(
  Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, z.union([z.string(), z.number(), z.boolean(), z.null()])])),
);

export function reportRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    // Every read here may go to the read replica (docs/scaling.md); the audit records of exports go to the primary.
    const reads = new ReportReads(ctx.database, ctx.config.replica?.maxLagSeconds ?? 30, ctx.log);

    r.get(
      '/api/v1/reports/tickets',
      reportRoute(
        'reports:read-own',
        'Ticket figures (FCR, reopen, escalation, SLA, time to resolve…) grouped by one dimension',
        reportQuery,
        ticketReportView,
      ),
      async (request) => reads.run((db) => ticketReport(db, request.actor, request.query)),
    );

    r.get(
      '/api/v1/reports/tickets/drill',
      reportRoute(
        'reports:read-own',
        'The tickets behind a figure, by ticket number (keyset pages)',
        drillQuery,
        drillView,
      ),
      async (request) => reads.run((db) => drillDown(db, request.actor, request.query)),
    );

    r.get(
      '/api/v1/reports/tickets/rows',
      reportRoute(
        'reports:read-own',
        'The report rows (one per ticket) as JSON pages: the same data as the CSV export (audited)',
        rowsQuery,
        z.object({ rows: z.array(rowView), next: z.number().nullable() }),
      ),
      async (request) => {
        const q = await reads.run((db) => inReportTime(db, scoped(request.actor, request.query).q));
        await recordAuditNow(ctx.database, request.meta, {
          action: 'report.export',
          targetType: 'report',
          summary: { format: 'json', after: q.after ?? null, filter: summaryOf(q) },
        });
        const page = await reads.run((db) => exportPage(db, q, q.after ?? -1, q.limit));
        return { rows: page.rows, next: page.rows.length === q.limit ? page.lastNumber : null };
      },
    );

    r.get(
      '/api/v1/reports/tickets/export.csv',
      reportRoute(
        'reports:read-own',
        'Every report row as CSV, streamed with no row cap (audited)',
        csvQuery,
        z.unknown().describe('text/csv, one row per ticket'),
      ),
      async (request, reply) => {
        // The whole file from the server that answered first (a replica that fails mid-file ends the download).
        const { db, q } = await reads.run(async (db) => ({
          db,
          q: await inReportTime(db, scoped(request.actor, request.query).q),
        }));
        await recordAuditNow(ctx.database, request.meta, {
          action: 'report.export',
          targetType: 'report',
          summary: { format: 'csv', filter: summaryOf(q) },
        });
        // Named by the dates asked for (a calendar date as sent, an instant by its UTC date).
        const day = (d: Date) => (d instanceof CalendarDay ? d.day : d.toISOString().slice(0, 10));
        const { from, to } = request.query;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="clinidesk-tickets-${day(from)}-${day(to)}.csv"`)
          .send(Readable.from(exportCsv(db, q), { highWaterMark: 2 })); // two pages queued at most: flat memory
      },
    );

    r.get(
      '/api/v1/reports/calls',
      reportRoute(
        'reports:read-own',
        'Phone figures (ASA mean and p80, % within target, abandonment, AHT) over any range',
        callQuery,
        callReportView,
      ),
      async (request) => reads.run((db) => callReport(db, request.actor, request.query)),
    );

    r.get(
      '/api/v1/reports/scorecards',
      reportRoute(
        'reports:read-all',
        'Provider scorecards side by side: system, per facility, month by month',
        scorecardQuery,
        scorecardView,
      ),
      async (request) => reads.run((db) => providerScorecards(db, request.query)),
    );

    r.get(
      '/api/v1/reports/go-lives',
      {
        config: { access: 'reports:read-all' },
        schema: {
          tags,
          summary: 'Facilities that went live, with the first go-live day',
          response: {
            200: z.array(z.object({ facilityId: z.string(), facility: z.string(), goLiveAt: z.string() })),
            ...problemResponses(401, 403),
          },
        },
      },
      async () => reads.run((db) => goLives(db)),
    );

    r.get(
      '/api/v1/reports/go-live',
      reportRoute(
        'reports:read-all',
        'Provider scorecards before and after a facility’s go-live',
        goLiveQuery,
        z.object({
          facilityId: z.string(),
          goLiveAt: z.string(),
          days: z.number(),
          before: scorecardView,
          after: scorecardView,
        }),
      ),
      async (request) => reads.run((db) => goLiveView(db, request.query)),
    );

    r.get(
      '/api/v1/reports/go-live-events',
      {
        config: { access: 'reports:read-all' },
        schema: {
          tags,
          summary: 'The go-live events, the newest first (for the go-live scorecard)',
          response: { 200: z.array(goLiveEventItem), ...problemResponses(401, 403) },
        },
      },
      async () => reads.run((db) => goLiveEvents(db)),
    );

    r.get(
      '/api/v1/reports/go-live-scorecard',
      {
        config: { access: 'reports:read-all' },
        schema: {
          tags,
          summary:
            'One go-live’s scorecard per provider (issues, resolved on the spot, FCR, escalated, time to resolve, CSAT) and satisfaction by month since it started',
          querystring: goLiveEventQuery,
          response: { 200: goLiveScorecardView, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => reads.run((db) => goLiveEventScorecard(db, request.query)),
    );
  };
}

function summaryOf(q: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}
