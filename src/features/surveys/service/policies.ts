// Survey policy administration: list, create, change, remove; every change audited. Names are unique; the
// conditions' services and providers must exist (a typo would silently never match).
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict, type FieldError, Invalid, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { existingProviderIds, existingServiceIds } from '../../directory/service.ts';
import type { PolicyInput } from '../schemas.ts';
import * as store from '../store.ts';

export function policyViewOf(p: store.PolicyRow) {
  return {
    id: p.id,
    name: p.name,
    active: p.active,
    position: p.position,
    conditions: p.conditions as PolicyInput['conditions'], // validated by policyBody when written
    probability: p.probability,
    repeatIntervalDays: p.repeatIntervalDays,
    delayMinutes: p.delayMinutes,
    expiresAfterDays: p.expiresAfterDays,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function listSurveyPolicies(ctx: AppContext) {
  return { policies: (await store.listPolicies(ctx.database.db)).map(policyViewOf) };
}

/** Which ids of a kind exist: the directory's reference checks. */
type Existing = (db: Queryable, ids: string[]) => Promise<Set<string>>;

async function checkReferences(tx: Queryable, input: PolicyInput) {
  const errors: FieldError[] = [];
  const missing = async (ids: string[] | undefined, existing: Existing, field: string) => {
    if (!ids?.length) return;
    const found = await existing(tx, ids);
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length) errors.push({ field, message: `unknown: ${unknown.join(', ')}` });
  };
  await missing(input.conditions.serviceIds, existingServiceIds, 'body.conditions.serviceIds');
  await missing(input.conditions.providerIds, existingProviderIds, 'body.conditions.providerIds');
  if (errors.length) throw new Invalid('Some conditions name things that do not exist.', errors);
}

const taken = (name: string) =>
  new Conflict(`A survey policy named "${name}" already exists.`, [{ field: 'body.name', message: 'is taken' }]);

export async function createSurveyPolicy(ctx: AppContext, meta: RequestMeta, input: PolicyInput) {
  return ctx.database.db.transaction(async (tx) => {
    await checkReferences(tx, input);
    if (await store.policyNameTaken(tx, input.name)) throw taken(input.name);
    const row = await store.insertPolicy(tx, { id: newId(), ...input });
    await recordAudit(tx, meta, {
      action: 'survey_policy.create',
      targetType: 'survey_policy',
      targetId: row.id,
      summary: input,
    });
    return policyViewOf(row);
  });
}

export async function updateSurveyPolicy(ctx: AppContext, meta: RequestMeta, id: string, input: PolicyInput) {
  return ctx.database.db.transaction(async (tx) => {
    if (!(await store.findPolicy(tx, id))) throw new NotFound('There is no such survey policy.');
    await checkReferences(tx, input);
    if (await store.policyNameTaken(tx, input.name, id)) throw taken(input.name);
    const row = await store.updatePolicy(tx, id, { ...input, updatedAt: new Date() });
    await recordAudit(tx, meta, {
      action: 'survey_policy.update',
      targetType: 'survey_policy',
      targetId: id,
      summary: input,
    });
    return policyViewOf(row);
  });
}

/** Removing a policy keeps its invitations and answers (they forget the policy, not the facts). */
export async function deleteSurveyPolicy(ctx: AppContext, meta: RequestMeta, id: string) {
  return ctx.database.db.transaction(async (tx) => {
    const p = await store.findPolicy(tx, id);
    if (!p) throw new NotFound('There is no such survey policy.');
    await store.deletePolicy(tx, id);
    await recordAudit(tx, meta, {
      action: 'survey_policy.delete',
      targetType: 'survey_policy',
      targetId: id,
      summary: { name: p.name },
    });
  });
}
