// The vendor's case state while their provider holds a ticket (issue 16, docs/vendors.md): set by the holding
// provider's engineers, audited, announced (numbers and states only) to desk staff and that provider's vendors, and
// written on the timeline the desk reads. "Returned to desk" is the ordinary hand-back (escalate-ticket.ts).

import type { z } from 'zod';
import type { Actor, ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { STAFF_ROLES } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../../platform/errors.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { newId } from '../../../platform/ids.ts';
import { maskPhi, phiKinds } from '../../privacy/rules.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { listTickets } from '../queue-store.ts';
import {
  byContractClock,
  currentClockOf,
  decideVendorMove,
  urgencyOf,
  type VendorState,
} from '../rules/vendor-case.ts';
import { canSeeTicket, type Viewer } from '../rules/visibility.ts';
import { formatTicketNumber } from '../rules/vocabulary.ts';
import type { vendorCaseBody, vendorQueue } from '../schemas.ts';
import {
  addActivity,
  insertComment,
  loadHandoffs,
  lockTicketsByIds,
  recordVendorReference,
  type TicketRow,
  ticketIdOfVendorReference,
} from '../store.ts';
import { handOff } from './escalate-ticket.ts';
import { emitTicketEvent } from './events.ts';
import { ticketSummaryOf } from './list-tickets.ts';
import { loadVisibleTicket } from './read-ticket.ts';
import { loadViewer } from './viewer.ts';
import { writeTicket } from './write-ticket.ts';

/** The vendor's case state changed: desk staff and the holding provider's vendors hear it (states only, no text). */
export async function emitVendorState(
  tx: Queryable,
  t: TicketRow,
  actorId: string,
  providerId: string | null,
  from: VendorState | null,
  to: VendorState | 'returned' | null,
) {
  await appendEvent(tx, {
    type: 'ticket.updated',
    subjectType: 'ticket',
    subjectId: t.id,
    actorId,
    payload: {
      number: formatTicketNumber(t.number),
      status: t.status,
      priority: t.priority,
      activity: ['vendor_state'],
      vendorState: { from, to },
    },
    audience: { roles: STAFF_ROLES, vendorProviderIds: providerId ? [providerId] : [] },
  });
}

/** The desk group a ticket came from when its holding provider took it (null: unknown), for "needs information". */
export async function deskGroupBefore(tx: Queryable, t: TicketRow): Promise<string | null> {
  return (await deskBefore(tx, t)).groupId ?? null;
}

/** The tier and group the ticket came from when this provider took it: where "returned to desk" sends it. */
async function deskBefore(tx: Queryable, t: TicketRow) {
  const handoffs = await loadHandoffs(tx, t.id);
  const arrival = handoffs
    .map(({ h }) => h)
    .findLast((h) => h.toProviderId === t.providerId && h.fromProviderId !== t.providerId && h.fromTier !== 'vendor');
  return arrival
    ? { toTier: arrival.fromTier ?? ('tier2' as const), groupId: arrival.fromGroupId ?? undefined }
    : { toTier: 'tier2' as const, groupId: undefined };
}

export async function setVendorCase(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: z.infer<typeof vendorCaseBody>,
) {
  return ctx.database.db.transaction(async (tx) => {
    const { ticket: t, viewer } = await loadVisibleTicket(tx, meta.actor, number, true);
    const { ticket, phiWarnings } = await moveVendorCase(tx, meta, t, viewer, input);
    return { ticket, viewer, phiWarnings };
  });
}

/** Moves the case of a ticket read and locked by the caller, inside the caller's transaction (the vendor's own
 *  screen above, and the vendor's ticketing system through e-bonding: features/ebonding). */
export async function moveVendorCase(
  tx: Queryable,
  meta: ActorMeta,
  t: TicketRow,
  viewer: Viewer,
  input: z.infer<typeof vendorCaseBody>,
): Promise<{ ticket: TicketRow; phiWarnings: ReturnType<typeof phiKinds> }> {
  const actor = meta.actor;
  const verdict = decideVendorMove(t, {
    role: actor.role,
    providerOrgId: viewer.providerOrgId,
    to: input.state,
    version: input.version,
    reason: input.reason,
  });
  if (!verdict.ok) {
    if (verdict.kind === 'forbidden') throw new Forbidden(verdict.reason);
    if (verdict.kind === 'conflict') throw new Conflict(verdict.reason);
    throw new Invalid(verdict.reason, verdict.field ? [{ field: verdict.field, message: verdict.reason }] : []);
  }
  const from = t.vendorState;
  const providerId = t.providerId;
  const phi = input.message ? phiKinds(input.message) : [];
  if (input.message) {
    const c = await insertComment(tx, {
      id: newId(),
      ticketId: t.id,
      authorId: actor.userId,
      visibility: 'vendor',
      body: input.message,
      phiSuspected: phi.length > 0,
    });
    await addActivity(tx, t.id, actor.userId, 'commented', { visibility: 'vendor', commentId: c.id });
  }
  await addActivity(tx, t.id, actor.userId, 'vendor_state', {
    from,
    to: verdict.move,
    ...(verdict.version ? { version: verdict.version } : {}),
  });
  await recordAudit(tx, meta, {
    action: 'ticket.vendor-state',
    targetType: 'ticket',
    targetId: t.id,
    summary: {
      number: t.number,
      from,
      to: verdict.move,
      ...(verdict.version ? { version: verdict.version } : {}),
      ...(input.message ? { message: true, phiSuspected: phi.length > 0 } : {}),
    },
  });
  let updated: TicketRow;
  if (verdict.move === 'returned') {
    // The hand-back clears the state (store.updateTicket) and announces itself (ticket.escalated).
    const target = await deskBefore(tx, t);
    updated = await handOff(tx, meta, t, { ...target, reason: input.reason ?? '' });
  } else {
    updated = await writeTicket(tx, t, {
      vendorState: verdict.state,
      vendorFixVersion: verdict.version,
      vendorStateAt: new Date(),
    });
    await syncTicketSla(tx, updated);
  }
  await emitVendorState(tx, updated, actor.userId, providerId, from, verdict.move);
  if (input.message) {
    await emitTicketEvent(
      tx,
      'ticket.commented',
      updated,
      actor.userId,
      { visibility: 'vendor' },
      { thread: 'vendor' },
    );
  }
  return { ticket: updated, phiWarnings: phi };
}

export type { TicketRow };

// ── For a provider's ticketing system (features/ebonding) ─────────────────────────────────────────────────────────

/** The ticket a provider's case number was recorded for on its hand-off to that provider, or null. */
export function ticketOfVendorReference(tx: Queryable, providerId: string, reference: string) {
  return ticketIdOfVendorReference(tx, providerId, reference);
}

/** A ticket by id, locked in the caller's transaction, if this viewer may see it (404 otherwise, like every read). */
export async function lockVisibleTicketById(tx: Queryable, viewer: Viewer, id: string): Promise<TicketRow> {
  const [t] = await lockTicketsByIds(tx, [id]);
  if (!t || !canSeeTicket(viewer, t)) throw new NotFound('There is no such ticket that you can see.');
  return t;
}

/** The provider's case number, named later by its system, on the newest hand-off to it if that has none yet. */
export function recordVendorCaseReference(tx: Queryable, ticketId: string, providerId: string, reference: string) {
  return recordVendorReference(tx, ticketId, providerId, reference);
}

/** The tickets the vendor's provider holds now, the most urgent contract clock first, masked as every vendor read. */
export async function vendorQueueFor(
  ctx: AppContext,
  actor: Actor,
  q: { state?: VendorState[] },
): Promise<z.infer<typeof vendorQueue>> {
  const db = ctx.database.db;
  const viewer = await loadViewer(db, actor);
  if (actor.role !== 'vendor' || !viewer.providerOrgId)
    throw new Forbidden("The vendor's queue is for the engineers of a support provider.");
  const provider = viewer.providerOrgId;
  const { rows, total } = await listTickets(
    db,
    { heldBy: provider, ...(q.state ? { vendorState: q.state } : {}) },
    viewer,
    { limit: 500, offset: 0 },
  );
  const now = Date.now();
  const ordered = rows
    .map((r) => ({ r, clock: currentClockOf(r.contractClocks ?? [], provider) }))
    .map((x) => ({ ...x, createdAt: x.r.t.createdAt.getTime(), number: x.r.t.number }))
    .sort(byContractClock);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const items = ordered.map(({ r, clock }) => {
    const u = urgencyOf(clock);
    return {
      ...ticketSummaryOf(r, maskPhi, now, viewer),
      fixVersion: r.t.vendorFixVersion,
      contractClock: clock
        ? {
            policyName: clock.policyName,
            dueAt: iso(u.dueAt),
            breachedAt: iso(u.breachedAt),
            paused: clock.response.state === 'paused' || clock.resolution.state === 'paused',
          }
        : null,
    };
  });
  return { items, total };
}
