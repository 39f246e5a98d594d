// The requester's answer to "Did this fix it?": yes closes the ticket; no reopens it with their words.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Conflict, Forbidden } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { phiKinds } from '../../privacy/rules.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { transition } from '../rules/lifecycle.ts';
import { addActivity, insertComment, updateTicket } from '../store.ts';
import { emitTicketEvent } from './events.ts';
import { loadVisibleTicket } from './read-ticket.ts';

export async function confirmFix(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: { fixed: boolean; comment?: string },
) {
  const actor = meta.actor;
  return ctx.database.db.transaction(async (tx) => {
    const { ticket: t, viewer } = await loadVisibleTicket(tx, actor, number, true);
    const isRequester = viewer.personId === t.requesterId || t.openedByUserId === actor.userId;
    if (!isRequester) throw new Forbidden('Only the person who asked for help confirms the fix.');
    if (t.status !== 'resolved') throw new Conflict('Only a resolved ticket can be confirmed or reopened.');
    const to = input.fixed ? 'closed' : 'in_progress';
    const verdict = transition({ from: 'resolved', to, resolvedAt: t.resolvedAt, now: new Date() });
    if (!verdict.ok) throw new Conflict(verdict.reason);
    const updated = await updateTicket(
      tx,
      t,
      input.fixed
        ? { status: 'closed', closedAt: new Date() }
        : { status: 'in_progress', reopenCount: t.reopenCount + 1, resolvedAt: null, resolvedById: null },
    );
    // The requester's words are checked for likely PHI like every other comment (flagged, masked for vendors).
    const phiWarnings = input.comment ? phiKinds(input.comment) : [];
    if (input.comment) {
      const c = await insertComment(tx, {
        id: newId(),
        ticketId: t.id,
        authorId: actor.userId,
        visibility: 'public',
        body: input.comment,
        phiSuspected: phiWarnings.length > 0,
      });
      await addActivity(tx, t.id, actor.userId, 'commented', { visibility: 'public', commentId: c.id });
    }
    await addActivity(tx, t.id, actor.userId, input.fixed ? 'closed' : 'reopened', { byRequester: true });
    await recordAudit(tx, meta, {
      action: input.fixed ? 'ticket.confirm-fixed' : 'ticket.reopen',
      targetType: 'ticket',
      targetId: t.id,
      summary: { number: t.number, ...(input.comment ? { phiSuspected: phiWarnings.length > 0 } : {}) },
    });
    await syncTicketSla(tx, updated!);
    await emitTicketEvent(tx, 'ticket.updated', updated!, actor.userId);
    return { ticket: updated!, viewer, phiWarnings };
  });
}
