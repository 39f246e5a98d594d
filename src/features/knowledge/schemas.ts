// Wire shapes of the knowledge API. Imported by the web app: change them here, never re-declare them there.
import { z } from 'zod';
import { CLINICAL_ROLES, UNIT_KINDS } from '../../domain/vocabulary.ts';
import { text } from '../../platform/http/validation.ts';
import { ACTIONS } from './rules/lifecycle.ts';
import { ARTICLE_STATUSES, ARTICLE_TYPES, AUDIENCES } from './rules/vocabulary.ts';

export const articleType = z.enum(ARTICLE_TYPES);
export const articleStatus = z.enum(ARTICLE_STATUSES);
export const audience = z.enum(AUDIENCES);
export const clinicalRole = z.enum(CLINICAL_ROLES);
export const unitKind = z.enum(UNIT_KINDS);
export const lifecycleAction = z.enum(ACTIONS);

export const articleNumberParam = z.object({
  number: z.string().regex(/^(?:KB-)?\d{1,12}$/i, 'must be an article number such as KB-00012'),
});

const tag = text({ min: 1, max: 40 }).transform((s) => s.toLowerCase());
const isoDate = z.iso.date('must be a date such as 2027-03-31');

const articleFields = {
  title: text({ min: 3, max: 200 }),
  body: text({ min: 1, max: 50_000 }).describe('Markdown; rendered and sanitised on display'),
  type: articleType,
  serviceId: z.uuid().nullable().optional().describe('Application, device class or infrastructure service'),
  moduleId: z.uuid().nullable().optional().describe('A module of the application'),
  roles: z.array(clinicalRole).max(CLINICAL_ROLES.length).optional().describe('Clinical roles it is for; none = all'),
  unitKinds: z.array(unitKind).max(UNIT_KINDS.length).optional().describe('Kinds of unit it is for; none = all'),
  facilityIds: z.array(z.uuid()).max(20).optional().describe('Facilities it applies to; none = all'),
  audience: audience.optional().describe('agents: desk staff only; portal: also clinicians in the portal'),
  ownerGroupId: z.uuid().nullable().optional(),
  reviewDue: isoDate.nullable().optional(),
  tags: z.array(tag).max(20).optional(),
};

export const createArticleBody = z
  .object({ ...articleFields, note: text({ max: 500 }).optional().describe('What this version changes') })
  .strict();
export type CreateArticle = z.infer<typeof createArticleBody>;

export const updateArticleBody = z
  .object(articleFields)
  .partial()
  .extend({
    note: text({ max: 500 }).optional(),
    version: z.number().int().min(1).describe('The version you read (optimistic concurrency)'),
  })
  .strict();
export type UpdateArticle = z.infer<typeof updateArticleBody>;

export const transitionBody = z
  .object({ action: lifecycleAction, note: text({ max: 1000 }).optional(), version: z.number().int().min(1) })
  .strict();

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(20));

export const searchQuery = z
  .object({
    q: text({ max: 200 }).optional().describe('Words, phrases in quotes, -excluded; typos tolerated'),
    serviceId: z.uuid().optional(),
    moduleId: z.uuid().optional(),
    role: clinicalRole.optional().describe('Only articles for this clinical role (or for everyone)'),
    type: csv(articleType).optional(),
    status: csv(articleStatus).optional().describe('Staff only; default published'),
    audience: audience.optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
    offset: z.coerce.number().int().min(0).max(1000).default(0),
  })
  .strict();
export type SearchQuery = z.infer<typeof searchQuery>;

export const suggestQuery = z
  .object({
    text: text({ max: 1000 }).describe("What the agent has typed: the summary or the caller's words"),
    ticket: z
      .string()
      .regex(/^(?:CSD-)?\d{1,15}$/i, 'must be a ticket number such as CSD-001234')
      .optional()
      .describe('Take the context from this ticket'),
    serviceId: z.uuid().optional(),
    moduleId: z.uuid().optional(),
    role: clinicalRole.optional(),
    unitId: z.uuid().optional(),
    requesterId: z.uuid().optional().describe('The caller (their clinical role and unit add context)'),
    limit: z.coerce.number().int().min(1).max(10).default(5),
  })
  .strict();
export type SuggestQuery = z.infer<typeof suggestQuery>;

const ref = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const articleSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  type: articleType,
  status: articleStatus,
  audience,
  service: ref,
  module: ref,
  tags: z.array(z.string()),
  roles: z.array(z.string()),
  updatedAt: z.string(),
  reviewDue: z.string().nullable(),
  snippet: z.string().describe('HTML: only <mark> around matched words').optional(),
  score: z.number().optional(),
});
export type ArticleSummary = z.infer<typeof articleSummary>;

export const searchResult = z.object({
  items: z.array(articleSummary),
  total: z.number().int(),
  searchId: z.uuid().nullable().describe('The recorded search (a ticket opened soon after counts against deflection)'),
  context: z
    .object({
      serviceId: z.string().nullable(),
      moduleId: z.string().nullable(),
      role: z.string().nullable(),
      unitKind: z.string().nullable(),
    })
    .optional(),
});

export const articleStats = z.object({
  views: z.number().int(),
  uses: z.number().int().describe('Tickets it was used on'),
  resolved: z.number().int().describe('Of those, resolved'),
  firstContact: z.number().int().describe('Of those, resolved on the first contact'),
  portalSearches: z.number().int().describe('Portal searches (older than an hour) where it was the best result'),
  portalDeflected: z.number().int().describe('Of those, not followed by a ticket from that person within an hour'),
  helpful: z.number().int(),
  notHelpful: z.number().int(),
  comments: z.array(z.object({ at: z.string(), helpful: z.boolean(), comment: z.string(), by: z.string() })),
});

export const articleDetail = articleSummary.extend({
  body: z.string(),
  html: z.string().describe('The body rendered and sanitised'),
  unitKinds: z.array(z.string()),
  facilityIds: z.array(z.uuid()),
  ownerGroup: ref,
  version: z.number().int(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  actions: z.array(lifecycleAction).describe('Lifecycle steps you may take now'),
  editable: z.boolean(),
  myVote: z.object({ helpful: z.boolean(), comment: z.string().nullable() }).nullable(),
  revisionOf: z.string().nullable().describe('For a revision draft: the published article it will replace'),
  stats: articleStats.nullable().describe('Staff only'),
});
export type ArticleDetail = z.infer<typeof articleDetail>;

export const versionSummary = z.object({
  version: z.number().int(),
  title: z.string(),
  note: z.string().nullable(),
  author: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const diffQuery = z
  .object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) })
  .strict();
const diffPart = z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() });
export const diffResult = z.object({
  from: z.number().int(),
  to: z.number().int(),
  title: z.array(diffPart),
  body: z.array(diffPart),
  changed: z.boolean(),
});

export const previewBody = z.object({ body: text({ max: 50_000 }) }).strict();

export const voteBody = z.object({ helpful: z.boolean(), comment: text({ max: 1000 }).optional() }).strict();

export const useBody = z
  .object({
    ticket: z.string().regex(/^(?:CSD-)?\d{1,15}$/i, 'must be a ticket number such as CSD-001234'),
    reply: text({ min: 1, max: 10_000 }).optional().describe('The reply to send (default: the article steps)'),
  })
  .strict();
export const useResult = z.object({ ticket: z.string(), commentId: z.uuid(), linked: z.boolean() });

export const reviewQuery = z
  .object({ mine: z.enum(['true', 'false']).default('false').describe('Only articles owned by one of my groups') })
  .strict();

export const reviewQueue = z.object({
  inReview: z.array(articleSummary),
  reviewDue: z.array(articleSummary),
});

export const daysQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(365).default(30),
    windowMinutes: z.coerce.number().int().min(1).max(1440).default(60),
  })
  .strict();

export const gapList = z.array(
  z.object({
    query: z.string(),
    searches: z.number().int(),
    fromPortal: z.number().int(),
    lastAt: z.string(),
    bestScore: z.number().nullable(),
  }),
);

export const deflection = z.object({
  days: z.number().int(),
  windowMinutes: z.number().int(),
  portalSearches: z.number().int(),
  followedByTicket: z.number().int(),
  deflected: z.number().int(),
  rate: z.number().nullable().describe('deflected / portal searches'),
});

export const linkedArticles = z.array(articleSummary.extend({ linkedAt: z.string() }));
