// An article's lifecycle (rules/lifecycle.ts): submit, approve, reject, retire, restore, and revising a published
// article through a draft copy. Every step is one transaction with its audit entry and its outbox event.
import type { z } from 'zod';
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict, Forbidden, Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { transition } from '../rules/lifecycle.ts';
import { formatArticleNumber } from '../rules/vocabulary.ts';
import type { transitionBody } from '../schemas.ts';
import * as store from '../store.ts';
import { loadVisibleArticle } from './read.ts';
import { emit, metaOf } from './write.ts';

export async function moveArticle(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: z.infer<typeof transitionBody>,
) {
  const actor = meta.actor;
  return ctx.database.db.transaction(async (tx) => {
    const { article: a } = await loadVisibleArticle(tx, actor, number, true);
    if (a.version !== input.version)
      throw new Conflict(`Someone saved version ${a.version} after the version ${input.version} you read; reload.`);
    const author = await store.versionAuthor(tx, a.id, a.version);
    const r = transition({
      action: input.action,
      status: a.status,
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
async function reviseCopy(tx: Queryable, meta: ActorMeta, a: store.ArticleRow, note: string | undefined) {
  const actor = meta.actor;
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
  meta: ActorMeta,
  draft: store.ArticleRow,
  originalId: string,
  note: string | undefined,
) {
  const actor = meta.actor;
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
