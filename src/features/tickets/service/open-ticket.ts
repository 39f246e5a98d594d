// Opening a ticket: from the portal (a requester, in clinical words) or by an agent on a call, who may resolve
// it there and then. Priority is computed; the Tier 1-Plus group covering the application receives it, else the
// desk's intake group.
// `openTicket` is the HTTP use case (who may open what, for whom); `openTicketTx` the core every ticket goes through,
// also used inside other features' transactions (a survey's service-recovery follow-up).
import type { Actor, ActorMeta, RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict, Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findPerson, findPersonOfUserAndPerson, type PersonWithPlace } from '../../directory/service.ts';
import { attachNewTicketTx } from '../../incidents/service/attach.ts';
import { phiKinds } from '../../privacy/rules.ts';
import { openTicketSla } from '../../sla/service.ts';
import { credentialResolutionRefusal } from '../rules/credential-resolution.ts';
import { isResponse } from '../rules/first-response.ts';
import { authorizeOpen, requesterFor } from '../rules/policy.ts';
import type { Viewer } from '../rules/visibility.ts';
import { type Channel, formatTicketNumber } from '../rules/vocabulary.ts';
import type { OpenTicketInput } from '../schemas.ts';
import {
  addActivity,
  insertComment,
  insertHandoff,
  insertLink,
  insertTicket,
  type NewTicketRow,
  type TicketRow,
} from '../store.ts';
import { resolveContext } from './clinical-context.ts';
import { emitTicketEvent } from './events.ts';
import { viewerOf } from './viewer.ts';

export async function openTicket(ctx: AppContext, meta: ActorMeta, input: OpenTicketInput) {
  const actor = meta.actor;
  authorizeOpen(
    actor.role,
    Object.keys(input).filter((k) => input[k as keyof OpenTicketInput] !== undefined),
  );
  return ctx.database.db.transaction(async (tx) => {
    // The viewer's own person and the person named, in one read.
    const people = await findPersonOfUserAndPerson(tx, actor.userId, input.requesterId);
    const viewer = viewerOf(actor, people.ofUser);
    const requester = await findRequester(tx, viewer, input.requesterId, people);
    const { ticket, phiWarnings } = await openTicketTx(tx, meta, commandFor(actor, requester, input));
    return { ticket, viewer, phiWarnings };
  });
}

/** The person who needs help: whom the viewer names, as far as the policy lets them (rules/policy.ts). */
async function findRequester(
  tx: Queryable,
  viewer: Viewer,
  requested: string | undefined,
  read: { ofUser: PersonWithPlace | undefined; named: PersonWithPlace | undefined },
) {
  const { named, ofUser } = read;
  const id = requesterFor(viewer, requested, named);
  const requester = id === requested ? named : id === ofUser?.id ? ofUser : await findPerson(tx, id);
  if (!requester)
    throw new Invalid('No such requester.', [{ field: 'body.requesterId', message: 'is not a known person' }]);
  return requester;
}

/** What the desk (on a call) or the requester (in the portal) asked for, as the core opens it. */
function commandFor(
  actor: Actor,
  requester: { id: string; userId: string | null; facilityId: string | null; unitId: string | null },
  input: OpenTicketInput,
): OpenTicketCommand {
  const staff = isStaff(actor.role);
  const { requesterId: _requester, channel, assignToMe, ...fields } = input;
  return {
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
  };
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
  // No caller verification can be recorded on a ticket that does not exist yet.
  const refusal = c.fields.resolveNow && credentialResolutionRefusal(c.fields.resolveNow.code, [], true);
  if (refusal) throw new Conflict(refusal, [{ field: 'body.resolveNow.code', message: refusal }]);
  const context = await judgeContext(tx, c.fields, c.requester.id);
  const queue = c.queue ?? (await context.firstLineQueue());
  const now = new Date();
  const row = ticketRowOf(c, context, queue, now);
  // Its first history entry goes in with it (one statement).
  const ticket = await insertTicket(tx, row, {
    actorId: c.opener?.userId ?? null,
    data: { channel: row.channel, priority: row.priority, ...c.note },
  });
  await recordOpening(tx, ticket, c);
  await recordAudit(tx, meta, {
    action: 'ticket.open',
    targetType: 'ticket',
    targetId: ticket.id,
    summary: {
      number: ticket.number,
      priority: ticket.priority,
      channel: ticket.channel,
      resolvedNow: Boolean(c.fields.resolveNow),
      ...c.note,
    },
  });
  await openTicketSla(tx, ticket, now.getTime(), context.slaFacts);
  // While an incident is open, a ticket about it attaches itself as a child (or is suggested): docs/incidents.md.
  const outage = await attachNewTicketTx(tx, meta, ticket);
  await announceOpening(tx, meta, ticket, c);
  const input = c.fields;
  const phiWarnings = phiKinds([input.summary, input.description, input.errorText ?? ''].join('\n'));
  return { ticket, phiWarnings, outage };
}

type Fields = OpenTicketCommand['fields'];
type Queue = { groupId: string; providerId: string } | null;

/** The clinical context checked against the directory, the priority judged from it, and the Tier 1-Plus group
 *  covering the module (else its application); when none does (no service chosen yet, as with most email), the
 *  desk's intake group (directory rules `intakeGroup`), so no ticket sits outside every group queue. */
async function judgeContext(tx: Queryable, input: Fields, requesterId: string) {
  return resolveContext(tx, {
    requesterId,
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
  });
}

/** The new ticket's row: new, taken by the opener, or resolved there and then. */
function ticketRowOf(
  c: OpenTicketCommand,
  context: Awaited<ReturnType<typeof judgeContext>>,
  route: Queue,
  now: Date,
): NewTicketRow {
  const input = c.fields;
  const staff = c.opener?.staff ?? false;
  const openerId = c.opener?.userId ?? null;
  const assign = Boolean(c.opener && c.assignToOpener);
  const answered =
    isResponse({ kind: 'opened', channel: c.channel, byPerson: staff }) ||
    (input.resolveNow !== undefined && isResponse({ kind: 'resolved', byPerson: staff }));
  return {
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
  };
}

/** The ticket's first history after "opened" (written with the ticket): taken, resolved on the spot, the desk's note,
 *  the link to a related ticket. */
async function recordOpening(tx: Queryable, ticket: TicketRow, c: OpenTicketCommand) {
  const input = c.fields;
  const openerId = c.opener?.userId ?? null;
  if (c.opener && c.assignToOpener) {
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
}

/** The outbox events that update every allowed screen: opened, and resolved when it was resolved at once. */
async function announceOpening(tx: Queryable, meta: RequestMeta, ticket: TicketRow, c: OpenTicketCommand) {
  const known = { requesterUserId: c.requester.userId };
  const actorId = meta.actor?.userId ?? null;
  await emitTicketEvent(tx, 'ticket.opened', ticket, actorId, {}, known);
  if (c.fields.resolveNow) await emitTicketEvent(tx, 'ticket.resolved', ticket, actorId, {}, known);
}
