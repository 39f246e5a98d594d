// The reminder job's use case: claim the incidents whose promised update is near or past (SKIP LOCKED: each
// instance takes different rows, none twice at once), decide with the pure rule, mark the promise reminded and
// tell the commander ("due") or the commander and the communications lead ("overdue") in the same transaction.
import { SYSTEM_META } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { incidentNumber } from '../rules/status-page.ts';
import { REMIND_BEFORE_MINUTES, reminderToSend } from '../rules/update-timer.ts';
import * as store from '../store.ts';

export async function sendUpdateReminders(ctx: AppContext, now = new Date(), limit = 100): Promise<number> {
  return ctx.database.db.transaction(async (tx) => {
    const horizon = new Date(now.getTime() + REMIND_BEFORE_MINUTES * 60_000);
    const due = await store.claimDueTimers(tx, horizon, limit);
    let sent = 0;
    for (const t of due) {
      const reminder = reminderToSend(t, now);
      if (!reminder) continue;
      const userIds = [t.commanderId, reminder === 'overdue' ? t.commsLeadId : null].filter(
        (id): id is string => id !== null,
      );
      await store.markReminded(tx, t.incidentId, reminder, t.nextUpdateAt);
      await recordAudit(tx, SYSTEM_META, {
        action: 'incident_comms.remind',
        targetType: 'incident',
        targetId: t.incidentId,
        summary: { number: incidentNumber(t.number), reminder, promisedAt: t.nextUpdateAt.toISOString(), to: userIds },
      });
      if (userIds.length > 0) {
        await appendEvent(tx, {
          type: reminder === 'due' ? 'incident.update_due' : 'incident.update_overdue',
          subjectType: 'incident',
          subjectId: t.incidentId,
          actorId: null,
          payload: { number: incidentNumber(t.number), title: t.title, promisedAt: t.nextUpdateAt.toISOString() },
          audience: { userIds },
        });
      }
      sent += 1;
    }
    return sent;
  });
}
