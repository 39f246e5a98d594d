// Escalation: hand the ticket to another tier (Tier 2 analysts, Tier 3 engineering, the vendor) with a reason.
// The tier history grows; a vendor escalation keeps the vendor's case number and waits on the vendor.
import type { z } from 'zod';
import { TIER_LABELS } from '../../../domain/vocabulary.ts';
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { findUserById as findUser } from '../../../platform/auth/store.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict, Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findCoverage, findGroup } from '../../directory/service.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { handoffKind, statusAfterHandoff } from '../rules/escalation.ts';
import { authorizeEscalation, authorizeVendorMove, mayHold } from '../rules/policy.ts';
import type { escalationBody } from '../schemas.ts';
import { addActivity, insertHandoff, type TicketRow } from '../store.ts';
import { emitTicketEvent } from './events.ts';
import { factsOf, loadVisibleTicket } from './read-ticket.ts';
import { writeTicket } from './write-ticket.ts';

export async function escalateTicket(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: z.infer<typeof escalationBody>,
) {
  return ctx.database.db.transaction(async (tx) => {
    const { ticket: t, viewer } = await loadVisibleTicket(tx, meta.actor, number, true);
    authorizeVendorMove(viewer, t);
    const updated = await handOff(tx, meta, t, input);
    return { ticket: updated, viewer };
  });
}

/** Hands a ticket, read and locked by the caller, to another tier inside the caller's transaction (the vendor's
 *  "returned to desk" is this hand-back too: service/vendor-case.ts). */
export async function handOff(
  tx: Queryable,
  meta: ActorMeta,
  t: TicketRow,
  input: z.infer<typeof escalationBody>,
): Promise<TicketRow> {
  const actor = meta.actor;
  authorizeEscalation(factsOf(t));

  let groupId = input.groupId ?? null;
  if (!groupId) {
    const coveredService = t.moduleId ?? t.serviceId;
    const covered = coveredService ? await findCoverage(tx, coveredService, input.toTier) : null;
    if (!covered) {
      const what = coveredService ? 'this application' : 'a ticket without an application';
      throw new Invalid(`No group covers ${what} at ${TIER_LABELS[input.toTier]}; choose the group to send it to.`, [
        { field: 'body.groupId', message: 'is required: no coverage for this service and tier' },
      ]);
    }
    groupId = covered.groupId;
  }
  const group = await findGroup(tx, groupId);
  if (!group) throw new Invalid('No such group.', [{ field: 'body.groupId', message: 'is not a known group' }]);
  if (group.tier !== input.toTier) {
    throw new Invalid(`${group.name} works at ${group.tier}, not ${input.toTier}.`, [
      { field: 'body.groupId', message: 'is at another tier' },
    ]);
  }
  if (group.id === t.groupId && !input.assigneeId) throw new Conflict(`The ticket is already with ${group.name}.`);
  if (input.assigneeId) {
    const user = await findUser(tx, input.assigneeId);
    if (!user || !mayHold({ role: user.role, disabledAt: user.disabledAt }, input.toTier))
      throw new Invalid('That account cannot take this ticket.', [
        { field: 'body.assigneeId', message: 'must be an active account of the right role' },
      ]);
  }

  const kind = handoffKind(t.tier, input.toTier);
  const status = statusAfterHandoff(input.toTier, t.status);
  const updated = await writeTicket(tx, t, {
    tier: input.toTier,
    groupId: group.id,
    providerId: group.providerId,
    providerIds: t.providerIds.includes(group.providerId) ? t.providerIds : [...t.providerIds, group.providerId],
    assigneeId: input.assigneeId ?? null,
    status,
  });
  await insertHandoff(tx, {
    id: newId(),
    ticketId: t.id,
    kind,
    fromTier: t.tier,
    toTier: input.toTier,
    fromProviderId: t.providerId,
    toProviderId: group.providerId,
    fromGroupId: t.groupId,
    toGroupId: group.id,
    fromUserId: t.assigneeId,
    toUserId: input.assigneeId ?? null,
    reason: input.reason,
    vendorReference: input.vendorReference ?? null,
    actorId: actor.userId,
  });
  await addActivity(tx, t.id, actor.userId, 'escalated', { kind, from: t.tier, to: input.toTier, group: group.name });
  await recordAudit(tx, meta, {
    action: 'ticket.escalate',
    targetType: 'ticket',
    targetId: t.id,
    summary: {
      number: t.number,
      from: t.tier,
      to: input.toTier,
      group: group.name,
      vendorReference: input.vendorReference ?? null,
    },
  });
  await syncTicketSla(tx, updated);
  await emitTicketEvent(tx, 'ticket.escalated', updated, actor.userId, {
    tier: input.toTier,
    assigneeId: updated.assigneeId,
    // A new holder among the support providers (its engineers are told of their new case: notifications).
    ...(group.providerId !== t.providerId ? { toProviderId: group.providerId } : {}),
  });
  return updated;
}
