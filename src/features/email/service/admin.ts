// What an administrator does with the intake's quarantine: read why each message is there, release it (processed
// again, past the rate limit) or discard it (its content is deleted; the row stays as a record).
import type { ActorMeta } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/service.ts';
import type { AppContext } from '../../../platform/context.ts';
import { Conflict, NotFound } from '../../../platform/errors.ts';
import { formatTicketNumber } from '../../tickets/rules/vocabulary.ts';
import { listMailboxes as mailboxRows } from '../imap-store.ts';
import { mailboxHealth, mailboxKey } from '../rules/polling.ts';
import type { MessageFlag, MessageState } from '../rules/vocabulary.ts';
import type { MailboxView, MessageView } from '../schemas.ts';
import * as store from '../store.ts';
import { processMessage } from './intake.ts';

type Row = Awaited<ReturnType<typeof store.listMessages>>[number];

function toView(r: Row): MessageView {
  return {
    id: r.id,
    messageId: r.messageId,
    source: r.source,
    receivedAt: r.receivedAt.toISOString(),
    size: r.size,
    state: r.state,
    outcome: r.outcome,
    reason: r.reason,
    sender: r.sender,
    subject: r.subject,
    relay: (r.sourceDetail as { remoteAddress?: string }).remoteAddress ?? null,
    ticket: r.ticketNumber === null ? null : formatTicketNumber(r.ticketNumber),
    flags: r.flags as MessageFlag[],
  };
}

export async function listMessages(ctx: AppContext, q: { state: MessageState; limit: number; offset: number }) {
  const rows = await store.listMessages(ctx.database.db, { state: q.state }, q.limit, q.offset);
  return { messages: rows.map(toView) };
}

async function viewOf(ctx: AppContext, id: string): Promise<MessageView> {
  const [row] = await store.listMessages(ctx.database.db, { id }, 1, 0);
  if (!row) throw new NotFound('No such message.');
  return toView(row);
}

async function decide(ctx: AppContext, meta: ActorMeta, id: string, decision: 'release' | 'discard') {
  await ctx.database.db.transaction(async (tx) => {
    const m = await store.findMessage(tx, id, true);
    if (!m) throw new NotFound('No such message.');
    if (m.state !== 'quarantined') throw new Conflict(`This message is ${m.state}, not quarantined.`);
    if (decision === 'release') await store.releaseMessage(tx, id, meta.actor.userId);
    else await store.discardContent(tx, id, meta.actor.userId);
    await recordAudit(tx, meta, {
      action: decision === 'release' ? 'email.release' : 'email.discard',
      targetType: 'email',
      targetId: id,
      summary: { outcome: m.outcome, sender: m.sender },
    });
  });
}

export async function releaseQuarantined(ctx: AppContext, meta: ActorMeta, id: string) {
  await decide(ctx, meta, id, 'release');
  await processMessage(ctx, id);
  return viewOf(ctx, id);
}

export async function discardQuarantined(ctx: AppContext, meta: ActorMeta, id: string) {
  await decide(ctx, meta, id, 'discard');
  return viewOf(ctx, id);
}

/** An agent has confirmed who an unverified email sender is (e.g. by calling them back on a known number). */
export async function verifySender(ctx: AppContext, meta: ActorMeta, personId: string) {
  await ctx.database.db.transaction(async (tx) => {
    if (!(await store.forgetUnverifiedSender(tx, personId)))
      throw new NotFound('This person is not an unverified email sender.');
    await recordAudit(tx, meta, {
      action: 'email.sender_verify',
      targetType: 'person',
      targetId: personId,
      summary: {},
    });
  });
  return { personId, verified: true as const };
}

/** The poll interval assumed for a mailbox this instance does not poll itself (CLINIDESK_IMAP_POLL_MS's default). */
const DEFAULT_POLL_MS = 60_000;

/**
 * The mailboxes polled over IMAP and how each is doing: operational state (no message content, no password), read
 * by administrators only, so not audited as a read of sensitive data.
 */
export async function listMailboxes(ctx: AppContext, now = new Date()): Promise<{ mailboxes: MailboxView[] }> {
  const here = ctx.config.imapIn ? mailboxKey(ctx.config.imapIn) : null;
  const rows = await mailboxRows(ctx.database.db);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    mailboxes: rows.map((r) => ({
      mailbox: r.mailbox,
      health: mailboxHealth(r, now, r.mailbox === here ? ctx.config.imapIn!.pollMs : DEFAULT_POLL_MS),
      lastPollAt: iso(r.lastPollAt),
      taken: r.taken,
      lastError: r.lastError,
      lastErrorAt: iso(r.lastErrorAt),
      holder: r.leaseUntil && r.leaseUntil > now ? r.holder : null,
      leaseUntil: r.leaseUntil && r.leaseUntil > now ? iso(r.leaseUntil) : null,
      uidValidity: r.uidValidity,
      configuredHere: r.mailbox === here,
    })),
  };
}
