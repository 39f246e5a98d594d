// Knowledge tables: articles (the working copy that search reads), their versions (history, author, approver),
// and usage: views, votes with comments, links to the tickets they helped with, and searches (gaps, deflection).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  real,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { CLINICAL_ROLES, UNIT_KINDS } from '../../domain/vocabulary.ts';
import { tstz, tsvector } from '../../platform/db/columns.ts';
import { users } from '../../platform/db/schema.ts';
import { groups, services } from '../directory/tables.ts';
import { tickets } from '../tickets/tables.ts';
import { ARTICLE_STATUSES, ARTICLE_TYPES, AUDIENCES } from './rules/vocabulary.ts';

export const kbArticleNumbers = pgSequence('kb_article_number_seq', { startWith: 1 });

export const kbArticles = pgTable(
  'kb_articles',
  {
    id: uuid('id').primaryKey(),
    number: bigint('number', { mode: 'number' }).notNull().unique().default(sql`nextval('kb_article_number_seq')`),
    title: text('title').notNull(),
    body: text('body').notNull(), // Markdown, sanitised when rendered
    type: text('type', { enum: ARTICLE_TYPES }).notNull(), // how_to, troubleshooting, known_issue, downtime
    serviceId: uuid('service_id').references(() => services.id), // the application (or device/infrastructure)
    moduleId: uuid('module_id').references(() => services.id),
    // clinical roles it is for; empty = everyone
    roles: text('roles', { enum: CLINICAL_ROLES }).array().notNull().default(sql`'{}'::text[]`),
    // ed, icu, inpatient…; empty = any
    unitKinds: text('unit_kinds', { enum: UNIT_KINDS }).array().notNull().default(sql`'{}'::text[]`),
    facilityIds: uuid('facility_ids').array().notNull().default(sql`'{}'::uuid[]`), // empty = every facility
    // agents only, or also the clinician portal
    audience: text('audience', { enum: AUDIENCES }).notNull().default('agents'),
    ownerGroupId: uuid('owner_group_id').references(() => groups.id),
    reviewDue: date('review_due', { mode: 'string' }),
    status: text('status', { enum: ARTICLE_STATUSES }).notNull().default('draft'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    publishedAt: tstz('published_at'),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', kb_tags_text(tags)), 'B') || setweight(to_tsvector('english', coalesce(body, '')), 'C')`,
    ),
  },
  (t) => [
    check('kb_articles_type_check', sql`${t.type} in ('how_to','troubleshooting','known_issue','downtime')`),
    check('kb_articles_status_check', sql`${t.status} in ('draft','in_review','published','retired')`),
    check('kb_articles_audience_check', sql`${t.audience} in ('agents','portal')`),
    index('kb_articles_search_idx').using('gin', t.search),
    index('kb_articles_title_trgm_idx').using('gin', sql`lower(${t.title}) gin_trgm_ops`),
    index('kb_articles_status_idx').on(t.status, t.audience),
    index('kb_articles_service_idx').on(t.serviceId, t.moduleId),
    index('kb_articles_review_idx').on(t.reviewDue).where(sql`${t.status} = 'published'`),
  ],
);

export const kbArticleVersions = pgTable(
  'kb_article_versions',
  {
    id: uuid('id').primaryKey(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    meta: jsonb('meta').notNull().default({}), // type, refs, roles, audience, tags at that version
    note: text('note'),
    authorId: uuid('author_id').references(() => users.id),
    approvedById: uuid('approved_by_id').references(() => users.id),
    approvedAt: tstz('approved_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [unique('kb_article_versions_article_version_key').on(t.articleId, t.version)],
);

export const kbViews = pgTable(
  'kb_views',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id),
    portal: boolean('portal').notNull().default(false),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('kb_views_article_idx').on(t.articleId, t.at)],
);

export const kbVotes = pgTable(
  'kb_votes',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    helpful: boolean('helpful').notNull(),
    comment: text('comment'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] })],
);

/** An article used on a ticket (its steps sent as a reply); resolution and FCR are read from the ticket. */
export const kbTicketLinks = pgTable(
  'kb_ticket_links',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    linkedBy: uuid('linked_by').references(() => users.id),
    articleVersion: integer('article_version').notNull(),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.ticketId] }), index('kb_ticket_links_ticket_idx').on(t.ticketId)],
);

/** Every search: gaps (nothing good found) and, from the portal, deflection (no ticket followed). */
export const kbSearches = pgTable(
  'kb_searches',
  {
    id: uuid('id').primaryKey(),
    at: tstz('at').notNull().defaultNow(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    portal: boolean('portal').notNull(),
    query: text('query').notNull(),
    filters: jsonb('filters').notNull().default({}),
    resultCount: integer('result_count').notNull(),
    topScore: real('top_score'),
    topArticleId: uuid('top_article_id').references(() => kbArticles.id, { onDelete: 'set null' }),
    good: boolean('good').notNull(), // a result above the "good answer" threshold
  },
  (t) => [
    index('kb_searches_at_idx').on(t.at),
    index('kb_searches_user_idx').on(t.userId, t.at),
    index('kb_searches_gap_idx').on(t.at).where(sql`not ${t.good}`),
  ],
);
