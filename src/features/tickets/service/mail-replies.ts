// What email intake (features/email) writes on an existing ticket inside its own transaction: the requester's reply
// (which reopens a resolved ticket within the reopen window, as "Did this fix it? No" does), the desk's own notes,
// and the files a message carried. Each writes its history, audit entry, SLA and outbox event like the HTTP paths.
import { createHash } from 'node:crypto';
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { newId } from '../../../platform/ids.ts';
import { phiKinds } from '../../privacy/rules.ts';
import { syncTicketSla } from '../../sla/service.ts';
import { reopening, transition } from '../rules/lifecycle.ts';
import {
  addActivity,
  insertAttachment,
  insertComment,
  type NewTicketRow,
  type TicketRow,
  touchTicket,
} from '../store.ts';
import { emitTicketEvent } from './events.ts';
import { writeTicket } from './write-ticket.ts';

export type MailReply = {
  /** What the sender wrote: checked for patient information. */
  body: string;
  /**
   * Who wrote it, when they have no account: the name and address the message gave, and the person on file it was
   * matched to. Kept beside the comment (it has no author) and shown as its sender, with the unverified mark while
   * that person is an unverified sender. Not checked for patient information (an address on file is not PHI).
   */
  from?: { name: string; address: string; personId: string };
  /** The requester's account, when they have one: the comment is theirs. */
  authorUserId: string | null;
  /** How the history names it (e.g. `{ via: 'email', messageId }`). */
  note: Record<string, unknown>;
};

/** Whether a reply may still land on this ticket: open, or resolved within the reopen window. */
export function acceptsReply(t: Pick<TicketRow, 'status' | 'resolvedAt'>, now: Date): boolean {
  if (t.status === 'closed') return false;
  if (t.status !== 'resolved') return true;
  return transition({ from: 'resolved', to: 'in_progress', resolvedAt: t.resolvedAt, now }).ok;
}

/** The requester's reply as a public comment; reopens a resolved ticket and wakes one pending on the requester. */
export async function replyFromMailTx(tx: Queryable, meta: RequestMeta, t: TicketRow, reply: MailReply) {
  const phi = phiKinds(reply.body);
  const comment = await insertComment(tx, {
    id: newId(),
    ticketId: t.id,
    authorId: reply.authorUserId,
    visibility: 'public',
    body: reply.body,
    phiSuspected: phi.length > 0,
    ...(reply.from
      ? {
          emailFromName: reply.from.name || null,
          emailFromAddress: reply.from.address,
          emailFromPersonId: reply.from.personId,
        }
      : {}),
  });
  const reopen = t.status === 'resolved';
  const changes: Partial<NewTicketRow> = reopen
    ? reopening(t)
    : t.status === 'pending_requester'
      ? { status: 'in_progress' }
      : {};
  const updated = Object.keys(changes).length ? await writeTicket(tx, t, changes) : await touchTicket(tx, t.id);
  await addActivity(tx, t.id, reply.authorUserId, 'commented', {
    visibility: 'public',
    commentId: comment.id,
    ...reply.note,
  });
  if (reopen) await addActivity(tx, t.id, reply.authorUserId, 'reopened', { byRequester: true, ...reply.note });
  else if (changes.status)
    await addActivity(tx, t.id, reply.authorUserId, 'status', {
      from: t.status,
      to: changes.status,
      why: 'requester replied',
    });
  await recordAudit(tx, meta, {
    action: reopen ? 'ticket.reopen' : 'ticket.comment',
    targetType: 'ticket',
    targetId: t.id,
    summary: { number: t.number, visibility: 'public', phiSuspected: phi.length > 0, ...reply.note },
  });
  if (Object.keys(changes).length) await syncTicketSla(tx, updated);
  await emitTicketEvent(
    tx,
    'ticket.commented',
    updated,
    reply.authorUserId,
    { visibility: 'public' },
    { thread: 'public' },
  );
  return { ticket: updated, reopened: reopen, phiWarnings: phi };
}

/** A note from the desk itself (no author) on the internal thread: what an agent must know about the message. */
export async function deskNoteTx(tx: Queryable, t: TicketRow, body: string, note: Record<string, unknown>) {
  const c = await insertComment(tx, { id: newId(), ticketId: t.id, authorId: null, visibility: 'internal', body });
  await addActivity(tx, t.id, null, 'commented', { visibility: 'internal', commentId: c.id, ...note });
  await emitTicketEvent(tx, 'ticket.commented', t, null, { visibility: 'internal' }, { thread: 'internal' });
}

export type MailFile = { filename: string; contentType: string; data: Buffer };

/** A file a message carried, kept like an uploaded attachment (flagged as possibly holding PHI). */
export async function attachMailFileTx(
  tx: Queryable,
  meta: RequestMeta,
  t: TicketRow,
  f: MailFile,
  byUserId: string | null,
) {
  const a = await insertAttachment(tx, {
    id: newId(),
    ticketId: t.id,
    filename: f.filename,
    contentType: f.contentType,
    size: f.data.length,
    sha256: createHash('sha256').update(f.data).digest('hex'),
    mayContainPhi: true,
    data: f.data,
    uploadedBy: byUserId,
  });
  await addActivity(tx, t.id, byUserId, 'attached', { filename: a.filename, size: a.size, via: 'email' });
  await recordAudit(tx, meta, {
    action: 'ticket.attach',
    targetType: 'ticket',
    targetId: t.id,
    summary: { number: t.number, attachment: a.id, size: a.size, contentType: a.contentType, via: 'email' },
  });
  return a;
}
