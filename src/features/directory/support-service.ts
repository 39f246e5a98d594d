// Use cases of support: groups (a tier of a provider, with members), staff skills, and coverage — which group
// handles a service at a tier.
import type { z } from 'zod';
import type { Tier } from '../../domain/vocabulary.ts';
import type { RequestMeta } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { findService, servicesByIds } from './catalogue-store.ts';
import { changeDirectory, changedFields, recordChange } from './commit.ts';
import { coverageProblem, membershipProblem, parseSkill } from './rules.ts';
import type { CoverageView, coverageBody, GroupInput, GroupPatch, GroupView } from './support-schemas.ts';
import * as store from './support-store.ts';

const invalid = (field: string, message: string) => new Invalid(`The ${field} ${message}.`, [{ field, message }]);

export function toGroupView(r: store.GroupRow, memberIds: string[]): GroupView {
  return {
    id: r.id,
    name: r.name,
    tier: r.tier,
    providerId: r.providerId,
    description: r.description,
    memberIds,
  };
}

// Groups -----------------------------------------------------------------------------------------------------------

export async function listGroups(ctx: AppContext, query: Parameters<typeof store.listGroups>[1]) {
  const { db } = ctx.database;
  const page = await store.listGroups(db, query);
  const members = await store.membersOf(
    db,
    page.items.map((g) => g.id),
  );
  return { items: page.items.map((g) => toGroupView(g, members.get(g.id) ?? [])), total: page.total };
}

/** Every member must be an account that may work tickets at the group's tier. */
async function checkMembers(tx: Queryable, userIds: string[], tier: Tier): Promise<string[]> {
  const unique = [...new Set(userIds)];
  const accounts = new Map((await store.accountsByIds(tx, unique)).map((a) => [a.id, a.role]));
  for (const id of unique) {
    const role = accounts.get(id);
    if (!role) throw invalid('memberIds', `include ${id}, which is not an account`);
    const problem = membershipProblem(role, tier);
    if (problem) throw invalid('memberIds', `include ${id}, which ${problem}`);
  }
  return unique;
}

export async function createGroup(ctx: AppContext, meta: RequestMeta, input: GroupInput): Promise<GroupView> {
  return changeDirectory(ctx, async (tx) => {
    const { memberIds = [], ...fields } = input;
    const members = await checkMembers(tx, memberIds, input.tier);
    const row = await store.insertGroup(tx, { id: newId(), ...fields, description: fields.description ?? null });
    await store.replaceMembers(tx, row.id, members);
    await recordChange(tx, meta, {
      action: 'group.create',
      id: row.id,
      summary: { name: row.name, tier: row.tier, members: members.length },
    });
    return toGroupView(row, members);
  });
}

export async function updateGroup(ctx: AppContext, meta: RequestMeta, id: string, patch: GroupPatch) {
  return changeDirectory(ctx, async (tx) => {
    const current = await store.findGroup(tx, id);
    if (!current) throw new NotFound('No such group.');
    const { memberIds, ...fields } = patch;
    const changed = changedFields(patch);
    const tier = patch.tier ?? current.tier;
    if (patch.tier && patch.tier !== current.tier) {
      const covered = (await store.coveredTiersOf(tx, id)).filter((t) => t !== patch.tier);
      if (covered.length) {
        throw new Conflict(`The group covers services at ${covered.join(', ')}; move that coverage first.`, [
          { field: 'tier', message: `cannot change while the group covers services at ${covered.join(', ')}` },
        ]);
      }
    }
    const members = await checkMembers(tx, memberIds ?? (await store.membersOf(tx, [id])).get(id) ?? [], tier);
    const row = changedFields(fields).length ? (await store.updateGroup(tx, id, fields))! : current;
    if (memberIds) await store.replaceMembers(tx, id, members);
    if (changed.length) {
      await recordChange(tx, meta, { action: 'group.update', id, summary: { name: row.name, changed } });
    }
    return toGroupView(row, members);
  });
}

// Skills -----------------------------------------------------------------------------------------------------------

export function listSkills(ctx: AppContext, query: Parameters<typeof store.listSkills>[1]) {
  return store.listSkills(ctx.database.db, query);
}

/** Replaces what a staff member knows; services they name must exist. */
export async function setSkills(ctx: AppContext, meta: RequestMeta, userId: string, skills: string[]) {
  return changeDirectory(ctx, async (tx) => {
    if ((await store.accountsByIds(tx, [userId])).length === 0) throw new NotFound('No such account.');
    const list = [...new Set(skills)].sort();
    const serviceIds = list.flatMap((s) => {
      const skill = parseSkill(s);
      return skill?.kind === 'service' ? [skill.serviceId] : [];
    });
    const found = new Set((await servicesByIds(tx, serviceIds)).map((s) => s.id));
    const missing = serviceIds.find((s) => !found.has(s));
    if (missing) throw invalid('skills', `include service:${missing}, which is not a service`);
    await store.replaceSkills(tx, userId, list);
    await recordChange(tx, meta, { action: 'skills.set', id: userId, summary: { skills: list } });
    return list.map((skill) => ({ userId, skill }));
  });
}

// Coverage ---------------------------------------------------------------------------------------------------------

export function listCoverage(ctx: AppContext, query: Parameters<typeof store.listCoverage>[1]) {
  return store.listCoverage(ctx.database.db, query);
}

export async function setCoverage(
  ctx: AppContext,
  meta: RequestMeta,
  input: z.infer<typeof coverageBody>,
): Promise<CoverageView> {
  return changeDirectory(ctx, async (tx) => {
    if (!(await findService(tx, input.serviceId))) throw invalid('serviceId', 'is not a service');
    const group = await store.findGroup(tx, input.groupId);
    if (!group) throw invalid('groupId', 'is not a group');
    const problem = coverageProblem(group.tier, input.tier);
    if (problem) throw invalid('groupId', problem);
    await store.saveCoverage(tx, input);
    await recordChange(tx, meta, {
      action: 'coverage.set',
      id: `${input.serviceId}:${input.tier}`,
      summary: { ...input },
    });
    return { ...input, providerId: group.providerId };
  });
}

export async function removeCoverage(ctx: AppContext, meta: RequestMeta, serviceId: string, tier: Tier) {
  await changeDirectory(ctx, async (tx) => {
    if (!(await store.deleteCoverage(tx, serviceId, tier)))
      throw new NotFound('That service has no coverage at that tier.');
    await recordChange(tx, meta, {
      action: 'coverage.delete',
      id: `${serviceId}:${tier}`,
      summary: { serviceId, tier },
    });
  });
}
