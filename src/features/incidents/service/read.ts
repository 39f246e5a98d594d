// What the desk reads of incidents: the incident with the names of what it affects, its people, its children's
// counts and its timeline; the list, open ones first. Internal: staff with incidents:read only.
import { isStaff, ROLES } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { NotFound } from '../../../platform/errors.ts';
import type { IncidentScope } from '../rules/matching.ts';
import { formatIncidentNumber, OPEN_STATES } from '../rules/vocabulary.ts';
import type { IncidentSummary, IncidentView, ListIncidentsQuery } from '../schemas.ts';
import * as store from '../store.ts';

type Names = Awaited<ReturnType<typeof store.namesOf>>;

export async function loadIncident(db: Queryable, number: number, forUpdate = false): Promise<store.IncidentRow> {
  const row = await store.findIncidentByNumber(db, number, forUpdate);
  if (!row) throw new NotFound(`There is no incident ${formatIncidentNumber(number)}.`);
  return row;
}

async function namesFor(db: Queryable, rows: store.IncidentRow[]) {
  const all = (pick: (r: store.IncidentRow) => string[]) => [...new Set(rows.flatMap(pick))];
  const names = await store.namesOf(db, {
    services: all((r) => [...r.serviceIds, ...r.moduleIds]),
    facilities: all((r) => r.facilityIds),
    units: all((r) => r.unitIds),
  });
  const staff = await store.staffNames(
    db,
    all((r) =>
      [r.commanderId, r.clinicalLeadId, r.itLeadId, r.commsLeadId, r.createdBy].filter((x): x is string => !!x),
    ),
  );
  return { names, staff };
}

function named(list: { id: string; name: string }[], ids: string[]) {
  return ids.flatMap((id) => {
    const hit = list.find((x) => x.id === id);
    return hit ? [{ id, name: hit.name }] : [];
  });
}

function summaryOf(
  r: store.IncidentRow,
  names: Names,
  staff: Map<string, { displayName: string }>,
  counts: { linked: number; open: number; suggested: number },
): IncidentSummary {
  const person = (id: string | null) => (id && staff.has(id) ? { id, displayName: staff.get(id)!.displayName } : null);
  return {
    id: r.id,
    number: formatIncidentNumber(r.number),
    kind: r.kind,
    planned: r.planned,
    title: r.title,
    publicSummary: r.publicSummary,
    severity: r.severity,
    state: r.state,
    services: named(names.services, r.serviceIds),
    modules: named(names.services, r.moduleIds),
    facilities: named(names.facilities, r.facilityIds),
    units: named(names.units, r.unitIds),
    startedAt: r.startedAt?.toISOString() ?? null,
    scheduledStart: r.scheduledStart?.toISOString() ?? null,
    scheduledEnd: r.scheduledEnd?.toISOString() ?? null,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    commander: person(r.commanderId),
    children: counts,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

export async function viewOf(db: Queryable, r: store.IncidentRow): Promise<IncidentView> {
  const { names, staff } = await namesFor(db, [r]);
  const counts = await store.childCounts(db, [r.id]);
  const timeline = await store.timelineOf(db, r.id);
  const fromTicket = r.declaredFromTicketId ? await store.ticketNumberOf(db, r.declaredFromTicketId) : null;
  const person = (id: string | null) => (id && staff.has(id) ? { id, displayName: staff.get(id)!.displayName } : null);
  return {
    ...summaryOf(r, names, staff, counts.get(r.id)!),
    publicReply: r.publicReply,
    matchTerms: r.matchTerms,
    noticeHoursBefore: r.noticeHoursBefore,
    resolutionNote: r.resolutionNote,
    clinicalLead: person(r.clinicalLeadId),
    itLead: person(r.itLeadId),
    commsLead: person(r.commsLeadId),
    declaredFrom: fromTicket,
    createdBy: person(r.createdBy),
    timeline: timeline.map(({ t, author }) => ({
      id: t.id,
      kind: t.kind,
      body: t.body,
      author: t.authorId && author ? { id: t.authorId, displayName: author } : null,
      at: t.at.toISOString(),
    })),
  };
}

export async function readIncident(ctx: AppContext, number: number): Promise<IncidentView> {
  const db = ctx.database.db;
  return viewOf(db, await loadIncident(db, number));
}

export async function listIncidents(ctx: AppContext, query: ListIncidentsQuery): Promise<{ items: IncidentSummary[] }> {
  const db = ctx.database.db;
  const states = query.state === 'all' ? null : query.state === 'open' ? OPEN_STATES : [query.state];
  const rows = await store.listIncidents(db, states, query.limit);
  const { names, staff } = await namesFor(db, rows);
  const counts = await store.childCounts(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => summaryOf(r, names, staff, counts.get(r.id)!)) };
}

/** The open incidents as the matching rules read them (modules with their application). */
export async function openScopes(db: Queryable): Promise<(IncidentScope & { row: store.IncidentRow })[]> {
  const rows = await store.openIncidents(db);
  if (!rows.length) return [];
  const names = await store.namesOf(db, {
    services: [...new Set(rows.flatMap((r) => r.moduleIds))],
    facilities: [],
    units: [],
  });
  return rows.map((r) => ({
    row: r,
    id: r.id,
    number: r.number,
    state: r.state,
    severity: r.severity,
    createdAt: r.createdAt,
    serviceIds: r.serviceIds,
    modules: r.moduleIds.map((id) => ({
      id,
      applicationId: names.services.find((s) => s.id === id)?.parentId ?? null,
    })),
    facilityIds: r.facilityIds,
    unitIds: r.unitIds,
    matchTerms: r.matchTerms,
  }));
}

/** Who may be named to lead an incident: every active desk staff account (the roles declare.ts accepts). */
export async function incidentLeads(ctx: AppContext) {
  return { items: await store.activeStaff(ctx.database.db, ROLES.filter(isStaff), 500) };
}
