// Public replies, internal notes and the thread shared with the vendor. A requester's reply to a ticket waiting on
// them puts it back in progress. Text is checked for likely PHI and flagged.
import type { z } from 'zod';
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { newId } from '../../../platform/ids.ts';
import { phiKinds } from '../../privacy/rules.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { isResponse } from '../rules/first-response.ts';
import { authorizeComment } from '../rules/policy.ts';
import { afterDeskReply } from '../rules/vendor-case.ts';
import type { Viewer } from '../rules/visibility.ts';
import type { commentBody } from '../schemas.ts';
import {
  addActivity,
  heldByOutsideProvider,
  insertComment,
  type NewTicketRow,
  type TicketRow,
  touchTicket,
} from '../store.ts';
import { emitTicketEvent } from './events.ts';
import { factsOf, loadVisibleTicket } from './read-ticket.ts';
import { emitVendorState } from './vendor-case.ts';
import { writeTicket } from './write-ticket.ts';

export async function commentOnTicket(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: z.infer<typeof commentBody>,
) {
  return ctx.database.db.transaction(async (tx) => {
    const { ticket: t, viewer } = await loadVisibleTicket(tx, meta.actor, number, true);
    return commentOn(tx, meta, t, viewer, input);
  });
}

/** Comments on a ticket read and locked by the caller, inside the caller's transaction (the comment box above, and
 *  a vendor's ticketing system through e-bonding: features/ebonding). */
export async function commentOn(
  tx: Queryable,
  meta: ActorMeta,
  t: TicketRow,
  viewer: Viewer,
  input: z.infer<typeof commentBody>,
) {
  const actor = meta.actor;
  // The policy reads whether an outside provider holds or held the ticket only for the vendor thread: ask only then.
  const held = input.visibility === 'vendor' && (await heldByOutsideProvider(tx, t.id));
  const visibility = authorizeComment(viewer, factsOf(t), input.visibility, held);
  const phi = phiKinds(input.body);
  const comment = await insertComment(tx, {
    id: newId(),
    ticketId: t.id,
    authorId: actor.userId,
    visibility,
    body: input.body,
    phiSuspected: phi.length > 0,
  });
  const changes: Partial<NewTicketRow> = {};
  const byPerson = isStaff(actor.role);
  if (!t.firstResponseAt && isResponse({ kind: 'comment', visibility, byPerson }))
    changes.firstResponseAt = comment.createdAt;
  if (actor.role === 'requester' && t.status === 'pending_requester') changes.status = 'in_progress';
  // The desk answered the vendor who needed information: the case is worked again (and its contract clock runs).
  const answered = visibility === 'vendor' && byPerson && afterDeskReply(t.vendorState) !== t.vendorState;
  if (answered) {
    changes.vendorState = afterDeskReply(t.vendorState);
    changes.vendorStateAt = comment.createdAt;
  }
  // A comment alone does not bump the version: it must not make someone's open edit stale.
  const updated = Object.keys(changes).length ? await writeTicket(tx, t, changes) : await touchTicket(tx, t.id);
  await addActivity(tx, t.id, actor.userId, 'commented', { visibility, commentId: comment.id });
  if (changes.status)
    await addActivity(tx, t.id, actor.userId, 'status', {
      from: t.status,
      to: changes.status,
      why: 'requester replied',
    });
  if (answered)
    await addActivity(tx, t.id, actor.userId, 'vendor_state', {
      from: t.vendorState,
      to: changes.vendorState,
      why: 'the desk answered on the shared thread',
    });
  await recordAudit(tx, meta, {
    action: 'ticket.comment',
    targetType: 'ticket',
    targetId: t.id,
    summary: {
      number: t.number,
      visibility,
      phiSuspected: phi.length > 0,
      ...(answered ? { vendorState: { from: t.vendorState, to: changes.vendorState } } : {}),
    },
  });
  if (Object.keys(changes).length) await syncTicketSla(tx, updated);
  await emitTicketEvent(
    tx,
    'ticket.commented',
    updated,
    actor.userId,
    { visibility, commentId: comment.id },
    { thread: visibility },
  );
  if (answered)
    await emitVendorState(tx, updated, actor.userId, t.providerId, t.vendorState, changes.vendorState ?? null);
  return {
    comment: {
      id: comment.id,
      at: comment.createdAt.toISOString(),
      author: actor.displayName,
      authorRole: actor.role,
      visibility,
      body: comment.body,
      phiSuspected: comment.phiSuspected,
      emailSender: null,
    },
    phiWarnings: phi,
  };
}
