// Changing an incident: its fields and state with the version the caller read (a stale one is a 409 that writes
// nothing), each change on the timeline, audited, with its event; adding a decision or event to the timeline.
// Resolving records what was fixed and what to do with the open children; the fan-out itself runs after the
// change commits, in batches (service/fan-out.ts).
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Conflict, Invalid } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { phiRefusals, scheduleRefusal, timesOf, transitionRefusal } from '../rules/lifecycle.ts';
import { formatIncidentNumber } from '../rules/vocabulary.ts';
import type { AddDecisionInput, IncidentView, UpdateIncidentInput } from '../schemas.ts';
import * as store from '../store.ts';
import { checkReferences } from './declare.ts';
import { emitIncidentEvent } from './events.ts';
import { loadIncident, viewOf } from './read.ts';

const FIELDS = [
  'kind',
  'title',
  'publicSummary',
  'publicReply',
  'severity',
  'serviceIds',
  'moduleIds',
  'facilityIds',
  'unitIds',
  'matchTerms',
  'scheduledStart',
  'scheduledEnd',
  'noticeHoursBefore',
  'commanderId',
  'clinicalLeadId',
  'itLeadId',
  'commsLeadId',
] as const;

/** How the timeline names a changed field, in the desk's words (the entry's data keeps the field names). */
const FIELD_WORDS: Record<(typeof FIELDS)[number], string> = {
  kind: 'kind',
  title: 'what is down',
  publicSummary: 'public summary',
  publicReply: 'answer for callers',
  severity: 'severity',
  serviceIds: 'applications affected',
  moduleIds: 'modules affected',
  facilityIds: 'facilities affected',
  unitIds: 'units affected',
  matchTerms: 'words that suggest tickets',
  scheduledStart: 'planned start',
  scheduledEnd: 'planned end',
  noticeHoursBefore: 'notice hours before the start',
  commanderId: 'incident commander',
  clinicalLeadId: 'clinical operations lead',
  itLeadId: 'IT lead',
  commsLeadId: 'communications lead',
};

function staleVersion(r: store.IncidentRow) {
  return new Conflict(
    `Someone else changed ${formatIncidentNumber(r.number)} (now version ${r.version}). Reload it and try again.`,
    [{ field: 'body.version', message: `is stale; the current version is ${r.version}` }],
  );
}

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a instanceof Date ? a.toISOString() : a) === JSON.stringify(b instanceof Date ? b.toISOString() : b);

export type UpdateOutcome = { incident: IncidentView; fanOut: 'resolve' | 'message' | null };

export async function updateIncident(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: UpdateIncidentInput,
): Promise<UpdateOutcome> {
  const phi = phiRefusals({
    title: input.title,
    publicSummary: input.publicSummary,
    publicReply: input.publicReply,
    'resolution.note': input.resolution?.note,
  });
  if (phi.length) throw new Invalid('Incidents are shown to every requester: leave patient information out.', phi);

  return ctx.database.db.transaction(async (tx) => {
    const r = await loadIncident(tx, number, true);
    if (r.version !== input.version) throw staleVersion(r);
    if (r.state === 'closed')
      throw new Conflict(`${formatIncidentNumber(r.number)} is closed and can no longer change.`);
    const now = new Date();
    const changes: Partial<store.NewIncident> = {};
    const changed: string[] = [];
    for (const f of FIELDS) {
      const v = input[f];
      if (v === undefined) continue;
      const next =
        f === 'scheduledStart' || f === 'scheduledEnd'
          ? v === null
            ? null
            : new Date(v as string)
          : f === 'matchTerms'
            ? [...new Set((v as string[]).map((t) => t.toLowerCase()))]
            : Array.isArray(v)
              ? [...new Set(v)]
              : v;
      if (same(next, r[f])) continue;
      (changes as Record<string, unknown>)[f] = next;
      changed.push(f);
    }
    await checkReferences(
      tx,
      {
        serviceIds: changes.serviceIds as string[] | undefined,
        moduleIds: changes.moduleIds as string[] | undefined,
        facilityIds: changes.facilityIds as string[] | undefined,
        unitIds: changes.unitIds as string[] | undefined,
      },
      {
        commanderId: changes.commanderId,
        clinicalLeadId: changes.clinicalLeadId,
        itLeadId: changes.itLeadId,
        commsLeadId: changes.commsLeadId,
      },
    );
    const services = (changes.serviceIds as string[] | undefined) ?? r.serviceIds;
    const modules = (changes.moduleIds as string[] | undefined) ?? r.moduleIds;
    if (!services.length && !modules.length) {
      const m = 'Name at least one affected application or module.';
      throw new Invalid(m, [{ field: 'body.serviceIds', message: m }]);
    }
    const bad = scheduleRefusal(
      (changes.scheduledStart as Date | null | undefined) ?? r.scheduledStart,
      (changes.scheduledEnd as Date | null | undefined) ?? r.scheduledEnd,
    );
    if (bad) throw new Invalid(bad, [{ field: 'body.scheduledEnd', message: bad }]);

    let fanOut: UpdateOutcome['fanOut'] = null;
    const to = input.state;
    if (to && to !== r.state) {
      const counts = (await store.childCounts(tx, [r.id])).get(r.id)!;
      const refusal = transitionRefusal(r.number, r.state, to, {
        openChildren: counts.open,
        resolutionGiven: !!input.resolution,
      });
      if (refusal) throw new Conflict(refusal, [{ field: 'body.state', message: refusal }]);
      Object.assign(changes, { state: to }, timesOf(to, now, r));
      if (to === 'resolved' && input.resolution) {
        changes.resolutionNote = input.resolution.note;
        if (input.resolution.children !== 'none' && counts.open > 0) {
          fanOut = input.resolution.children;
          Object.assign(changes, { fanOut, fanOutDoneAt: null, fanOutHandled: 0 });
          await store.resetFannedOut(tx, r.id);
        }
      }
    } else if (input.resolution) {
      const m = 'A resolution is given only when the state becomes resolved.';
      throw new Invalid(m, [{ field: 'body.resolution', message: m }]);
    }
    if (Object.keys(changes).length === 0) return { incident: await viewOf(tx, r), fanOut: null };

    const updated = await store.updateIncident(tx, r, changes);
    if (!updated) throw staleVersion(r);
    if (changes.state) {
      await store.insertTimeline(tx, {
        id: newId(),
        incidentId: r.id,
        kind: 'state',
        body:
          changes.state === 'resolved'
            ? `Resolved: ${input.resolution?.note ?? 'planned downtime cancelled'}`
            : `State: ${r.state} → ${changes.state}.`,
        data: { from: r.state, to: changes.state, children: input.resolution?.children ?? null },
        authorId: meta.actor.userId,
        at: now,
      });
    }
    if (changed.length) {
      await store.insertTimeline(tx, {
        id: newId(),
        incidentId: r.id,
        kind: 'change',
        body: `Changed: ${changed.map((f) => FIELD_WORDS[f as (typeof FIELDS)[number]] ?? f).join(', ')}.`,
        data: { fields: changed },
        authorId: meta.actor.userId,
        at: now,
      });
    }
    await recordAudit(tx, meta, {
      action: 'incident.update',
      targetType: 'incident',
      targetId: r.id,
      summary: {
        number: formatIncidentNumber(r.number),
        fields: changed,
        ...(changes.state ? { from: r.state, to: changes.state } : {}),
        ...(input.resolution ? { children: input.resolution.children } : {}),
        version: updated.version,
      },
    });
    const type =
      changes.state === 'resolved'
        ? 'incident.resolved'
        : changes.state === 'closed'
          ? 'incident.closed'
          : 'incident.updated';
    // A state move names the state it left (the notifications tell the units when an incident becomes declared).
    await emitIncidentEvent(tx, meta, type, updated, {
      fields: changed,
      ...(changes.state ? { from: r.state } : {}),
    });
    return { incident: await viewOf(tx, updated), fanOut };
  });
}

/** A decision or event on the internal timeline. It does not bump the version (it must not make an edit stale). */
export async function addTimelineEntry(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: AddDecisionInput,
): Promise<IncidentView> {
  return ctx.database.db.transaction(async (tx) => {
    const r = await loadIncident(tx, number);
    const id = newId();
    await store.insertTimeline(tx, {
      id,
      incidentId: r.id,
      kind: input.kind,
      body: input.body,
      authorId: meta.actor.userId,
      at: new Date(),
    });
    await recordAudit(tx, meta, {
      action: 'incident.timeline',
      targetType: 'incident',
      targetId: r.id,
      summary: { number: formatIncidentNumber(r.number), entryId: id, kind: input.kind },
    });
    await emitIncidentEvent(tx, meta, 'incident.timeline', r, { entryId: id, kind: input.kind });
    return viewOf(tx, r);
  });
}
