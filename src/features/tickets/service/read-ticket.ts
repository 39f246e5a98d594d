import type { Actor, ActorMeta } from '../../../platform/actor.ts';
import { recordAuditNow } from '../../../platform/audit/service.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { maskPhi, phiKinds } from '../../privacy/rules.ts';
import { slaBriefOf, slaDetailOf } from '../../sla/view.ts';
import { firstContact, firstContactResolvable } from '../rules/fcr.ts';
import { firstTouch, firstTouchHistoryOf, sideOfRole } from '../rules/first-touch.ts';
import {
  authorizeRead,
  seesComment,
  seesPhi,
  seesTierHistory,
  statusesFor,
  type TicketFacts,
  ticketActions,
} from '../rules/policy.ts';
import { deskCueOf, VENDOR_STATE_LABELS, vendorMovesFor } from '../rules/vendor-case.ts';
import type { Viewer } from '../rules/visibility.ts';
import { type Channel, type CommentVisibility, formatTicketNumber, type ResolutionCode } from '../rules/vocabulary.ts';
import type { TicketDetail } from '../schemas.ts';
import * as store from '../store.ts';
import { loadViewer, viewerOf } from './viewer.ts';

/** Requesters see when help is due, not which team or vendor used how much of the time, nor any contract. A vendor
 *  sees the hospital's clocks (when the clinician's help is due) and only its own provider's contract clocks; which
 *  other teams and providers used the time, and their contracts, are the hospital's business. */
function slaDetailFor(row: Parts['slaRow'], viewer: Viewer, handoffs: Parts['handoffs']) {
  const names = new Map<string, string>();
  for (const { h, fromProvider, toProvider } of handoffs) {
    if (h.fromProviderId && fromProvider) names.set(h.fromProviderId, fromProvider);
    if (h.toProviderId && toProvider) names.set(h.toProviderId, toProvider);
  }
  const detail = slaDetailOf(row, Date.now(), (id) => names.get(id) ?? null);
  if (!detail) return detail;
  if (viewer.role === 'requester') return { ...detail, elapsedByHolder: {}, contracts: [] };
  if (viewer.role === 'vendor') {
    const own = detail.contracts.filter((c) => viewer.providerOrgId !== null && c.providerId === viewer.providerOrgId);
    return { ...detail, elapsedByHolder: {}, contracts: own };
  }
  return detail;
}

export async function loadVisibleTicket(db: Queryable, actor: Actor, number: number, forUpdate = false) {
  const viewer = await loadViewer(db, actor);
  const ticket = authorizeRead(viewer, await store.findTicketByNumber(db, number, forUpdate), number);
  return { ticket, viewer };
}

/** What the policy reads of a ticket row. */
export function factsOf(t: store.TicketRow): TicketFacts {
  return { ...t, status: t.status };
}

/** A person opens a ticket: it is shown as they may see it, and the read is in the audit trail (tickets may hold
 *  PHI). */
export async function viewTicket(ctx: AppContext, meta: ActorMeta, number: number): Promise<TicketDetail> {
  // The ticket, its page and the reader's person in one read; the page is shown only once the reader may see it.
  const found = await store.findTicketPageByNumber(ctx.database.db, number, meta.actor.userId);
  const viewer = viewerOf(meta.actor, found?.readerPerson);
  const ticket = authorizeRead(viewer, found?.ticket, number);
  await recordAuditNow(ctx.database, meta, {
    action: 'ticket.view',
    targetType: 'ticket',
    targetId: ticket.id,
    summary: { number: ticket.number },
  });
  return ticketDetailOf(viewer, ticket, found!.page);
}

const minutesSince = (d: Date) => Math.max(0, Math.floor((Date.now() - d.getTime()) / 60_000));

/** The ticket page as this viewer may see it: every part loaded, then each shaped for them by its own step. */
export async function ticketDetailFor(db: Queryable, viewer: Viewer, t: store.TicketRow): Promise<TicketDetail> {
  return ticketDetailOf(viewer, t, await store.loadTicketPage(db, t));
}

/** The ticket page from its parts, each shaped for this viewer. */
function ticketDetailOf(viewer: Viewer, t: store.TicketRow, parts: Parts): TicketDetail {
  const text = textFor(viewer);
  const facts = factsOf(t);
  return {
    ...ticketFields(t, parts, text),
    requesterCard: requesterCardFor(viewer, parts.names),
    firstContact: firstContactOf(t, parts),
    firstTouch: firstTouchOf(t, parts),
    allowedStatuses: statusesFor(viewer, facts),
    actions: ticketActions(viewer, facts, parts.names.heldByOutsideProvider),
    comments: commentsFor(viewer, parts.comments, text),
    handoffs: seesTierHistory(viewer) ? tierHistoryOf(parts.handoffs, text) : [],
    links: linksOf(t, parts.links, text),
    attachments: text.phiVisible
      ? parts.attachments.map(({ createdAt, ...a }) => ({ ...a, uploadedAt: createdAt.toISOString() }))
      : [],
    phiWarnings: text.phiVisible ? phiKinds([t.summary, t.description, t.errorText ?? ''].join('\n')) : [],
    phiMasked: !text.phiVisible,
    heldByOutsideProvider: parts.names.heldByOutsideProvider,
    slaDetail: slaDetailFor(parts.slaRow, viewer, parts.handoffs),
    vendorCase: vendorCaseOf(t, viewer),
    vendorState: viewer.role === 'requester' ? null : t.vendorState,
  };
}

/** The vendor's case state, what the desk is asked to do about it, and the moves this viewer may make. */
function vendorCaseOf(t: store.TicketRow, viewer: Viewer): TicketDetail['vendorCase'] {
  // The clinician follows the desk, not the vendor's case: it is for desk staff and the vendor.
  const state = viewer.role === 'requester' ? null : t.vendorState;
  return {
    state,
    label: state ? VENDOR_STATE_LABELS[state] : null,
    fixVersion: state ? t.vendorFixVersion : null,
    since: state ? (t.vendorStateAt?.toISOString() ?? null) : null,
    deskCue: isStaff(viewer.role) ? deskCueOf(state) : null,
    moves: vendorMovesFor(t, viewer),
  };
}

/** Everything the page shows beside the ticket row, read in one statement (store `loadTicketPage`). */
type Parts = Awaited<ReturnType<typeof store.loadTicketPage>>;

type Text = ReturnType<typeof textFor>;

/** Free text as the viewer may read it: masked for viewers who may not see PHI. */
function textFor(viewer: Viewer) {
  const phiVisible = seesPhi(viewer);
  const show = (s: string) => (phiVisible ? s : maskPhi(s));
  const showN = (s: string | null) => (s === null ? null : show(s));
  return { phiVisible, show, showN };
}

/** The ticket's own fields, with the names of what it points at. */
function ticketFields(t: store.TicketRow, { names, slaRow }: Parts, { show, showN }: Text) {
  return {
    id: t.id,
    number: formatTicketNumber(t.number),
    type: t.type,
    channel: t.channel,
    status: t.status,
    priority: t.priority,
    summary: show(t.summary),
    description: show(t.description),
    requester: { id: names.requester.id, name: names.requester.displayName },
    requesterIsProvider: names.requester.provider,
    openedBy: names.openedBy,
    facility: names.facility,
    unit: names.unit,
    service: names.service,
    module: names.module,
    patientCareAffected: t.patientCareAffected,
    tier: t.tier,
    group: names.group,
    groupId: t.groupId,
    assignee: t.assigneeId && names.assigneeName ? { id: t.assigneeId, name: names.assigneeName } : null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    ageMinutes: minutesSince(t.createdAt),
    sla: slaBriefOf(slaRow),
    facilityId: t.facilityId,
    unitId: t.unitId,
    locationId: t.locationId,
    location: names.location ?? showN(t.locationText),
    assetTag: showN(t.assetTag),
    deviceType: t.deviceType,
    serviceId: t.serviceId,
    moduleId: t.moduleId,
    errorText: showN(t.errorText),
    scope: t.scope,
    workaroundAvailable: t.workaroundAvailable,
    patientSafety: t.patientSafety,
    safetyReportRef: showN(t.safetyReportRef),
    impact: t.impact as 1 | 2 | 3,
    urgency: t.urgency as 1 | 2 | 3,
    priorityReason: t.priorityReason,
    provider: t.providerId && names.provider ? { id: t.providerId, name: names.provider } : null,
    resolutionCode: t.resolutionCode,
    resolutionNote: showN(t.resolutionNote),
    resolvedAt: t.resolvedAt?.toISOString() ?? null,
    closedAt: t.closedAt?.toISOString() ?? null,
    reopenCount: t.reopenCount,
    version: t.version,
  };
}

/** Who asked: phone numbers for the desk only, and their other open tickets for desk staff only. */
function requesterCardFor(viewer: Viewer, names: Parts['names']): TicketDetail['requesterCard'] {
  const r = names.requester;
  return {
    id: r.id,
    name: r.displayName,
    clinicalRole: r.clinicalRole,
    specialty: r.specialty,
    unit: names.requesterUnit,
    facility: names.requesterFacility,
    phones: seesPhi(viewer) && viewer.role !== 'requester' ? r.phones : [],
    provider: r.provider,
    sensitive: r.sensitive,
    // Desk staff only: a vendor (or a colleague on the unit) has no need to know what else this person asked.
    openTickets: isStaff(viewer.role) ? names.otherOpenTickets : null,
  };
}

/** Was it resolved on the first contact (DOMAIN.md's FCR), from the ticket's history. */
function firstContactOf(
  t: store.TicketRow,
  { activity, handoffs, openingContact }: Parts,
): TicketDetail['firstContact'] {
  const firstResolved = activity.find((a) => a.a.kind === 'resolved')?.a.at ?? t.resolvedAt;
  const verdict = firstContact({
    channel: t.channel,
    openedById: t.openedByUserId,
    createdAt: t.createdAt,
    resolvedById: t.resolvedById,
    firstResolvedAt: firstResolved ?? null,
    handoffs: handoffs.map(({ h }) => ({ kind: h.kind, toTier: h.toTier, toUserId: h.toUserId })),
    callbackRequested: activity.some((a) => a.a.kind === 'callback_requested'),
    reopenedAt: activity.filter((a) => a.a.kind === 'reopened').map((a) => a.a.at),
    firstContactResolvable: firstContactResolvable(t.resolutionCode as ResolutionCode | null),
    openingContact,
  });
  return {
    liveContact: verdict.liveContact,
    resolvedOnFirstContact: verdict.fcr,
    level1: verdict.level1,
    reasons: verdict.reasons,
  };
}

/** Was a ticket from a channel without a live contact resolved by the desk's first touch. */
function firstTouchOf(t: store.TicketRow, { activity, comments, handoffs }: Parts): TicketDetail['firstTouch'] {
  const touch = firstTouch(
    firstTouchHistoryOf({
      channel: t.channel as Channel,
      activity: activity.map(({ a }) => ({ at: a.at, kind: a.kind, data: a.data as Record<string, unknown> })),
      comments: comments.map(({ c, authorRole }) => ({
        at: c.createdAt,
        visibility: c.visibility,
        by: sideOfRole(authorRole),
      })),
      handoffs: handoffs.map(({ h }) => ({ at: h.at, kind: h.kind, toTier: h.toTier })),
    }),
  );
  return {
    nonLiveChannel: touch.nonLiveChannel,
    resolvedOnFirstTouch: touch.firstTouch,
    firstResponseAt: touch.firstResponseAt?.toISOString() ?? null,
    reasons: touch.reasons,
  };
}

/** The comments on the threads the viewer reads. */
function commentsFor(viewer: Viewer, comments: Parts['comments'], { show }: Text): TicketDetail['comments'] {
  return comments
    .filter(({ c }) => seesComment(viewer, c.visibility as CommentVisibility))
    .map(({ c, author, authorRole, senderUnverified }) => ({
      id: c.id,
      at: c.createdAt.toISOString(),
      author,
      authorRole: authorRole as TicketDetail['comments'][number]['authorRole'],
      visibility: c.visibility as CommentVisibility,
      body: show(c.body),
      phiSuspected: c.phiSuspected,
      // Masked like the text for a viewer who must not read patient details (a name is one).
      emailSender: c.emailFromAddress
        ? {
            name: c.emailFromName === null ? null : show(c.emailFromName),
            address: show(c.emailFromAddress),
            unverified: Boolean(senderUnverified),
          }
        : null,
    }));
}

/** Who held the ticket and why. */
function tierHistoryOf(handoffs: Parts['handoffs'], { showN }: Text): TicketDetail['handoffs'] {
  return handoffs.map(({ h, ...n }) => ({
    id: h.id,
    at: h.at.toISOString(),
    kind: h.kind,
    fromTier: h.fromTier,
    toTier: h.toTier,
    ...n,
    reason: showN(h.reason),
    vendorReference: showN(h.vendorReference),
  }));
}

/** Links both ways, the other ticket's summary as the viewer may read it. */
function linksOf(t: store.TicketRow, links: Parts['links'], { show }: Text): TicketDetail['links'] {
  return links.map((l) => ({
    kind: l.kind,
    direction: l.ticketId === t.id ? 'outgoing' : 'incoming',
    number: formatTicketNumber(l.number),
    summary: show(l.summary),
    status: l.status,
  }));
}

export async function timelineFor(db: Queryable, t: store.TicketRow) {
  const rows = await store.loadActivity(db, t.id);
  return rows.map(({ a, actor }) => ({
    id: a.id,
    at: a.at.toISOString(),
    actor,
    kind: a.kind,
    data: a.data as Record<string, unknown>,
  }));
}
