// Request and response shapes for SLA calendars and policies.
import { z } from 'zod';
import { text } from '../../platform/http/validation.ts';
import { status } from '../tickets/schemas.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (24:00 for midnight)');
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'must be YYYY-MM-DDTHH:MM');

export const weeklyHours = z.object({
  day: z.number().int().min(1, '1 is Monday').max(7, '7 is Sunday'),
  start: hhmm,
  end: hhmm,
});
export const closure = z.object({ name: text({ min: 1, max: 120 }), start: localDateTime, end: localDateTime });

export const calendarBody = z.object({
  name: text({ min: 1, max: 100 }),
  timeZone: text({ min: 1, max: 64 })
    .nullable()
    .describe('IANA zone, e.g. America/Chicago; null means the ticket facility’s own zone'),
  alwaysOpen: z.boolean(),
  weekly: z.array(weeklyHours).max(50).default([]),
  closures: z.array(closure).max(2000).default([]),
});
export type CalendarInput = z.infer<typeof calendarBody>;
export const calendarPatch = calendarBody.partial().extend({
  version: z.number().int().describe('The version you read (optimistic concurrency)'),
});
export type CalendarPatch = z.infer<typeof calendarPatch>;

export const calendarView = calendarBody.extend({
  id: z.uuid(),
  version: z.number().int(),
  updatedAt: z.string(),
  usedBy: z.array(z.string()).describe('Names of the policies on this calendar'),
});

export const closuresImportBody = z.object({
  format: z.enum(['csv', 'ical']),
  content: z.string().min(1, 'must not be empty').max(1_000_000, 'at most 1 MB'),
  version: z.number().int(),
});
export const closuresImportView = z.object({
  added: z.number().int(),
  calendar: calendarView,
});

const minutes = z.number().int().min(1, 'at least 1 minute').max(525_600, 'at most a year');
const priorityTarget = z.object({ responseMinutes: minutes, resolutionMinutes: minutes });
export const policyBody = z.object({
  name: text({ min: 1, max: 100 }),
  description: text({ max: 500 }).default(''),
  position: z.number().int().min(0).max(100_000).describe('Lower is tried first'),
  active: z.boolean().default(true),
  match: z
    .object({
      ticketTypes: z
        .array(z.enum(['incident', 'service_request', 'how_to']))
        .max(3)
        .optional(),
      serviceIds: z.array(z.uuid()).max(200).optional(),
      clinicalCritical: z.boolean().optional(),
      providerLine: z.boolean().optional(),
      providerIds: z.array(z.uuid()).max(50).optional(),
      patientCareOrP1: z
        .boolean()
        .optional()
        .describe('true: only P1 tickets and tickets with patient care affected or a safety flag; false: only others'),
    })
    .strict()
    .default({}),
  calendarId: z.uuid(),
  targets: z.object({ '1': priorityTarget, '2': priorityTarget, '3': priorityTarget, '4': priorityTarget }),
  pauseStatuses: z.array(status).max(5).default(['pending_requester']),
  atRiskPercent: z.number().int().min(1).max(99).default(75),
});
export type PolicyInput = z.infer<typeof policyBody>;
export const policyPatch = policyBody.partial().extend({ version: z.number().int() });
export type PolicyPatch = z.infer<typeof policyPatch>;
export const policyView = policyBody.extend({
  id: z.uuid(),
  calendar: z.string(),
  warnings: z
    .array(z.string())
    .describe('E.g. a P1 could fall under this policy on a business-hours calendar (it runs 24x7 regardless)'),
  version: z.number().int(),
  updatedAt: z.string(),
});
