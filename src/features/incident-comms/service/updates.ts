// The commander's updates: public text (refused when it looks like patient information), an internal note, and
// "next update in N minutes". One transaction: the update, the promise the reminder job watches, the incident's
// timeline, the audit entry and the outbox event that refreshes every banner.
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict } from '../../../platform/errors.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { newId } from '../../../platform/ids.ts';
import { loadIncident } from '../../incidents/service/read.ts';
import { recordTimelineEvent } from '../../incidents/service/timeline.ts';
import { checkPublicText } from '../rules/public-text.ts';
import { incidentNumber } from '../rules/status-page.ts';
import { nextUpdateAt, timerStatus } from '../rules/update-timer.ts';
import { isOver } from '../rules/vocabulary.ts';
import type { PostUpdateInput, UpdateView } from '../schemas.ts';
import * as store from '../store.ts';

const viewOf = (u: store.UpdateWithAuthor): UpdateView => ({
  id: u.id,
  incidentId: u.incidentId,
  publicText: u.publicText,
  internalNote: u.internalNote,
  nextUpdateAt: u.nextUpdateAt?.toISOString() ?? null,
  authorName: u.authorName,
  postedAt: u.postedAt.toISOString(),
});

/**
 * Every signed-in person's banner may change: the event says only which incident (each reads what it may see) and,
 * for a posted update, its id (the notifications read its public text from it; never a text in the payload).
 */
export async function announceCommunication(
  tx: Queryable,
  incidentId: string,
  number: number,
  actorId: string | null,
  updateId?: string,
) {
  await appendEvent(tx, {
    type: 'incident.communicated',
    subjectType: 'incident',
    subjectId: incidentId,
    actorId,
    payload: { number: incidentNumber(number), ...(updateId ? { updateId } : {}) },
    audience: { roles: ['requester', 'agent', 'analyst', 'engineer', 'manager', 'admin', 'vendor'] },
  });
}

export async function postUpdate(
  ctx: AppContext,
  meta: ActorMeta,
  number: number,
  input: PostUpdateInput,
): Promise<UpdateView> {
  const publicText = checkPublicText(input.publicText);
  const internalNote = input.internalNote?.trim() || null;
  return ctx.database.db.transaction(async (tx) => {
    const incident = await loadIncident(tx, number, true);
    if (isOver(incident.state)) {
      throw new Conflict(
        `${incidentNumber(incident.number)} is already ${incident.state}: updates are for incidents still going on.`,
      );
    }
    const postedAt = new Date();
    const next = input.nextUpdateMinutes === null ? null : nextUpdateAt(postedAt, input.nextUpdateMinutes);
    const row = await store.insertUpdate(tx, {
      id: newId(),
      incidentId: incident.id,
      publicText,
      internalNote,
      nextUpdateAt: next,
      authorId: meta.actor.userId,
      postedAt,
    });
    await store.setNextUpdate(tx, incident.id, next);
    await recordTimelineEvent(tx, incident.id, meta.actor.userId, `Update posted: ${publicText}`, {
      updateId: row.id,
      nextUpdateAt: next?.toISOString() ?? null,
    });
    await recordAudit(tx, meta, {
      action: 'incident_comms.update',
      targetType: 'incident',
      targetId: incident.id,
      summary: { number: incidentNumber(incident.number), updateId: row.id, nextUpdateAt: next?.toISOString() ?? null },
    });
    await announceCommunication(tx, incident.id, incident.number, meta.actor.userId, row.id);
    return viewOf({ ...row, authorName: meta.actor.displayName });
  });
}

export async function listUpdates(ctx: AppContext, number: number, now = new Date()) {
  const db = ctx.database.db;
  const incident = await loadIncident(db, number);
  const [updates, comms] = await Promise.all([store.updatesOf(db, incident.id), store.commsOf(db, incident.id)]);
  const next = comms?.nextUpdateAt ?? null;
  return {
    updates: updates.map(viewOf),
    timer: {
      nextUpdateAt: next?.toISOString() ?? null,
      status: timerStatus({ state: incident.state, nextUpdateAt: next }, now),
    },
  };
}
