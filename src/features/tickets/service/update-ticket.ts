// Changing a ticket: status through the state machine, resolution, assignment, clinical context and priority.
// Optimistic concurrency: the caller sends the version it read; a stale version is a 409, nothing is written.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import { findUserById as findUser } from '../../../platform/auth/store.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db/connect.ts';
import { Conflict, Forbidden, Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findGroup, getPriorityMatrix } from '../../directory/service.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { isResponse } from '../rules/first-response.ts';
import { transition } from '../rules/lifecycle.ts';
import { fieldsNotAllowed } from '../rules/visibility.ts';
import { type ActivityKind, formatTicketNumber } from '../rules/vocabulary.ts';
import type { UpdateTicketInput } from '../schemas.ts';
import { addActivity, insertHandoff, type NewTicketRow, type TicketRow, updateTicket } from '../store.ts';
import { resolveContext } from './clinical-context.ts';
import { emitTicketEvent } from './events.ts';
import { loadVisibleTicket } from './read-ticket.ts';

const CONTEXT_FIELDS = [
  'facilityId',
  'unitId',
  'locationId',
  'assetTag',
  'deviceType',
  'serviceId',
  'moduleId',
  'scope',
  'patientCareAffected',
  'patientSafety',
  'workaroundAvailable',
  'impact',
  'urgency',
] as const;

export async function updateTicketFields(ctx: AppContext, meta: ActorMeta, number: number, input: UpdateTicketInput) {
  const actor = meta.actor;
  const extra = fieldsNotAllowed(actor.role, 'update', Object.keys(input));
  if (extra.length)
    throw new Forbidden(`Vendor engineers may change status and resolution only, not ${extra.join(', ')}.`);
  return ctx.database.db.transaction(async (tx) => {
    const { ticket: t, viewer } = await loadVisibleTicket(tx, actor, number, true);
    if (t.version !== input.version) throw staleVersion(t);
    const changes: Partial<NewTicketRow> = {};
    const activity: [ActivityKind, Record<string, unknown>][] = [];
    const now = new Date();

    await applyStatus(t, input, changes, activity, actor.userId, now);
    await applyAssignment(tx, t, input, changes, activity, meta);
    await applyContext(tx, t, input, changes, activity);
    for (const key of ['summary', 'description', 'type', 'locationText', 'errorText', 'safetyReportRef'] as const) {
      if (input[key] !== undefined && input[key] !== t[key]) (changes as Record<string, unknown>)[key] = input[key];
    }
    if (input.callbackRequested) activity.push(['callback_requested', {}]);
    // Assigning, editing or moving the ticket is not a response; the resolution note the requester reads is.
    if (
      !t.firstResponseAt &&
      changes.status === 'resolved' &&
      isResponse({ kind: 'resolved', byPerson: isStaff(actor.role) })
    )
      changes.firstResponseAt = now;
    if (Object.keys(changes).length === 0 && activity.length === 0) return { ticket: t, viewer };

    const updated = await updateTicket(tx, t, changes);
    if (!updated) throw staleVersion(t);
    for (const [kind, data] of activity) await addActivity(tx, t.id, actor.userId, kind, data);
    await recordAudit(tx, meta, {
      action: 'ticket.update',
      targetType: 'ticket',
      targetId: t.id,
      summary: { number: t.number, fields: Object.keys(changes).filter((k) => k !== 'firstResponseAt') },
    });
    await syncTicketSla(tx, updated, now.getTime());
    const resolved = changes.status === 'resolved';
    await emitTicketEvent(tx, resolved ? 'ticket.resolved' : 'ticket.updated', updated, actor.userId);
    return { ticket: updated, viewer };
  });
}

function staleVersion(t: TicketRow) {
  return new Conflict(
    `Someone else changed ${formatTicketNumber(t.number)} (now version ${t.version}). Reload it and try again.`,
    [{ field: 'body.version', message: `is stale; the current version is ${t.version}` }],
  );
}

async function applyStatus(
  t: TicketRow,
  input: UpdateTicketInput,
  changes: Partial<NewTicketRow>,
  activity: [ActivityKind, Record<string, unknown>][],
  actorId: string,
  now: Date,
) {
  if (input.resolution && input.status !== 'resolved') {
    throw new Invalid('A resolution goes with status "resolved".', [
      { field: 'body.resolution', message: 'needs status resolved' },
    ]);
  }
  if (!input.status || input.status === t.status) return;
  const verdict = transition({
    from: t.status,
    to: input.status,
    resolvedAt: t.resolvedAt,
    now,
    resolution: input.resolution,
  });
  if (!verdict.ok) throw new Conflict(verdict.reason, [{ field: 'body.status', message: verdict.reason }]);
  changes.status = input.status;
  if (input.status === 'resolved') {
    Object.assign(changes, {
      resolutionCode: input.resolution!.code,
      resolutionNote: input.resolution!.note,
      resolvedById: actorId,
      resolvedAt: now,
    });
    activity.push(['resolved', { code: input.resolution!.code }]);
  } else if (input.status === 'closed') {
    changes.closedAt = now;
    activity.push(['closed', {}]);
  } else if (verdict.reopen) {
    Object.assign(changes, { reopenCount: t.reopenCount + 1, resolvedAt: null, resolvedById: null });
    activity.push(['reopened', { previousResolution: t.resolutionCode }]);
  } else {
    activity.push(['status', { from: t.status, to: input.status }]);
  }
}

async function applyAssignment(
  tx: Tx,
  t: TicketRow,
  input: UpdateTicketInput,
  changes: Partial<NewTicketRow>,
  activity: [ActivityKind, Record<string, unknown>][],
  meta: ActorMeta,
) {
  const assigneeChanged = input.assigneeId !== undefined && input.assigneeId !== t.assigneeId;
  const groupChanged = input.groupId !== undefined && input.groupId !== t.groupId;
  if (!assigneeChanged && !groupChanged) return;
  let toUserName: string | null = null;
  if (assigneeChanged && input.assigneeId) {
    const user = await findUser(tx, input.assigneeId);
    if (!user) throw new Invalid('No such account.', [{ field: 'body.assigneeId', message: 'is not a known account' }]);
    if (!isStaff(user.role) || user.disabledAt) {
      throw new Invalid(`${user.displayName} cannot be assigned tickets (role ${user.role}).`, [
        { field: 'body.assigneeId', message: 'must be an active desk, analyst or engineer account' },
      ]);
    }
    toUserName = user.displayName;
  }
  const group = groupChanged && input.groupId ? await findGroup(tx, input.groupId) : undefined;
  if (groupChanged && input.groupId && !group)
    throw new Invalid('No such group.', [{ field: 'body.groupId', message: 'is not a known group' }]);
  if (assigneeChanged) changes.assigneeId = input.assigneeId;
  if (groupChanged) {
    Object.assign(changes, {
      groupId: input.groupId,
      tier: group?.tier ?? t.tier,
      providerId: group?.providerId ?? t.providerId,
    });
    if (group && !t.providerIds.includes(group.providerId)) changes.providerIds = [...t.providerIds, group.providerId];
  }
  if (t.status === 'new' && input.assigneeId && !changes.status) changes.status = 'in_progress';
  await insertHandoff(tx, {
    id: newId(),
    ticketId: t.id,
    kind: t.assigneeId && assigneeChanged && input.assigneeId ? 'transfer' : 'assign',
    fromTier: t.tier,
    toTier: group?.tier ?? t.tier,
    fromProviderId: t.providerId,
    toProviderId: group?.providerId ?? t.providerId,
    fromGroupId: t.groupId,
    toGroupId: groupChanged ? (input.groupId ?? null) : t.groupId,
    fromUserId: t.assigneeId,
    toUserId: assigneeChanged ? (input.assigneeId ?? null) : t.assigneeId,
    actorId: meta.actor.userId,
  });
  activity.push(['assigned', { to: toUserName, group: group?.name ?? null }]);
}

async function applyContext(
  tx: Tx,
  t: TicketRow,
  input: UpdateTicketInput,
  changes: Partial<NewTicketRow>,
  activity: [ActivityKind, Record<string, unknown>][],
) {
  if (!CONTEXT_FIELDS.some((k) => input[k] !== undefined)) return;
  const pick = <K extends keyof TicketRow>(k: K & keyof UpdateTicketInput) =>
    (input[k] !== undefined ? input[k] : t[k]) as TicketRow[K];
  const c = await resolveContext(
    tx,
    {
      facilityId: pick('facilityId'),
      unitId: pick('unitId'),
      locationId: pick('locationId'),
      assetTag: pick('assetTag'),
      deviceType: pick('deviceType'),
      serviceId: pick('serviceId'),
      moduleId: pick('moduleId'),
      scope: pick('scope'),
      patientCareAffected: pick('patientCareAffected'),
      patientSafety: pick('patientSafety'),
      workaroundAvailable: pick('workaroundAvailable'),
      // An earlier explicit impact/urgency stands until the facts it was judged from change.
      impact:
        input.impact ?? (['scope', 'serviceId', 'moduleId', 'unitId'].some((k) => k in input) ? undefined : t.impact),
      urgency:
        input.urgency ??
        (['patientCareAffected', 'patientSafety', 'workaroundAvailable'].some((k) => k in input)
          ? undefined
          : t.urgency),
    },
    await getPriorityMatrix(tx),
  );
  for (const k of CONTEXT_FIELDS) {
    if (k !== 'impact' && k !== 'urgency' && input[k] !== undefined) (changes as Record<string, unknown>)[k] = input[k];
  }
  Object.assign(changes, {
    facilityId: c.facilityId,
    unitId: c.unitId,
    assetId: c.assetId,
    deviceType: c.deviceType,
    impact: c.impact,
    urgency: c.urgency,
    priority: c.priority,
    priorityReason: c.priorityReason,
  });
  if (c.priority !== t.priority)
    activity.push(['priority', { from: t.priority, to: c.priority, reason: c.priorityReason }]);
}
