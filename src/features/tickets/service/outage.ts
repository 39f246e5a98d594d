// What a major incident (features/incidents) does to its child tickets, inside the caller's transaction, through
// the tickets' own rules: resolve a child as part of the known outage (the resolution note is the incident's public
// message; its SLA clocks stop), or send it a public reply. Each child gets its activity, audit entry and event,
// exactly as if an agent had done it on the ticket; the incident works through its children in batches.
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { newId } from '../../../platform/ids.ts';
import { phiKinds } from '../../privacy/rules.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { isResponse } from '../rules/first-response.ts';
import { transition } from '../rules/lifecycle.ts';
import {
  addActivity,
  insertComment,
  lockTicketsByIds,
  type NewTicketRow,
  type TicketRow,
  touchTicket,
} from '../store.ts';
import { emitTicketEvent } from './events.ts';
import { writeTicket } from './write-ticket.ts';

/** The tickets with these ids, locked for the caller's transaction (a batch of an incident's children). */
export function lockChildren(tx: Queryable, ids: string[]): Promise<TicketRow[]> {
  return lockTicketsByIds(tx, ids);
}

/**
 * Resolves an open child with code known_outage and the incident's public note. A ticket already resolved or
 * closed is left as it is (false). Its SLA clocks stop through the SLA service, as for any resolution.
 */
export async function resolveAsKnownOutageTx(
  tx: Queryable,
  meta: RequestMeta & { actor: { userId: string } },
  t: TicketRow,
  incident: { number: string },
  note: string,
  now: Date,
): Promise<boolean> {
  const verdict = transition({
    from: t.status,
    to: 'resolved',
    resolvedAt: t.resolvedAt,
    now,
    resolution: { code: 'known_outage', note },
  });
  if (!verdict.ok) return false;
  const actorId = meta.actor.userId;
  const changes: Partial<NewTicketRow> = {
    status: 'resolved',
    resolutionCode: 'known_outage',
    resolutionNote: note,
    resolvedById: actorId,
    resolvedAt: now,
  };
  if (!t.firstResponseAt && isResponse({ kind: 'resolved', byPerson: true })) changes.firstResponseAt = now;
  const updated = await writeTicket(tx, t, changes);
  await addActivity(tx, t.id, actorId, 'resolved', { code: 'known_outage', incident: incident.number });
  await recordAudit(tx, meta, {
    action: 'ticket.update',
    targetType: 'ticket',
    targetId: t.id,
    summary: { number: t.number, fields: Object.keys(changes), incident: incident.number },
  });
  await syncTicketSla(tx, updated, now.getTime());
  await emitTicketEvent(tx, 'ticket.resolved', updated, actorId, { activity: ['resolved'], incident: incident.number });
  return true;
}

/** A public reply on the child from whoever acts for the incident (the requester reads it). */
export async function publicReplyTx(
  tx: Queryable,
  meta: RequestMeta & { actor: { userId: string } },
  t: TicketRow,
  incident: { number: string },
  body: string,
): Promise<void> {
  const actorId = meta.actor.userId;
  const phi = phiKinds(body);
  const comment = await insertComment(tx, {
    id: newId(),
    ticketId: t.id,
    authorId: actorId,
    visibility: 'public',
    body,
    phiSuspected: phi.length > 0,
  });
  const first = !t.firstResponseAt && isResponse({ kind: 'comment', visibility: 'public', byPerson: true });
  // A comment alone does not bump the version: it must not make someone's open edit stale.
  const updated = first
    ? await writeTicket(tx, t, { firstResponseAt: comment.createdAt })
    : await touchTicket(tx, t.id);
  await addActivity(tx, t.id, actorId, 'commented', {
    visibility: 'public',
    commentId: comment.id,
    incident: incident.number,
  });
  await recordAudit(tx, meta, {
    action: 'ticket.comment',
    targetType: 'ticket',
    targetId: t.id,
    summary: { number: t.number, visibility: 'public', phiSuspected: phi.length > 0, incident: incident.number },
  });
  if (first) await syncTicketSla(tx, updated);
  await emitTicketEvent(
    tx,
    'ticket.commented',
    updated,
    actorId,
    { visibility: 'public', commentId: comment.id, incident: incident.number },
    { thread: 'public' },
  );
}
