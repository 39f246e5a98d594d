// Writing articles: a new draft, edits to a draft (each a new version). Every change is one transaction with its
// audit entry and its outbox event.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { PG, pgError } from '../../../platform/db/errors.ts';
import { Conflict, Invalid } from '../../../platform/errors.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { newId } from '../../../platform/ids.ts';
import { editable } from '../rules/lifecycle.ts';
import { formatArticleNumber } from '../rules/vocabulary.ts';
import type { CreateArticle, UpdateArticle } from '../schemas.ts';
import * as store from '../store.ts';
import { loadVisibleArticle } from './read.ts';

/** A module must belong to the application given with it; returns the module's application (or null). */
async function checkRefs(
  db: Queryable,
  serviceId: string | null | undefined,
  moduleId: string | null | undefined,
): Promise<string | null> {
  if (!moduleId) return null;
  const m = await store.serviceKindOf(db, moduleId);
  if (m?.kind !== 'module') throw new Invalid('Check the module.', [{ field: 'moduleId', message: 'is not a module' }]);
  if (serviceId && m.parent_id !== serviceId)
    throw new Invalid('Check the module.', [{ field: 'moduleId', message: 'is not a module of that application' }]);
  return m.parent_id;
}

/** Foreign keys refused by the database become a 400 naming the field. */
function explainFk(e: unknown): never {
  const { code, constraint = '' } = pgError(e) ?? {};
  if (code === PG.foreignKeyViolation) {
    const field = constraint.includes('owner_group')
      ? 'ownerGroupId'
      : constraint.includes('module')
        ? 'moduleId'
        : 'serviceId';
    throw new Invalid('A referenced record does not exist.', [{ field, message: 'does not exist' }]);
  }
  throw e;
}

export function emit(tx: Queryable, type: string, a: store.ArticleRow, actorId: string) {
  return appendEvent(tx, {
    type,
    subjectType: 'kb_article',
    subjectId: a.id,
    actorId,
    payload: { number: formatArticleNumber(a.number), status: a.status, version: a.version },
    audience: { roles: ['agent', 'analyst', 'engineer', 'manager', 'admin'] },
  });
}

export const metaOf = (a: store.ArticleRow) => ({
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

export async function createArticle(ctx: AppContext, meta: ActorMeta, input: CreateArticle) {
  const actor = meta.actor;
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

export async function updateArticle(ctx: AppContext, meta: ActorMeta, number: number, input: UpdateArticle) {
  const actor = meta.actor;
  return ctx.database.db
    .transaction(async (tx) => {
      const { article: a } = await loadVisibleArticle(tx, actor, number, true);
      if (!editable(a.status))
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
