// The requester's answer to "Did this fix it?": yes closes the ticket; no reopens it with their words.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { phiKinds } from '../../privacy/rules.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { reopening } from '../rules/lifecycle.ts';
import { authorizeConfirm } from '../rules/policy.ts';
import { addActivity, insertComment } from '../store.ts';
import { emitTicketEvent } from './events.ts';
import { factsOf, loadVisibleTicket } from './read-ticket.ts';
import { writeTicket } from './write-ticket.ts';

export async function confirmFix(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: { fixed: boolean; comment?: string },
) {
  const actor = meta.actor;
  return ctx.database.db.transaction(async (tx) => {
    const { ticket: t, viewer } = await loadVisibleTicket(tx, actor, number, true);
    const to = authorizeConfirm(viewer, factsOf(t), input.fixed, new Date());
    const updated = await writeTicket(
      tx,
      t,
      to === 'closed' ? { status: 'closed', closedAt: new Date() } : reopening(t),
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
    await syncTicketSla(tx, updated);
    await emitTicketEvent(tx, 'ticket.updated', updated, actor.userId, {
      activity: [input.fixed ? 'closed' : 'reopened'],
    });
    return { ticket: updated, viewer, phiWarnings };
  });
}
