// Knowledge use cases: write and move articles through their lifecycle, read them (with usage), vote, use one on a
// ticket. Every change is one transaction with its audit entry and its outbox event.
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor, RequestMeta } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit/service.ts';
import { can, isStaff } from '../../platform/auth/roles.ts';
import type { AppContext } from '../../platform/context.ts';
import { type Db, type Queryable, rowsOf } from '../../platform/db/connect.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import { appendEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { personOfUser } from '../directory/service.ts';
import { formatTicketNumber, parseTicketNumber } from '../tickets/rules/vocabulary.ts';
import { commentOnTicket } from '../tickets/service/comment-on-ticket.ts';
import { countResolvedOnFirstContact, findTicketByNumber } from '../tickets/service/reads.ts';
import { diffVersions } from './rules/diff.ts';
import { actionsFor, editable, transition } from './rules/lifecycle.ts';
import { renderMarkdown, replyFromArticle } from './rules/markdown.ts';
import { type ArticleStatus, formatArticleNumber } from './rules/vocabulary.ts';
import type {
  ArticleDetail,
  ArticleSummary,
  CreateArticle,
  transitionBody,
  UpdateArticle,
  useBody,
  voteBody,
} from './schemas.ts';
import * as store from './store.ts';

export async function readerOf(db: Queryable, actor: Actor): Promise<store.Reader> {
  if (isStaff(actor.role)) return { userId: actor.userId, staff: true, facilityId: null };
  const person = await personOfUser(db, actor.userId);
  return { userId: actor.userId, staff: false, facilityId: person?.facilityId ?? null };
}

const iso = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());

export function summaryOf(r: store.SummaryRow): ArticleSummary {
  return {
    id: r.id,
    number: formatArticleNumber(Number(r.number)),
    title: r.title,
    type: r.type as ArticleSummary['type'],
    status: r.status as ArticleSummary['status'],
    audience: r.audience as ArticleSummary['audience'],
    service: r.service_id ? { id: r.service_id, name: r.service_name ?? '' } : null,
    module: r.module_id ? { id: r.module_id, name: r.module_name ?? '' } : null,
    tags: r.tags,
    roles: r.roles,
    updatedAt: iso(r.updated_at)!,
    reviewDue: r.review_due,
  };
}

/** Loads an article the actor may see; 404 otherwise (a requester cannot tell a draft from nothing). */
export async function loadVisibleArticle(db: Queryable, actor: Actor, number: number, forUpdate = false) {
  const article = await store.findArticle(db, number, forUpdate);
  const reader = await readerOf(db, actor);
  const visible =
    article &&
    (reader.staff ||
      (article.status === 'published' &&
        article.audience === 'portal' &&
        (article.facilityIds.length === 0 ||
          (reader.facilityId !== null && article.facilityIds.includes(reader.facilityId)))));
  if (!visible) throw new NotFound(`There is no article ${formatArticleNumber(number)} that you can see.`);
  return { article, reader };
}

/** An article's usage; which of the tickets it was used on were resolved on the first contact is the tickets' rule. */
async function usageOf(db: Queryable, articleId: string) {
  const [stats, firstContact] = await Promise.all([
    store.articleStats(db, articleId),
    store.linkedTicketIds(db, articleId).then((ids) => countResolvedOnFirstContact(db, ids)),
  ]);
  return { ...stats, first_contact: firstContact };
}

export async function articleDetail(
  db: Queryable,
  actor: Actor,
  number: number,
  track: boolean,
): Promise<ArticleDetail> {
  const { article: a, reader } = await loadVisibleArticle(db, actor, number);
  if (track && a.status === 'published') await store.recordView(db, a.id, actor.userId, !reader.staff);
  const [names, vote, stats, revises] = await Promise.all([
    store.articleNames(db, a),
    store.myVote(db, a.id, actor.userId),
    reader.staff ? usageOf(db, a.id) : Promise.resolve(null),
    reader.staff && a.status !== 'published' ? store.revisionOf(db, a.id) : Promise.resolve(null),
  ]);
  const revisesNumber = revises ? await store.articleNumberOf(db, revises) : null;
  return {
    id: a.id,
    number: formatArticleNumber(a.number),
    title: a.title,
    type: a.type as ArticleDetail['type'],
    status: a.status as ArticleStatus,
    audience: a.audience as ArticleDetail['audience'],
    service: a.serviceId ? { id: a.serviceId, name: names.service ?? '' } : null,
    module: a.moduleId ? { id: a.moduleId, name: names.module ?? '' } : null,
    ownerGroup: a.ownerGroupId ? { id: a.ownerGroupId, name: names.owner_group ?? '' } : null,
    tags: a.tags,
    roles: a.roles,
    unitKinds: a.unitKinds,
    facilityIds: reader.staff ? a.facilityIds : [],
    reviewDue: a.reviewDue,
    body: a.body,
    html: renderMarkdown(a.body),
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    publishedAt: a.publishedAt?.toISOString() ?? null,
    actions: actionsFor(a.status as ArticleStatus, actor.role),
    editable: editable(a.status as ArticleStatus) && can(actor.role, 'knowledge:write'),
    myVote: vote,
    revisionOf: revisesNumber === null ? null : formatArticleNumber(revisesNumber),
    stats: stats && {
      views: stats.views,
      uses: stats.uses,
      resolved: stats.resolved,
      firstContact: stats.first_contact,
      portalSearches: stats.portal_searches,
      portalDeflected: stats.portal_deflected,
      helpful: stats.helpful,
      notHelpful: stats.not_helpful,
      comments: stats.comments.map((c) => ({ at: iso(c.at)!, helpful: c.helpful, comment: c.comment, by: c.by })),
    },
  };
}

/** A module must belong to the application given with it; returns the module's application (or null). */
async function checkRefs(
  db: Queryable,
  serviceId: string | null | undefined,
  moduleId: string | null | undefined,
): Promise<string | null> {
  if (!moduleId) return null;
  const res = rowsOf<{ parent_id: string | null; kind: string }>(
    await db.execute(sql`SELECT parent_id, kind FROM services WHERE id = ${moduleId}::uuid`),
  );
  const m = res[0];
  if (m?.kind !== 'module') throw new Invalid('Check the module.', [{ field: 'moduleId', message: 'is not a module' }]);
  if (serviceId && m.parent_id !== serviceId)
    throw new Invalid('Check the module.', [{ field: 'moduleId', message: 'is not a module of that application' }]);
  return m.parent_id;
}

/** Foreign keys refused by the database become a 400 naming the field. */
function explainFk(e: unknown): never {
  const err = e as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const code = err.code ?? err.cause?.code;
  const constraint = err.constraint ?? err.cause?.constraint ?? '';
  if (code === '23503') {
    const field = constraint.includes('owner_group')
      ? 'ownerGroupId'
      : constraint.includes('module')
        ? 'moduleId'
        : 'serviceId';
    throw new Invalid('A referenced record does not exist.', [{ field, message: 'does not exist' }]);
  }
  throw e;
}

function emit(tx: Queryable, type: string, a: store.ArticleRow, actorId: string) {
  return appendEvent(tx, {
    type,
    subjectType: 'kb_article',
    subjectId: a.id,
    actorId,
    payload: { number: formatArticleNumber(a.number), status: a.status, version: a.version },
    audience: { roles: ['agent', 'analyst', 'engineer', 'manager', 'admin'] },
  });
}

const metaOf = (a: store.ArticleRow) => ({
  type: a.type,
  serviceId: a.serviceId,
  moduleId: a.moduleId,
  roles: a.roles,
  unitKinds: a.unitKinds,
  facilityIds: a.facilityIds,
  audience: a.audience,
  ownerGroupId: a.ownerGroupId,
  reviewDue: a.reviewDue,
  tags: a.tags,
});

export async function createArticle(ctx: AppContext, meta: RequestMeta, input: CreateArticle) {
  const actor = meta.actor!;
  return ctx.database.db
    .transaction(async (tx) => {
      const application = await checkRefs(tx, input.serviceId, input.moduleId);
      const a = await store.insertArticle(tx, {
        id: newId(),
        title: input.title,
        body: input.body,
        type: input.type,
        serviceId: input.serviceId ?? application,
        moduleId: input.moduleId ?? null,
        roles: input.roles ?? [],
        unitKinds: input.unitKinds ?? [],
        facilityIds: input.facilityIds ?? [],
        audience: input.audience ?? 'agents',
        ownerGroupId: input.ownerGroupId ?? null,
        reviewDue: input.reviewDue ?? null,
        tags: [...new Set(input.tags ?? [])],
        status: 'draft',
        version: 1,
        createdBy: actor.userId,
        updatedBy: actor.userId,
      });
      await store.insertVersion(tx, {
        id: newId(),
        articleId: a.id,
        version: 1,
        title: a.title,
        body: a.body,
        meta: metaOf(a),
        note: input.note ?? 'First draft',
        authorId: actor.userId,
      });
      await recordAudit(tx, meta, {
        action: 'knowledge.create',
        targetType: 'kb_article',
        targetId: a.id,
        summary: { number: formatArticleNumber(a.number), title: a.title },
      });
      await emit(tx, 'knowledge.created', a, actor.userId);
      return a;
    })
    .catch(explainFk);
}

export async function updateArticle(ctx: AppContext, meta: RequestMeta, number: number, input: UpdateArticle) {
  const actor = meta.actor!;
  return ctx.database.db
    .transaction(async (tx) => {
      const { article: a } = await loadVisibleArticle(tx, actor, number, true);
      if (!editable(a.status as ArticleStatus))
        throw new Conflict(`Only drafts are edited; this article is ${a.status.replace('_', ' ')}. Revise it first.`);
      if (a.version !== input.version)
        throw new Conflict(`Someone saved version ${a.version} after the version ${input.version} you read; reload.`);
      const { version: _v, note, ...fields } = input;
      const serviceId = fields.serviceId !== undefined ? fields.serviceId : a.serviceId;
      const moduleId = fields.moduleId !== undefined ? fields.moduleId : a.moduleId;
      const application = await checkRefs(tx, serviceId, moduleId);
      const changes: Record<string, unknown> = Object.fromEntries(
        Object.entries(fields).filter(([, v]) => v !== undefined),
      );
      // A module without its application: the application is the module's.
      if (!serviceId && application) changes.serviceId = application;
      if (changes.tags) changes.tags = [...new Set(changes.tags as string[])];
      const updated = await store.updateArticle(tx, a.id, a.version, {
        ...changes,
        version: a.version + 1,
        updatedBy: actor.userId,
      });
      if (!updated) throw new Conflict('The article changed while you saved; reload.');
      await store.insertVersion(tx, {
        id: newId(),
        articleId: a.id,
        version: updated.version,
        title: updated.title,
        body: updated.body,
        meta: metaOf(updated),
        note: note ?? null,
        authorId: actor.userId,
      });
      await recordAudit(tx, meta, {
        action: 'knowledge.update',
        targetType: 'kb_article',
        targetId: a.id,
        summary: { number: formatArticleNumber(a.number), version: updated.version, fields: Object.keys(changes) },
      });
      await emit(tx, 'knowledge.updated', updated, actor.userId);
      return updated;
    })
    .catch(explainFk);
}

export async function moveArticle(
  ctx: AppContext,
  meta: RequestMeta,
  number: number,
  input: z.infer<typeof transitionBody>,
) {
  const actor = meta.actor!;
  return ctx.database.db.transaction(async (tx) => {
    const { article: a } = await loadVisibleArticle(tx, actor, number, true);
    if (a.version !== input.version)
      throw new Conflict(`Someone saved version ${a.version} after the version ${input.version} you read; reload.`);
    const author = await store.versionAuthor(tx, a.id, a.version);
    const r = transition({
      action: input.action,
      status: a.status as ArticleStatus,
      role: actor.role,
      actorId: actor.userId,
      versionAuthorId: author,
      note: input.note,
    });
    if (!r.ok) {
      if (r.status === 403) throw new Forbidden(r.reason);
      if (r.status === 400) throw new Invalid(r.reason, [{ field: 'note', message: 'is required' }]);
      throw new Conflict(r.reason);
    }
    if (input.action === 'revise') return reviseCopy(tx, meta, a, input.note);
    const original = r.approves ? await store.revisionOf(tx, a.id) : null;
    if (original) return applyRevision(tx, meta, a, original, input.note);
    const updated = await store.updateArticle(tx, a.id, a.version, {
      status: r.to,
      updatedBy: actor.userId,
      ...(r.approves ? { publishedAt: new Date() } : {}),
    });
    if (!updated) throw new Conflict('The article changed meanwhile; reload.');
    if (r.approves) await store.approveVersion(tx, a.id, a.version, actor.userId);
    await recordAudit(tx, meta, {
      action: `knowledge.${input.action}`,
      targetType: 'kb_article',
      targetId: a.id,
      summary: {
        number: formatArticleNumber(a.number),
        from: a.status,
        to: r.to,
        version: a.version,
        note: input.note,
      },
    });
    await emit(tx, 'knowledge.status', updated, actor.userId);
    return updated;
  });
}

/**
 * Revising a published article: a draft copy that names the original in its first version's metadata. The original
 * stays published (and findable) until the copy is approved. One open revision per article.
 */
async function reviseCopy(tx: Queryable, meta: RequestMeta, a: store.ArticleRow, note: string | undefined) {
  const actor = meta.actor!;
  const open = await store.openRevision(tx, a.id);
  if (open !== null)
    throw new Conflict(`${formatArticleNumber(open)} already revises this article; continue that draft.`);
  const { id: _id, number: _n, search: _s, createdAt: _c, updatedAt: _u, publishedAt: _p, ...fields } = a;
  const copy = await store.insertArticle(tx, {
    ...fields,
    id: newId(),
    status: 'draft',
    version: 1,
    createdBy: actor.userId,
    updatedBy: actor.userId,
  });
  await store.insertVersion(tx, {
    id: newId(),
    articleId: copy.id,
    version: 1,
    title: copy.title,
    body: copy.body,
    meta: { ...metaOf(copy), revisionOf: a.id },
    note: note ?? `Revision of ${formatArticleNumber(a.number)}`,
    authorId: actor.userId,
  });
  await recordAudit(tx, meta, {
    action: 'knowledge.revise',
    targetType: 'kb_article',
    targetId: a.id,
    summary: { number: formatArticleNumber(a.number), revision: formatArticleNumber(copy.number), version: a.version },
  });
  await emit(tx, 'knowledge.created', copy, actor.userId);
  return copy;
}

/** Approving a revision: its content becomes the original's next version (approved), and the copy goes away. */
async function applyRevision(
  tx: Queryable,
  meta: RequestMeta,
  draft: store.ArticleRow,
  originalId: string,
  note: string | undefined,
) {
  const actor = meta.actor!;
  const original = await store.findArticleById(tx, originalId);
  if (!original) throw new Conflict('The article this revises no longer exists.');
  if (original.status !== 'published')
    throw new Conflict(`${formatArticleNumber(original.number)} is no longer published; restore it first.`);
  const author = await store.versionAuthor(tx, draft.id, draft.version);
  const updated = await store.updateArticle(tx, original.id, original.version, {
    title: draft.title,
    body: draft.body,
    type: draft.type,
    serviceId: draft.serviceId,
    moduleId: draft.moduleId,
    roles: draft.roles,
    unitKinds: draft.unitKinds,
    facilityIds: draft.facilityIds,
    audience: draft.audience,
    ownerGroupId: draft.ownerGroupId,
    reviewDue: draft.reviewDue,
    tags: draft.tags,
    version: original.version + 1,
    updatedBy: actor.userId,
    publishedAt: new Date(),
  });
  if (!updated) throw new Conflict('The article changed meanwhile; reload.');
  await store.insertVersion(tx, {
    id: newId(),
    articleId: original.id,
    version: updated.version,
    title: updated.title,
    body: updated.body,
    meta: metaOf(updated),
    note: note ?? `Revised in ${formatArticleNumber(draft.number)}`,
    authorId: author,
    approvedById: actor.userId,
    approvedAt: new Date(),
  });
  await store.deleteArticle(tx, draft.id);
  await recordAudit(tx, meta, {
    action: 'knowledge.approve',
    targetType: 'kb_article',
    targetId: original.id,
    summary: {
      number: formatArticleNumber(original.number),
      revision: formatArticleNumber(draft.number),
      version: updated.version,
      note,
    },
  });
  await emit(tx, 'knowledge.status', updated, actor.userId);
  return updated;
}

export async function versionsOf(db: Queryable, actor: Actor, number: number) {
  const { article } = await loadVisibleArticle(db, actor, number);
  if (!isStaff(actor.role)) throw new Forbidden('Version history is for desk staff.');
  return (await store.listVersions(db, article.id)).map((v) => ({
    version: v.version,
    title: v.title,
    note: v.note,
    author: v.author,
    approvedBy: v.approved_by,
    approvedAt: iso(v.approved_at),
    createdAt: iso(v.created_at)!,
  }));
}

export async function diffOf(db: Queryable, actor: Actor, number: number, from: number, to: number) {
  const { article } = await loadVisibleArticle(db, actor, number);
  if (!isStaff(actor.role)) throw new Forbidden('Version history is for desk staff.');
  const [a, b] = await Promise.all([store.findVersion(db, article.id, from), store.findVersion(db, article.id, to)]);
  if (!a || !b) throw new NotFound(`Version ${!a ? from : to} of ${formatArticleNumber(number)} does not exist.`);
  return { from, to, ...diffVersions(a, b) };
}

export async function vote(ctx: AppContext, meta: RequestMeta, number: number, input: z.infer<typeof voteBody>) {
  const actor = meta.actor!;
  return ctx.database.db.transaction(async (tx) => {
    const { article } = await loadVisibleArticle(tx, actor, number);
    if (article.status !== 'published') throw new Conflict('Only published articles take votes.');
    await store.upsertVote(tx, article.id, actor.userId, input.helpful, input.comment?.length ? input.comment : null);
    await recordAudit(tx, meta, {
      action: 'knowledge.vote',
      targetType: 'kb_article',
      targetId: article.id,
      summary: { number: formatArticleNumber(article.number), helpful: input.helpful, comment: Boolean(input.comment) },
    });
    return { helpful: input.helpful, comment: input.comment ?? null };
  });
}

/** Sends the article's steps as a public reply on the ticket and links the two, in one transaction. */
export async function useOnTicket(ctx: AppContext, meta: RequestMeta, number: number, input: z.infer<typeof useBody>) {
  const actor = meta.actor!;
  const ticketNumber = parseTicketNumber(input.ticket);
  if (!ticketNumber)
    throw new Invalid('Check the ticket number.', [{ field: 'ticket', message: 'is not a ticket number' }]);
  return ctx.database.db.transaction(async (tx) => {
    const { article } = await loadVisibleArticle(tx, actor, number);
    if (article.status !== 'published') throw new Conflict('Only published articles are sent to clinicians.');
    const body =
      input.reply ??
      replyFromArticle({ number: formatArticleNumber(article.number), title: article.title, body: article.body });
    // The ticket's own comment use case, inside this transaction (a savepoint): visibility, closed tickets, the
    // first response time, audit and the ticket event all stay the tickets feature's business.
    const inTx: AppContext = { ...ctx, database: { ...ctx.database, db: tx as unknown as Db } };
    const { comment } = await commentOnTicket(inTx, meta, ticketNumber, { visibility: 'public', body });
    const ticket = (await findTicketByNumber(tx, ticketNumber))!;
    const linked = await store.linkTicket(tx, article.id, ticket.id, actor.userId, article.version);
    await recordAudit(tx, meta, {
      action: 'knowledge.use',
      targetType: 'kb_article',
      targetId: article.id,
      summary: { number: formatArticleNumber(article.number), ticket: formatTicketNumber(ticket.number), linked },
    });
    return { ticket: formatTicketNumber(ticket.number), commentId: comment.id, linked };
  });
}

export async function linkedToTicket(db: Queryable, actor: Actor, ticketNumber: number) {
  const t = await findTicketByNumber(db, ticketNumber);
  if (!t || !isStaff(actor.role))
    throw new NotFound(`There is no ticket ${formatTicketNumber(ticketNumber)} that you can see.`);
  return (await store.articlesOfTicket(db, t.id)).map((r) => ({ ...summaryOf(r), linkedAt: iso(r.linked_at)! }));
}

export async function reviewQueueOf(db: Queryable, ownerUserId: string | null, withinDays = 14) {
  const dueBy = new Date(Date.now() + withinDays * 86_400_000).toISOString().slice(0, 10);
  const lists = await store.reviewLists(db, dueBy, ownerUserId);
  return { inReview: lists.inReview.map(summaryOf), reviewDue: lists.reviewDue.map(summaryOf) };
}

export async function gapsOf(db: Queryable, days: number) {
  return (await store.gaps(db, days)).map((g) => ({
    query: g.query,
    searches: g.searches,
    fromPortal: g.from_portal,
    lastAt: iso(g.last_at)!,
    bestScore: g.best_score,
  }));
}

export async function deflectionOf(db: Queryable, days: number, windowMinutes: number) {
  const f = await store.deflectionFigures(db, days, windowMinutes);
  const deflected = f.searches - f.followed;
  return {
    days,
    windowMinutes,
    portalSearches: f.searches,
    followedByTicket: f.followed,
    deflected,
    rate: f.searches ? deflected / f.searches : null,
  };
}
