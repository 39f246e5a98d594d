// Wire shapes of the ticket API. Imported by the web app: change them here, never re-declare them there.
import { z } from 'zod';
import { DEVICE_TYPES, TIERS } from '../../domain/vocabulary.ts';
import { roleSchema } from '../../platform/auth/schemas.ts';
import { text } from '../../platform/http/validation.ts';
import { slaBrief, slaDetail } from '../sla/view.ts';
import type { TicketActions } from './rules/policy.ts';
import { FIX_VERSION, VENDOR_MOVES, VENDOR_STATES } from './rules/vendor-case.ts';
import {
  CHANNELS,
  COMMENT_VISIBILITIES,
  HANDOFF_KINDS,
  LINK_KINDS,
  RESOLUTION_CODES,
  SCOPES,
  STATUSES,
  TICKET_TYPES,
} from './rules/vocabulary.ts';

export const ticketType = z.enum(TICKET_TYPES);
export const channel = z.enum(CHANNELS);
export const status = z.enum(STATUSES);
export const scope = z.enum(SCOPES);
export const tier = z.enum(TIERS);
export const deviceType = z.enum(DEVICE_TYPES);
export const resolutionCode = z.enum(RESOLUTION_CODES);
export const linkKind = z.enum(LINK_KINDS);
export const vendorState = z.enum(VENDOR_STATES);
export const vendorMove = z.enum(VENDOR_MOVES);
export const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/** How long a ticket's texts may be; the web forms count against the same numbers. */
export const TICKET_TEXT_MAX = { summary: 200, description: 10_000, errorText: 2000, comment: 20_000 } as const;

export const ticketNumberParam = z.object({
  number: z.string().regex(/^(?:CSD-)?\d{1,15}$/i, 'must be a ticket number such as CSD-001234'),
});

const resolution = z
  .object({
    code: resolutionCode,
    note: text({ min: 1, max: 5000 }),
  })
  .strict();

/** The clinical context a ticket carries; every field optional on input. */
const clinicalContext = {
  facilityId: z.uuid().nullable().optional(),
  unitId: z.uuid().nullable().optional(),
  locationId: z.uuid().nullable().optional(),
  locationText: text({ max: 200 }).nullable().optional().describe('Room/bed or place, when not in the directory'),
  assetTag: text({ max: 100 }).nullable().optional().describe('Workstation or device asset tag'),
  deviceType: deviceType.nullable().optional(),
  serviceId: z.uuid().nullable().optional().describe('Application, device class or infrastructure service'),
  moduleId: z.uuid().nullable().optional().describe('Module of the application'),
  errorText: text({ max: TICKET_TEXT_MAX.errorText }).nullable().optional(),
  patientCareAffected: z.boolean().optional().describe('Is patient care affected right now (a patient waiting)?'),
  scope: scope.optional().describe('Who is affected: me, my unit, the facility, the enterprise'),
  workaroundAvailable: z.boolean().nullable().optional(),
  patientSafety: z.boolean().optional(),
  safetyReportRef: text({ max: 100 })
    .nullable()
    .optional()
    .describe("The hospital's safety-event report number; never patient identifiers"),
};

export const openTicketBody = z
  .object({
    type: ticketType.default('incident'),
    channel: channel.optional().describe('Staff only; requesters always open through the portal'),
    summary: text({ min: 1, max: TICKET_TEXT_MAX.summary }),
    description: text({ max: TICKET_TEXT_MAX.description }).default(''),
    requesterId: z.uuid().optional().describe('The person who needs help (staff, or a super-user for their unit)'),
    ...clinicalContext,
    impact: level.optional().describe('Staff only: overrides the impact derived from scope'),
    urgency: level.optional().describe('Staff only: overrides the urgency derived from the clinical answers'),
    assignToMe: z.boolean().optional(),
    resolveNow: resolution.optional().describe('Staff only: resolved on this contact (e.g. during the call)'),
  })
  .strict();
export type OpenTicketInput = z.infer<typeof openTicketBody>;

export const updateTicketBody = z
  .object({
    version: z.number().int().min(1).describe('The version you last read; a stale version is a 409'),
    status: status.optional(),
    resolution: resolution.optional(),
    summary: text({ min: 1, max: TICKET_TEXT_MAX.summary }).optional(),
    description: text({ max: TICKET_TEXT_MAX.description }).optional(),
    type: ticketType.optional(),
    ...clinicalContext,
    impact: level.optional(),
    urgency: level.optional(),
    assigneeId: z.uuid().nullable().optional().describe('null unassigns'),
    groupId: z.uuid().nullable().optional(),
    callbackRequested: z.boolean().optional(),
  })
  .strict();
export type UpdateTicketInput = z.infer<typeof updateTicketBody>;

export const commentBody = z
  .object({
    visibility: z
      .enum(COMMENT_VISIBILITIES)
      .optional()
      .describe(
        'public: the requester sees it (default for the desk); internal: desk only; vendor: the thread shared with ' +
          'the outside provider that holds or held the ticket (the only thread a vendor reads and writes)',
      ),
    body: text({ min: 1, max: TICKET_TEXT_MAX.comment }),
  })
  .strict();

/** The requester's answer to "Did this fix it?": yes closes the ticket; no reopens it with what is still wrong. */
export const confirmFixBody = z
  .object({ fixed: z.boolean(), comment: text({ min: 1, max: 5000 }).optional() })
  .strict();
export type ConfirmFixInput = z.infer<typeof confirmFixBody>;

export const escalationBody = z
  .object({
    toTier: tier,
    groupId: z.uuid().optional().describe('Default: the group that covers the service at that tier'),
    assigneeId: z.uuid().optional(),
    reason: text({ min: 3, max: 2000 }),
    vendorReference: text({ max: 100 }).optional().describe("The vendor's own case number"),
  })
  .strict();

export const vendorCaseBody = z
  .object({
    state: vendorMove.describe(
      'working, needs_info (needs information from the hospital), fix_proposed, fix_released (with version), ' +
        'or returned (hands the ticket back to the desk, with reason)',
    ),
    version: text({ min: 1, max: 40 })
      .refine((v) => FIX_VERSION.test(v), 'letters, digits, dots or dashes only (e.g. 4.2.1)')
      .optional()
      .describe('The version the fix was released in (fix_released only)'),
    reason: text({ min: 3, max: 2000 }).optional().describe('Why the ticket goes back to the desk (returned only)'),
    message: text({ min: 1, max: TICKET_TEXT_MAX.comment })
      .optional()
      .describe('A reply on the thread shared with the desk, posted with the change'),
  })
  .strict();

export const linkBody = z
  .object({
    kind: linkKind,
    other: ticketNumberParam.shape.number,
  })
  .strict();

export const ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/json',
  'application/zip',
] as const;
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

export const attachmentBody = z
  .object({
    filename: text({ min: 1, max: 200 }).refine((s) => !/[/\\]/.test(s), 'must be a file name, not a path'),
    contentType: z.enum(ATTACHMENT_TYPES),
    dataBase64: z.string().max(Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 4, 'the file is larger than 5 MiB'),
    mayContainPhi: z.boolean().default(true),
  })
  .strict();

const person = z.object({ id: z.uuid(), name: z.string() });
const named = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const requesterCard = z.object({
  id: z.uuid(),
  name: z.string(),
  clinicalRole: z.string(),
  specialty: z.string().nullable(),
  unit: z.string().nullable(),
  facility: z.string().nullable(),
  phones: z.array(z.string()),
  provider: z.boolean(),
  sensitive: z.boolean(),
  openTickets: z
    .number()
    .int()
    .nullable()
    .describe("The requester's other open tickets (not this one); null for viewers outside the desk"),
});

export const handoffView = z.object({
  id: z.uuid(),
  at: z.string(),
  kind: z.enum(HANDOFF_KINDS),
  fromTier: tier.nullable(),
  toTier: tier,
  fromProvider: z.string().nullable(),
  toProvider: z.string().nullable(),
  fromGroup: z.string().nullable(),
  toGroup: z.string().nullable(),
  fromUser: z.string().nullable(),
  toUser: z.string().nullable(),
  reason: z.string().nullable(),
  vendorReference: z.string().nullable(),
  actor: z.string().nullable(),
});

export const commentView = z.object({
  id: z.uuid(),
  at: z.string(),
  author: z.string().nullable(),
  authorRole: roleSchema.nullable(),
  visibility: z.enum(COMMENT_VISIBILITIES),
  body: z.string(),
  phiSuspected: z.boolean(),
  emailSender: z
    .object({
      name: z.string().nullable(),
      address: z.string(),
      unverified: z.boolean().describe('Not yet confirmed by an agent: anyone can put any address in From'),
    })
    .nullable()
    .describe('Who sent it by email, when they have no account (the comment then has no author)'),
});

export const activityView = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string().nullable(),
  kind: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const attachmentView = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  mayContainPhi: z.boolean(),
  uploadedAt: z.string(),
});

export const linkView = z.object({
  kind: linkKind,
  direction: z.enum(['outgoing', 'incoming']),
  number: z.string(),
  summary: z.string(),
  status,
});

export const ticketSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  type: ticketType,
  channel,
  status,
  priority: z.number().int().min(1).max(4),
  summary: z.string(),
  requester: person,
  requesterIsProvider: z.boolean(),
  facility: z.string().nullable(),
  unit: z.string().nullable(),
  service: z.string().nullable(),
  module: z.string().nullable(),
  patientCareAffected: z.boolean(),
  tier,
  group: z.string().nullable(),
  assignee: person.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  ageMinutes: z.number().int(),
  sla: slaBrief.nullable(),
  rank: z.number().optional().describe('Text-search relevance, when searching'),
  version: z.number().int().describe('Send it back with PATCH (optimistic concurrency)'),
  vendorState: vendorState
    .nullable()
    .optional()
    .describe("The holding vendor's case state (working, needs_info, fix_proposed, fix_released); null when none"),
});
export type TicketSummary = z.infer<typeof ticketSummary>;

export const vendorQueueItem = ticketSummary.extend({
  vendorState: vendorState.nullable(),
  fixVersion: z.string().nullable(),
  contractClock: z
    .object({
      policyName: z.string(),
      dueAt: z.string().nullable().describe('When the sooner of its running clocks is due; null while it stands still'),
      breachedAt: z.string().nullable(),
      paused: z.boolean(),
    })
    .nullable()
    .describe("The provider's running contract clock; null when its contract sets none"),
});
export const vendorQueue = z.object({
  items: z.array(vendorQueueItem).describe('Breached first, then soonest due, then the rest oldest first'),
  total: z.number().int(),
});

/** What the ticket page offers this viewer (rules/policy.ts): each one the server accepts from them. */
export const ticketActionsView = z
  .object({
    work: z.boolean().describe('Change status, link and attach: the Actions panel'),
    assignToMe: z.boolean(),
    resolve: z.boolean(),
    escalate: z.boolean(),
    comment: z
      .array(z.enum(COMMENT_VISIBILITIES))
      .describe('The threads the viewer may write on now, the default first; none once the ticket is closed'),
    confirmFix: z.boolean().describe('Answer "Did this fix it?" (the requester, on a resolved ticket)'),
    readTimeline: z.boolean(),
    downloadAttachments: z.boolean(),
    useKnowledge: z.boolean().describe('Use knowledge articles on the ticket'),
  })
  .describe('What this viewer may do to the ticket, for the screens to offer') satisfies z.ZodType<TicketActions>;

export const ticketDetail = ticketSummary.extend({
  description: z.string(),
  requesterCard,
  openedBy: z.string().nullable(),
  facilityId: z.uuid().nullable(),
  unitId: z.uuid().nullable(),
  locationId: z.uuid().nullable(),
  location: z.string().nullable(),
  assetTag: z.string().nullable(),
  deviceType: deviceType.nullable(),
  serviceId: z.uuid().nullable(),
  moduleId: z.uuid().nullable(),
  errorText: z.string().nullable(),
  scope,
  workaroundAvailable: z.boolean().nullable(),
  patientSafety: z.boolean(),
  safetyReportRef: z.string().nullable(),
  impact: level,
  urgency: level,
  priorityReason: z.string(),
  provider: named,
  groupId: z.uuid().nullable(),
  resolutionCode: resolutionCode.nullable(),
  resolutionNote: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  reopenCount: z.number().int(),
  firstContact: z.object({
    liveContact: z.boolean(),
    resolvedOnFirstContact: z.boolean(),
    level1: z.boolean(),
    reasons: z.array(z.string()),
  }),
  firstTouch: z
    .object({
      nonLiveChannel: z.boolean().describe('Opened through the portal or by email: the first-touch denominator'),
      resolvedOnFirstTouch: z.boolean(),
      firstResponseAt: z.string().nullable(),
      reasons: z.array(z.string()),
    })
    .describe("First-touch resolution (portal and email), derived from the ticket's history; reported beside FCR"),
  allowedStatuses: z.array(status),
  actions: ticketActionsView,
  comments: z.array(commentView),
  handoffs: z.array(handoffView),
  links: z.array(linkView),
  attachments: z.array(attachmentView),
  phiWarnings: z.array(z.string()).describe('Kinds of likely PHI found in free text (warn the writer)'),
  phiMasked: z.boolean().describe('True when free text was masked for this viewer'),
  heldByOutsideProvider: z
    .boolean()
    .describe('An outside provider (vendor, outsourcer) holds or held the ticket: the desk may reply to it'),
  slaDetail: slaDetail.nullable().describe('Both SLA clocks, the policy that applied, and who used the time'),
  vendorCase: z
    .object({
      state: vendorState.nullable().describe('null: the holding vendor has not said yet (or no vendor holds it)'),
      label: z.string().nullable(),
      fixVersion: z.string().nullable(),
      since: z.string().nullable(),
      deskCue: z
        .enum(['answer_vendor', 'confirm_fix'])
        .nullable()
        .describe('What the desk is asked to do: answer the vendor on the shared thread, or confirm the fix'),
      moves: z.array(vendorMove).describe('The case moves this viewer may make now (the holding vendor only)'),
    })
    .describe("The vendor's case state while its provider holds the ticket"),
});
export type TicketDetail = z.infer<typeof ticketDetail>;

export const BUILT_IN_VIEWS = [
  'my_open',
  'unassigned_urgent_clinical',
  'pending_vendor',
  'all_open',
  'patient_care',
  'my_requests',
  'sla_at_risk',
] as const;
export const viewId = z.enum(BUILT_IN_VIEWS);

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(20));

export const listQuery = z
  .object({
    view: viewId.optional(),
    q: text({ max: 200 }).optional().describe('Full-text search, ranked'),
    status: csv(status).optional(),
    priority: csv(z.coerce.number().int().min(1).max(4)).optional(),
    facilityId: z.uuid().optional(),
    unitId: z.uuid().optional(),
    serviceId: z.uuid().optional(),
    moduleId: z.uuid().optional(),
    providerId: z.uuid().optional(),
    tier: tier.optional(),
    groupId: z.uuid().optional(),
    assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
    requesterId: z.uuid().optional(),
    patientCareAffected: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    olderThanMinutes: z.coerce.number().int().min(0).max(10_000_000).optional(),
    createdAfter: z.iso.datetime().optional(),
    createdBefore: z.iso.datetime().optional(),
    vendorState: csv(vendorState).optional().describe("The holding vendor's case state, e.g. needs_info"),
    sort: z
      .enum(['priority', 'newest', 'oldest', 'updated', 'relevance'])
      .optional()
      .describe(
        'relevance (default with q) ranks the 500 most recent matches, then the older ones follow newest first',
      ),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type ListQuery = z.infer<typeof listQuery>;
export const vendorQueueQuery = z.object({ state: csv(vendorState).optional() }).strict();

export const ticketPage = z.object({
  items: z.array(ticketSummary),
  total: z.number().int().describe('Matching tickets, counted up to 10,000 (1,000 for a text search, q) for speed'),
  totalCapped: z.boolean().describe('True when counting stopped there: at least `total` tickets match'),
  counts: z.record(z.string(), z.number().int()).optional().describe('Open tickets per built-in view'),
});

export const viewCounts = z.array(z.object({ id: viewId, name: z.string(), count: z.number().int() }));

// A person's saved views: a name and the same filters as the list.
export const savedViewFilter = listQuery.omit({ limit: true, offset: true });
export const savedViewBody = z.object({ name: text({ min: 1, max: 80 }), filter: savedViewFilter }).strict();
export const savedViewView = z.object({
  id: z.uuid(),
  name: z.string(),
  filter: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
