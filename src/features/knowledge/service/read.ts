// Reading the knowledge base: who reads (portal visibility), an article with its usage figures, its versions and
// their differences.
import type { Actor } from '../../../platform/actor.ts';
import { can, isStaff } from '../../../platform/auth/roles.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Forbidden, NotFound } from '../../../platform/errors.ts';
import { personOfUser } from '../../directory/service.ts';
import { countResolvedOnFirstContact } from '../../tickets/service/reads.ts';
import { diffVersions } from '../rules/diff.ts';
import { actionsFor, editable } from '../rules/lifecycle.ts';
import { renderMarkdown } from '../rules/markdown.ts';
import { formatArticleNumber } from '../rules/vocabulary.ts';
import type { ArticleDetail, ArticleSummary } from '../schemas.ts';
import type * as searchStore from '../search-store.ts';
import * as store from '../store.ts';
import * as usage from '../usage-store.ts';

export async function readerOf(db: Queryable, actor: Actor): Promise<searchStore.Reader> {
  if (isStaff(actor.role)) return { userId: actor.userId, staff: true, facilityId: null };
  const person = await personOfUser(db, actor.userId);
  return { userId: actor.userId, staff: false, facilityId: person?.facilityId ?? null };
}

export const iso = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());

export function summaryOf(r: store.SummaryRow): ArticleSummary {
  return {
    id: r.id,
    number: formatArticleNumber(Number(r.number)),
    title: r.title,
    type: r.type,
    status: r.status,
    audience: r.audience,
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
    usage.articleStats(db, articleId),
    usage.linkedTicketIds(db, articleId).then((ids) => countResolvedOnFirstContact(db, ids)),
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
  if (track && a.status === 'published') await usage.recordView(db, a.id, actor.userId, !reader.staff);
  const [names, vote, stats, revises] = await Promise.all([
    store.articleNames(db, a),
    usage.myVote(db, a.id, actor.userId),
    reader.staff ? usageOf(db, a.id) : Promise.resolve(null),
    reader.staff && a.status !== 'published' ? store.revisionOf(db, a.id) : Promise.resolve(null),
  ]);
  const revisesNumber = revises ? await store.articleNumberOf(db, revises) : null;
  return {
    id: a.id,
    number: formatArticleNumber(a.number),
    title: a.title,
    type: a.type,
    status: a.status,
    audience: a.audience,
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
    actions: actionsFor(a.status, actor.role),
    editable: editable(a.status) && can(actor.role, 'knowledge:write'),
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
