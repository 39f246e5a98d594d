// Request and response schemas for surveys: answers (portal, link, phone), policies, pulses, response rates.
// Shared with the web app.
import { z } from 'zod';
import { CLINICAL_ROLES } from '../../domain/vocabulary.ts';
import { text } from '../../platform/http/validation.ts';
import { CHANNELS, TICKET_TYPES } from '../tickets/rules/vocabulary.ts';
import { ROLE_GROUPS, SOLVED_ANSWERS, SURVEY_CHANNELS } from './rules.ts';

/** Random, 256 bits, base64url: 43 characters. Anything else is not a survey link. */
export const SURVEY_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The optional comment's limit, counted after trimming (the web form counts and refuses with the same number). */
export const SURVEY_COMMENT_MAX = 2000;

export const answerBody = z
  .object({
    score: z
      .number({ error: 'choose a score from 1 (very dissatisfied) to 5 (very satisfied)' })
      .int('must be a whole number from 1 to 5')
      .min(1, 'must be from 1 to 5')
      .max(5, 'must be from 1 to 5')
      .describe('How satisfied are you? 1 (very dissatisfied) to 5 (very satisfied)'),
    solved: z
      .enum(SOLVED_ANSWERS)
      .optional()
      .describe('Was it solved on your first contact with us? first_contact, later (took more contacts), not_solved'),
    patientCareAffected: z.boolean().optional().describe('Did this affect patient care?'),
    comment: text({ max: SURVEY_COMMENT_MAX }).optional().describe('Anything else (please leave out patient details)'),
  })
  .strict();
export type AnswerInput = z.infer<typeof answerBody>;

export const answerResult = z.object({
  recorded: z.literal(true),
  followUpTicket: z.string().nullable().describe('The follow-up ticket opened for the desk manager, if any'),
  phiWarnings: z.array(z.string()).describe('Kinds of patient details the comment seemed to contain'),
});

export const invitationView = z.object({
  id: z.uuid(),
  kind: z.enum(['ticket', 'pulse']),
  ticketNumber: z.string().nullable(),
  serviceName: z.string().nullable(),
  question: z.string(),
  availableAt: z.string(),
  expiresAt: z.string(),
  state: z.enum(['open', 'not_yet', 'expired', 'answered']),
});
export type InvitationView = z.infer<typeof invitationView>;

export const tokenParam = z.object({ token: z.string().regex(SURVEY_TOKEN, 'is not a survey link') });
export const invitationIdParam = z.object({ id: z.uuid('must be a UUID') });
export const ticketNumberParam = z.object({ number: z.string().min(1).max(20) });

export const linkView = z.object({ url: z.string(), token: z.string(), expiresAt: z.string() });

export const ctiSurveyBody = z
  .object({
    callId: text({ min: 1, max: 200 }).describe("The phone system's id of the call the survey followed"),
    ticketNumber: text({ min: 1, max: 20 })
      .optional()
      .describe('The ticket the call was about (default: the ticket the call opened, else its latest linked ticket)'),
    score: answerBody.shape.score,
    solved: answerBody.shape.solved,
    patientCareAffected: answerBody.shape.patientCareAffected,
  })
  .strict();
export type CtiSurveyInput = z.infer<typeof ctiSurveyBody>;
export const ctiSurveyResult = answerResult.extend({
  duplicate: z.boolean().describe('true when this call had already posted its survey (nothing recorded twice)'),
  ticketNumber: z.string(),
});

const ids = z.array(z.uuid('must be a UUID')).max(200);
export const policyConditions = z
  .object({
    ticketTypes: z.array(z.enum(TICKET_TYPES)).max(10).optional(),
    serviceIds: ids.optional(),
    providerIds: ids.optional(),
    channels: z.array(z.enum(CHANNELS)).max(10).optional(),
    clinicalRoles: z.array(z.enum(CLINICAL_ROLES)).max(20).optional(),
  })
  .strict();

export const policyBody = z
  .object({
    name: text({ min: 1, max: 120 }),
    active: z.boolean().default(true),
    position: z.number().int().min(0).max(10_000).describe('Policies are tried from the lowest position'),
    conditions: policyConditions.default({}),
    probability: z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').describe('Share asked, 0–1'),
    repeatIntervalDays: z.number().int().min(0).max(365).describe('Nobody is asked more than once in this many days'),
    delayMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .describe('Minutes after resolution before asking'),
    expiresAfterDays: z.number().int().min(1).max(90).describe('Days the survey can be answered'),
  })
  .strict();
export type PolicyInput = z.infer<typeof policyBody>;
export const policyView = policyBody.extend({ id: z.uuid(), createdAt: z.string(), updatedAt: z.string() });

export const pulseBody = z
  .object({
    name: text({ min: 1, max: 120 }),
    facilityId: z.uuid().optional().describe('Only clinicians of this facility (default: every facility)'),
    sample: z
      .object(Object.fromEntries(ROLE_GROUPS.map((g) => [g, z.number().int().min(0).max(5000).optional()])))
      .strict()
      .refine((s) => Object.values(s).some((n) => (n ?? 0) > 0), 'ask at least one person')
      .describe('How many people to ask per role group: physicians, advanced_practice, nurses, others'),
    periodDays: z.number().int().min(1).max(366).default(90).describe('The period of support the pulse asks about'),
    expiresAfterDays: z.number().int().min(1).max(60).default(14),
  })
  .strict();
export type PulseInput = z.infer<typeof pulseBody>;

export const pulseView = z.object({
  id: z.uuid(),
  name: z.string(),
  facilityId: z.uuid().nullable(),
  sample: z.record(z.string(), z.number()),
  invited: z.number(),
  answered: z.number(),
  withoutAccount: z
    .number()
    .describe('People asked who have no portal account: POST /api/v1/surveys/pulses/{id}/links gives their links'),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export const pulseRunResult = pulseView.extend({ byGroup: z.record(z.string(), z.number()) });

/** Who a pulse asked without a portal account: names and places only (pulses are about no ticket: nothing typed). */
const pulseRecipient = z.object({
  invitationId: z.uuid(),
  displayName: z.string(),
  clinicalRole: z.string().nullable(),
  unit: z.string().nullable(),
  facility: z.string().nullable(),
});
export const pulseRecipientsView = z.object({
  pulseId: z.uuid(),
  name: z.string(),
  expiresAt: z.string(),
  recipients: z.array(
    pulseRecipient.extend({
      state: z.enum(['open', 'not_yet', 'expired', 'answered']),
      linkIssued: z.boolean().describe('A link was given out; it cannot be shown again, only replaced'),
    }),
  ),
});
export type PulseRecipientsView = z.infer<typeof pulseRecipientsView>;

export const pulseLinksBody = z
  .object({
    invitationIds: z
      .array(z.uuid('must be a UUID'))
      .min(1)
      .max(1000)
      .optional()
      .describe('Only these recipients (default: every recipient of the pulse who has no portal account)'),
    replaceIssued: z
      .boolean()
      .default(false)
      .describe('Also give a new link to recipients who already have one: their earlier link stops working'),
  })
  .strict();
export type PulseLinksInput = z.infer<typeof pulseLinksBody>;

export const pulseLinksResult = z.object({
  pulseId: z.uuid(),
  name: z.string(),
  expiresAt: z.string(),
  links: z
    .array(pulseRecipient.extend({ url: z.string().describe('The path of the single-use link, /s/<token>') }))
    .describe('Shown once: only a hash of each token is stored'),
  skipped: z.object({
    alreadyIssued: z.number().describe('Already have a link (send replaceIssued to replace it)'),
    answered: z.number(),
    expired: z.number(),
  }),
});
export type PulseLinksResult = z.infer<typeof pulseLinksResult>;

export const RATE_DIMENSIONS = ['role', 'role_group', 'unit', 'facility', 'channel'] as const;
export const ratesQuery = z
  .object({
    from: z.iso.date('must be a date like 2025-01-31'),
    to: z.iso.date('must be a date like 2025-03-31'),
    by: z.enum(RATE_DIMENSIONS, { error: `must be one of ${RATE_DIMENSIONS.join(', ')}` }).default('role_group'),
    kind: z.enum(['ticket', 'pulse']).optional(),
  })
  .strict();
export type RatesQuery = z.infer<typeof ratesQuery>;

const rateRow = z.object({
  group: z.string(),
  asked: z.number(),
  answered: z.number(),
  rate: z.number().nullable(),
  askedShare: z.number().nullable().describe("This group's share of everyone asked"),
  answeredShare: z.number().nullable().describe("This group's share of everyone who answered (bias shows as a gap)"),
});
export const ratesView = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(RATE_DIMENSIONS),
  total: rateRow.omit({ group: true, askedShare: true, answeredShare: true }),
  groups: z.array(rateRow),
});
export type RatesView = z.infer<typeof ratesView>;

export const responseView = z.object({
  id: z.uuid(),
  kind: z.enum(['ticket', 'pulse']),
  ticketNumber: z.string().nullable(),
  score: z.number(),
  solvedFirstContact: z.boolean().nullable(),
  stillUnsolved: z.boolean(),
  patientCareAffected: z.boolean().nullable(),
  comment: z.string().nullable().describe('Absent for vendor engineers'),
  commentPhiSuspected: z.boolean(),
  channel: z.enum(SURVEY_CHANNELS),
  respondedAt: z.string(),
  clinicalRole: z.string().nullable(),
  followUpTicket: z.string().nullable(),
});
export type ResponseView = z.infer<typeof responseView>;

export const ticketSurveyView = z.object({
  invitation: invitationView.nullable(),
  response: responseView.nullable(),
});

export const responsesQuery = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    kind: z.enum(['ticket', 'pulse']).optional(),
    maxScore: z.coerce.number().int().min(1).max(5).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const surveySettingsBody = z
  .object({ recoveryGroupId: z.uuid().nullable().describe("The desk manager's group that takes recovery follow-ups") })
  .strict();
export type SurveySettings = z.infer<typeof surveySettingsBody>;
