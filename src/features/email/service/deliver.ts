// What becomes of a parsed message: ignored (auto-reply, bulk, bounce), quarantined (no sender, rate limit), refused
// for its sender (a vendor engineer or an integration account), a reply on its ticket (reopening it within the
// window), folded into a storm's ticket, or a new ticket from email.
import { type RequestMeta, SYSTEM_META } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { phiKinds } from '../../privacy/rules.ts';
import { acceptsReply, replyFromMailTx } from '../../tickets/service/mail-replies.ts';
import { findTicketByNumber, type TicketRow, ticketsByIds } from '../../tickets/service/reads.ts';
import { automatedKind } from '../rules/loops.ts';
import { stripQuotedReply } from '../rules/quoting.ts';
import { answersRefusal, type RefusedSenderRole, refusalReason, refusedSenderRole } from '../rules/senders.ts';
import { sensitiveRequest } from '../rules/sensitive.ts';
import { DEFAULT_STORM, stormDecision } from '../rules/storm.ts';
import { isForwardSubject, messageIdsIn, ticketIdFromReferences, ticketNumberFromSubject } from '../rules/threading.ts';
import type { MessageFlag } from '../rules/vocabulary.ts';
import {
  accountRoleOfSender,
  countFromSender,
  countRefusedFromSender,
  finishMessage,
  lockSender,
  type MessageRow,
  recentEmailTicket,
  ticketHasFlaggedMessage,
} from '../store.ts';
import { keepAttachments, openFromMail, type Sender, senderOf, warnDesk } from './on-ticket.ts';
import type { ParsedMessage } from './parse.ts';

/** Who the intake acts as in the trail: the desk itself, receiving mail from the relay at this address. */
function mailMeta(row: MessageRow): RequestMeta {
  const ip = (row.sourceDetail as { remoteAddress?: string }).remoteAddress ?? null;
  return {
    actor: { ...SYSTEM_META.actor, username: 'email', displayName: 'Email intake' },
    ip,
    requestId: row.messageId,
  };
}

export async function deliverMessage(tx: Queryable, row: MessageRow, mail: ParsedMessage) {
  const meta = mailMeta(row);
  const subject = mail.subject.slice(0, 300);
  const automated = automatedKind(mail.headers);
  if (automated) return ignoreAutomated(tx, meta, row, mail, automated);
  if (!mail.from) {
    return quarantine(tx, meta, row, {
      outcome: 'no_sender',
      reason: 'The message has no sender address (From), so nobody could be answered.',
      subject,
    });
  }
  const address = mail.from.address;
  await lockSender(tx, address);
  const inWindow = await countFromSender(tx, address, row.receivedAt, DEFAULT_STORM.windowMinutes);
  // A message an administrator released goes past the rate limit (a person decided), still folded into the storm.
  const window = DEFAULT_STORM.windowMinutes;
  const storm = stormDecision({
    receivedInWindow: row.decidedBy ? Math.min(inWindow, DEFAULT_STORM.rateLimit) : inWindow,
    recentEmailTicket: await recentEmailTicket(tx, address, row.receivedAt, window),
    sameSubjectTicket: await recentEmailTicket(tx, address, row.receivedAt, window, subject),
  });
  if (storm.kind === 'rate_limited') {
    return quarantine(tx, meta, row, {
      outcome: 'rate_limited',
      reason: `More than ${DEFAULT_STORM.rateLimit} messages from ${address} in ${DEFAULT_STORM.windowMinutes} minutes: kept here, not added to any ticket.`,
      subject,
      sender: address,
    });
  }
  // Checked before anything is written for the sender: a vendor's mail opens nothing, not even a directory entry.
  const refused = refusedSenderRole(await accountRoleOfSender(tx, address));
  if (refused) return refuseSender(tx, meta, row, mail, refused, address);
  const sender = await senderOf(tx, meta, mail.from);
  const forwarded = isForwardSubject(mail.subject) || mail.forwarded.length > 0;
  const ownWords = forwarded ? mail.text : stripQuotedReply(mail.text);
  const body = [ownWords, ...mail.forwarded.map((f) => `Forwarded message from ${f.from} (${f.subject}):\n${f.text}`)]
    .filter(Boolean)
    .join('\n\n')
    .trim();
  const flags: MessageFlag[] = [];
  if (sender.unverified) flags.push('unverified_sender');
  if (phiKinds(`${subject}\n${body}`).length) flags.push('phi_suspected');
  const sensitive = sensitiveRequest(mail.subject, body) !== null;
  if (sensitive) flags.push('identity_verification');
  const note = { via: 'email', from: address, unverifiedSender: sender.unverified };

  const threaded = await threadOf(tx, mail, sender);
  const target = threaded ?? (storm.kind === 'fold' ? (await ticketsByIds(tx, [storm.ticketId]))[0] : undefined);
  let ticket: TicketRow;
  let outcome: 'opened' | 'commented' | 'reopened';
  if (target && acceptsReply(target, new Date())) {
    const r = await replyFromMailTx(tx, meta, target, {
      body: body || '(no text)',
      ...(sender.person.userId ? {} : { from: { name: mail.from.name, address, personId: sender.person.id } }),
      authorUserId: sender.person.userId,
      note,
    });
    ticket = r.ticket;
    outcome = r.reopened ? 'reopened' : 'commented';
    if (storm.kind === 'fold' && storm.firstOfStorm && !threaded) {
      await warnDesk(
        tx,
        ticket,
        `Mail storm: more than ${DEFAULT_STORM.stormThreshold} messages from ${address} within ${DEFAULT_STORM.windowMinutes} minutes. Further messages from this sender are added to this ticket instead of opening new ones.`,
        'storm',
      );
    }
  } else {
    ticket = await openFromMail(tx, meta, { sender, subject: mail.subject, body, note, relatedTo: target ?? null });
    outcome = 'opened';
  }
  await keepAttachments(tx, meta, ticket, mail.attachments, sender.person.userId);
  // Said once, on the ticket the message opened; a reply from the same sender is flagged on the message.
  if (sender.unverified && outcome === 'opened') {
    await warnDesk(
      tx,
      ticket,
      `Unverified sender: ${address} is not a person on file. Confirm who this is (callback to a known number) before acting on the request.`,
      'unverified_sender',
    );
  }
  // Once per ticket: a storm or a loop of such messages gets one note and one reply, not one each.
  if (sensitive && !(await ticketHasFlaggedMessage(tx, ticket.id, 'identity_verification')))
    await refuseSensitive(tx, ticket, row, address);
  await finishMessage(tx, row.id, {
    state: 'processed',
    outcome,
    ticketId: ticket.id,
    flags,
    sender: address,
    subject,
  });
}

/** The ticket a reply answers: by the desk's own message ids, else by the number in the subject when the sender is
 *  that ticket's requester (numbers are easy to guess; the ids are not). */
async function threadOf(tx: Queryable, mail: ParsedMessage, sender: Sender): Promise<TicketRow | undefined> {
  const ref = ticketIdFromReferences(mail.inReplyTo, mail.references);
  if (ref) {
    const [t] = await ticketsByIds(tx, [ref.ticketId]);
    if (t) return t;
  }
  const n = ticketNumberFromSubject(mail.subject);
  if (n === null) return undefined;
  const t = await findTicketByNumber(tx, n);
  return t && t.requesterId === sender.person.id ? t : undefined;
}

/** Email never authorises a password, MFA or access change: the desk is told to verify; the sender is told why. */
async function refuseSensitive(tx: Queryable, ticket: TicketRow, row: MessageRow, address: string) {
  await warnDesk(
    tx,
    ticket,
    'Identity verification required: this email asks for a password, MFA or access change. Email never authorises it: verify the person out of band (callback to the number on file, their manager, or in person) before doing anything.',
    'identity_verification',
  );
  // The notification sender (outbound mail) answers from this event; the intake itself never sends mail.
  await appendEvent(tx, {
    type: 'email.reply_requested',
    subjectType: 'ticket',
    subjectId: ticket.id,
    payload: { template: 'sensitive_request_by_email', to: address, ticketId: ticket.id, inReplyTo: row.messageId },
    audience: {},
  });
}

/**
 * A vendor engineer or an integration account wrote to the desk: vendor work happens on the shared thread in
 * Clinidesk (or by e-bonding), so the message becomes no ticket and no comment, whichever ticket it answers. The
 * sender is asked once to reply in Clinidesk (rules/senders.ts: not again within the storm window); the answer never
 * repeats the message, which may hold patient details. Recorded with the intake's other refusals (Admin → Email,
 * "ignored", with the reason and the ticket it answered) and in the audit trail.
 */
async function refuseSender(
  tx: Queryable,
  meta: RequestMeta,
  row: MessageRow,
  mail: ParsedMessage,
  role: RefusedSenderRole,
  address: string,
) {
  const window = DEFAULT_STORM.windowMinutes;
  const answered = answersRefusal(await countRefusedFromSender(tx, address, row.receivedAt, window));
  const ref = ticketIdFromReferences(mail.inReplyTo, mail.references);
  const [answers] = ref ? await ticketsByIds(tx, [ref.ticketId]) : [];
  if (answered) {
    // The notification sender (outbound mail) answers from this event; the intake itself never sends mail.
    await appendEvent(tx, {
      type: 'email.reply_requested',
      subjectType: 'email',
      subjectId: row.id,
      payload: { template: 'vendor_email_refused', to: address, inReplyTo: row.messageId },
      audience: {},
    });
  }
  await finishMessage(tx, row.id, {
    state: 'ignored',
    outcome: 'sender_refused',
    reason: refusalReason(role, answered, window),
    ticketId: answers?.id ?? null,
    subject: mail.subject.slice(0, 300),
    sender: address,
  });
  await recordAudit(tx, meta, {
    action: 'email.sender_refused',
    targetType: 'email',
    targetId: row.id,
    summary: { role, answered, ticketId: answers?.id ?? null, size: row.size },
  });
}

async function ignoreAutomated(
  tx: Queryable,
  meta: RequestMeta,
  row: MessageRow,
  mail: ParsedMessage,
  kind: 'auto_reply' | 'bulk' | 'bounce',
) {
  const subject = mail.subject.slice(0, 300);
  const sender = mail.from?.address ?? null;
  if (kind === 'bounce') {
    // A bounce quotes the message it returns: the desk's own ids name the ticket and the delivery.
    const ref = ticketIdFromReferences([], messageIdsIn(row.raw.toString('latin1')));
    const [t] = ref ? await ticketsByIds(tx, [ref.ticketId]) : [];
    if (!ref || !t) {
      return quarantine(tx, meta, row, {
        outcome: 'bounce',
        reason: 'A delivery failure report (bounce) that names no message the desk sent.',
        subject,
        sender,
      });
    }
    await appendEvent(tx, {
      type: 'email.bounced',
      subjectType: 'ticket',
      subjectId: t.id,
      payload: { ticketId: t.id, deliveryId: ref.deliveryId },
      audience: {},
    });
    return finishMessage(tx, row.id, {
      state: 'ignored',
      outcome: 'bounce',
      reason: 'Delivery failure report: recorded against the desk’s message, never answered.',
      ticketId: t.id,
      subject,
      sender,
    });
  }
  const ref = ticketIdFromReferences(mail.inReplyTo, mail.references);
  const [t] = ref ? await ticketsByIds(tx, [ref.ticketId]) : [];
  return finishMessage(tx, row.id, {
    state: 'ignored',
    outcome: kind,
    reason:
      kind === 'auto_reply'
        ? 'Automatic reply (e.g. out of office): never answered, no ticket.'
        : 'Bulk or mailing-list mail: never answered, no ticket.',
    ticketId: t?.id ?? null,
    subject,
    sender,
  });
}

async function quarantine(
  tx: Queryable,
  meta: RequestMeta,
  row: MessageRow,
  q: { outcome: 'no_sender' | 'rate_limited' | 'bounce'; reason: string; subject: string; sender?: string | null },
) {
  await finishMessage(tx, row.id, { state: 'quarantined', ...q });
  await recordAudit(tx, meta, {
    action: 'email.quarantine',
    targetType: 'email',
    targetId: row.id,
    summary: { outcome: q.outcome, size: row.size },
  });
}
