// Durable intake: a message is stored (once per Message-ID) before the relay hears "250", then processed in its
// own transaction. The SMTP listener and IMAP polling come in through the same `storeMessage`/`processMessage`.
import { createHash } from 'node:crypto';
import type { AppContext } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import type { MessageSource } from '../rules/vocabulary.ts';
import { claimMessage, countAttempt, finishMessage, insertMessage, pendingMessageIds } from '../store.ts';
import { deliverMessage } from './deliver.ts';
import { parseMessage } from './parse.ts';

export type SmtpSource = { kind: 'smtp'; remoteAddress: string; envelopeFrom: string; recipients: string[] };
/** The mailbox (account and folder), its UIDVALIDITY and the message's UID there when it was taken. */
export type ImapSource = { kind: 'imap'; mailbox: string; uidValidity: string; uid: number };
export type IntakeSource = SmtpSource | ImapSource;

/** Tries before a message that keeps failing is quarantined for an administrator. */
export const MAX_ATTEMPTS = 3;

/** The message's own Message-ID (normalised), else one made from its content: the same message twice is one row. */
export function messageIdOf(raw: Buffer): string {
  const end = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  const head = raw
    .subarray(0, end >= 0 ? end : Math.min(raw.length, 64 * 1024))
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ');
  const m = /^message-id:\s*(<[^<>\s]{1,900}>)/im.exec(head);
  if (m?.[1]) return m[1].toLowerCase();
  return `<sha256-${createHash('sha256').update(raw).digest('hex')}@clinidesk.invalid>`;
}

/** Stores the message; says whether it was already there (delivered twice). */
export async function storeMessage(ctx: AppContext, raw: Buffer, source: IntakeSource) {
  const { kind, ...detail } = source;
  return insertMessage(ctx.database.db, {
    id: newId(),
    messageId: messageIdOf(raw),
    source: kind satisfies MessageSource,
    sourceDetail: detail,
    raw,
  });
}

/**
 * One message in: stored durably, `onStored` told (the SMTP listener answers "250" there), then processed. A
 * duplicate is not processed again. Processing failures never lose the message: it stays for the retry job.
 */
export async function ingestMessage(
  ctx: AppContext,
  raw: Buffer,
  source: IntakeSource,
  onStored?: (stored: { id: string; duplicate: boolean }) => void,
) {
  const stored = await storeMessage(ctx, raw, source);
  onStored?.(stored);
  if (!stored.duplicate) await processMessage(ctx, stored.id);
  return stored;
}

/** Processes one received message if no other instance has it; a failure counts an attempt, then quarantines. */
export async function processMessage(ctx: AppContext, id: string): Promise<void> {
  await ctx.database.db.transaction(async (tx) => {
    const row = await claimMessage(tx, id);
    if (!row) return;
    const detail = row.sourceDetail as Partial<SmtpSource>;
    const parsed = await parseMessage(row.raw, detail.envelopeFrom).catch((err: Error) => err);
    if (parsed instanceof Error) {
      await finishMessage(tx, row.id, {
        state: 'quarantined',
        outcome: 'unreadable',
        reason: `The message could not be read as email (${parsed.message.slice(0, 200)}).`,
      });
      return;
    }
    try {
      await tx.transaction((sp) => deliverMessage(sp, row, parsed));
    } catch (err) {
      ctx.log.error({ err, message: row.messageId }, 'email intake failed');
      if (row.attempts + 1 < MAX_ATTEMPTS) {
        await countAttempt(tx, row.id);
        return;
      }
      await finishMessage(tx, row.id, {
        state: 'quarantined',
        outcome: 'failed',
        reason: `Processing failed ${MAX_ATTEMPTS} times: ${String((err as Error).message ?? err).slice(0, 300)}`,
        sender: parsed.from?.address ?? null,
        subject: parsed.subject.slice(0, 300),
      });
    }
  });
}

/** Messages stored but not processed (a crash after "250", a failed try, a released one): oldest first. */
export async function processPending(ctx: AppContext, limit = 50): Promise<number> {
  const ids = await pendingMessageIds(ctx.database.db, limit);
  for (const id of ids) await processMessage(ctx, id);
  return ids.length;
}
