// The post-incident review: started once the incident is resolved or closed, one per incident. Its timeline is the
// incident's own; its impact is computed from the data whenever it is read (rules/review.ts, with the review's
// overhead); its cause is a SAFER dimension and words; its actions are tracked to done. Every free text is run through
// the likely-PHI detector and refused with the kinds found. Each change is one transaction, audited; starting and
// completing it go on the incident's timeline.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { loadIncident, readIncident } from '../../incidents/service/read.ts';
import { recordTimelineEvent } from '../../incidents/service/timeline.ts';
import { isAssignable } from '../recovery-store.ts';
import * as store from '../review-store.ts';
import {
  actionProgress,
  checkReviewTexts,
  DEFAULT_DOWNTIME_OVERHEAD,
  downtimeMinutes,
  impactOf,
  reviewRefusal,
  SAFER_LABELS,
} from '../rules/review.ts';
import { incidentNumber } from '../rules/status-page.ts';
import type {
  AddReviewActionInput,
  IncidentReviewView,
  StartReviewInput,
  UpdateReviewActionInput,
  UpdateReviewInput,
} from '../schemas.ts';

const TEXT_FIELDS = ['timelineSummary', 'causeText', 'overheadBasis'] as const;

/** Refuses the input when any of its free texts looks like patient information (400 naming fields and kinds). */
function checkTexts(input: StartReviewInput) {
  const fields: Record<string, string | undefined> = {};
  for (const f of TEXT_FIELDS) fields[f] = input[f];
  input.contributingFactors?.forEach((c, i) => {
    fields[`contributingFactors.${i}.text`] = c.text;
  });
  checkReviewTexts(fields);
}

export async function readReview(ctx: AppContext, number: number, now = new Date()): Promise<IncidentReviewView> {
  const db = ctx.database.db;
  const incident = await readIncident(ctx, number);
  const review = await store.findReview(db, incident.id);
  const data = await store.impactData(
    db,
    incident.id,
    incident.units.map((u) => u.id),
  );
  const date = (v: string | null) => (v ? new Date(v) : null);
  const impact = impactOf({
    durationMinutes: downtimeMinutes(
      {
        startedAt: date(incident.startedAt),
        scheduledStart: date(incident.scheduledStart),
        resolvedAt: date(incident.resolvedAt),
      },
      now,
    ),
    childTickets: data.childTickets,
    patientCareAffected: data.patientCareAffected,
    calls: data.calls,
    units: data.units,
    cliniciansOnAffectedUnits: data.clinicians,
    overhead: review?.overhead ?? DEFAULT_DOWNTIME_OVERHEAD,
  });
  let reviewView: IncidentReviewView['review'] = null;
  if (review) {
    const [actions, today] = await Promise.all([store.actionsOf(db, incident.id), store.deskToday(db)]);
    const names = await store.namesOf(
      db,
      [review.createdBy, review.completedBy].filter((x): x is string => !!x),
    );
    const person = (id: string | null) => (id ? { id, displayName: names.get(id) ?? '' } : null);
    reviewView = {
      timelineSummary: review.timelineSummary,
      causeDimension: review.causeDimension,
      causeLabel: review.causeDimension ? SAFER_LABELS[review.causeDimension] : null,
      causeText: review.causeText,
      contributingFactors: review.contributingFactors.map((c) => ({
        dimension: c.dimension,
        label: c.dimension ? SAFER_LABELS[c.dimension] : null,
        text: c.text,
      })),
      overhead: review.overhead,
      overheadBasis: review.overheadBasis,
      completedAt: review.completedAt?.toISOString() ?? null,
      completedBy: person(review.completedBy),
      createdBy: person(review.createdBy),
      createdAt: review.createdAt.toISOString(),
      updatedAt: review.updatedAt.toISOString(),
      version: review.version,
      actions: actions.map((a) => ({
        ...a,
        doneAt: a.doneAt?.toISOString() ?? null,
        overdue: actionProgress([a], today).overdue === 1,
      })),
      actionProgress: actionProgress(actions, today),
    };
  }
  return {
    incident: {
      number: incident.number,
      kind: incident.kind,
      title: incident.title,
      severity: incident.severity,
      state: incident.state,
      startedAt: incident.startedAt ?? incident.scheduledStart,
      resolvedAt: incident.resolvedAt,
      closedAt: incident.closedAt,
      applications: [...incident.services, ...incident.modules].map((s) => s.name),
      facilities: incident.facilities.map((f) => f.name),
      commander: incident.commander?.displayName ?? null,
      resolutionNote: incident.resolutionNote,
    },
    canStart: !review && reviewRefusal(incident.state, incident.number) === null,
    review: reviewView,
    impact: { ...impact, unitNames: data.unitNames.slice(0, 50) },
    timeline: incident.timeline.map((e) => ({
      id: e.id,
      kind: e.kind,
      body: e.body,
      author: e.author?.displayName ?? null,
      at: e.at,
    })),
  };
}

async function loadForReview(tx: Parameters<typeof loadIncident>[0], number: number) {
  const incident = await loadIncident(tx, number, true);
  const refusal = reviewRefusal(incident.state, incidentNumber(incident.number));
  if (refusal) throw new Conflict(refusal);
  return incident;
}

export async function startReview(ctx: AppContext, meta: ActorMeta, number: number, input: StartReviewInput) {
  checkTexts(input);
  await ctx.database.db.transaction(async (tx) => {
    const incident = await loadForReview(tx, number);
    const created = await store.insertReview(tx, {
      incidentId: incident.id,
      timelineSummary: input.timelineSummary ?? '',
      causeDimension: input.causeDimension ?? null,
      causeText: input.causeText ?? '',
      contributingFactors: input.contributingFactors ?? [],
      overhead: input.overhead ?? DEFAULT_DOWNTIME_OVERHEAD,
      overheadBasis: input.overheadBasis ?? '',
      createdBy: meta.actor.userId,
    });
    if (!created) {
      throw new Conflict(`${incidentNumber(incident.number)} already has a review: open it and change it there.`);
    }
    await recordTimelineEvent(tx, incident.id, meta.actor.userId, 'Post-incident review started');
    await recordAudit(tx, meta, {
      action: 'incident_review.create',
      targetType: 'incident',
      targetId: incident.id,
      summary: { number: incidentNumber(incident.number), fields: Object.keys(input) },
    });
  });
  return readReview(ctx, number);
}

async function loadReview(tx: Parameters<typeof loadIncident>[0], number: number) {
  const incident = await loadForReview(tx, number);
  const review = await store.findReview(tx, incident.id, true);
  if (!review) {
    throw new NotFound(`${incidentNumber(incident.number)} has no review yet: start it first.`);
  }
  return { incident, review };
}

export async function updateReview(ctx: AppContext, meta: ActorMeta, number: number, input: UpdateReviewInput) {
  checkTexts(input);
  await ctx.database.db.transaction(async (tx) => {
    const { incident, review } = await loadReview(tx, number);
    if (review.version !== input.version) {
      throw new Conflict(
        `Someone else changed the review of ${incidentNumber(incident.number)} (now version ${review.version}). Reload it and try again.`,
        [{ field: 'body.version', message: `is stale; the current version is ${review.version}` }],
      );
    }
    const { version: _, completed, ...fields } = input;
    const set: Parameters<typeof store.saveReview>[2] = { ...fields };
    const completing = completed !== undefined && completed !== (review.completedAt !== null);
    if (completing) {
      Object.assign(
        set,
        completed
          ? { completedAt: new Date(), completedBy: meta.actor.userId }
          : { completedAt: null, completedBy: null },
      );
    }
    if (Object.keys(set).length === 0) return;
    await store.saveReview(tx, incident.id, set);
    if (completing) {
      await recordTimelineEvent(
        tx,
        incident.id,
        meta.actor.userId,
        completed ? 'Post-incident review completed' : 'Post-incident review reopened',
      );
    }
    await recordAudit(tx, meta, {
      action: 'incident_review.update',
      targetType: 'incident',
      targetId: incident.id,
      summary: {
        number: incidentNumber(incident.number),
        fields: Object.keys(fields),
        ...(completing ? { completed } : {}),
        version: review.version + 1,
      },
    });
  });
  return readReview(ctx, number);
}

async function checkOwner(tx: Parameters<typeof loadIncident>[0], ownerId: string | null | undefined) {
  if (ownerId && !(await isAssignable(tx, ownerId))) {
    throw new Invalid('That person cannot own an action: choose an active account of the desk or the unit.', [
      { field: 'ownerId', message: 'Not an active account.' },
    ]);
  }
}

export async function addReviewAction(ctx: AppContext, meta: ActorMeta, number: number, input: AddReviewActionInput) {
  checkReviewTexts({ title: input.title });
  await ctx.database.db.transaction(async (tx) => {
    const { incident } = await loadReview(tx, number);
    await checkOwner(tx, input.ownerId);
    const id = newId();
    await store.insertAction(tx, {
      id,
      incidentId: incident.id,
      title: input.title,
      ownerId: input.ownerId ?? null,
      dueOn: input.dueOn ?? null,
    });
    await recordAudit(tx, meta, {
      action: 'incident_review.action',
      targetType: 'incident',
      targetId: incident.id,
      summary: {
        number: incidentNumber(incident.number),
        actionId: id,
        added: true,
        ownerId: input.ownerId ?? null,
        dueOn: input.dueOn ?? null,
      },
    });
  });
  return readReview(ctx, number);
}

export async function updateReviewAction(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  actionId: string,
  input: UpdateReviewActionInput,
) {
  checkReviewTexts({ title: input.title });
  await ctx.database.db.transaction(async (tx) => {
    const { incident } = await loadReview(tx, number);
    const action = await store.findAction(tx, incident.id, actionId);
    if (!action) throw new NotFound(`There is no such action on the review of ${incidentNumber(incident.number)}.`);
    await checkOwner(tx, input.ownerId);
    const { done, ...fields } = input;
    const set: Parameters<typeof store.saveAction>[2] = { ...fields };
    if (done !== undefined && done !== (action.doneAt !== null)) {
      Object.assign(set, done ? { doneAt: new Date(), doneBy: meta.actor.userId } : { doneAt: null, doneBy: null });
    }
    if (Object.keys(set).length === 0) return;
    await store.saveAction(tx, action.id, set);
    await recordAudit(tx, meta, {
      action: 'incident_review.action',
      targetType: 'incident',
      targetId: incident.id,
      summary: {
        number: incidentNumber(incident.number),
        actionId: action.id,
        fields: Object.keys(fields),
        ...('doneAt' in set ? { done } : {}),
      },
    });
  });
  return readReview(ctx, number);
}
