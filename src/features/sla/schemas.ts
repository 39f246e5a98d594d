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

// Bodies are built from fields without defaults, so that a PATCH (those fields, all optional) leaves out what it does
// not name: in zod 4 a default inside .optional() still applies, and `body.partial()` reset a calendar's weekly hours
// and a contract's providers (its `match`) whenever a patch did not repeat them.
const calendarFields = {
  name: text({ min: 1, max: 100 }),
  timeZone: text({ min: 1, max: 64 })
    .nullable()
    .describe('IANA zone, e.g. America/Chicago; null means the ticket facility’s own zone'),
  alwaysOpen: z.boolean(),
  weekly: z.array(weeklyHours).max(50),
  closures: z.array(closure).max(2000),
};
export const calendarBody = z.object({
  ...calendarFields,
  weekly: calendarFields.weekly.default([]),
  closures: calendarFields.closures.default([]),
});
export type CalendarInput = z.infer<typeof calendarBody>;
export const calendarPatch = z
  .object(calendarFields)
  .partial()
  .extend({
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
const policyFields = {
  name: text({ min: 1, max: 100 }),
  description: text({ max: 500 }),
  position: z.number().int().min(0).max(100_000).describe('Lower is tried first'),
  active: z.boolean(),
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
    .strict(),
  calendarId: z.uuid(),
  targets: z.object({ '1': priorityTarget, '2': priorityTarget, '3': priorityTarget, '4': priorityTarget }),
  pauseStatuses: z.array(status).max(5),
  atRiskPercent: z.number().int().min(1).max(99),
  pauseOnVendorNeedsInfo: z
    .boolean()
    .optional()
    .describe(
      'A contract (a policy naming providers): its clock stands still while the vendor needs information from the ' +
        'hospital. Default true; the hospital clock never pauses for it',
    ),
};
export const policyBody = z.object({
  ...policyFields,
  description: policyFields.description.default(''),
  active: policyFields.active.default(true),
  match: policyFields.match.default({}),
  pauseStatuses: policyFields.pauseStatuses.default(['pending_requester']),
  atRiskPercent: policyFields.atRiskPercent.default(75),
});
export type PolicyInput = z.infer<typeof policyBody>;
export const policyPatch = z.object(policyFields).partial().extend({ version: z.number().int() });
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
