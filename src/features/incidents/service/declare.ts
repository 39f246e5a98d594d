// Declaring a major incident or an EHR downtime (from scratch or from a ticket), one transaction: the incident,
// its first timeline entry, the ticket it came from as its first child, the audit entry and the event. Declaring a
// second incident over a service an open one covers is refused (409, naming it) unless the declarer confirms.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { isStaff, type Role } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict, type FieldError, Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { NOTICE_HOURS } from '../../incident-comms/rules/planned.ts';
import { formatTicketNumber, parseTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { loadVisibleTicket } from '../../tickets/service/read-ticket.ts';
import { initialState, phiRefusals, scheduleRefusal } from '../rules/lifecycle.ts';
import { overlapping } from '../rules/matching.ts';
import { formatIncidentNumber } from '../rules/vocabulary.ts';
import type { DeclareIncidentInput, IncidentView } from '../schemas.ts';
import * as store from '../store.ts';
import { emitIncidentEvent } from './events.ts';
import { openScopes, viewOf } from './read.ts';

type Scope = { serviceIds: string[]; moduleIds: string[]; facilityIds: string[]; unitIds: string[] };
type People = {
  commanderId?: string | null;
  clinicalLeadId?: string | null;
  itLeadId?: string | null;
  commsLeadId?: string | null;
};

/** Every id names what it says: applications and modules from the directory, facilities, units, staff accounts. */
export async function checkReferences(db: Queryable, scope: Partial<Scope>, people: People): Promise<void> {
  const errors: FieldError[] = [];
  const names = await store.namesOf(db, {
    services: [...(scope.serviceIds ?? []), ...(scope.moduleIds ?? [])],
    facilities: scope.facilityIds ?? [],
    units: scope.unitIds ?? [],
  });
  for (const id of scope.serviceIds ?? []) {
    const s = names.services.find((x) => x.id === id);
    if (!s) errors.push({ field: 'body.serviceIds', message: `${id} is not a service in the directory` });
    else if (s.kind === 'module')
      errors.push({ field: 'body.serviceIds', message: `${s.name} is a module: list it under modules` });
  }
  for (const id of scope.moduleIds ?? []) {
    const s = names.services.find((x) => x.id === id);
    if (s?.kind !== 'module')
      errors.push({ field: 'body.moduleIds', message: `${id} is not a module in the directory` });
  }
  for (const id of scope.facilityIds ?? [])
    if (!names.facilities.some((f) => f.id === id))
      errors.push({ field: 'body.facilityIds', message: `${id} is not a facility in the directory` });
  for (const id of scope.unitIds ?? [])
    if (!names.units.some((u) => u.id === id))
      errors.push({ field: 'body.unitIds', message: `${id} is not a unit in the directory` });
  const ids = Object.values(people).filter((x): x is string => !!x);
  const staff = await store.staffNames(db, ids);
  for (const [field, id] of Object.entries(people)) {
    if (!id) continue;
    const who = staff.get(id);
    if (!who || who.disabled || !isStaff(who.role as Role))
      errors.push({ field: `body.${field}`, message: 'must be an active desk staff account' });
  }
  if (errors.length) throw new Invalid('Some of what the incident names is not in the directory.', errors);
}

export async function declareIncident(
  ctx: AppContext,
  meta: ActorMeta,
  input: DeclareIncidentInput,
): Promise<IncidentView> {
  const phi = phiRefusals({ title: input.title, publicSummary: input.publicSummary, publicReply: input.publicReply });
  if (phi.length) throw new Invalid('Incidents are shown to every requester: leave patient information out.', phi);
  const start = input.scheduledStart ? new Date(input.scheduledStart) : null;
  const end = input.scheduledEnd ? new Date(input.scheduledEnd) : null;
  const bad = scheduleRefusal(start, end);
  if (bad) throw new Invalid(bad, [{ field: 'body.scheduledEnd', message: bad }]);
  if (input.planned && !start) {
    const m = 'A planned downtime needs its planned start.';
    throw new Invalid(m, [{ field: 'body.scheduledStart', message: m }]);
  }

  return ctx.database.db.transaction(async (tx) => {
    const scope: Scope = {
      serviceIds: [...new Set(input.serviceIds)],
      moduleIds: [...new Set(input.moduleIds)],
      facilityIds: [...new Set(input.facilityIds)],
      unitIds: [...new Set(input.unitIds)],
    };
    let fromTicket: { id: string; number: number } | null = null;
    if (input.fromTicket) {
      const { ticket } = await loadVisibleTicket(tx, meta.actor, parseTicketNumber(input.fromTicket)!, true);
      fromTicket = { id: ticket.id, number: ticket.number };
      // What the ticket says is affected, when the declarer did not say.
      if (!scope.serviceIds.length && !scope.moduleIds.length) {
        if (ticket.serviceId) scope.serviceIds.push(ticket.serviceId);
        if (ticket.moduleId) scope.moduleIds.push(ticket.moduleId);
      }
      if (!scope.facilityIds.length && !scope.unitIds.length && ticket.facilityId)
        scope.facilityIds.push(ticket.facilityId);
    }
    if (!scope.serviceIds.length && !scope.moduleIds.length) {
      const m = 'Name at least one affected application or module.';
      throw new Invalid(m, [{ field: 'body.serviceIds', message: m }]);
    }
    const people = {
      commanderId: input.commanderId ?? meta.actor.userId,
      clinicalLeadId: input.clinicalLeadId ?? null,
      itLeadId: input.itLeadId ?? null,
      commsLeadId: input.commsLeadId ?? null,
    };
    await checkReferences(tx, scope, people);

    if (!input.confirmOverlap) {
      const open = overlapping(await openScopes(tx), scope.serviceIds, scope.moduleIds);
      if (open.length) {
        const first = open[0]!.row;
        const which = open.map((o) => `${formatIncidentNumber(o.row.number)} "${o.row.title}"`).join(', ');
        throw new Conflict(
          `${which} is already open for this service. Link tickets to it instead, or confirm to declare a second incident.`,
          [{ field: 'body.confirmOverlap', message: `${formatIncidentNumber(first.number)} is open for this service` }],
        );
      }
    }

    const now = new Date();
    const state = initialState(input.planned);
    const row = await store.insertIncident(tx, {
      id: newId(),
      kind: input.kind,
      planned: input.planned,
      title: input.title,
      publicSummary: input.publicSummary,
      publicReply: input.publicReply,
      severity: input.severity,
      state,
      ...scope,
      matchTerms: [...new Set(input.matchTerms.map((t) => t.toLowerCase()))],
      startedAt: state === 'declared' ? (input.startedAt ? new Date(input.startedAt) : now) : null,
      scheduledStart: start,
      scheduledEnd: end,
      noticeHoursBefore: input.noticeHoursBefore ?? NOTICE_HOURS.default,
      ...people,
      declaredFromTicketId: fromTicket?.id ?? null,
      createdBy: meta.actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    const what =
      input.kind === 'ehr_downtime' ? (input.planned ? 'Planned EHR downtime' : 'EHR downtime') : 'Major incident';
    await store.insertTimeline(tx, {
      id: newId(),
      incidentId: row.id,
      kind: 'declared',
      body: `${what} ${state === 'scheduled' ? 'scheduled' : 'declared'}${fromTicket ? ` from ${formatTicketNumber(fromTicket.number)}` : ''}.`,
      data: { severity: row.severity },
      authorId: meta.actor.userId,
      at: now,
    });
    if (fromTicket) {
      await store.upsertLink(tx, {
        incidentId: row.id,
        ticketId: fromTicket.id,
        status: 'linked',
        source: 'agent',
        reason: 'declared from this ticket',
        linkedBy: meta.actor.userId,
      });
    }
    await recordAudit(tx, meta, {
      action: 'incident.declare',
      targetType: 'incident',
      targetId: row.id,
      summary: {
        number: formatIncidentNumber(row.number),
        kind: row.kind,
        planned: row.planned,
        severity: row.severity,
        state: row.state,
        serviceIds: row.serviceIds,
        moduleIds: row.moduleIds,
        fromTicket: fromTicket ? formatTicketNumber(fromTicket.number) : null,
        overlapConfirmed: input.confirmOverlap,
      },
    });
    await emitIncidentEvent(tx, meta, 'incident.declared', row, { title: row.title });
    return viewOf(tx, row);
  });
}
