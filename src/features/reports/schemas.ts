// What reports take and give. A bad query (unknown dimension, reversed range, over 5 years) is a 400 whose message
// says what to send instead; every rate carries its numerator, n, interval and "too few to compare".
import { z } from 'zod';
import { TIERS } from '../../domain/vocabulary.ts';
import { CHANNELS } from '../tickets/rules/vocabulary.ts';
import { CalendarDay, DIMENSIONS, dimensionProblem, PERIODS, rangeProblem } from './rules/query.ts';
import { DEFAULT_MIN_N } from './rules/stats.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/**
 * A range boundary: a calendar date (midnight in the report's time zone: the facility's, or the hospital's) or an
 * instant with its offset.
 */
export const instant = z
  .string({ error: 'must be a date such as 2026-01-31 or 2026-01-31T08:00:00Z' })
  .refine((v) => !Number.isNaN(Date.parse(DATE_ONLY.test(v) ? `${v}T00:00:00Z` : v)), {
    error: 'must be a date such as 2026-01-31 or 2026-01-31T08:00:00Z',
  })
  .transform((v): Date => (DATE_ONLY.test(v) ? new CalendarDay(v) : new Date(v)));

export const reportFilter = z.object({
  from: instant.describe('Start of the range (inclusive): when tickets were opened'),
  to: instant.describe('End of the range (exclusive)'),
  facilityId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  clinicalRole: z.string().max(40).optional(),
  serviceId: z.uuid().optional(),
  moduleId: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
  priority: z.coerce.number().int().min(1).max(4).optional(),
  providerId: z.uuid().optional(),
  tier: z.enum(TIERS).optional().describe('The highest tier the ticket reached'),
  groupId: z.uuid().optional(),
  agentId: z.uuid().optional(),
});
export type ReportFilter = z.infer<typeof reportFilter>;

/** The range rules ("to" after "from", at most 5 years) as a 400 on `to`. */
export const rangeChecked = <T extends z.ZodType<{ from: Date; to: Date }>>(s: T) =>
  s.superRefine((q, ctx) => {
    // A boundary that is not a date already has its own message; there is no range to judge.
    if (!(q.from instanceof Date) || !(q.to instanceof Date)) return;
    const problem = rangeProblem(q.from, q.to);
    if (problem) ctx.addIssue({ code: 'custom', path: ['to'], message: problem });
  });

export const reportQuery = rangeChecked(
  reportFilter
    .extend({
      groupBy: z
        .string()
        .default('period')
        .superRefine((v, ctx) => {
          const problem = dimensionProblem(v);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .describe(`One of: ${DIMENSIONS.join(', ')}`),
      period: z.enum(PERIODS, { error: `Send one of: ${PERIODS.join(', ')}.` }).default('month'),
      minN: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_MIN_N),
    })
    .strict(),
);
export type ReportQuery = z.infer<typeof reportQuery>;

export const DRILL_METRICS = [
  'tickets',
  'fcrGross',
  'fcrNet',
  'firstTouch',
  'reopenRate',
  'escalationTier2',
  'escalationTier3',
  'escalationVendor',
  'responseAttainment',
  'resolutionAttainment',
  'patientCareAffected',
  'open',
] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];

export const drillQuery = rangeChecked(
  reportFilter
    .extend({
      metric: z.enum(DRILL_METRICS, { error: `Send one of: ${DRILL_METRICS.join(', ')}.` }),
      outcome: z.enum(['counted', 'hit', 'miss']).default('counted').describe('All counted, or only hits / misses'),
      groupBy: z
        .string()
        .optional()
        .superRefine((v, ctx) => {
          const problem = v === undefined ? null : dimensionProblem(v);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      group: z.string().max(80).optional().describe('The group key of the figure drilled into'),
      period: z.enum(PERIODS).default('month'),
      after: z.coerce.number().int().min(0).optional().describe('Keyset cursor: the last ticket number seen'),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    })
    .strict(),
);
export type DrillQuery = z.infer<typeof drillQuery>;

const rate = z.object({
  numerator: z.number(),
  n: z.number(),
  pct: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  tooFewToCompare: z.boolean(),
});
const distribution = z.object({
  n: z.number(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
  tooFewToCompare: z.boolean(),
});

/** Survey answers: share scoring 4–5, mean, n, and the requesters' own "solved on first contact?" answers. */
export const csatView = z.object({
  satisfied: rate,
  mean: z.number().nullable(),
  n: z.number(),
  customerVerifiedFcr: rate.describe("The requesters' own answer; compare with the derived FCR"),
});

export const ticketFiguresView = z.object({
  tickets: z.number(),
  fcrGross: rate,
  fcrNet: rate,
  firstTouch: rate,
  reopenRate: rate,
  escalationRate: z.object({ tier2: rate, tier3: rate, vendor: rate }),
  responseAttainment: rate,
  resolutionAttainment: rate,
  timeToResolveWall: distribution.describe('Minutes'),
  timeToResolveCalendar: distribution.describe('Minutes on the SLA calendar, pauses left out'),
  patientCareAffected: z.object({ tickets: z.number(), clinicianHoursLost: z.number() }),
  open: z.number().describe('Of these tickets, how many are still open'),
});
export type TicketFiguresView = z.infer<typeof ticketFiguresView>;

export const ticketReportView = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  groupBy: z.enum(DIMENSIONS),
  period: z.enum(PERIODS),
  minN: z.number(),
  factsAsOf: z.string().nullable().describe('Changes after this instant are not in the figures yet'),
  scope: z.enum(['all', 'own']).describe('"own": an agent sees the tickets they took'),
  total: ticketFiguresView,
  csat: csatView.describe('Ticket survey answers given in the range about the tickets this filter keeps'),
  groups: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      figures: ticketFiguresView,
      csat: csatView.describe(
        "This group's answers: by when the answer came for periods, else by the answered ticket's own group",
      ),
    }),
  ),
});
export type TicketReportView = z.infer<typeof ticketReportView>;

export const drillView = z.object({
  tickets: z.array(z.object({ id: z.uuid(), number: z.string(), createdAt: z.string() })),
  next: z.number().nullable().describe('Pass as "after" for the next page; null at the end'),
});

// Phone figures
export const CALL_DIMENSIONS = ['period', 'line', 'agent', 'channel'] as const;

export const callQuery = rangeChecked(
  z
    .object({
      from: instant,
      to: instant,
      groupBy: z.enum(CALL_DIMENSIONS, { error: `Send one of: ${CALL_DIMENSIONS.join(', ')}.` }).default('period'),
      period: z.enum(PERIODS).default('month'),
      line: z.enum(['provider', 'clinical', 'general']).optional(),
      agentId: z.uuid().optional(),
      facilityId: z.uuid().optional().describe('Only used for the time zone the periods are cut in'),
      minN: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_MIN_N),
    })
    .strict(),
);
export type CallQuery = z.infer<typeof callQuery>;

const callFigures = z.object({
  offered: z.number(),
  answered: z.number(),
  asaSeconds: z.number().nullable(),
  asaP80Seconds: z.number().nullable(),
  answeredWithinTarget: rate,
  abandonment: rate,
  ahtSeconds: z.number().nullable(),
});
export const callReportView = z.object({
  timeZone: z.string(),
  scope: z.enum(['all', 'own']),
  targets: z.record(z.string(), z.number()).describe('Seconds, per line'),
  total: callFigures,
  groups: z.array(z.object({ key: z.string(), label: z.string(), figures: callFigures })),
});

// Provider scorecards
export const scorecardQuery = rangeChecked(
  z
    .object({
      from: instant,
      to: instant,
      facilityId: z.uuid().optional(),
      minN: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_MIN_N),
    })
    .strict(),
);
export type ScorecardQuery = z.infer<typeof scorecardQuery>;

const providerFigures = z.object({
  ticketsHandled: z.number(),
  fcrAsFirstContact: rate,
  hoursHeldMedian: z.number().nullable(),
  hoursHeldP90: z.number().nullable(),
  contractSlaAttainment: rate.describe(
    "The provider's contract, judged on its contract clocks: n = its holdings of tickets whose contract clocks are " +
      'decided (a ticket held twice counts twice), numerator = those whose response and resolution clocks both ' +
      'stopped within the contract (a breach of either misses it). Holdings still running are not counted.',
  ),
  clinicianWaitMet: rate.describe(
    "The clinician's experience on the hospital's clock: n = tickets the provider held whose hospital resolution " +
      'clock is decided, numerator = those resolved within the hospital target (whoever held them then).',
  ),
  reopenRate: rate,
  handBacks: z.number(),
  csat: csatView,
  physicianCsat: csatView,
  nurseCsat: csatView,
});
export const scorecardView = z.object({
  timeZone: z.string(),
  providers: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.string(),
      system: providerFigures,
      facilities: z.array(z.object({ id: z.string(), name: z.string(), figures: providerFigures })),
      trend: z.array(z.object({ month: z.string(), figures: providerFigures })),
    }),
  ),
});
export type ScorecardView = z.infer<typeof scorecardView>;
export const goLiveQuery = z
  .object({
    facilityId: z.uuid(),
    goLiveAt: z.coerce.date({ error: 'must be a date such as 2026-07-13' }),
    days: z.coerce.number().int().min(7).max(365).default(90).describe('Days compared before and after'),
    minN: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_MIN_N),
  })
  .strict();

// The go-live scorecard: one go-live event, per provider (docs/reports.md, "Go-live scorecard")
export const goLiveEventItem = z.object({
  id: z.uuid(),
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  facilities: z.array(z.string()),
});
export type GoLiveEventItem = z.infer<typeof goLiveEventItem>;
export const goLiveEventQuery = z
  .object({
    eventId: z.uuid({ error: 'must be a go-live event’s id (the Go-live list gives them)' }),
    minN: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_MIN_N),
  })
  .strict();
const goLiveFigures = z.object({
  issuesTaken: z.number().describe('Issues whose first contact the provider took (at the elbow or the first desk)'),
  issuesHeld: z.number().describe('Issues the provider held at any point'),
  resolvedOnSpot: rate.describe('Of the issues taken: resolved on the spot by the at-the-elbow person'),
  fcr: rate.describe('Of the issues taken: first-contact resolution by the FCR rule (credited to the ATE provider)'),
  escalated: rate.describe('Of the issues taken: sent on to another tier or a vendor'),
  timeToResolve: distribution.describe('Minutes, wall clock, over the resolved issues the provider held'),
  patientCareAffected: z.number().describe('Issues held with patient care affected'),
  csat: csatView,
});
export const goLiveScorecardView = z.object({
  event: goLiveEventItem,
  factsAsOf: z.string().nullable(),
  total: goLiveFigures,
  providers: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string(), figures: goLiveFigures })),
  satisfaction: z
    .array(
      z.object({
        month: z.number().int().describe('0: the three months before the go-live; 1–12: months since it started'),
        from: z.string(),
        to: z.string(),
        csat: csatView,
      }),
    )
    .describe('Every survey answer from the go-live’s facilities, month by month since the go-live'),
});
export type GoLiveScorecardView = z.infer<typeof goLiveScorecardView>;
