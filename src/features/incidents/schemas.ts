// Wire shapes of the incident API (docs/incidents.md). Imported by the web app: change them here, never re-declare
// them there.
import { z } from 'zod';
import { text } from '../../platform/http/validation.ts';
import { NOTICE_HOURS } from '../incident-comms/rules/planned.ts';
import {
  CHILD_STATUSES,
  INCIDENT_KINDS,
  INCIDENT_STATES,
  LINK_SOURCES,
  SEVERITIES,
  TIMELINE_KINDS,
} from './rules/vocabulary.ts';

export const incidentKind = z.enum(INCIDENT_KINDS);
export const severity = z.enum(SEVERITIES);
export const incidentState = z.enum(INCIDENT_STATES);
export const childStatus = z.enum(CHILD_STATUSES);
export const linkSource = z.enum(LINK_SOURCES);
export const timelineKind = z.enum(TIMELINE_KINDS);

/** How long an incident's texts may be; the web forms count against the same numbers. */
export const INCIDENT_TEXT_MAX = { title: 200, publicSummary: 2000, publicReply: 2000, decision: 5000 } as const;

export const incidentNumberParam = z.object({
  number: z.string().regex(/^(?:INC-)?\d{1,15}$/i, 'must be an incident number such as INC-000012'),
});

const ids = (what: string) =>
  z
    .array(z.uuid(`must be the id of a ${what}`))
    .max(200, 'at most 200')
    .default([])
    .describe(`${what} ids`);
const instant = z.iso.datetime({ offset: true, message: 'must be a date and time such as 2026-12-02T03:00:00Z' });
const userRef = z.uuid('must be the id of a staff account').nullable();
/** A planned downtime's notice to the units' leaders and super-users, in hours before its start. */
export const noticeHoursBefore = z
  .number()
  .int('must be a whole number of hours')
  .min(NOTICE_HOURS.min, 'must be at least 1 hour')
  .max(NOTICE_HOURS.max, 'must be at most 336 hours (14 days)')
  .describe('Planned downtime: tell the units’ leaders and super-users this many hours before the start (1 to 336)');

const incidentFields = {
  title: text({ min: 1, max: INCIDENT_TEXT_MAX.title }).describe('What is down, in a few words'),
  publicSummary: text({ min: 1, max: INCIDENT_TEXT_MAX.publicSummary }).describe(
    'What requesters and the public read: no patient information (refused if any is found)',
  ),
  publicReply: text({ max: INCIDENT_TEXT_MAX.publicReply }).describe(
    'The one-click answer agents send to callers and child tickets (public: no patient information)',
  ),
  severity,
  serviceIds: ids('application or service'),
  moduleIds: ids('module'),
  facilityIds: ids('facility'),
  unitIds: ids('unit'),
  matchTerms: z
    .array(text({ min: 2, max: 60 }))
    .max(30, 'at most 30 words')
    .default([])
    .describe('Words that make a ticket "similar" (suggested, never linked automatically)'),
  startedAt: instant.nullable(),
  scheduledStart: instant.nullable(),
  scheduledEnd: instant.nullable(),
  commanderId: userRef,
  clinicalLeadId: userRef,
  itLeadId: userRef,
  commsLeadId: userRef,
};

export const declareIncidentBody = z
  .object({
    kind: incidentKind,
    planned: z.boolean().default(false).describe('A planned downtime: it starts as scheduled'),
    ...incidentFields,
    publicReply: incidentFields.publicReply.default(''),
    startedAt: incidentFields.startedAt.optional(),
    scheduledStart: incidentFields.scheduledStart.optional(),
    scheduledEnd: incidentFields.scheduledEnd.optional(),
    noticeHoursBefore: noticeHoursBefore.optional().describe('24 unless given'),
    commanderId: userRef.optional(),
    clinicalLeadId: userRef.optional(),
    itLeadId: userRef.optional(),
    commsLeadId: userRef.optional(),
    fromTicket: z
      .string()
      .regex(/^(?:CSD-)?\d{1,15}$/i, 'must be a ticket number such as CSD-001234')
      .optional()
      .describe('The ticket it is declared from: it becomes the first child'),
    confirmOverlap: z
      .boolean()
      .default(false)
      .describe('Declare even though an open incident already covers one of these services'),
  })
  .strict();
export type DeclareIncidentInput = z.infer<typeof declareIncidentBody>;

/** What resolving does to the open children: resolve them with the public message, only message them, or neither. */
export const CHILD_ACTIONS = ['resolve', 'message', 'none'] as const;
export const childAction = z.enum(CHILD_ACTIONS);

export const updateIncidentBody = z
  .object({
    version: z.number().int().positive().describe('The version read: a stale one is refused (409)'),
    state: incidentState.optional(),
    kind: incidentKind.optional(),
    title: incidentFields.title.optional(),
    publicSummary: incidentFields.publicSummary.optional(),
    publicReply: incidentFields.publicReply.optional(),
    severity: severity.optional(),
    serviceIds: z.array(z.uuid()).max(200).optional(),
    moduleIds: z.array(z.uuid()).max(200).optional(),
    facilityIds: z.array(z.uuid()).max(200).optional(),
    unitIds: z.array(z.uuid()).max(200).optional(),
    matchTerms: z
      .array(text({ min: 2, max: 60 }))
      .max(30)
      .optional(),
    scheduledStart: incidentFields.scheduledStart.optional(),
    scheduledEnd: incidentFields.scheduledEnd.optional(),
    noticeHoursBefore: noticeHoursBefore.optional(),
    commanderId: userRef.optional(),
    clinicalLeadId: userRef.optional(),
    itLeadId: userRef.optional(),
    commsLeadId: userRef.optional(),
    resolution: z
      .object({
        note: text({ min: 1, max: 5000 }).describe('What was fixed (public: sent to the children, no patient data)'),
        children: childAction.describe(
          'The open children: resolve them (code known_outage) with the note, only send them the note, or neither',
        ),
      })
      .strict()
      .optional()
      .describe('Required when the state becomes resolved'),
  })
  .strict();
export type UpdateIncidentInput = z.infer<typeof updateIncidentBody>;

export const addDecisionBody = z
  .object({
    kind: z.enum(['decision', 'event']).default('decision'),
    body: text({ min: 1, max: INCIDENT_TEXT_MAX.decision }),
  })
  .strict();
export type AddDecisionInput = z.infer<typeof addDecisionBody>;

export const linkTicketBody = z
  .object({
    ticket: z.string().regex(/^(?:CSD-)?\d{1,15}$/i, 'must be a ticket number such as CSD-001234'),
    reply: z.boolean().default(false).describe("Also send the incident's public reply to the ticket's requester"),
  })
  .strict();
export type LinkTicketInput = z.infer<typeof linkTicketBody>;

/** Unlinking a child says why (on the internal timeline and in the audit trail); dismissing a suggestion need not. */
export const unlinkTicketBody = z
  .object({
    reason: text({ min: 3, max: 500 }).optional().describe('Why it is not part of the incident (internal to the desk)'),
  })
  .strict()
  .nullish();
export type UnlinkTicketInput = z.infer<typeof unlinkTicketBody>;

export const listIncidentsQuery = z
  .object({
    state: z.enum(['open', 'all', ...INCIDENT_STATES]).default('all'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListIncidentsQuery = z.infer<typeof listIncidentsQuery>;

const named = z.object({ id: z.uuid(), name: z.string() });
const person = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

export const timelineEntry = z.object({
  id: z.uuid(),
  kind: timelineKind,
  body: z.string(),
  author: person,
  at: z.string(),
});

export const childCounts = z.object({
  linked: z.number().int(),
  open: z.number().int().describe('Linked children not yet resolved or closed'),
  suggested: z.number().int(),
});

export const incidentSummary = z.object({
  id: z.uuid(),
  number: z.string().describe('INC-000012'),
  kind: incidentKind,
  planned: z.boolean(),
  title: z.string(),
  publicSummary: z.string(),
  severity,
  state: incidentState,
  services: z.array(named),
  modules: z.array(named),
  facilities: z.array(named),
  units: z.array(named),
  startedAt: z.string().nullable(),
  scheduledStart: z.string().nullable(),
  scheduledEnd: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  commander: person,
  children: childCounts,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type IncidentSummary = z.infer<typeof incidentSummary>;

export const incidentView = incidentSummary.extend({
  publicReply: z.string(),
  matchTerms: z.array(z.string()),
  noticeHoursBefore: z.number().int().describe('Planned downtime: the notice is sent this many hours before the start'),
  resolutionNote: z.string().nullable(),
  clinicalLead: person,
  itLead: person,
  commsLead: person,
  declaredFrom: z.string().nullable().describe('The ticket it was declared from (CSD-001234)'),
  createdBy: person,
  timeline: z.array(timelineEntry),
});
export type IncidentView = z.infer<typeof incidentView>;

export const incidentList = z.object({ items: z.array(incidentSummary) });

export const childView = z.object({
  ticket: z.string().describe('CSD-001234'),
  summary: z.string(),
  ticketStatus: z.string(),
  facility: z.string().nullable(),
  unit: z.string().nullable(),
  status: childStatus,
  source: linkSource,
  reason: z.string(),
  linkedAt: z.string(),
});
export type ChildView = z.infer<typeof childView>;
export const childList = z.object({
  items: z.array(childView),
  byUnit: z.array(z.object({ facility: z.string().nullable(), unit: z.string().nullable(), count: z.number() })),
});

export const childParams = incidentNumberParam.extend({
  ticket: z.string().regex(/^(?:CSD-)?\d{1,15}$/i, 'must be a ticket number such as CSD-001234'),
});
export const childrenQuery = z.object({ limit: z.coerce.number().int().min(1).max(5000).default(500) }).strict();
export const linkResult = z.object({
  incident: incidentView,
  ticket: z.string(),
  linked: z.boolean(),
  replied: z.boolean().describe("Whether the incident's public reply was sent to the ticket's requester"),
});

/** The desk staff who may be named commander, clinical operations, IT or communications lead. */
export const leadList = z.object({ items: z.array(z.object({ id: z.uuid(), displayName: z.string() })) });

export const matchingQuery = z
  .object({
    serviceId: z.uuid().optional(),
    moduleId: z.uuid().optional(),
    facilityId: z.uuid().optional(),
    unitId: z.uuid().optional(),
    text: text({ max: 2000 }).optional(),
  })
  .strict();
export const matchingView = z.object({
  items: z.array(
    z.object({
      number: z.string(),
      title: z.string(),
      kind: incidentKind,
      severity,
      decision: z.enum(['link', 'suggest']).describe('link: it will attach itself; suggest: only similar'),
      reason: z.string(),
      publicReply: z.string(),
    }),
  ),
});

/** What a requester may read about the outage their ticket is part of: nothing internal. */
export const ticketOutageView = z.object({
  outage: z
    .object({
      number: z.string(),
      kind: incidentKind,
      title: z.string(),
      publicSummary: z.string(),
      open: z.boolean(),
      resolvedAt: z.string().nullable(),
    })
    .nullable(),
});

export const announcementsQuery = z
  .object({
    service: text({ min: 1, max: 200 }).optional().describe('An application or module: its id or its name'),
    facility: text({ min: 1, max: 200 }).optional().describe('A facility: its id or its name'),
  })
  .strict();
export const announcementsView = z.object({
  play: z.boolean().describe('Whether there is anything to play'),
  message: z.string().describe('What to play (text-to-speech), every matching incident in turn; public text only'),
  incidents: z.array(
    z.object({
      number: z.string(),
      kind: incidentKind,
      severity,
      services: z.array(z.string()),
      message: z.string(),
    }),
  ),
});
