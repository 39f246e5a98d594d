// An incident's children by hand: an agent links a ticket (or accepts a suggestion), optionally answering it with
// the incident's public reply in the same click; dismisses a suggestion or unlinks a child; lists the children with
// counts by facility and unit. What a requester may learn (their ticket is part of a known outage, the public
// summary, nothing internal) and what the intake form asks (which open incident matches what is being typed).
import type { Actor, ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { formatTicketNumber, parseTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { publicReplyTx } from '../../tickets/service/outage.ts';
import { loadVisibleTicket } from '../../tickets/service/read-ticket.ts';
import { matchTicket } from '../rules/matching.ts';
import { formatIncidentNumber, isOpenState } from '../rules/vocabulary.ts';
import type { ChildView, LinkTicketInput, UnlinkTicketInput } from '../schemas.ts';
import * as store from '../store.ts';
import { emitIncidentEvent } from './events.ts';
import { loadIncident, openScopes, viewOf } from './read.ts';

export async function linkTicket(ctx: AppContext, meta: ActorMeta, number: number, input: LinkTicketInput) {
  return ctx.database.db.transaction(async (tx) => {
    const incident = await loadIncident(tx, number);
    const inc = formatIncidentNumber(incident.number);
    if (incident.state === 'closed') throw new Conflict(`${inc} is closed: tickets can no longer be linked to it.`);
    const { ticket } = await loadVisibleTicket(tx, meta.actor, parseTicketNumber(input.ticket)!, true);
    const csd = formatTicketNumber(ticket.number);
    const links = await store.linksOfTicket(tx, ticket.id);
    const elsewhere = links.find((l) => l.link.status === 'linked' && l.link.incidentId !== incident.id);
    if (elsewhere) {
      const other = formatIncidentNumber(elsewhere.incident.number);
      throw new Conflict(`${csd} is already linked to ${other}. Unlink it there first.`, [
        { field: 'body.ticket', message: `is linked to ${other}` },
      ]);
    }
    const current = links.find((l) => l.link.incidentId === incident.id)?.link;
    const already = current?.status === 'linked';
    if (!already) {
      const source = current?.status === 'suggested' ? 'accepted_suggestion' : 'agent';
      await store.upsertLink(tx, {
        incidentId: incident.id,
        ticketId: ticket.id,
        status: 'linked',
        source,
        reason: current?.reason || 'linked by an agent',
        linkedBy: meta.actor.userId,
      });
      await recordAudit(tx, meta, {
        action: 'incident.link',
        targetType: 'incident',
        targetId: incident.id,
        summary: { number: inc, ticket: ticket.number, status: 'linked', source },
      });
      await emitIncidentEvent(tx, meta, 'incident.child_linked', incident, { ticketId: ticket.id, source });
    }
    let replied = false;
    if (input.reply) {
      if (!incident.publicReply) {
        throw new Conflict(`${inc} has no public reply yet: write one on the incident first.`, [
          { field: 'body.reply', message: 'the incident has no public reply' },
        ]);
      }
      await publicReplyTx(tx, meta, ticket, { number: inc }, incident.publicReply);
      replied = true;
    }
    return { incident: await viewOf(tx, incident), ticket: csd, linked: true, replied };
  });
}

/**
 * Unlinks a child (with the reason, on the internal timeline) or dismisses a suggestion: it stays recorded as
 * dismissed, so it is not suggested again. The ticket's requester is not told: the ticket simply stops showing the
 * outage.
 */
export async function unlinkTicket(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  ticketNumber: number,
  input: UnlinkTicketInput = {},
) {
  return ctx.database.db.transaction(async (tx) => {
    const incident = await loadIncident(tx, number);
    const inc = formatIncidentNumber(incident.number);
    const { ticket } = await loadVisibleTicket(tx, meta.actor, ticketNumber);
    const csd = formatTicketNumber(ticket.number);
    const link = await store.findLink(tx, incident.id, ticket.id);
    if (!link || link.status === 'dismissed') throw new NotFound(`${csd} is not linked to ${inc}.`);
    const reason = input?.reason?.trim() ?? null;
    if (link.status === 'linked' && !reason) {
      const m = `Say why ${csd} is not part of ${inc}: the desk reads it on the timeline.`;
      throw new Invalid(m, [{ field: 'body.reason', message: 'is required to unlink a linked ticket' }]);
    }
    await store.setLinkStatus(tx, incident.id, ticket.id, 'dismissed');
    if (link.status === 'linked') {
      await store.insertTimeline(tx, {
        id: newId(),
        incidentId: incident.id,
        kind: 'children',
        body: `Unlinked ${csd}: ${reason}`,
        data: { ticketId: ticket.id, unlinked: true },
        authorId: meta.actor.userId,
        at: new Date(),
      });
    }
    await recordAudit(tx, meta, {
      action: 'incident.unlink',
      targetType: 'incident',
      targetId: incident.id,
      summary: { number: inc, ticket: ticket.number, was: link.status, ...(reason ? { reason } : {}) },
    });
    await emitIncidentEvent(tx, meta, 'incident.child_unlinked', incident, { ticketId: ticket.id });
    return viewOf(tx, incident);
  });
}

export async function listChildren(ctx: AppContext, number: number, limit: number) {
  const db = ctx.database.db;
  const incident = await loadIncident(db, number);
  const [rows, byUnit] = await Promise.all([
    store.childrenOf(db, incident.id, limit),
    store.childrenByUnit(db, incident.id),
  ]);
  const items: ChildView[] = rows.map((r) => ({
    ticket: formatTicketNumber(r.number),
    summary: r.summary,
    ticketStatus: r.ticketStatus,
    facility: r.facility,
    unit: r.unit,
    status: r.link.status as ChildView['status'],
    source: r.link.source,
    reason: r.link.reason,
    linkedAt: r.link.linkedAt.toISOString(),
  }));
  return { items, byUnit };
}

/** What the intake form (and the phone screen pop) shows while the agent types: the open incidents that match. */
export async function matchingIncidents(
  ctx: AppContext,
  q: { serviceId?: string; moduleId?: string; facilityId?: string; unitId?: string; text?: string },
) {
  const scopes = await openScopes(ctx.database.db);
  const facts = {
    serviceId: q.serviceId ?? null,
    moduleId: q.moduleId ?? null,
    facilityId: q.facilityId ?? null,
    unitId: q.unitId ?? null,
    text: q.text ?? '',
  };
  const items = scopes
    .filter((s) => s.state === 'declared' || s.state === 'monitoring')
    .flatMap((s) => {
      const m = matchTicket(s, facts);
      return m
        ? [
            {
              number: formatIncidentNumber(s.number),
              title: s.row.title,
              kind: s.row.kind,
              severity: s.severity,
              decision: m.decision,
              reason: m.reason,
              publicReply: s.row.publicReply,
            },
          ]
        : [];
    })
    .sort((a, b) => Number(a.decision === 'suggest') - Number(b.decision === 'suggest'));
  return { items };
}

/**
 * Whether a ticket the viewer may see is part of a known outage: the incident's number, kind, state and public
 * summary only (no timeline, roles or other tickets), so a requester in the portal may read it.
 */
export async function outageOfTicket(ctx: AppContext, actor: Actor, ticketNumber: number) {
  const db = ctx.database.db;
  const { ticket } = await loadVisibleTicket(db, actor, ticketNumber);
  const link = (await store.linksOfTicket(db, ticket.id)).find((l) => l.link.status === 'linked');
  if (!link) return { outage: null };
  const i = link.incident;
  return {
    outage: {
      number: formatIncidentNumber(i.number),
      kind: i.kind,
      title: i.title,
      publicSummary: i.publicSummary,
      open: isOpenState(i.state),
      resolvedAt: i.resolvedAt?.toISOString() ?? null,
    },
  };
}
