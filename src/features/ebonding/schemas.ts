// Wire shapes of e-bonding (issue 16; the contract in docs/vendors.md "E-bonding"): the connection an administrator
// keeps per provider, and the update a provider's ticketing system posts. Nothing here carries PHI: states, numbers
// and ids, and a comment that goes on the shared thread (masked for vendors like every shared reply).
import { z } from 'zod';
import { integrationTokenView } from '../../platform/auth/integration-schemas.ts';
import { text } from '../../platform/http/validation.ts';
import { FIX_VERSION, VENDOR_STATES } from '../tickets/rules/vendor-case.ts';
import { parseTicketNumber } from '../tickets/rules/vocabulary.ts';
import { TICKET_TEXT_MAX } from '../tickets/schemas.ts';
import { EBOND_STATES, STATE_MAP_MAX, STATE_NAME_MAX } from './rules/state-map.ts';

export const ebondState = z.enum(EBOND_STATES);

export const stateMap = z
  .record(z.string().max(STATE_NAME_MAX, `at most ${STATE_NAME_MAX} characters`), ebondState)
  .refine((m) => Object.keys(m).length >= 1, 'map at least one of the provider’s state names')
  .refine((m) => Object.keys(m).length <= STATE_MAP_MAX, `at most ${STATE_MAP_MAX} state names`)
  .describe(
    'The provider’s state names (matched case-insensitively after trimming) → working, needs_info, fix_proposed, ' +
      'fix_released or returned',
  );

export const connectionBody = z
  .object({
    enabled: z.boolean().describe('Off: every update is refused (403) until it is switched on again'),
    stateMap,
  })
  .strict();
export type ConnectionBody = z.infer<typeof connectionBody>;

export const connectionView = z.object({
  enabled: z.boolean(),
  stateMap: z.record(z.string(), ebondState),
  account: z
    .object({ id: z.uuid(), username: z.string() })
    .nullable()
    .describe('The password-less vendor account bound to the provider (null until the connection is first saved)'),
  tokens: z.array(integrationTokenView).describe('Its tokens not revoked, oldest first (expired ones included)'),
});
export type ConnectionView = z.infer<typeof connectionView>;

export const providerTokenParams = z.object({ id: z.uuid('must be a UUID'), tokenId: z.uuid('must be a UUID') });

/** How far ahead of our clock an update may say it happened (systems' clocks differ a little, not by days): a date
 *  far in the future would make every later update look older and freeze the ticket. */
export const FUTURE_SKEW_MS = 60 * 60_000;

export const updateBody = z
  .object({
    eventId: text({ min: 1, max: 200 }).describe('The vendor system’s id of this update: sent twice, applied once'),
    occurredAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO date and time, e.g. 2026-12-02T10:15:00Z' })
      .refine(
        (s) => Date.parse(s) <= Date.now() + FUTURE_SKEW_MS,
        'must not be more than an hour ahead of the server’s clock',
      )
      .describe('When it happened in the vendor’s system: an update older than one already applied is stale'),
    ticket: text({ min: 1, max: 30 })
      .refine((s) => parseTicketNumber(s) !== null, 'must be a ticket number such as CSD-001234')
      .optional()
      .describe('The Clinidesk ticket number'),
    caseReference: text({ min: 1, max: 100 }).optional().describe('The vendor’s own case number'),
    state: text({ min: 1, max: STATE_NAME_MAX }).optional().describe('The vendor’s state name, as mapped'),
    fixVersion: text({ min: 1, max: 40 })
      .refine((v) => FIX_VERSION.test(v), 'letters, digits, dots or dashes only (e.g. 4.2.1)')
      .optional()
      .describe('Required when the state maps to fix_released'),
    comment: text({ min: 1, max: TICKET_TEXT_MAX.comment })
      .optional()
      .describe('Posted on the thread shared with the desk (checked for likely PHI, masked for vendors)'),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (!b.ticket && !b.caseReference)
      ctx.addIssue({ code: 'custom', path: ['ticket'], message: 'name the ticket, the case reference, or both' });
    if (!b.state && !b.comment && !b.caseReference)
      ctx.addIssue({ code: 'custom', path: ['state'], message: 'send a state, a comment or a case reference' });
  });
export type UpdateBody = z.infer<typeof updateBody>;

export const UPDATE_ANSWERS = ['applied', 'stale', 'duplicate'] as const;

export const updateAnswer = z.object({
  outcome: z.enum(UPDATE_ANSWERS),
  ticket: z.string().describe('The ticket number, e.g. CSD-001234'),
  vendorState: z.enum(VENDOR_STATES).nullable().describe('The case state now (null: none, e.g. returned to desk)'),
  eventId: z.string(),
  firstOutcome: z
    .enum(['applied', 'stale'])
    .optional()
    .describe('duplicate only: what the first delivery of this event id did'),
});
export type UpdateAnswer = z.infer<typeof updateAnswer>;
