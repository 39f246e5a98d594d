// Opening a ticket: from the portal (a requester, in clinical words) or by an agent on a call, who may resolve
// it there and then. Priority is computed; the Tier 1-Plus group covering the application receives it.
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Forbidden, Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findCoverage, findPerson, getPriorityMatrix } from '../../directory/service.ts';
import { phiKinds } from '../../privacy/rules.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { isResponse } from '../rules/first-response.ts';
import { fieldsNotAllowed } from '../rules/visibility.ts';
import type { Channel } from '../rules/vocabulary.ts';
import type { OpenTicketInput } from '../schemas.ts';
import { addActivity, insertHandoff, insertTicket } from '../store.ts';
import { resolveContext } from './clinical-context.ts';
import { emitTicketEvent } from './events.ts';
import { loadViewer } from './viewer.ts';

export async function openTicket(ctx: AppContext, meta: RequestMeta, input: OpenTicketInput) {
  const actor = meta.actor!;
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

    const matrix = await getPriorityMatrix(tx);
    const c = await resolveContext(
      tx,
      {
        facilityId: input.facilityId ?? (input.unitId ? null : requester.facilityId),
        unitId: input.unitId ?? (input.facilityId ? null : requester.unitId),
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
    const route = coveredService ? await findCoverage(tx, coveredService, 'tier1') : null;
    const assignToMe = staff && (input.assignToMe || input.resolveNow !== undefined);
    const now = new Date();

    const channel: Channel = staff ? (input.channel ?? 'phone') : 'portal';
    const answered =
      isResponse({ kind: 'opened', channel, byPerson: staff }) ||
      (input.resolveNow !== undefined && isResponse({ kind: 'resolved', byPerson: staff }));
    const ticket = await insertTicket(tx, {
      id: newId(),
      type: input.type,
      channel,
      status: input.resolveNow ? 'resolved' : assignToMe ? 'in_progress' : 'new',
      summary: input.summary,
      description: input.description,
      requesterId,
      openedByUserId: actor.userId,
      facilityId: c.facilityId,
      unitId: c.unitId,
      locationId: c.locationId,
      locationText: input.locationText ?? null,
      assetId: c.assetId,
      assetTag: input.assetTag ?? null,
      deviceType: c.deviceType,
      serviceId: input.serviceId ?? null,
      moduleId: input.moduleId ?? null,
      errorText: input.errorText ?? null,
      patientCareAffected: input.patientCareAffected ?? false,
      scope: input.scope ?? 'me',
      workaroundAvailable: input.workaroundAvailable ?? null,
      patientSafety: input.patientSafety ?? false,
      safetyReportRef: input.safetyReportRef ?? null,
      impact: c.impact,
      urgency: c.urgency,
      priority: c.priority,
      priorityReason: c.priorityReason,
      tier: 'tier1',
      groupId: route?.groupId ?? null,
      providerId: route?.providerId ?? null,
      providerIds: route?.providerId ? [route.providerId] : [],
      assigneeId: assignToMe ? actor.userId : null,
      resolutionCode: input.resolveNow?.code ?? null,
      resolutionNote: input.resolveNow?.note ?? null,
      resolvedById: input.resolveNow ? actor.userId : null,
      resolvedAt: input.resolveNow ? now : null,
      // A person who opens the ticket on a live contact has answered the requester; a logged email has not.
      firstResponseAt: answered ? now : null,
    });

    await addActivity(tx, ticket.id, actor.userId, 'opened', { channel: ticket.channel, priority: ticket.priority });
    if (assignToMe) {
      await insertHandoff(tx, {
        id: newId(),
        ticketId: ticket.id,
        kind: 'assign',
        toTier: 'tier1',
        toProviderId: ticket.providerId,
        toGroupId: ticket.groupId,
        toUserId: actor.userId,
        actorId: actor.userId,
        reason: 'took it on first contact',
      });
      await addActivity(tx, ticket.id, actor.userId, 'assigned', { to: actor.displayName });
    }
    if (input.resolveNow) {
      await addActivity(tx, ticket.id, actor.userId, 'resolved', { code: input.resolveNow.code, onOpen: true });
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
      },
    });
    await syncTicketSla(tx, ticket, now.getTime());
    const known = { requesterUserId: requester.userId };
    await emitTicketEvent(tx, 'ticket.opened', ticket, actor.userId, {}, known);
    if (input.resolveNow) await emitTicketEvent(tx, 'ticket.resolved', ticket, actor.userId, {}, known);
    const phi = phiKinds([input.summary, input.description, input.errorText ?? ''].join('\n'));
    return { ticket, viewer, phiWarnings: phi };
  });
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
