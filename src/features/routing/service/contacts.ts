// A live contact as the console sees it (caller card + a pre-filled draft ticket), and linking it to tickets.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import { isResponse } from '../../tickets/rules/first-response.ts';
import { formatTicketNumber, parseTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { noteLinkedContact, respondedOnContact } from '../../tickets/service/contact-links.ts';
import { findTicketByNumber } from '../../tickets/service/reads.ts';
import type { Line } from '../rules/route.ts';
import * as store from '../store.ts';
import { callerCardOf } from './dispatch.ts';

const LINE_WORDS: Record<Line, string> = {
  provider: 'Provider line',
  clinical: 'Clinical line',
  general: 'Service desk',
};

export async function contactDetail(ctx: AppContext, meta: ActorMeta, id: string) {
  const db = ctx.database.db;
  const c = await store.findContact(db, id);
  if (!c) throw new NotFound('No such contact.');
  const caller = await callerCardOf(db, c.personId, c.callerNumber);
  const tickets = await store.ticketsOfContact(db, c.id);
  // The caller's card names a person and their open tickets: reading it is audited like a ticket view.
  await recordAudit(db, meta, { action: 'contact.view', targetType: 'contact', targetId: c.id });
  const service = c.skills.find((s) => s.startsWith('service:'))?.slice('service:'.length) ?? null;
  return {
    id: c.id,
    channel: c.channel,
    line: c.line,
    state: c.state,
    callerNumber: c.callerNumber,
    offeredAt: c.offeredAt.toISOString(),
    answeredAt: c.answeredAt?.toISOString() ?? null,
    endedAt: c.endedAt?.toISOString() ?? null,
    agentId: c.agentId,
    outcome: c.outcome,
    patientCareAffected: c.patientCareAffected,
    caller,
    tickets: tickets.map((t) => ({ number: formatTicketNumber(t.number), relation: t.relation })),
    draft: {
      requesterId: caller.personId,
      summary: `${LINE_WORDS[c.line]} call${caller.displayName ? ` from ${caller.displayName}` : ''}`,
      patientCareAffected: c.patientCareAffected,
      serviceId: service && /^[0-9a-f-]{36}$/i.test(service) ? service : null,
      channel: 'phone' as const,
    },
  };
}

/**
 * Links the contact to a ticket: "linked" for a status check on an open ticket, "opened" for the ticket the agent
 * created from the draft during this contact (which is what first-contact resolution counts).
 */
export async function linkTicket(
  ctx: AppContext,
  meta: ActorMeta,
  contactId: string,
  input: { ticketNumber: string; relation: 'opened' | 'linked' },
) {
  const number = parseTicketNumber(input.ticketNumber);
  if (!number)
    throw new Invalid('That is not a ticket number.', [{ field: 'body.ticketNumber', message: 'use CSD-001234' }]);
  return ctx.database.db.transaction(async (tx) => {
    const c = await store.findContact(tx, contactId);
    if (!c) throw new NotFound('No such contact.');
    const ticket = await findTicketByNumber(tx, number, true);
    if (!ticket) throw new NotFound(`No ticket ${formatTicketNumber(number)}.`);
    if (input.relation === 'opened') {
      if (ticket.createdAt.getTime() < c.offeredAt.getTime() - 60_000) {
        throw new Conflict(`${formatTicketNumber(number)} was opened before this call; link it instead.`, [
          { field: 'body.relation', message: 'the ticket is older than the contact' },
        ]);
      }
      if (ticket.channel !== c.channel) {
        throw new Conflict(`${formatTicketNumber(number)} was not opened as a ${c.channel} contact.`);
      }
    }
    const added = await store.insertContactTicket(tx, {
      contactId: c.id,
      ticketId: ticket.id,
      relation: input.relation,
      linkedBy: meta.actor.userId,
    });
    if (added) {
      await noteLinkedContact(tx, ticket.id, meta.actor.userId, { contactId: c.id, relation: input.relation });
      await recordAudit(tx, meta, {
        action: 'contact.link_ticket',
        targetType: 'contact',
        targetId: c.id,
        summary: { ticket: formatTicketNumber(number), relation: input.relation },
      });
      // The requester reached a person about this ticket: that answered call is the desk's response.
      if (c.answeredAt && c.agentId && !ticket.firstResponseAt && isResponse({ kind: 'live_contact_answered' })) {
        const at = new Date(Math.max(c.answeredAt.getTime(), ticket.createdAt.getTime()));
        await respondedOnContact(tx, ticket.id, at);
      }
    }
    const tickets = await store.ticketsOfContact(tx, c.id);
    return { tickets: tickets.map((t) => ({ number: formatTicketNumber(t.number), relation: t.relation })) };
  });
}
