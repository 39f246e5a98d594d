// The sender: claims due deliveries (SKIP LOCKED, one attempt each, a lease against a crash), sends each through the
// hospital's SMTP relay (nodemailer) or the pager webhook, and records the outcome: sent, tried again later with
// exponential backoff, or, after about a day, listed as failed for an administrator to resend.
// Without a relay configured, mail stays queued (the admin screen says so); likewise pages without a pager address.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailOutConfig } from '../../../platform/config.ts';
import type { AppContext } from '../../../platform/context.ts';
import { mailDomainOf, ticketMessageId, ticketThreadId } from '../../email/rules/threading.ts';
import { afterFailure } from '../rules/delivery.ts';
import type { DeliveryChannel } from '../rules/vocabulary.ts';
import * as store from '../store.ts';

const BATCH = 50;
/** A claimed delivery not settled within this time (the sender died) is tried again. */
const LEASE_MS = 5 * 60_000;
const PAGER_TIMEOUT_MS = 10_000;
const CONCURRENCY = 3;

/** Sends one batch of due deliveries; returns how many it claimed (0: nothing due, or no channel configured). */
export async function sendDue(ctx: AppContext, now = () => new Date()): Promise<number> {
  const s = await store.settings(ctx.database.db);
  const channels: DeliveryChannel[] = [];
  if (ctx.config.mailOut) channels.push('email');
  if (s.pagerUrl && ctx.config.pagerSecret) channels.push('pager');
  if (!channels.length) return 0;
  const claimed = await ctx.database.db.transaction((tx) => store.claimDue(tx, channels, BATCH, LEASE_MS));
  if (!claimed.length) return 0;
  const mailer = ctx.config.mailOut ? transportFor(ctx.config.mailOut) : null;
  const sent = new SentRecorder(ctx);
  // A few at a time, one per pooled connection: a burst drains faster without flooding the relay.
  const queue = [...claimed];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) await settle(ctx, d, mailer, s.pagerUrl, now, sent);
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    mailer?.close();
    await sent.flushed();
  }
  return claimed.length;
}

/**
 * Records sent deliveries as they go out, several per statement: while one write is under way, the deliveries sent
 * meanwhile wait for the next one ("group commit"). On PostgreSQL a write is quick, so nearly every delivery is
 * recorded on its own at once; on PGlite, where every statement waits its turn on the one connection behind the
 * ticket work, a batch costs a few turns instead of one per delivery (which starved the drain: 2.3 mails/s while
 * tickets were being created). A sender that dies leaves at most the deliveries of one write unrecorded: like a
 * crash between sending and recording before, they are sent again when their lease runs out.
 */
class SentRecorder {
  private waiting: { id: string; at: Date }[] = [];
  private writing: Promise<void> | undefined;

  constructor(private readonly ctx: AppContext) {}

  add(id: string, at: Date): void {
    this.waiting.push({ id, at });
    this.writing ??= this.writeAll().finally(() => {
      this.writing = undefined;
    });
  }

  /** Resolves once every delivery added so far is recorded (or its write failed and was logged). */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeAll(): Promise<void> {
    for (let batch = this.waiting.splice(0); batch.length; batch = this.waiting.splice(0)) {
      try {
        await store.markSentMany(this.ctx.database.db, batch);
      } catch (err) {
        // Left pending under their lease: sent again when it runs out, as after a crash.
        this.ctx.log.error({ err, deliveries: batch.length }, 'sent notifications not recorded');
      }
    }
  }
}

async function settle(
  ctx: AppContext,
  d: store.DeliveryRow,
  mailer: Transporter | null,
  pagerUrl: string | null,
  now: () => Date,
  sent: SentRecorder,
): Promise<void> {
  try {
    if (d.channel === 'email') await sendMail(mailer!, ctx.config.mailOut!, d);
    else await sendPage(pagerUrl!, ctx.config.pagerSecret!, d.body);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await store.markTryFailed(ctx.database.db, d.id, afterFailure(d.attempts, now()), reason);
    ctx.log.warn({ delivery: d.id, channel: d.channel, attempts: d.attempts, reason }, 'notification not sent');
    return;
  }
  sent.add(d.id, now());
}

function transportFor(c: MailOutConfig): Transporter {
  return nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.security === 'tls',
    requireTLS: c.security === 'starttls',
    ignoreTLS: c.security === 'none',
    // One batch reuses a few connections instead of opening one per message; closed after the batch.
    pool: true,
    maxConnections: CONCURRENCY,
    auth: c.user ? { user: c.user, pass: c.password ?? '' } : undefined,
    tls: { rejectUnauthorized: c.rejectUnauthorized },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    ...(c.dkim
      ? {
          dkim: {
            domainName: c.dkim.domainName,
            keySelector: c.dkim.keySelector,
            privateKey: fs.readFileSync(c.dkim.privateKeyFile, 'utf8'),
          },
        }
      : {}),
  });
}

async function sendMail(mailer: Transporter, c: MailOutConfig, d: store.DeliveryRow): Promise<void> {
  const domain = mailDomainOf(c.from) ?? 'clinidesk.invalid';
  const thread = d.ticketId ? ticketThreadId(d.ticketId, domain) : undefined;
  await mailer.sendMail({
    from: c.from,
    to: d.toAddress,
    subject: d.subject,
    text: d.body,
    messageId: d.ticketId ? ticketMessageId(d.ticketId, d.id, domain) : `<notice-${d.id}@${domain}>`,
    ...(thread
      ? d.inReplyTo
        ? { references: [thread, d.inReplyTo], inReplyTo: d.inReplyTo }
        : { references: thread, inReplyTo: thread }
      : d.inReplyTo
        ? // An answer to a message that became no ticket (a vendor's email): threaded on that message alone.
          { references: d.inReplyTo, inReplyTo: d.inReplyTo }
        : {}),
    // A notice is machine-made: auto-responders must not answer it (RFC 3834).
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
  });
}

/** Sent mail is kept 30 days (the admin's view of what went out), then forgotten: it may hold full text. */
export const KEEP_SENT_DAYS = 30;

export async function forgetOldDeliveries(ctx: AppContext, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - KEEP_SENT_DAYS * 86_400_000);
  return store.deleteSentBefore(ctx.database.db, before, 5000);
}

/** The pager's signature: HMAC-SHA256 over "<timestamp>.<body>", hex, in X-Clinidesk-Signature. */
export function pagerSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

async function sendPage(url: string, secret: string, body: string): Promise<void> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-clinidesk-timestamp': timestamp,
      'x-clinidesk-signature': pagerSignature(secret, timestamp, body),
    },
    body,
    signal: AbortSignal.timeout(PAGER_TIMEOUT_MS),
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`the pager answered ${res.status}`);
}
