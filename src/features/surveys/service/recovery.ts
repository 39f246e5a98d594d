// Service recovery: a low score or "not solved" opens a follow-up ticket for the clinician, in the same transaction as
// the answer, through the tickets' own `openTicketTx`. It is a ticket so that it gets its own SLA, a queue and a public
// thread: the clinician sees it in the portal at once (with a note from the desk), and hears back when the desk
// manager replies or resolves it.
import type { RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { findCoverage, findGroup, findPerson } from '../../directory/service.ts';
import { formatTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { openTicketTx } from '../../tickets/service/open-ticket.ts';
import type { TicketRow } from '../../tickets/service/reads.ts';
import * as store from '../store.ts';
import { surveySettings } from './settings.ts';

export type RecoveryInput = {
  responseId: string;
  personId: string;
  original: TicketRow | null;
  facilityId: string | null;
  unitId: string | null;
  reason: string;
  score: number;
  patientCareAffected: boolean | null;
  comment: string | null;
};

export async function openRecovery(tx: Queryable, meta: RequestMeta, r: RecoveryInput): Promise<TicketRow> {
  const o = r.original;
  const group = await recoveryGroup(tx, o);
  const requester = await findPerson(tx, r.personId);
  const about = o ? formatTicketNumber(o.number) : 'IT support';
  // Opened like every ticket (priority, queue, audit, SLA clock, event), by the desk itself rather than a person.
  const { ticket: followUp } = await openTicketTx(tx, meta, {
    requester: { id: r.personId, userId: requester?.userId ?? null },
    opener: null,
    channel: 'portal',
    fields: {
      type: 'service_request',
      summary: `Service recovery: follow up with the requester about ${about}`,
      description: [
        `The requester ${r.reason} in the satisfaction survey${o ? ` about ${about}` : ''}.`,
        r.patientCareAffected ? 'They said it affected patient care.' : '',
        r.comment ? `Their comment: ${r.comment}` : 'They left no comment.',
        'Call or write to them, agree what happens next, and resolve this ticket with what was done.',
      ]
        .filter(Boolean)
        .join('\n\n'),
      // The unit carries its facility; naming both could disagree (the ticket's facility, the person's unit).
      facilityId: r.unitId ? null : r.facilityId,
      unitId: r.unitId,
      serviceId: o?.serviceId ?? null,
      moduleId: o?.moduleId ?? null,
      patientCareAffected: r.patientCareAffected === true,
      scope: 'me',
    },
    queue: group ? { groupId: group.id, providerId: group.providerId } : null,
    note: { recovery: true },
    deskNote: `Thank you for telling us${o ? ` about ${about}` : ''}. A service desk manager will contact you about it.`,
    relatedTo: o,
  });
  await store.insertRecovery(tx, {
    responseId: r.responseId,
    ticketId: o?.id ?? null,
    followupTicketId: followUp.id,
    reason: r.reason,
  });
  await recordAudit(tx, meta, {
    action: 'survey.recovery_open',
    targetType: 'ticket',
    targetId: followUp.id,
    summary: { number: followUp.number, about: o?.number ?? null, reason: r.reason },
  });
  return followUp;
}

/** The desk manager's group from the survey settings, else the Tier 1-Plus group covering the service. */
async function recoveryGroup(tx: Queryable, o: TicketRow | null) {
  const configured = (await surveySettings(tx)).recoveryGroupId;
  if (configured) {
    const g = await findGroup(tx, configured);
    if (g) return g;
  }
  const service = o?.moduleId ?? o?.serviceId;
  const covered = service ? await findCoverage(tx, service, 'tier1') : null;
  if (covered) return findGroup(tx, covered.groupId);
  return o?.groupId ? findGroup(tx, o.groupId) : undefined;
}
