// Request and response schemas for incident communications: timed updates, the public status page, banners, the
// recovery checklist and the post-incident review.
// Shared with the web app.
import { z } from 'zod';
import { text } from '../../platform/http/validation.ts';
import { SEVERITIES } from '../incidents/rules/vocabulary.ts';
import { incidentNumberParam } from '../incidents/schemas.ts';
import { RECOVERY_ITEM_KEYS } from './rules/checklist.ts';
import { INTERNAL_NOTE_MAX, PUBLIC_TEXT_MAX } from './rules/public-text.ts';
import { REVIEW_FACTORS_MAX, REVIEW_LINE_MAX, REVIEW_TEXT_MAX, SAFER_DIMENSIONS } from './rules/review.ts';
import { NEXT_UPDATE_MINUTES } from './rules/update-timer.ts';
import { INCIDENT_STATES } from './rules/vocabulary.ts';

const kind = z.enum(['major_incident', 'ehr_downtime']);

export const publicIncidentView = z.object({
  number: z.string().describe('INC-000012'),
  kind,
  kindLabel: z.string(),
  planned: z.boolean(),
  title: z.string(),
  summary: z.string().nullable(),
  severity: z.string(),
  state: z.enum(INCIDENT_STATES),
  startedAt: z.string().nullable(),
  scheduledStart: z.string().nullable(),
  scheduledEnd: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  applications: z.array(z.string()).describe('Affected applications and modules'),
  facilities: z.array(z.string()),
  latestUpdate: z.object({ text: z.string(), postedAt: z.string() }).nullable(),
  nextUpdateAt: z.string().nullable().describe('When the next update is promised (open incidents only)'),
});
export type PublicIncidentView = z.infer<typeof publicIncidentView>;

export const statusPageView = z.object({
  overall: z.enum(['operational', 'planned_downtime', 'disruption']),
  open: z.array(publicIncidentView),
  planned: z.array(publicIncidentView),
  recentlyResolved: z.array(publicIncidentView),
  generatedAt: z.string(),
});
export type StatusPageView = z.infer<typeof statusPageView>;

export const bannerView = publicIncidentView.extend({
  downtimeArticles: z.array(z.object({ number: z.string(), title: z.string() })).describe('Downtime procedures for it'),
  incidentId: z.string().optional().describe('Desk staff only: the incident page'),
  internalNote: z.string().nullable().optional().describe('Desk staff only'),
});
export type BannerView = z.infer<typeof bannerView>;
export const bannersView = z.object({ banners: z.array(bannerView) });

export const postUpdateBody = z
  .object({
    publicText: text({ min: 1, max: PUBLIC_TEXT_MAX }).describe(
      'What everyone may read: the status page, the banners, the notices. No patient details.',
    ),
    internalNote: text({ max: INTERNAL_NOTE_MAX }).optional().describe('For the desk only'),
    nextUpdateMinutes: z
      .number({ error: 'say when the next update will come, in minutes' })
      .int('must be a whole number of minutes')
      .min(NEXT_UPDATE_MINUTES.min, `must be at least ${NEXT_UPDATE_MINUTES.min} minutes`)
      .max(NEXT_UPDATE_MINUTES.max, 'must be at most 24 hours (1440 minutes)')
      .nullable()
      .describe('Next update in N minutes; null when no further update is planned'),
  })
  .strict();
export type PostUpdateInput = z.infer<typeof postUpdateBody>;

export const updateView = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  publicText: z.string(),
  internalNote: z.string().nullable(),
  nextUpdateAt: z.string().nullable(),
  authorName: z.string().nullable(),
  postedAt: z.string(),
});
export type UpdateView = z.infer<typeof updateView>;

export const updatesView = z.object({
  updates: z.array(updateView),
  timer: z.object({
    nextUpdateAt: z.string().nullable(),
    status: z.enum(['none', 'on_time', 'due', 'overdue']),
  }),
});
export const incidentIdParam = z.object({ id: z.uuid({ error: 'not an incident id' }) }).strict();

export const createRecoveryBody = z
  .object({
    unitIds: z
      .array(z.uuid('must be a unit id'))
      .min(1, 'choose at least one unit')
      .max(200, 'at most 200 units')
      .optional()
      .describe("The units to recover; the incident's units when left out"),
  })
  .strict();

export const updateRecoveryItemBody = z
  .object({
    assigneeId: z.uuid('must be a person’s account id').nullable().optional(),
    done: z.boolean().optional(),
  })
  .strict();

const person = z.object({ id: z.uuid(), displayName: z.string() });
export const recoveryChecklistView = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      unit: z.object({ id: z.uuid(), name: z.string() }),
      key: z.enum(RECOVERY_ITEM_KEYS),
      title: z.string(),
      assignee: person.nullable(),
      doneAt: z.string().nullable(),
      doneBy: person.nullable(),
    }),
  ),
  progress: z.object({ done: z.number(), total: z.number(), complete: z.boolean() }),
});
export type RecoveryChecklistView = z.infer<typeof recoveryChecklistView>;
export const recoveryItemParam = incidentNumberParam.extend({ itemId: z.uuid({ error: 'not a checklist item id' }) });

// --- The post-incident review ---

const saferDimension = z.enum(SAFER_DIMENSIONS, { error: 'choose one of the SAFER dimensions' });
const factor = z
  .object({
    dimension: saferDimension.nullable().describe('The SAFER dimension it belongs to, if any'),
    text: text({ min: 1, max: REVIEW_LINE_MAX }),
  })
  .strict();
const reviewFields = {
  timelineSummary: text({ max: REVIEW_TEXT_MAX }).describe('What happened, in order: the summary of the timeline'),
  causeDimension: saferDimension.nullable().describe('The cause, as a SAFER sociotechnical dimension'),
  causeText: text({ max: REVIEW_TEXT_MAX }).describe('The cause, in words'),
  contributingFactors: z
    .array(factor)
    .max(REVIEW_FACTORS_MAX, `at most ${REVIEW_FACTORS_MAX} contributing factors`)
    .describe('What made it worse or more likely'),
  overhead: z
    .number({ error: 'a share of clinicians’ time, from 0 to 1' })
    .min(0, 'from 0 to 1 (0.25 = a quarter)')
    .max(1, 'from 0 to 1 (0.25 = a quarter)')
    .describe('Share of each affected clinician’s time lost to downtime procedures (a stated assumption)'),
  overheadBasis: text({ max: REVIEW_LINE_MAX }).describe('Why this overhead: the basis of the assumption'),
};

export const startReviewBody = z.object(reviewFields).partial().strict();
export type StartReviewInput = z.infer<typeof startReviewBody>;

export const updateReviewBody = z
  .object({
    version: z.number().int().positive().describe('The version read: a stale one is refused (409)'),
    ...reviewFields,
    completed: z.boolean().describe('Mark the review complete (or reopen it)'),
  })
  .partial()
  .required({ version: true })
  .strict();
export type UpdateReviewInput = z.infer<typeof updateReviewBody>;

const dueOn = z.iso.date('must be a date (YYYY-MM-DD)').nullable().describe('When it is due (YYYY-MM-DD)');
export const addReviewActionBody = z
  .object({
    title: text({ min: 1, max: REVIEW_LINE_MAX }).describe('What will be done'),
    ownerId: z.uuid('must be a person’s account id').nullable().optional().describe('Who owns it'),
    dueOn: dueOn.optional(),
  })
  .strict();
export type AddReviewActionInput = z.infer<typeof addReviewActionBody>;

export const updateReviewActionBody = z
  .object({
    title: text({ min: 1, max: REVIEW_LINE_MAX }).optional(),
    ownerId: z.uuid('must be a person’s account id').nullable().optional(),
    dueOn: dueOn.optional(),
    done: z.boolean().optional(),
  })
  .strict();
export type UpdateReviewActionInput = z.infer<typeof updateReviewActionBody>;
export const reviewActionParam = incidentNumberParam.extend({
  actionId: z.uuid({ error: 'not an action of this review' }),
});

const reviewAction = z.object({
  id: z.uuid(),
  title: z.string(),
  owner: person.nullable(),
  dueOn: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneBy: person.nullable(),
  overdue: z.boolean(),
});

export const incidentReviewView = z.object({
  incident: z.object({
    number: z.string(),
    kind: kind,
    title: z.string(),
    severity: z.enum(SEVERITIES),
    state: z.enum(INCIDENT_STATES),
    startedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    applications: z.array(z.string()),
    facilities: z.array(z.string()),
    commander: z.string().nullable(),
    resolutionNote: z.string().nullable(),
  }),
  canStart: z.boolean().describe('The incident is resolved or closed and has no review yet'),
  review: z
    .object({
      timelineSummary: z.string(),
      causeDimension: saferDimension.nullable(),
      causeLabel: z.string().nullable(),
      causeText: z.string(),
      contributingFactors: z.array(
        z.object({ dimension: saferDimension.nullable(), label: z.string().nullable(), text: z.string() }),
      ),
      overhead: z.number(),
      overheadBasis: z.string(),
      completedAt: z.string().nullable(),
      completedBy: person.nullable(),
      createdBy: person.nullable(),
      createdAt: z.string(),
      updatedAt: z.string(),
      version: z.number(),
      actions: z.array(reviewAction),
      actionProgress: z.object({ total: z.number(), done: z.number(), open: z.number(), overdue: z.number() }),
    })
    .nullable(),
  impact: z.object({
    durationMinutes: z.number(),
    childTickets: z.number(),
    patientCareAffected: z.number(),
    calls: z.number(),
    units: z.number(),
    unitNames: z.array(z.string()).describe('The affected units (at most 50 names)'),
    cliniciansOnAffectedUnits: z.number(),
    overhead: z.number(),
    clinicianHoursLost: z.number(),
    formula: z.string(),
  }),
  timeline: z.array(
    z.object({ id: z.uuid(), kind: z.string(), body: z.string(), author: z.string().nullable(), at: z.string() }),
  ),
});
export type IncidentReviewView = z.infer<typeof incidentReviewView>;
