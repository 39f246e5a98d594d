// Request and response schemas for the phone channel: CTI events, presence, contacts, wallboard. Shared with web.
import { z } from 'zod';
import { text } from '../../platform/http/validation.ts';
import { CTI_EVENT_TYPES } from './rules/contact-events.ts';
import { AGENT_STATES, LINES } from './rules/route.ts';

const SKILL = /^(service|credential):[\w.:-]{1,100}$/;

export const ctiEventBody = z
  .object({
    type: z.enum(CTI_EVENT_TYPES).describe('offered (entered the desk queue), answered, transferred, ended, abandoned'),
    callId: text({ min: 1, max: 200 }).describe(
      "The phone system's id of the call (Asterisk linkedid, FreeSWITCH uuid…)",
    ),
    eventId: text({ min: 1, max: 200 })
      .optional()
      .describe('Unique id of this event; duplicates are ignored. Default: callId + type + sequence (or occurredAt)'),
    sequence: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('Order of events within the call'),
    occurredAt: z.iso.datetime({ offset: true }).describe('When it happened, ISO 8601 with a zone'),
    callerNumber: text({ max: 40 }).optional().describe('Caller ID in any common format'),
    dialledLine: text({ max: 40 }).optional().describe('The number or queue the caller dialled'),
    line: z
      .enum(LINES)
      .optional()
      .describe('The line, when the phone system knows it; a known provider is always on the provider line'),
    patientCareAffected: z.boolean().optional().describe('IVR answer: "is patient care affected right now?"'),
    skills: z
      .array(z.string().regex(SKILL, 'must look like "service:<id>" or "credential:<name>"'))
      .max(10)
      .optional()
      .describe('Skills the IVR selection needs'),
    agent: text({ min: 1, max: 100 })
      .optional()
      .describe('answered/transferred: the agent, by username or by the extension they set in their presence'),
    external: z.boolean().optional().describe('transferred: the call left the desk'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.type === 'transferred' && !v.agent && !v.external) {
      ctx.addIssue({ code: 'custom', path: ['agent'], message: 'a transfer names the agent, or says external: true' });
    }
    const at = Date.parse(v.occurredAt);
    if (Math.abs(at - Date.now()) > 7 * 86_400_000) {
      ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: 'must be within 7 days of now' });
    }
  });
export type CtiEventInput = z.infer<typeof ctiEventBody>;

export const callerCard = z.object({
  known: z.boolean(),
  personId: z.uuid().nullable(),
  displayName: z.string().nullable(),
  provider: z.boolean(),
  sensitive: z.boolean(),
  clinicalRole: z.string().nullable(),
  facility: z.string().nullable(),
  unit: z.string().nullable(),
  facilityId: z.uuid().nullable().describe("The caller's facility (for the known-outage check)"),
  unitId: z.uuid().nullable().describe("The caller's unit"),
  openTickets: z.array(z.object({ number: z.string(), status: z.string(), priority: z.number() })),
});
export type CallerCard = z.infer<typeof callerCard>;

export const routeAdvice = z.object({
  agent: z
    .object({ userId: z.uuid(), username: z.string(), displayName: z.string(), extension: z.string().nullable() })
    .nullable(),
  queue: z.enum(LINES).describe('The line queue the call waits in when no agent is named'),
  match: z.string().nullable().describe('skilled, any_tier1 (overflow) or analyst (overflow)'),
});

export const ctiEventResult = z.object({
  duplicate: z.boolean().describe('true when this event was already received (nothing changed)'),
  contactId: z.uuid(),
  callId: z.string(),
  state: z.string(),
  line: z.enum(LINES),
  caller: callerCard,
  route: routeAdvice,
});
export type CtiEventResult = z.infer<typeof ctiEventResult>;

export const callIdParam = z.object({ callId: text({ min: 1, max: 200 }) });

export const presenceBody = z
  .object({
    state: z.enum(AGENT_STATES).refine((s) => s !== 'on_contact', 'is set by calls, not by hand'),
    extension: text({ min: 1, max: 20 })
      .regex(/^[\w#*+-]+$/, 'digits or letters, as the phone system names it')
      .nullable()
      .optional(),
  })
  .strict();

export const presenceView = z.object({
  userId: z.uuid(),
  state: z.enum(AGENT_STATES),
  since: z.string(),
  heartbeatAt: z.string(),
  tier: z.string(),
  extension: z.string().nullable(),
  currentContactId: z.uuid().nullable(),
});

export const contactIdParam = z.object({ id: z.uuid('must be a UUID') });

export const contactView = z.object({
  id: z.uuid(),
  channel: z.string(),
  line: z.enum(LINES),
  state: z.string(),
  callerNumber: z.string().nullable(),
  offeredAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  agentId: z.uuid().nullable(),
  outcome: z.string().nullable(),
  patientCareAffected: z.boolean(),
  caller: callerCard,
  tickets: z.array(z.object({ number: z.string(), relation: z.string() })),
  draft: z.object({
    requesterId: z.uuid().nullable(),
    summary: z.string(),
    patientCareAffected: z.boolean(),
    serviceId: z.uuid().nullable(),
    channel: z.literal('phone'),
  }),
});

export const linkTicketBody = z
  .object({ ticketNumber: text({ min: 1, max: 20 }).describe('CSD-001234'), relation: z.enum(['opened', 'linked']) })
  .strict();

const lineDay = z.array(
  z.object({
    line: z.enum(LINES),
    offered: z.number(),
    answered: z.number(),
    abandoned: z.number(),
    asaSeconds: z.number().nullable(),
    asaP80Seconds: z.number().nullable(),
    answeredWithinTargetPct: z.number().nullable(),
    abandonmentPct: z.number().nullable(),
    targetSeconds: z.number(),
  }),
);

export const wallboardView = z.object({
  at: z.string(),
  waiting: z.array(z.object({ line: z.enum(LINES), count: z.number(), longestWaitSeconds: z.number().nullable() })),
  agents: z.record(z.string(), z.number()),
  today: lineDay,
  yesterday: lineDay,
  thisWeek: lineDay.describe('Since Monday midnight in the desk time zone, today included'),
});
export type WallboardView = z.infer<typeof wallboardView>;

const seconds = z.number().min(0).max(600);
const lineRules = z
  .object({
    targetSeconds: seconds.min(1).describe('Answered within this (the ASA target)'),
    anyTier1AfterSeconds: seconds.describe('After this wait, any free Tier 1-Plus agent may take the call'),
    analystsAfterSeconds: seconds.describe('After this wait, an analyst (Tier 2) may take it'),
  })
  .strict()
  .refine((r) => r.anyTier1AfterSeconds <= r.analystsAfterSeconds, {
    message: 'overflow to any Tier 1-Plus agent comes before overflow to analysts',
    path: ['analystsAfterSeconds'],
  })
  .refine((r) => r.analystsAfterSeconds <= r.targetSeconds, {
    message: 'overflow must happen before the target',
    path: ['analystsAfterSeconds'],
  });

export const routingSettings = z
  .object({
    lines: z.object({ provider: lineRules, clinical: lineRules, general: lineRules }).strict(),
    laneHeadStartSeconds: z
      .tuple([z.number().min(0).max(3600), z.number().min(0).max(3600), z.number().min(0).max(3600)])
      .refine(([p, c, g]) => p >= c && c >= g, 'head starts must not increase from the priority lane to general')
      .describe('Head start of each lane (priority, clinical, general): a general call overtakes after the difference'),
  })
  .strict();
export type RoutingSettings = z.infer<typeof routingSettings>;
export const routingSettingsView = routingSettings.extend({ isDefault: z.boolean() });
