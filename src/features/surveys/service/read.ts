// Reading surveys: the signed-in requester's pending ones (the sign-in prompt), a link's survey (no PHI: the ticket
// number and the service name only), and a ticket's survey as its viewer may see it.
import type { Actor } from '../../../platform/actor.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import { sha256 } from '../../../platform/auth/secrets.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Invalid } from '../../../platform/errors.ts';
import { personOfUser } from '../../directory/service.ts';
import { formatTicketNumber, parseTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { loadVisibleTicket } from '../../tickets/service/read-ticket.ts';
import { answerAccess, invitationState } from '../rules.ts';
import type { InvitationView, ResponseView } from '../schemas.ts';
import * as store from '../store.ts';
import { checkAnswerable, LINK_PROBLEMS } from './answer.ts';

const iso = (d: string | Date) => new Date(d).toISOString();

export const QUESTIONS = {
  ticket: 'How satisfied are you with the help you got?',
  pulse: 'How satisfied are you with IT support?',
} as const;

export function viewOf(b: store.InvitationBrief, now = new Date()): InvitationView {
  const kind = b.kind as 'ticket' | 'pulse';
  return {
    id: b.id,
    kind,
    ticketNumber: b.ticket_number === null ? null : formatTicketNumber(Number(b.ticket_number)),
    serviceName: b.service_name,
    question: QUESTIONS[kind],
    availableAt: iso(b.available_at),
    expiresAt: iso(b.expires_at),
    state: invitationState(
      {
        availableAt: new Date(b.available_at),
        expiresAt: new Date(b.expires_at),
        respondedAt: b.responded_at ? new Date(b.responded_at) : null,
      },
      now,
    ),
  };
}

export async function pendingSurveys(ctx: AppContext, actor: Actor): Promise<{ surveys: InvitationView[] }> {
  const person = await personOfUser(ctx.database.db, actor.userId);
  if (!person) return { surveys: [] };
  const now = new Date();
  return { surveys: (await store.pendingFor(ctx.database.db, person.id, now)).map((b) => viewOf(b, now)) };
}

/** What a link shows before it is answered; the same 404/410/409 as answering, so the page can say why. */
export async function surveyOfLink(ctx: AppContext, token: string): Promise<InvitationView> {
  const inv = await store.findInvitationByTokenHash(ctx.database.db, sha256(token));
  if (!inv) throw LINK_PROBLEMS.unknown();
  checkAnswerable(inv);
  return viewOf((await store.invitationBrief(ctx.database.db, inv.id))!);
}

export function responseViewOf(r: Record<string, unknown>, withComment: boolean): ResponseView {
  return {
    id: r.id as string,
    kind: r.kind as 'ticket' | 'pulse',
    ticketNumber: r.ticket_number == null ? null : formatTicketNumber(Number(r.ticket_number)),
    score: Number(r.score),
    solvedFirstContact: (r.solved_first_contact as boolean | null) ?? null,
    stillUnsolved: Boolean(r.still_unsolved),
    patientCareAffected: (r.patient_care_affected as boolean | null) ?? null,
    comment: withComment ? ((r.comment as string | null) ?? null) : null,
    commentPhiSuspected: Boolean(r.comment_phi_suspected),
    channel: r.channel as ResponseView['channel'],
    respondedAt: iso(r.responded_at as string),
    clinicalRole: (r.clinical_role as string | null) ?? null,
    followUpTicket: r.followup_number == null ? null : formatTicketNumber(Number(r.followup_number)),
  };
}

/** A ticket's survey: the invitation for its requester and the desk, the answer as answerAccess (rules.ts) allows. */
export async function ticketSurvey(ctx: AppContext, actor: Actor, numberText: string) {
  const number = parseTicketNumber(numberText);
  if (number === null)
    throw new Invalid('That is not a ticket number.', [{ field: 'params.number', message: 'like CSD-001234' }]);
  const db = ctx.database.db;
  const { ticket } = await loadVisibleTicket(db, actor, number);
  const inv = await store.findTicketInvitation(db, ticket.id);
  const person = actor.role === 'requester' ? await personOfUser(db, actor.userId) : null;
  const own = person !== null && inv?.personId === person.id;
  const row = inv?.respondedAt ? await store.responseOfTicket(db, ticket.id) : undefined;
  const access = answerAccess(actor.role, own);
  // Whether this agent worked the ticket is asked only when there is an answer it would reveal.
  const seesResponse =
    row !== undefined &&
    (access === 'answer' ||
      access === 'score' ||
      (access === 'if_worked' && (await store.workedTicket(db, actor.userId, ticket.id))));
  const brief = inv && (own || isStaff(actor.role)) ? await store.invitationBrief(db, inv.id) : undefined;
  return {
    invitation: brief ? viewOf(brief) : null,
    response: row && seesResponse ? responseViewOf({ ...row, ticket_number: ticket.number }, access !== 'score') : null,
  };
}
