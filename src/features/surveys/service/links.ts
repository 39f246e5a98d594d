// Single-use survey links. The token is 256 random bits; only its SHA-256 is stored, so a copy of the database
// cannot answer anyone's survey, and a token names exactly one invitation (it cannot be moved to another ticket).
// A random token looked up by hash needs no signing key to guard or rotate, and is as unforgeable as a signed one.
import { type RequestMeta, SYSTEM_META } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { randomToken, sha256 } from '../../../platform/auth/secrets.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/connect.ts';
import { Conflict, NotFound } from '../../../platform/errors.ts';
import { invitationState } from '../rules.ts';
import * as store from '../store.ts';

export const surveyPath = (token: string) => `/s/${token}`;

/** Gives an invitation a new link (any earlier link stops working) and returns it once. */
export async function issueLinkIn(tx: Queryable, invitationId: string): Promise<string> {
  const token = randomToken();
  await store.setTokenHash(tx, invitationId, sha256(token));
  return token;
}

/** For the desk to send by SMS or chat (or a future email sender): a fresh link to an unanswered invitation. */
export async function issueLink(ctx: AppContext, meta: RequestMeta, invitationId: string) {
  return ctx.database.db.transaction(async (tx) => {
    const inv = await store.findInvitation(tx, invitationId, true);
    if (!inv) throw new NotFound('There is no such survey invitation.');
    const state = invitationState(inv, new Date());
    if (state === 'answered') throw new Conflict('This survey has already been answered.');
    if (state === 'expired') throw new Conflict('This survey has expired; a new link would not work either.');
    const token = await issueLinkIn(tx, inv.id);
    await recordAudit(tx, meta, { action: 'survey.link_issue', targetType: 'survey_invitation', targetId: inv.id });
    return { url: surveyPath(token), token, expiresAt: inv.expiresAt.toISOString() };
  });
}

/**
 * For the resolution notice (features/notifications): a fresh link to the ticket's survey when it has an invitation
 * not yet answered or expired and no link was given out yet; null otherwise (the notice then points to the portal,
 * which asks too). A new link would stop the one the desk already sent by SMS or chat from working. Audited like a
 * link the desk issues.
 */
export async function surveyLinkOfTicket(tx: Queryable, ticketId: string, now: Date): Promise<string | null> {
  const inv = await store.findTicketInvitation(tx, ticketId, true);
  if (!inv || inv.tokenHash !== null) return null;
  const state = invitationState(inv, now);
  if (state === 'answered' || state === 'expired') return null;
  const token = await issueLinkIn(tx, inv.id);
  await recordAudit(tx, SYSTEM_META, {
    action: 'survey.link_issue',
    targetType: 'survey_invitation',
    targetId: inv.id,
    summary: { for: 'resolution notice' },
  });
  return surveyPath(token);
}
