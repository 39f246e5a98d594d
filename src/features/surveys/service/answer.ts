// Recording an answer: from the portal (the signed-in requester), from a single-use link (no sign-in), or from the
// phone system after a call. One transaction: the invitation is locked and marked answered, the response written,
// a recovery follow-up opened when needed, audit and event. The unique invitation id makes a second answer a 409.
import type { ActorMeta, RequestMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { sha256 } from '../../../platform/auth/secrets.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { AppError, Conflict, Forbidden, NotFound } from '../../../platform/errors.ts';
import { appendEvent } from '../../../platform/events/outbox.ts';
import { newId } from '../../../platform/ids.ts';
import { personOfUser } from '../../directory/service.ts';
import { phiKinds } from '../../privacy/rules.ts';
import { formatTicketNumber } from '../../tickets/rules/vocabulary.ts';
import {
  invitationState,
  recoveryReason,
  type SurveyChannel,
  sanitiseComment,
  solvedFirstContactOf,
} from '../rules.ts';
import type { AnswerInput } from '../schemas.ts';
import * as store from '../store.ts';
import { openRecovery } from './recovery.ts';

export type AnswerResult = { recorded: true; followUpTicket: string | null; phiWarnings: string[] };

export const LINK_PROBLEMS = {
  unknown: () => new NotFound('This survey link is not valid. Check that the whole link was copied.'),
  expired: () => new AppError(410, 'Gone', 'This survey link has expired. Thank you all the same.'),
  answered: () => new Conflict('This survey has already been answered. Thank you!'),
};

/** Refuses an invitation that can no longer be answered (answered, expired). */
export function checkAnswerable(inv: store.InvitationRow, now = new Date()) {
  const state = invitationState(inv, now);
  if (state === 'answered') throw LINK_PROBLEMS.answered();
  if (state === 'expired') throw LINK_PROBLEMS.expired();
}

/** Writes the answer to a locked, answerable invitation. */
export async function recordAnswer(
  tx: Queryable,
  meta: RequestMeta,
  inv: store.InvitationRow,
  input: AnswerInput,
  channel: SurveyChannel,
  contactId: string | null = null,
): Promise<AnswerResult> {
  const now = new Date();
  if (!(await store.markResponded(tx, inv.id, now))) throw LINK_PROBLEMS.answered();
  const comment = sanitiseComment(input.comment);
  const phi = comment ? phiKinds(comment) : [];
  const response = await store.insertResponse(tx, {
    id: newId(),
    invitationId: inv.id,
    kind: inv.kind,
    ticketId: inv.ticketId,
    personId: inv.personId,
    score: input.score,
    solvedFirstContact: solvedFirstContactOf(input.solved),
    stillUnsolved: input.solved === 'not_solved',
    patientCareAffected: input.patientCareAffected ?? null,
    comment,
    commentPhiSuspected: phi.length > 0,
    channel,
    contactId,
    respondedAt: now,
    facilityId: inv.facilityId,
    unitId: inv.unitId,
    clinicalRole: inv.clinicalRole,
    providerIds: inv.providerIds,
  });
  const reason = recoveryReason({ score: input.score, solved: input.solved });
  const original = inv.ticketId ? ((await store.findTicketById(tx, inv.ticketId)) ?? null) : null;
  const followUp = reason
    ? await openRecovery(tx, meta, {
        responseId: response.id,
        personId: inv.personId,
        original,
        facilityId: inv.facilityId,
        unitId: inv.unitId,
        reason,
        score: input.score,
        patientCareAffected: input.patientCareAffected ?? null,
        comment,
      })
    : null;
  await recordAudit(tx, meta, {
    action: 'survey.answer',
    targetType: 'survey_response',
    targetId: response.id,
    summary: {
      invitationId: inv.id,
      ticket: original?.number ?? null,
      channel,
      score: input.score,
      phiSuspected: phi.length > 0,
      followUp: followUp?.number ?? null,
    },
  });
  await appendEvent(tx, {
    type: 'survey.answered',
    subjectType: 'survey_response',
    subjectId: response.id,
    actorId: meta.actor?.userId ?? null,
    // Score and numbers only: the comment may hold PHI and never travels in events.
    payload: {
      score: input.score,
      ticket: original ? formatTicketNumber(original.number) : null,
      followUp: followUp ? formatTicketNumber(followUp.number) : null,
    },
    audience: { roles: ['manager', 'admin'] },
  });
  return {
    recorded: true,
    followUpTicket: followUp ? formatTicketNumber(followUp.number) : null,
    phiWarnings: phi,
  };
}

/** The signed-in requester answers one of their own invitations (portal prompt or the resolved ticket). */
export async function answerInPortal(ctx: AppContext, meta: ActorMeta, invitationId: string, input: AnswerInput) {
  return ctx.database.db.transaction(async (tx) => {
    const person = await personOfUser(tx, meta.actor.userId);
    const inv = await store.findInvitation(tx, invitationId, true);
    if (!inv || !person || inv.personId !== person.id) {
      if (inv && !person) throw new Forbidden('Your account is not linked to a person in the directory.');
      throw new NotFound('There is no such survey for you.');
    }
    checkAnswerable(inv);
    return recordAnswer(tx, meta, inv, input, 'portal');
  });
}

/** Anyone holding the link answers, without signing in; the link works once. */
export async function answerByLink(ctx: AppContext, meta: RequestMeta, token: string, input: AnswerInput) {
  return ctx.database.db.transaction(async (tx) => {
    const inv = await store.findInvitationByTokenHash(tx, sha256(token), true);
    if (!inv) throw LINK_PROBLEMS.unknown();
    checkAnswerable(inv);
    return recordAnswer(tx, { ...meta, actor: null }, inv, input, 'link');
  });
}
