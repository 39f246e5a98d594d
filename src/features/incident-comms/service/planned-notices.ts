// The planned-downtime notices job's use case: claim the scheduled downtimes whose notice time (each its own hours
// before the start) has come (SKIP LOCKED: each instance takes different rows, none twice at once), decide with the
// pure rule, record the notice as sent (once per downtime and start, whatever the instances, ticks or a change of
// its notice hours) and, in the same transaction, audit it and emit the event the notifications consumer turns
// into mail to the unit leaders and super-users of the affected units.
import { SYSTEM_META } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { noticeDue } from '../rules/planned.ts';
import { incidentNumber } from '../rules/status-page.ts';
import * as store from '../store.ts';

export async function sendPlannedNotices(ctx: AppContext, now = new Date(), limit = 100): Promise<number> {
  return ctx.database.db.transaction(async (tx) => {
    let sent = 0;
    for (const d of await store.claimDuePlannedNotices(tx, now, limit)) {
      const hoursBefore = d.noticeHoursBefore;
      const due = noticeDue(
        { state: d.state, scheduledStart: d.scheduledStart, noticeHoursBefore: hoursBefore, noticeSentAt: null },
        now,
      );
      if (!due) continue;
      const marked = await store.markPlannedNoticeSent(tx, {
        incidentId: d.incidentId,
        hoursBefore,
        scheduledStart: d.scheduledStart,
        sentAt: now,
      });
      if (!marked) continue;
      const payload = {
        number: incidentNumber(d.number),
        hoursBefore,
        scheduledStart: d.scheduledStart.toISOString(),
      };
      await recordAudit(tx, SYSTEM_META, {
        action: 'incident_comms.notice',
        targetType: 'incident',
        targetId: d.incidentId,
        summary: payload,
      });
      await appendEvent(tx, {
        type: 'incident.planned_notice',
        subjectType: 'incident',
        subjectId: d.incidentId,
        actorId: null,
        payload,
        audience: { userIds: [] },
      });
      sent += 1;
    }
    return sent;
  });
}
