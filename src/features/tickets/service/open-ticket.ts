// Opening a ticket: from the portal (a requester, in clinical words) or by an agent on a call, who may resolve
// it there and then. Priority is computed; the Tier 1-Plus group covering the application receives it.
// `openTicket` is the HTTP use case (who may open what, for whom); `openTicketTx` the core every ticket goes through,
// also used inside other features' transactions (a survey's service-recovery follow-up).
import type { ActorMeta, RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Forbidden, Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findCoverage, findPerson, getPriorityMatrix } from '../../directory/service.ts';
import { phiKinds } from '../../privacy/rules.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { isResponse } from '../rules/first-response.ts';
import { fieldsNotAllowed } from '../rules/visibility.ts';
import { type Channel, formatTicketNumber } from '../rules/vocabulary.ts';
import type { OpenTicketInput } from '../schemas.ts';
import { addActivity, insertComment, insertHandoff, insertLink, insertTicket, type TicketRow } from '../store.ts';
import { resolveContext } from './clinical-context.ts';
import { emitTicketEvent } from './events.ts';
import { loadViewer } from './viewer.ts';

export async function openTicket(ctx: AppContext, meta: ActorMeta, input: OpenTicketInput) {
  const actor = meta.actor;
  const staff = isStaff(actor.role);
  const used = fieldsNotAllowed(
    actor.role,
    'open',
    Object.keys(input).filter((k) => input[k as keyof OpenTicketInput] !== undefined),
  );
  if (used.length) throw new Forbidden(`Only the service desk sets ${used.join(', ')}.`);
  return ctx.database.db.transaction(async (tx) => {
    const viewer = await loadViewer(tx, actor);
    const requesterId = await chooseRequester(tx, viewer, input.requesterId, staff);
    const requester = await findPerson(tx, requesterId);
    if (!requester)
      throw new Invalid('No such requester.', [{ field: 'body.requesterId', message: 'is not a known person' }]);
    const { requesterId: _requester, channel, assignToMe, ...fields } = input;
    const { ticket, phiWarnings } = await openTicketTx(tx, meta, {
      requester: { id: requester.id, userId: requester.userId },
      opener: { userId: actor.userId, displayName: actor.displayName, staff },
      // A requester always opens through the portal.
      channel: staff ? (channel ?? 'phone') : 'portal',
      fields: {
        ...fields,
        // The requester's own place unless the ticket names one.
        facilityId: input.facilityId ?? (input.unitId ? null : requester.facilityId),
        unitId: input.unitId ?? (input.facilityId ? null : requester.unitId),
      },
      assignToOpener: staff && (assignToMe === true || input.resolveNow !== undefined),
    });
    return { ticket, viewer, phiWarnings };
  });
}

/** What the core opens: everything already checked (who may open it, for whom) by its caller. */
export type OpenTicketCommand = {
  /** The person who needs help. */
  requester: { id: string; userId: string | null };
  /** Who opens it; null when the desk itself does (a service-recovery follow-up after a survey answer). */
  opener: { userId: string; displayName: string; staff: boolean } | null;
  channel: Channel;
  fields: Omit<OpenTicketInput, 'requesterId' | 'channel' | 'assignToMe'>;
  /** The opener takes it (on a live contact, or resolving it there and then). */
  assignToOpener?: boolean;
  /** The group that receives it instead of the Tier 1-Plus group covering its service (e.g. the desk manager's). */
  queue?: { groupId: string; providerId: string } | null;
  /** More about how it was opened, on its "opened" activity and audit entry (e.g. `{ recovery: true }`). */
  note?: Record<string, unknown>;
  /** A public note from the desk itself (no author) that the requester reads first. */
  deskNote?: string;
  /** Another ticket this one is about: linked "related", with the link on the other ticket's history too. */
  relatedTo?: TicketRow | null;
};

/**
 * Opening a ticket inside the caller's transaction, with everything every ticket gets: its clinical context checked
 * and its priority computed, the queue that covers it, the "opened" activity, the audit entry, its SLA clock, and the
 * outbox event that updates every allowed screen live. The HTTP use case above and the surveys' service recovery
 * both open tickets through here.
 */
export async function openTicketTx(tx: Queryable, meta: RequestMeta, c: OpenTicketCommand) {
  const input = c.fields;
  const staff = c.opener?.staff ?? false;
  const openerId = c.opener?.userId ?? null;
  const matrix = await getPriorityMatrix(tx);
  const context = await resolveContext(
    tx,
    {
      facilityId: input.facilityId ?? null,
      unitId: input.unitId ?? null,
      locationId: input.locationId ?? null,
      assetTag: input.assetTag ?? null,
      deviceType: input.deviceType ?? null,
      serviceId: input.serviceId ?? null,
      moduleId: input.moduleId ?? null,
      scope: input.scope ?? 'me',
      patientCareAffected: input.patientCareAffected ?? false,
      patientSafety: input.patientSafety ?? false,
      workaroundAvailable: input.workaroundAvailable ?? null,
      impact: input.impact,
      urgency: input.urgency,
    },
    matrix,
  );
  // The module's own coverage, else its application's (findCoverage falls back).
  const coveredService = input.moduleId ?? input.serviceId;
  const route = c.queue ?? (coveredService ? await findCoverage(tx, coveredService, 'tier1') : null);
  const assign = Boolean(c.opener && c.assignToOpener);
  const now = new Date();

  const answered =
    isResponse({ kind: 'opened', channel: c.channel, byPerson: staff }) ||
    (input.resolveNow !== undefined && isResponse({ kind: 'resolved', byPerson: staff }));
  const ticket = await insertTicket(tx, {
    id: newId(),
    type: input.type,
    channel: c.channel,
    status: input.resolveNow ? 'resolved' : assign ? 'in_progress' : 'new',
    summary: input.summary,
    description: input.description,
    requesterId: c.requester.id,
    openedByUserId: openerId,
    facilityId: context.facilityId,
    unitId: context.unitId,
    locationId: context.locationId,
    locationText: input.locationText ?? null,
    assetId: context.assetId,
    assetTag: input.assetTag ?? null,
    deviceType: context.deviceType,
    serviceId: input.serviceId ?? null,
    moduleId: input.moduleId ?? null,
    errorText: input.errorText ?? null,
    patientCareAffected: input.patientCareAffected ?? false,
    scope: input.scope ?? 'me',
    workaroundAvailable: input.workaroundAvailable ?? null,
    patientSafety: input.patientSafety ?? false,
    safetyReportRef: input.safetyReportRef ?? null,
    impact: context.impact,
    urgency: context.urgency,
    priority: context.priority,
    priorityReason: context.priorityReason,
    tier: 'tier1',
    groupId: route?.groupId ?? null,
    providerId: route?.providerId ?? null,
    providerIds: route?.providerId ? [route.providerId] : [],
    assigneeId: assign ? openerId : null,
    resolutionCode: input.resolveNow?.code ?? null,
    resolutionNote: input.resolveNow?.note ?? null,
    resolvedById: input.resolveNow ? openerId : null,
    resolvedAt: input.resolveNow ? now : null,
    // A person who opens the ticket on a live contact has answered the requester; a logged email has not.
    firstResponseAt: answered ? now : null,
  });

  await addActivity(tx, ticket.id, openerId, 'opened', {
    channel: ticket.channel,
    priority: ticket.priority,
    ...c.note,
  });
  if (assign && c.opener) {
    await insertHandoff(tx, {
      id: newId(),
      ticketId: ticket.id,
      kind: 'assign',
      toTier: 'tier1',
      toProviderId: ticket.providerId,
      toGroupId: ticket.groupId,
      toUserId: c.opener.userId,
      actorId: c.opener.userId,
      reason: 'took it on first contact',
    });
    await addActivity(tx, ticket.id, c.opener.userId, 'assigned', { to: c.opener.displayName });
  }
  if (input.resolveNow) {
    await addActivity(tx, ticket.id, openerId, 'resolved', { code: input.resolveNow.code, onOpen: true });
  }
  if (c.deskNote) {
    await insertComment(tx, {
      id: newId(),
      ticketId: ticket.id,
      authorId: null,
      visibility: 'public',
      body: c.deskNote,
    });
  }
  if (c.relatedTo) {
    await insertLink(tx, { ticketId: ticket.id, otherId: c.relatedTo.id, kind: 'related', createdBy: openerId });
    await addActivity(tx, c.relatedTo.id, openerId, 'linked', {
      kind: 'related',
      other: formatTicketNumber(ticket.number),
    });
  }
  await recordAudit(tx, meta, {
    action: 'ticket.open',
    targetType: 'ticket',
    targetId: ticket.id,
    summary: {
      number: ticket.number,
      priority: ticket.priority,
      channel: ticket.channel,
      resolvedNow: Boolean(input.resolveNow),
      ...c.note,
    },
  });
  await syncTicketSla(tx, ticket, now.getTime());
  const known = { requesterUserId: c.requester.userId };
  const actorId = meta.actor?.userId ?? null;
  await emitTicketEvent(tx, 'ticket.opened', ticket, actorId, {}, known);
  if (input.resolveNow) await emitTicketEvent(tx, 'ticket.resolved', ticket, actorId, {}, known);
  const phiWarnings = phiKinds([input.summary, input.description, input.errorText ?? ''].join('\n'));
  return { ticket, phiWarnings };
}

async function chooseRequester(
  tx: Parameters<typeof findPerson>[0],
  viewer: Awaited<ReturnType<typeof loadViewer>>,
  requested: string | undefined,
  staff: boolean,
): Promise<string> {
  if (staff) {
    if (!requested) throw new Invalid('Say who needs help.', [{ field: 'body.requesterId', message: 'is required' }]);
    return requested;
  }
  if (!viewer.personId) {
    throw new Invalid('Your account is not linked to a person in the directory. Please call the service desk.');
  }
  if (!requested || requested === viewer.personId) return viewer.personId;
  const other = await findPerson(tx, requested);
  if (viewer.superUser && other && other.unitId === viewer.unitId) return requested;
  throw new Forbidden('You can open tickets for yourself, or for people on your unit when you are a super-user.');
}
