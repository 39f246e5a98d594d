// Email in from a mailbox over IMAP (docs/email.md): one app instance at a time (a lease in the database) takes each
// message in the folder, stores it, and only then moves it to the processed folder (or flags it), so a message is
// never lost; the intake stores a message once per Message-ID, so one stored but not yet moved (a crash, a dropped
// connection) is not taken twice. Waits with IDLE where the server offers it, else polls.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import { ImapFlow } from 'imapflow';
import type { ImapInConfig } from '../../platform/config.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Listener, RunningListener } from '../../platform/features.ts';
import { recordError, recordPoll, recordTaken, recordUidValidity, releaseLease, takeLease } from './imap-store.ts';
import { backoffMs, leaseMs, mailboxKey } from './rules/polling.ts';
import { processMessage, storeMessage } from './service/intake.ts';
import { parseMessage } from './service/parse.ts';
import { finishMessage } from './store.ts';

/** The keyword that marks a message as taken when messages are flagged in place rather than moved. */
export const TAKEN_KEYWORD = '$Clinidesk';

async function connect(s: ImapInConfig): Promise<ImapFlow> {
  const auth =
    'password' in s.auth
      ? { user: s.user, pass: s.auth.password }
      : { user: s.user, accessToken: (await fs.readFile(s.auth.accessTokenFile, 'utf8')).trim() };
  const client = new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.security === 'tls',
    doSTARTTLS: s.security === 'starttls' ? true : s.security === 'none' ? false : undefined,
    tls: { rejectUnauthorized: s.rejectUnauthorized },
    auth,
    logger: false,
    // The process must never die of a lost connection: errors are reported to the loop, which reconnects.
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** An open connection on the folder; `newMail` is set when the server announces mail (IDLE, or a NOOP poll). */
type Session = { client: ImapFlow; uidValidity: string; newMail: boolean };

async function open(ctx: AppContext, s: ImapInConfig, key: string, client: ImapFlow): Promise<Session> {
  if (s.after === 'move') await client.mailboxCreate(s.processedFolder); // says "already there" without failing
  const box = await client.mailboxOpen(s.mailbox);
  if (s.after === 'flag' && !box.permanentFlags?.has('\\*') && !box.permanentFlags?.has(TAKEN_KEYWORD))
    throw new Error(
      `The mailbox ${s.mailbox} does not keep custom flags, so the desk cannot mark what it took there: ` +
        'set CLINIDESK_IMAP_AFTER=move',
    );
  const uidValidity = String(box.uidValidity);
  const before = await recordUidValidity(ctx.database.db, key, uidValidity);
  if (before !== null && before !== uidValidity)
    ctx.log.warn(
      { mailbox: key, before, now: uidValidity },
      'the mailbox was renumbered (UIDVALIDITY changed): messages still in it are checked against those already taken by their Message-ID',
    );
  return { client, uidValidity, newMail: false };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A message over the size limit: its header is kept (who sent what) and it waits in the quarantine; the whole
 *  message stays in the mailbox (the processed folder), where someone can read it. */
async function quarantineTooBig(ctx: AppContext, id: string, header: Buffer, size: number, s: ImapInConfig) {
  const parsed = await parseMessage(header).catch(() => null);
  await finishMessage(ctx.database.db, id, {
    state: 'quarantined',
    outcome: 'too_big',
    reason:
      `The message is ${mb(size)}, over the desk's limit of ${mb(s.maxBytes)}: only its header was kept. ` +
      `The whole message is in the mailbox${s.after === 'move' ? `'s folder "${s.processedFolder}"` : ''}.`,
    sender: parsed?.from?.address ?? null,
    subject: parsed?.subject.slice(0, 300) ?? null,
  });
}

/** Takes every message still in the folder, oldest first; returns how many. Stops early when asked to. */
async function drain(ctx: AppContext, s: ImapInConfig, key: string, session: Session, carryOn: () => Promise<boolean>) {
  const { client, uidValidity } = session;
  session.newMail = false;
  const query = s.after === 'move' ? { deleted: false } : { deleted: false, unKeyword: TAKEN_KEYWORD };
  const uids = ((await client.search(query, { uid: true })) || []).sort((a, b) => a - b);
  let taken = 0;
  for (const uid of uids) {
    if (!(await carryOn())) break;
    const head = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
    if (head === false) continue; // gone meanwhile (another client moved or deleted it)
    const source = { kind: 'imap', mailbox: key, uidValidity, uid } as const;
    const tooBig = (head.size ?? 0) > s.maxBytes;
    const msg = await client.fetchOne(
      String(uid),
      tooBig ? { uid: true, headers: true } : { uid: true, source: true },
      {
        uid: true,
      },
    );
    const raw = msg === false ? undefined : tooBig ? msg.headers : msg.source;
    if (!raw) continue;
    const stored = await storeMessage(ctx, raw, source);
    if (tooBig && !stored.duplicate) await quarantineTooBig(ctx, stored.id, raw, head.size ?? 0, s);
    // Stored durably: only now does the message leave the folder (or get its flag).
    if (s.after === 'move') await client.messageMove(String(uid), s.processedFolder, { uid: true });
    else await client.messageFlagsAdd(String(uid), ['\\Seen', TAKEN_KEYWORD], { uid: true });
    await recordTaken(ctx.database.db, key);
    taken++;
    // A failure here leaves the message stored and pending: the intake job processes it again.
    if (!stored.duplicate)
      await processMessage(ctx, stored.id).catch((err) =>
        ctx.log.error({ err, mailbox: key, uid }, 'email intake failed; the message waits for the retry'),
      );
  }
  return taken;
}

/** A pause that ends early when woken (new mail, a lost connection, a stop). */
function pause(ms: number, setWake: (fn: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      resolve();
    }
    setWake(done);
  });
}

export async function startImapPoller(ctx: AppContext, s: ImapInConfig): Promise<RunningListener> {
  const key = mailboxKey(s);
  const holder = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const db = ctx.database.db;
  let stopping = false;
  let wake = () => {};
  const setWake = (fn: () => void) => {
    wake = fn;
  };
  let session: Session | null = null;
  let leaseRenewedAt = 0;
  const renewLease = async () => {
    const held = await takeLease(db, key, holder, leaseMs(s.pollMs));
    if (held) leaseRenewedAt = Date.now();
    return held;
  };
  // Between two messages: go on unless stopping or the lease was lost (renewed once a third of it has passed).
  const carryOn = async () =>
    !stopping && (Date.now() - leaseRenewedAt < leaseMs(s.pollMs) / 3 || (await renewLease()));
  const hangUp = async () => {
    const client = session?.client;
    session = null;
    if (client?.usable) await client.logout().catch(() => client.close());
    else client?.close();
  };
  const openSession = async () => {
    const client = await connect(s);
    try {
      const opened = await open(ctx, s, key, client);
      client.on('exists', () => {
        opened.newMail = true;
        wake();
      });
      client.on('close', () => wake());
      return opened;
    } catch (err) {
      client.close();
      throw err;
    }
  };

  const loop = async () => {
    let failures = 0;
    while (!stopping) {
      try {
        if (!(await renewLease())) {
          await hangUp(); // another instance polls the mailbox; look again at the next poll
          await pause(s.pollMs, setWake);
          continue;
        }
        if (!session?.client.usable) {
          await hangUp();
          session = await openSession();
        }
        const taken = await drain(ctx, s, key, session, carryOn);
        await recordPoll(db, key);
        if (taken) ctx.log.info({ mailbox: key, taken }, 'email taken from the mailbox');
        if (failures) ctx.log.info({ mailbox: key }, 'the mailbox answers again');
        failures = 0;
        if (!stopping && !session.newMail) await pause(s.pollMs, setWake);
      } catch (err) {
        if (stopping) break;
        failures++;
        const text = (err as Error).message || String(err);
        ctx.log.warn({ err, mailbox: key, failures }, 'email polling failed; nothing was lost, it will try again');
        await recordError(db, key, text).catch(() => {});
        await hangUp();
        await pause(backoffMs(failures, s.pollMs), setWake);
      }
    }
    await hangUp();
    await releaseLease(db, key, holder).catch(() => {});
  };
  const running = loop();
  ctx.log.info({ mailbox: key, after: s.after }, 'polling a mailbox for email in');
  return {
    name: 'imap',
    port: s.port,
    async close() {
      stopping = true;
      wake();
      // The message being taken finishes (it is stored and moved, or left for next time); a server that does not
      // answer is cut off after a few seconds, which leaves the message in the mailbox, still untaken.
      const cutOff = setTimeout(() => session?.client.close(), 5_000);
      await running;
      clearTimeout(cutOff);
    },
  };
}

export const imapPoller: Listener = {
  name: 'imap',
  start: async (ctx) => (ctx.config.imapIn ? startImapPoller(ctx, ctx.config.imapIn) : null),
};
