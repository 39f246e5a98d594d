// Several failed checks or credential changes for one account in a short time: the desk manager and security
// (administrators) are told, live and through notifications, once per alert window.
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { newId } from '../../../platform/ids.ts';
import { alertDue } from '../rules/decide.ts';
import type { Policy } from '../rules/policy.ts';
import * as store from '../store.ts';

export async function alertIfRepeated(
  tx: Queryable,
  meta: RequestMeta,
  v: store.VerificationRow,
  policy: Policy,
  now: Date,
): Promise<boolean> {
  const since = new Date(now.getTime() - policy.alert.windowHours * 3_600_000);
  const recent = await store.troubleSince(tx, v.subjectPersonId, since);
  if (!alertDue(recent, await store.lastAlertAt(tx, v.subjectPersonId), now, policy)) return false;
  await store.insertAlert(tx, {
    id: newId(),
    subjectPersonId: v.subjectPersonId,
    ticketId: v.ticketId,
    recent,
    at: now,
  });
  await recordAudit(tx, meta, {
    action: 'verification.alert',
    targetType: 'person',
    targetId: v.subjectPersonId,
    summary: { verificationId: v.id, request: v.request, recent, windowHours: policy.alert.windowHours },
  });
  await appendEvent(tx, {
    type: 'verification.alert',
    subjectType: 'ticket',
    subjectId: v.ticketId,
    actorId: meta.actor?.userId ?? null,
    // No names or numbers: the alert says which ticket and how many; the ticket says the rest to who may read it.
    payload: { verificationId: v.id, request: v.request, recent, windowHours: policy.alert.windowHours },
    audience: { roles: ['manager', 'admin'], userIds: await store.alertRecipientIds(tx) },
  });
  return true;
}
