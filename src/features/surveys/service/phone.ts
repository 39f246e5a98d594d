// The phone system's post-call survey: the IVR asks the caller after the call and posts the answers here, naming the
// call. The answer goes to the call's ticket (the one named, which must be linked to the call; else the one the call
// opened; else the latest linked). Posting the same call again answers "duplicate" and records nothing twice.
import type { ActorMeta } from '../../../platform/actor.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { findContactOfCall } from '../../routing/service/reads.ts';
import { withRetry } from '../../routing/service/retry.ts';
import { formatTicketNumber, parseTicketNumber } from '../../tickets/rules/vocabulary.ts';
import type { CtiSurveyInput } from '../schemas.ts';
import * as store from '../store.ts';
import { checkAnswerable, recordAnswer } from './answer.ts';

const PHONE_SURVEY_DAYS = 1;

export async function postPhoneSurvey(ctx: AppContext, meta: ActorMeta, input: CtiSurveyInput) {
  const integrationId = meta.actor.userId;
  return withRetry(() =>
    ctx.database.db.transaction(async (tx) => {
      const contact = await findContactOfCall(tx, integrationId, input.callId);
      if (!contact) throw new NotFound(`No call ${input.callId} was posted by this phone system.`);
      const linked = await store.ticketsOfCall(tx, contact.id);
      const wanted = input.ticketNumber === undefined ? undefined : parseTicketNumber(input.ticketNumber);
      if (wanted === null) {
        throw new Invalid('That is not a ticket number.', [{ field: 'body.ticketNumber', message: 'like CSD-001234' }]);
      }
      const ticket = wanted === undefined ? linked[0] : linked.find((t) => t.number === wanted);
      if (!ticket) {
        throw new Conflict(
          wanted === undefined
            ? 'This call is not linked to a ticket yet; the agent links it, then the survey can be posted.'
            : `${formatTicketNumber(wanted)} is not linked to this call.`,
        );
      }
      const number = formatTicketNumber(ticket.number);
      let inv = await store.findTicketInvitation(tx, ticket.id, true);
      if (inv?.respondedAt) {
        const previous = await store.responseOfTicket(tx, ticket.id);
        if (previous?.contact_id === contact.id) {
          return {
            recorded: true as const,
            duplicate: true,
            ticketNumber: number,
            followUpTicket: null,
            phiWarnings: [],
          };
        }
      }
      if (!inv) {
        // The phone system asked on its own (no policy): the invitation exists so rates count it as asked.
        const facts = await store.ticketSurveyFacts(tx, ticket.id);
        const now = new Date();
        const id = newId();
        await store.insertInvitation(tx, {
          id,
          kind: 'ticket',
          ticketId: ticket.id,
          personId: ticket.requester_id,
          channel: 'phone',
          availableAt: now,
          expiresAt: new Date(now.getTime() + PHONE_SURVEY_DAYS * 86_400_000),
          facilityId: facts?.facilityId ?? null,
          unitId: facts?.unitId ?? null,
          clinicalRole: facts?.clinicalRole ?? null,
          providerIds: facts?.providerIds ?? [],
        });
        inv = (await store.findTicketInvitation(tx, ticket.id, true))!;
      }
      checkAnswerable(inv);
      const result = await recordAnswer(tx, meta, inv, input, 'phone', contact.id);
      return { ...result, duplicate: false, ticketNumber: number };
    }),
  );
}
