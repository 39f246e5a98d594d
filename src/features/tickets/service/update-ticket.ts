// Changing a ticket: status through the state machine, resolution, assignment, clinical context and priority.
// Optimistic concurrency: the caller sends the version it read; a stale version is a 409, nothing is written.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import { findUserById as findUser } from '../../../platform/auth/store.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Tx } from '../../../platform/db/connect.ts';
import { Conflict, Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findGroup } from '../../directory/service.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { credentialResolutionRefusal } from '../rules/credential-resolution.ts';
import { isResponse } from '../rules/first-response.ts';
import { reopening, transition } from '../rules/lifecycle.ts';
import { authorizeUpdate, authorizeVendorMove, mayHold } from '../rules/policy.ts';
import type { ActivityKind } from '../rules/vocabulary.ts';
import type { UpdateTicketInput } from '../schemas.ts';
import { addActivity, insertHandoff, type NewTicketRow, recordedCredentialChanges, type TicketRow } from '../store.ts';
import { resolveContext } from './clinical-context.ts';
import { emitTicketEvent } from './events.ts';
import { loadVisibleTicket } from './read-ticket.ts';
import { checkVersion, writeTicket } from './write-ticket.ts';

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

/** What one part of an update changes on the ticket row, and the activity it records. */
type Change = { changes: Partial<NewTicketRow>; activity: Activity[] };
type Activity = [kind: ActivityKind, data: Record<string, unknown>];
const NO_CHANGE: Change = { changes: {}, activity: [] };

export async function updateTicketFields(ctx: AppContext, meta: ActorMeta, number: number, input: UpdateTicketInput) {
  const actor = meta.actor;
  authorizeUpdate(actor.role, Object.keys(input));
  return ctx.database.db.transaction(async (tx) => {
    const { ticket: t, viewer } = await loadVisibleTicket(tx, actor, number, true);
    authorizeVendorMove(viewer, t);
    checkVersion(t, input.version);
    if (input.status === 'resolved' && input.resolution && t.status !== 'resolved') {
      const refusal = credentialResolutionRefusal(
        input.resolution.code,
        await recordedCredentialChanges(tx, t.id),
        false,
      );
      if (refusal) throw new Conflict(refusal, [{ field: 'body.resolution.code', message: refusal }]);
    }
    const now = new Date();
    const parts = [
      statusChange(t, input, actor.userId, now),
      await assignmentChange(tx, t, input, actor.userId),
      await contextChange(tx, t, input),
      textChange(t, input),
      input.callbackRequested ? { changes: {}, activity: [['callback_requested', {}]] } : NO_CHANGE,
    ] satisfies Change[];
    const changes: Partial<NewTicketRow> = Object.assign({}, ...parts.map((p) => p.changes));
    const activity = parts.flatMap((p) => p.activity);
    // Assigning, editing or moving the ticket is not a response; the resolution note the requester reads is.
    if (
      !t.firstResponseAt &&
      changes.status === 'resolved' &&
      isResponse({ kind: 'resolved', byPerson: isStaff(actor.role) })
    )
      changes.firstResponseAt = now;
    if (Object.keys(changes).length === 0 && activity.length === 0) return { ticket: t, viewer };

    const updated = await writeTicket(tx, t, changes);
    for (const [kind, data] of activity) await addActivity(tx, t.id, actor.userId, kind, data);
    await recordAudit(tx, meta, {
      action: 'ticket.update',
      targetType: 'ticket',
      targetId: t.id,
      summary: { number: t.number, fields: Object.keys(changes).filter((k) => k !== 'firstResponseAt') },
    });
    await syncTicketSla(tx, updated, now.getTime());
    const resolved = changes.status === 'resolved';
    // What happened, by activity kind, and who holds it now: the notifications tell a reopening and a new assignee.
    await emitTicketEvent(tx, resolved ? 'ticket.resolved' : 'ticket.updated', updated, actor.userId, {
      activity: activity.map(([kind]) => kind),
      assigneeId: updated.assigneeId,
    });
    return { ticket: updated, viewer };
  });
}

/** A new status through the state machine: resolving records the resolution, reopening counts. */
function statusChange(t: TicketRow, input: UpdateTicketInput, actorId: string, now: Date): Change {
  if (input.resolution && input.status !== 'resolved') {
    throw new Invalid('A resolution goes with status "resolved".', [
      { field: 'body.resolution', message: 'needs status resolved' },
    ]);
  }
  if (!input.status || input.status === t.status) return NO_CHANGE;
  const verdict = transition({
    from: t.status,
    to: input.status,
    resolvedAt: t.resolvedAt,
    now,
    resolution: input.resolution,
  });
  if (!verdict.ok) throw new Conflict(verdict.reason, [{ field: 'body.status', message: verdict.reason }]);
  if (input.status === 'resolved') {
    return {
      changes: {
        status: input.status,
        resolutionCode: input.resolution!.code,
        resolutionNote: input.resolution!.note,
        resolvedById: actorId,
        resolvedAt: now,
      },
      activity: [['resolved', { code: input.resolution!.code }]],
    };
  }
  if (input.status === 'closed') return { changes: { status: 'closed', closedAt: now }, activity: [['closed', {}]] };
  if (verdict.reopen) {
    return { changes: reopening(t), activity: [['reopened', { previousResolution: t.resolutionCode }]] };
  }
  return { changes: { status: input.status }, activity: [['status', { from: t.status, to: input.status }]] };
}

/** Another assignee or group: a hand-off in the tier history; a new ticket given to someone is in progress. */
async function assignmentChange(tx: Tx, t: TicketRow, input: UpdateTicketInput, actorId: string): Promise<Change> {
  const assigneeChanged = input.assigneeId !== undefined && input.assigneeId !== t.assigneeId;
  const groupChanged = input.groupId !== undefined && input.groupId !== t.groupId;
  if (!assigneeChanged && !groupChanged) return NO_CHANGE;
  let toUserName: string | null = null;
  if (assigneeChanged && input.assigneeId) {
    const user = await findUser(tx, input.assigneeId);
    if (!user) throw new Invalid('No such account.', [{ field: 'body.assigneeId', message: 'is not a known account' }]);
    if (!mayHold({ role: user.role, disabledAt: user.disabledAt })) {
      throw new Invalid(`${user.displayName} cannot be assigned tickets (role ${user.role}).`, [
        { field: 'body.assigneeId', message: 'must be an active desk, analyst or engineer account' },
      ]);
    }
    toUserName = user.displayName;
  }
  const group = groupChanged && input.groupId ? await findGroup(tx, input.groupId) : undefined;
  if (groupChanged && input.groupId && !group)
    throw new Invalid('No such group.', [{ field: 'body.groupId', message: 'is not a known group' }]);
  const changes: Partial<NewTicketRow> = {};
  if (assigneeChanged) changes.assigneeId = input.assigneeId;
  if (groupChanged) {
    Object.assign(changes, {
      groupId: input.groupId,
      tier: group?.tier ?? t.tier,
      providerId: group?.providerId ?? t.providerId,
    });
    if (group && !t.providerIds.includes(group.providerId)) changes.providerIds = [...t.providerIds, group.providerId];
  }
  // Unless the same update moves the status itself.
  const statusMoves = input.status !== undefined && input.status !== t.status;
  if (t.status === 'new' && input.assigneeId && !statusMoves) changes.status = 'in_progress';
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
    actorId,
  });
  return { changes, activity: [['assigned', { to: toUserName, group: group?.name ?? null }]] };
}

/** New clinical context: the place, asset and service re-checked, and the priority judged again. */
async function contextChange(tx: Tx, t: TicketRow, input: UpdateTicketInput): Promise<Change> {
  if (!CONTEXT_FIELDS.some((k) => input[k] !== undefined)) return NO_CHANGE;
  const pick = <K extends keyof TicketRow>(k: K & keyof UpdateTicketInput) =>
    (input[k] !== undefined ? input[k] : t[k]) as TicketRow[K];
  const c = await resolveContext(tx, {
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
      (['patientCareAffected', 'patientSafety', 'workaroundAvailable'].some((k) => k in input) ? undefined : t.urgency),
  });
  const changes: Partial<NewTicketRow> = {};
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
  const activity: Activity[] =
    c.priority !== t.priority ? [['priority', { from: t.priority, to: c.priority, reason: c.priorityReason }]] : [];
  return { changes, activity };
}

/** Edited words: only the fields that really changed. */
function textChange(t: TicketRow, input: UpdateTicketInput): Change {
  const changes: Partial<NewTicketRow> = {};
  for (const key of ['summary', 'description', 'type', 'locationText', 'errorText', 'safetyReportRef'] as const) {
    if (input[key] !== undefined && input[key] !== t[key]) (changes as Record<string, unknown>)[key] = input[key];
  }
  return { changes, activity: [] };
}
