// Wire shapes of the go-live API (docs/golive.md). Imported by the web app: change them here, never re-declare them.
import { z } from 'zod';
import { text } from '../../platform/http/validation.ts';
import { resolutionCode } from '../tickets/schemas.ts';
import { GOLIVE_CATEGORIES, ROLLUP_DIMENSIONS, SHIFT_ROLES } from './rules.ts';

const instant = z.coerce.date({ error: 'must be a date and time such as 2026-07-13T07:00:00Z' });
const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be a time zone such as America/Chicago');

export const category = z.enum(GOLIVE_CATEGORIES);
export const shiftRole = z.enum(SHIFT_ROLES);
export const ticketNumber = z.string().regex(/^(?:CSD-)?\d{1,15}$/i, 'must be a ticket number such as CSD-001234');

export const eventIdParam = z.object({ id: z.uuid('must be a UUID') });
export const idParam = eventIdParam;

const eventFields = {
  name: text({ min: 1, max: 200 }),
  facilityIds: z.array(z.uuid()).min(1, 'name at least one facility').max(50),
  timeZone: timeZone.optional().describe("Default: the first facility's time zone"),
  startsAt: instant.describe('When the go-live starts (the command center opens)'),
  endsAt: instant.describe('When go-live support ends'),
  roundTheClockDays: z.number().int().min(0).max(60).describe('Days the command center is staffed 24/7'),
  scaledOpenHour: z.number().int().min(0).max(23).describe('After those days: local hour it opens'),
  scaledCloseHour: z.number().int().min(1).max(24).describe('After those days: local hour it closes'),
  phoneLines: z
    .array(text({ min: 1, max: 40 }))
    .max(20)
    .describe(
      'Go-live phone lines: the dialled numbers or queues (as the phone system sends `dialledLine`) whose calls are routed by the caller’s role and application while the go-live runs',
    ),
};

export const eventBody = z
  .object({
    ...eventFields,
    roundTheClockDays: eventFields.roundTheClockDays.default(14),
    scaledOpenHour: eventFields.scaledOpenHour.default(7),
    scaledCloseHour: eventFields.scaledCloseHour.default(23),
    phoneLines: eventFields.phoneLines.default([]),
  })
  .strict();
export type EventInput = z.infer<typeof eventBody>;

const version = z.number().int().positive().describe('The version read: a stale one is refused (409)');

export const eventPatch = z
  .object({
    version: version.optional(),
    name: eventFields.name.optional(),
    facilityIds: eventFields.facilityIds.optional(),
    timeZone: timeZone.optional(),
    startsAt: eventFields.startsAt.optional(),
    endsAt: eventFields.endsAt.optional(),
    roundTheClockDays: eventFields.roundTheClockDays.optional(),
    scaledOpenHour: eventFields.scaledOpenHour.optional(),
    scaledCloseHour: eventFields.scaledCloseHour.optional(),
    phoneLines: eventFields.phoneLines.optional(),
  })
  .strict();
export type EventPatch = z.infer<typeof eventPatch>;

const zoneFields = {
  name: text({ min: 1, max: 100 }),
  leaderPersonId: z.uuid().nullable().optional().describe('The zone leader (a person in the directory)'),
  unitIds: z.array(z.uuid()).max(300).describe('Units of the go-live facilities in this zone'),
};

export const zoneBody = z.object({ ...zoneFields, unitIds: zoneFields.unitIds.default([]) }).strict();
export type ZoneInput = z.infer<typeof zoneBody>;

// Spelled out rather than zoneBody.partial(): in zod 4 a default inside .optional() still applies, so a rename
// alone would have set the zone's units to none.
export const zonePatch = z
  .object({
    name: zoneFields.name.optional(),
    leaderPersonId: zoneFields.leaderPersonId,
    unitIds: zoneFields.unitIds.optional(),
    version: version.optional(),
  })
  .strict();
export type ZonePatch = z.infer<typeof zonePatch>;

export const shiftBody = z
  .object({
    personId: z.uuid(),
    zoneId: z.uuid().nullable().optional().describe('null: the command center'),
    role: shiftRole.default('at_the_elbow'),
    providerId: z.uuid().nullable().optional().describe("Consultants' firm; default: the person's own provider"),
    startsAt: instant,
    endsAt: instant,
  })
  .strict();
export type ShiftInput = z.infer<typeof shiftBody>;

export const zoneDeleteQuery = z.object({ version: z.coerce.number().int().positive().optional() }).strict();

export const rosterQuery = z
  .object({ at: instant.optional().describe('Who is where at this time (default: now)') })
  .strict();

export const issueBody = z
  .object({
    unitId: z.uuid().describe('The unit the issue is on (must be in one of the zones)'),
    serviceId: z.uuid().nullable().optional().describe('Application'),
    moduleId: z.uuid().nullable().optional().describe('Module of the application'),
    category,
    summary: text({ min: 1, max: 200 }),
    description: text({ max: 10_000 }).default(''),
    patientCareAffected: z.boolean().default(false),
    requesterId: z.uuid().optional().describe('The clinician helped (default: the person logging it)'),
    resolveNow: z
      .object({ code: resolutionCode, note: text({ min: 1, max: 5000 }) })
      .strict()
      .optional()
      .describe('Resolved on the spot (desk staff only); without it the issue goes to the command center'),
  })
  .strict();
export type IssueInput = z.infer<typeof issueBody>;

export const duplicateBody = z.object({ of: ticketNumber.describe('The ticket this one duplicates') }).strict();

export const knownIssueBody = z
  .object({
    title: text({ min: 1, max: 200 }),
    workaround: text({ min: 1, max: 4000 }).describe('What to do meanwhile; never patient details'),
    ticket: ticketNumber.optional().describe('The issue on the board it is about'),
    article: z.number().int().min(1).optional().describe('The tip sheet: a knowledge article number'),
  })
  .strict();
export type KnownIssueInput = z.infer<typeof knownIssueBody>;

export const rollupQuery = z
  .object({
    by: z.enum(ROLLUP_DIMENSIONS).default('zone'),
    hours: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(24),
  })
  .strict();

export const huddleQuery = z.object({ at: instant.optional().describe('Default: now') }).strict();

// ---- Answers ----

export const zoneView = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  leader: z.object({ id: z.string(), name: z.string() }).nullable(),
  units: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const eventView = z.object({
  id: z.string(),
  name: z.string(),
  facilities: z.array(z.object({ id: z.string(), name: z.string() })),
  timeZone: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  roundTheClockDays: z.number(),
  scaledOpenHour: z.number(),
  scaledCloseHour: z.number(),
  phoneLines: z.array(z.string()),
  version: z.number(),
  day: z.number().describe('The go-live day now (0 = the first day)'),
  commandCenterOpen: z.boolean(),
  hoursToday: z.string(),
  zones: z.array(zoneView),
});
export type EventView = z.infer<typeof eventView>;

export const eventSummary = eventView.omit({ zones: true });

export const shiftView = z.object({
  id: z.string(),
  person: z.object({ id: z.string(), name: z.string() }),
  provider: z.string().nullable(),
  zone: z.string().nullable(),
  zoneId: z.string().nullable(),
  role: shiftRole,
  startsAt: z.string(),
  endsAt: z.string(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  onFloor: z.boolean(),
});

export const rosterView = z.object({
  at: z.string(),
  shifts: z.array(shiftView),
  onFloor: z.array(z.object({ zone: z.string().nullable(), people: z.array(shiftView) })),
});

export const boardItem = z.object({
  number: z.string(),
  summary: z.string(),
  status: z.string(),
  priority: z.number(),
  category,
  zone: z.string().nullable(),
  unit: z.string().nullable(),
  application: z.string().nullable(),
  module: z.string().nullable(),
  owner: z.object({ group: z.string().nullable(), provider: z.string().nullable(), assignee: z.string().nullable() }),
  patientCareAffected: z.boolean(),
  resolvedOnSpot: z.boolean(),
  duplicateOf: z.string().nullable(),
  duplicates: z.number(),
  loggedBy: z.string().nullable(),
  createdAt: z.string(),
});

export const boardView = z.object({
  event: z.object({ id: z.string(), name: z.string() }),
  open: z.array(boardItem),
  recentlyResolved: z.array(boardItem),
  counts: z.object({ open: z.number(), patientCareAffected: z.number(), resolvedOnSpotToday: z.number() }),
});

export const knownIssueView = z.object({
  id: z.string(),
  eventId: z.string(),
  event: z.string(),
  title: z.string(),
  workaround: z.string(),
  ticket: z.string().nullable(),
  article: z.object({ number: z.number(), title: z.string() }).nullable(),
  publishedAt: z.string(),
  retiredAt: z.string().nullable(),
});

export const issueResult = z.object({
  number: z.string(),
  status: z.string(),
  resolvedOnSpot: z.boolean(),
  zone: z.string().nullable(),
  provider: z.string().nullable(),
  phiWarnings: z.array(z.string()),
});

const rollupRow = z.object({
  key: z.string(),
  logged: z.number(),
  resolvedOnSpot: z.number(),
  patientCareAffected: z.number(),
});

export const rollupView = z.object({
  by: z.enum(ROLLUP_DIMENSIONS),
  from: z.string(),
  to: z.string(),
  hours: z.array(z.object({ hour: z.string(), total: z.number(), rows: z.array(rollupRow) })),
  trend: z.array(
    z.object({ day: z.number(), logged: z.number(), resolvedOnSpot: z.number(), onSpotRate: z.number().nullable() }),
  ),
});

const hint = z.object({
  zoneId: z.string(),
  zone: z.string(),
  perPerson: z.number().nullable(),
  rising: z.boolean(),
  message: z.string(),
});

export const huddleView = z.object({
  event: z.object({ id: z.string(), name: z.string(), day: z.number() }),
  from: z.string(),
  to: z.string(),
  totals: z.object({
    logged: z.number(),
    resolvedOnSpot: z.number(),
    patientCareAffected: z.number(),
    openNow: z.number(),
  }),
  byZone: z.array(rollupRow),
  byCategory: z.array(rollupRow),
  byApplication: z.array(rollupRow),
  trend: rollupView.shape.trend,
  openPatientCare: z.array(boardItem),
  knownIssues: z.array(knownIssueView),
  staffing: z.object({ short: z.array(hint), slack: z.array(hint) }),
  onFloor: z.number(),
});

/** What a person on a go-live shift now may use to log issues (the intake for super-users): their own go-lives
 *  and units, nothing of the roster, the board or other zones. */
export const myIntakeView = z.object({
  superUser: z.boolean().describe('The person carries the super-user flag'),
  goLives: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      timeZone: z.string(),
      shift: z.object({ zone: z.string().nullable(), startsAt: z.string(), endsAt: z.string() }),
      units: z.array(z.object({ id: z.string(), name: z.string(), zone: z.string() })),
    }),
  ),
});
export type MyIntakeView = z.infer<typeof myIntakeView>;
