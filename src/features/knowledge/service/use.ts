// Using an article: a vote, its steps sent as a public reply on a ticket (and the link between the two), the
// articles used on a ticket.
import type { z } from 'zod';
import type { Actor, ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import { isStaff } from '../../../platform/auth/roles.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Db, Queryable } from '../../../platform/db/connect.ts';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import { formatTicketNumber, parseTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { commentOnTicket } from '../../tickets/service/comment-on-ticket.ts';
import { findTicketByNumber } from '../../tickets/service/reads.ts';
import { replyFromArticle } from '../rules/markdown.ts';
import { formatArticleNumber } from '../rules/vocabulary.ts';
import type { useBody, voteBody } from '../schemas.ts';
import * as usage from '../usage-store.ts';
import { iso, loadVisibleArticle, summaryOf } from './read.ts';

export async function vote(ctx: AppContext, meta: ActorMeta, number: number, input: z.infer<typeof voteBody>) {
  const actor = meta.actor;
  return ctx.database.db.transaction(async (tx) => {
    const { article } = await loadVisibleArticle(tx, actor, number);
    if (article.status !== 'published') throw new Conflict('Only published articles take votes.');
    await usage.upsertVote(tx, article.id, actor.userId, input.helpful, input.comment?.length ? input.comment : null);
    await recordAudit(tx, meta, {
      action: 'knowledge.vote',
      targetType: 'kb_article',
      targetId: article.id,
      summary: { number: formatArticleNumber(article.number), helpful: input.helpful, comment: Boolean(input.comment) },
    });
    return { helpful: input.helpful, comment: input.comment ?? null };
  });
}

/** Sends the article's steps as a public reply on the ticket and links the two, in one transaction. */
export async function useOnTicket(ctx: AppContext, meta: ActorMeta, number: number, input: z.infer<typeof useBody>) {
  const actor = meta.actor;
  const ticketNumber = parseTicketNumber(input.ticket);
  if (!ticketNumber)
    throw new Invalid('Check the ticket number.', [{ field: 'ticket', message: 'is not a ticket number' }]);
  return ctx.database.db.transaction(async (tx) => {
    const { article } = await loadVisibleArticle(tx, actor, number);
    if (article.status !== 'published') throw new Conflict('Only published articles are sent to clinicians.');
    const body =
      input.reply ??
      replyFromArticle({ number: formatArticleNumber(article.number), title: article.title, body: article.body });
    // The ticket's own comment use case, inside this transaction (a savepoint): visibility, closed tickets, the
    // first response time, audit and the ticket event all stay the tickets feature's business.
    const inTx: AppContext = { ...ctx, database: { ...ctx.database, db: tx as unknown as Db } };
    const { comment } = await commentOnTicket(inTx, meta, ticketNumber, { visibility: 'public', body });
    const ticket = (await findTicketByNumber(tx, ticketNumber))!;
    const linked = await usage.linkTicket(tx, article.id, ticket.id, actor.userId, article.version);
    await recordAudit(tx, meta, {
      action: 'knowledge.use',
      targetType: 'kb_article',
      targetId: article.id,
      summary: { number: formatArticleNumber(article.number), ticket: formatTicketNumber(ticket.number), linked },
    });
    return { ticket: formatTicketNumber(ticket.number), commentId: comment.id, linked };
  });
}

export async function linkedToTicket(db: Queryable, actor: Actor, ticketNumber: number) {
  const t = await findTicketByNumber(db, ticketNumber);
  if (!t || !isStaff(actor.role))
    throw new NotFound(`There is no ticket ${formatTicketNumber(ticketNumber)} that you can see.`);
  return (await usage.articlesOfTicket(db, t.id)).map((r) => ({ ...summaryOf(r), linkedAt: iso(r.linked_at)! }));
}
