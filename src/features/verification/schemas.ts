// Wire shapes of caller verification: the administrator's policy, starting a check for a credential request on a
// ticket, recording an attempt, making the change, and what the desk sees. Imported by the web app too.
import { z } from 'zod';
import { CLINICAL_ROLES } from '../../domain/vocabulary.ts';
import { text } from '../../platform/http/validation.ts';
import { phoneInput } from '../directory/people-schemas.ts';
import { instant, rangeChecked } from '../reports/schemas.ts';
import type { Policy } from './rules/policy.ts';
import { METHODS, OUTCOMES, REQUEST_KINDS, RISK_LEVELS, SIGNALS, STATES } from './rules/vocabulary.ts';

const level = z
  .object({
    methods: z.array(z.enum(METHODS)).min(1).max(METHODS.length).describe('Checks that count at this level'),
    required: z.int().min(1).max(METHODS.length).describe('How many different passed checks are needed'),
  })
  .strict();

export const verificationPolicy = z
  .object({
    highRiskRoles: z.array(z.enum(CLINICAL_ROLES)).max(CLINICAL_ROLES.length),
    highRiskRequests: z.array(z.enum(REQUEST_KINDS)).max(REQUEST_KINDS.length),
    highRiskSignals: z.array(z.enum(SIGNALS)).max(SIGNALS.length),
    unlockAlwaysVerified: z.boolean(),
    standard: level,
    high: level,
    fastPath: z
      .object({
        enabled: z.boolean(),
        roles: z.array(z.enum(CLINICAL_ROLES)).max(CLINICAL_ROLES.length),
        methods: z.array(z.enum(METHODS)).max(METHODS.length),
      })
      .strict(),
    maxFailures: z.int().min(1).max(10),
    validForMinutes: z.int().min(1).max(240),
    recentResets: z.object({ windowDays: z.int().min(1).max(365), count: z.int().min(1).max(50) }).strict(),
    alert: z.object({ windowHours: z.int().min(1).max(720), threshold: z.int().min(1).max(50) }).strict(),
  })
  .strict() satisfies z.ZodType<Policy>;

export const verificationPolicyView = verificationPolicy.extend({
  isDefault: z.boolean(),
  updatedAt: z.iso.datetime().nullable(),
});
export type VerificationPolicyView = z.infer<typeof verificationPolicyView>;

export const startVerificationBody = z
  .object({
    request: z.enum(REQUEST_KINDS),
    newDevice: z.boolean().default(false).describe('The caller says they have a new phone or device'),
  })
  .strict();
export type StartVerificationInput = z.infer<typeof startVerificationBody>;

export const recordAttemptBody = z
  .object({
    method: z.enum(METHODS),
    outcome: z.enum(OUTCOMES),
    phone: phoneInput.optional().describe('Call-back: the number on file that was dialled'),
    confirmedById: z.uuid().optional().describe('Supervisor confirmation: the person who confirmed'),
    idKind: text({ min: 1, max: 60 }).optional().describe('Video: the kind of photo ID seen (no image is stored)'),
    note: text({ max: 500 }).optional(),
  })
  .strict();
export type RecordAttemptInput = z.infer<typeof recordAttemptBody>;

export const recordChangeBody = z.object({ note: text({ max: 500 }).optional() }).strict();
export const confirmBody = z.object({ outcome: z.enum(OUTCOMES) }).strict();

const personBrief = z.object({ personId: z.uuid(), displayName: z.string(), phones: z.array(z.string()) });

export const verificationView = z.object({
  id: z.uuid(),
  ticketNumber: z.string(),
  request: z.enum(REQUEST_KINDS),
  subject: personBrief,
  supervisor: personBrief.nullable(),
  risk: z.object({ level: z.enum(RISK_LEVELS), reasons: z.array(z.string()) }),
  signals: z.array(z.enum(SIGNALS)),
  requirement: z.object({ methods: z.array(z.enum(METHODS)), required: z.int(), fastPath: z.boolean() }),
  state: z.enum(STATES),
  verifiedAt: z.iso.datetime().nullable(),
  changedAt: z.iso.datetime().nullable(),
  /** Why the change is still blocked, in words for the agent; null when it may go ahead (or was made). */
  blocked: z.string().nullable(),
  attempts: z.array(
    z.object({
      id: z.uuid(),
      method: z.enum(METHODS),
      outcome: z.enum(OUTCOMES),
      phone: z.string().nullable(),
      confirmedBy: z.string().nullable(),
      idKind: z.string().nullable(),
      note: z.string().nullable(),
      recordedBy: z.string(),
      at: z.iso.datetime(),
    }),
  ),
  createdAt: z.iso.datetime(),
});
export type VerificationView = z.infer<typeof verificationView>;

export const ticketVerifications = z.object({ items: z.array(verificationView) });

/** What a supervisor on record sees to confirm from the portal: who asks what, never the ticket's text. */
export const toConfirmView = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      ticketNumber: z.string(),
      request: z.enum(REQUEST_KINDS),
      subject: z.string(),
      createdAt: z.iso.datetime(),
    }),
  ),
});

/** The identity-check report's query: a range of days (or instants) and optionally the subjects' facility. */
export const identityCheckQuery = rangeChecked(
  z
    .object({
      from: instant.describe('Start of the range (inclusive): when checks were started, tried or changes made'),
      to: instant.describe('End of the range (exclusive)'),
      facilityId: z.uuid().optional().describe("The account owners' facility"),
    })
    .strict(),
);
export type IdentityCheckQuery = z.infer<typeof identityCheckQuery>;

export const identityCheckReport = z.object({
  range: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  totals: z.object({
    started: z.int(),
    highRisk: z.int(),
    fastPath: z.int(),
    changed: z.int(),
    failed: z.int(),
    open: z.int(),
    alerts: z.int(),
  }),
  byRequest: z.array(
    z.object({
      request: z.enum(REQUEST_KINDS),
      started: z.int(),
      highRisk: z.int(),
      fastPath: z.int(),
      changed: z.int(),
      failed: z.int(),
      open: z.int(),
    }),
  ),
  byMethod: z.array(z.object({ method: z.enum(METHODS), passed: z.int(), failed: z.int(), refused: z.int() })),
  accounts: z.array(
    z.object({
      personId: z.uuid(),
      displayName: z.string(),
      clinicalRole: z.string(),
      changes: z.int(),
      failedChecks: z.int(),
      alerts: z.int(),
    }),
  ),
});
export type IdentityCheckReport = z.infer<typeof identityCheckReport>;
