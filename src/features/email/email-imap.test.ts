// Email in by IMAP against a real IMAP server (Debian's dovecot, started by the test in a temporary folder): mail
// delivered into the mailbox by IMAP APPEND becomes tickets exactly as through the SMTP listener, each message is
// taken once (restarts, two pollers, a crash between storing and moving, a renumbered mailbox) and a server that
// drops the connection in the middle of a message costs nothing.
import net from 'node:net';
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type Dovecot, dovecotMissing, startDovecot } from '../../../test/dovecot.ts';
import { createPgDatabase } from '../../../test/pg-database.ts';
import { until as waitUntil } from '../../../test/until.ts';
import { createContextAndApp } from '../../main.ts';
import type { ImapInConfig } from '../../platform/config.ts';
import type { RunningListener } from '../../platform/features.ts';
import { formatTicketNumber } from '../tickets/rules/vocabulary.ts';
import { startImapPoller } from './imap-poller.ts';
import { takeLease } from './imap-store.ts';
import { mailboxKey } from './rules/polling.ts';
import { processMessage, storeMessage } from './service/intake.ts';

const skip = dovecotMissing();
const PASSWORD = 'desk-secret';
const PROCESSED = 'Clinidesk processed';
let dovecot: Dovecot;
let t: TestApp;
let seq = 0;

const q = <T>(sql: string, params: unknown[] = []) => t.ctx.database.query<T>(sql, params);

/** Mailbox accounts on the test's dovecot: one of its own for each test, so no test sees another's mail. */
const ACCOUNTS = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`desk${i + 1}@hospital.test`, PASSWORD]));
let accountsUsed = 0;
function newAccount(): string {
  return Object.keys(ACCOUNTS)[accountsUsed++ % 12]!;
}

function settings(user: string, over: Partial<ImapInConfig> = {}): ImapInConfig {
  return {
    host: dovecot.host,
    port: dovecot.port,
    security: 'none',
    rejectUnauthorized: true,
    user,
    auth: { password: PASSWORD },
    mailbox: 'INBOX',
    after: 'move',
    processedFolder: PROCESSED,
    pollMs: 300,
    maxBytes: 25 * 1024 * 1024,
    ...over,
  };
}

async function imap<T>(user: string, work: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: PASSWORD },
    logger: false,
  });
  c.on('error', () => {});
  await c.connect();
  try {
    return await work(c);
  } catch (err) {
    const e = err as Error & { responseText?: string };
    throw new Error(`${e.message}: ${e.responseText ?? ''}`);
  } finally {
    await c.logout().catch(() => c.close());
  }
}

function newMessageId() {
  return `<imap-${Date.now()}-${++seq}@mail.hospital.test>`;
}

/** Delivers a message into the mailbox by IMAP APPEND, as the hospital's mail server would. */
async function deliver(user: string, mail: Mail.Options, folder = 'INBOX') {
  const messageId = mail.messageId ?? newMessageId();
  const raw = await new MailComposer({ to: user, ...mail, messageId }).compile().build();
  await imap(user, (c) => c.append(folder, raw));
  return { messageId, raw };
}

async function count(user: string, folder: string): Promise<number> {
  return imap(user, async (c) => {
    const status = await c.status(folder, { messages: true });
    return status ? (status.messages ?? 0) : 0;
  }).catch(() => 0);
}

type Row = { state: string; outcome: string | null; ticket_id: string | null; source: string; source_detail: never };

const until = <T>(what: string, probe: Parameters<typeof waitUntil<T>>[1], ms = 60_000) =>
  waitUntil<T>(what, probe, ms, 50);

const rowsOf = (messageId: string) =>
  q<Row & { uid: number; uid_validity: string; mailbox: string }>(
    `SELECT state, outcome, ticket_id, source, (source_detail->>'uid')::int AS uid,
            source_detail->>'uidValidity' AS uid_validity, source_detail->>'mailbox' AS mailbox
     FROM email_messages WHERE message_id = $1`,
    [messageId.toLowerCase()],
  );

const processed = (messageId: string) =>
  until(`message ${messageId}`, async () => {
    const rows = await rowsOf(messageId);
    return rows[0] && rows[0].state !== 'received' ? rows : null;
  });

async function clinician(offset: number) {
  const [p] = await q<{ id: string; email: string; unit_id: string }>(
    `SELECT id, email, unit_id FROM people WHERE email IS NOT NULL AND unit_id IS NOT NULL AND user_id IS NULL
     AND active ORDER BY id OFFSET $1 LIMIT 1`,
    [offset],
  );
  return p!;
}

const lease = async (s: ImapInConfig) =>
  (
    await q<{ holder: string | null; taken: number; last_error: string | null }>(
      'SELECT holder, taken, last_error FROM email_imap_mailboxes WHERE mailbox = $1',
      [mailboxKey(s)],
    )
  )[0] ?? { holder: null, taken: 0, last_error: null };

async function withPoller<T>(s: ImapInConfig, work: (p: RunningListener) => Promise<T>): Promise<T> {
  const poller = await startImapPoller(t.ctx, s);
  try {
    return await work(poller);
  } finally {
    await poller.close();
  }
}

describe.skipIf(skip)('email in by IMAP (dovecot)', { timeout: 120_000 }, () => {
  let inbox: string;
  beforeAll(async () => {
    dovecot = await startDovecot(ACCOUNTS);
    inbox = newAccount();
    t = await createTestApp({
      env: {
        CLINIDESK_IMAP_URL: `imap://${encodeURIComponent(inbox)}@${dovecot.host}:${dovecot.port}/INBOX`,
        CLINIDESK_IMAP_PASSWORD: PASSWORD,
        CLINIDESK_IMAP_SECURITY: 'none',
        CLINIDESK_IMAP_POLL_MS: '300',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await dovecot?.close();
  });

  it('opens a ticket from a clinician’s message in the mailbox, then moves the message out of it', async () => {
    expect(t.listeners.map((l) => l.name)).toContain('imap');
    const nurse = await clinician(0);
    const { messageId } = await deliver(inbox, {
      from: `Rosa Delgado <${nurse.email}>`,
      subject: 'Label printer on 4 West prints blank wristbands',
      text: 'Since this morning the wristband printer at the nurses station prints blank labels.',
    });
    const [row] = await processed(messageId);
    expect(row).toMatchObject({
      state: 'processed',
      outcome: 'opened',
      source: 'imap',
      mailbox: mailboxKey(settings(inbox)),
    });
    expect(row!.uid).toBeGreaterThan(0);
    const [tk] = await q<{ channel: string; requester_id: string; unit_id: string; summary: string }>(
      'SELECT channel, requester_id, unit_id, summary FROM tickets WHERE id = $1',
      [row!.ticket_id],
    );
    expect(tk).toMatchObject({ channel: 'email', requester_id: nurse.id, unit_id: nurse.unit_id });
    await until('the message moved', async () => (await count(inbox, 'INBOX')) === 0);
    expect(await count(inbox, PROCESSED)).toBe(1);
  });

  it('threads a reply onto its ticket by the ticket number in the subject, quoted history cut', async () => {
    const doctor = await clinician(1);
    const first = await deliver(inbox, { from: doctor.email, subject: 'Order set missing in the ED', text: 'Gone.' });
    const [opened] = await processed(first.messageId);
    const [tk] = await q<{ number: number }>('SELECT number FROM tickets WHERE id = $1', [opened!.ticket_id]);
    const reply = await deliver(inbox, {
      from: doctor.email,
      subject: `Re: [${formatTicketNumber(tk!.number)}] Order set missing in the ED`,
      text: 'It is back now, thank you.\n\nOn Tuesday the desk wrote:\n> Gone.',
      inReplyTo: first.messageId,
    });
    const [row] = await processed(reply.messageId);
    expect(row).toMatchObject({ outcome: 'commented', ticket_id: opened!.ticket_id });
    const [c] = await q<{ body: string; email_from_address: string }>(
      `SELECT body, email_from_address FROM ticket_comments WHERE ticket_id = $1 AND visibility = 'public'
       ORDER BY created_at DESC`,
      [opened!.ticket_id],
    );
    // The sender is kept beside the comment (shown as "by email"), the text is hers alone, the quoted history cut.
    expect(c!.body).toBe('It is back now, thank you.');
    expect(c!.email_from_address).toBe(doctor.email);
  });

  it('does not take a message twice that was stored but not yet moved when the poller stopped (a crash)', async () => {
    const user = newAccount();
    const sender = await clinician(2);
    const mail = { from: sender.email, subject: 'Badge reader at the pharmacy door', text: 'It beeps red.' };
    const { raw, messageId } = await deliver(user, mail);
    // What a crash between storing and moving leaves: the message stored and processed, still in the mailbox.
    const stored = await storeMessage(t.ctx, raw, {
      kind: 'imap',
      mailbox: mailboxKey(settings(user)),
      uidValidity: '1',
      uid: 1,
    });
    await processMessage(t.ctx, stored.id);
    expect((await rowsOf(messageId))[0]?.state).toBe('processed');
    await withPoller(settings(user), () => until('the message moved', async () => (await count(user, 'INBOX')) === 0));
    expect(await rowsOf(messageId)).toHaveLength(1);
    const [n] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE summary = $1`, [mail.subject]);
    expect(n!.n).toBe(1);
    expect(await count(user, PROCESSED)).toBe(1);
  });

  it('after a restart takes only the new messages', async () => {
    const user = newAccount();
    const first = await deliver(user, { from: 'a.first@hospital.test', subject: 'First', text: 'one' });
    await withPoller(settings(user), async () => {
      await processed(first.messageId);
      await until('moved', async () => (await count(user, 'INBOX')) === 0);
    });
    const second = await deliver(user, { from: 'a.second@hospital.test', subject: 'Second', text: 'two' });
    await withPoller(settings(user), async () => {
      await processed(second.messageId);
      await until('moved', async () => (await count(user, 'INBOX')) === 0);
    });
    expect(await rowsOf(first.messageId)).toHaveLength(1);
    const [mb] = await q<{ taken: number; holder: string | null; last_error: string | null }>(
      'SELECT taken, holder, last_error FROM email_imap_mailboxes WHERE mailbox = $1',
      [mailboxKey(settings(user))],
    );
    expect(mb).toEqual({ taken: 2, holder: null, last_error: null }); // a clean stop gives the lease up
  });

  it('with two pollers on one mailbox: one holds the lease, each of 12 messages is taken once', async () => {
    const user = newAccount();
    const sent = [];
    for (let i = 0; i < 12; i++)
      sent.push(await deliver(user, { from: `sender${i}@clinic.test`, subject: `Two pollers ${i}`, text: `n ${i}` }));
    const a = await startImapPoller(t.ctx, settings(user));
    const b = await startImapPoller(t.ctx, settings(user));
    try {
      await until('the lease taken', async () => (await lease(settings(user))).holder);
      expect(await takeLease(t.ctx.database.db, mailboxKey(settings(user)), 'a third instance', 60_000)).toBe(false);
      for (const m of sent) await processed(m.messageId);
      await until('all moved', async () => (await count(user, 'INBOX')) === 0);
    } finally {
      await a.close();
      await b.close();
    }
    for (const m of sent) expect(await rowsOf(m.messageId)).toHaveLength(1);
    const [n] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE summary LIKE 'Two pollers %'`);
    expect(n!.n).toBe(12);
    expect(await count(user, PROCESSED)).toBe(12);
    const [mb] = await q<{ taken: number }>('SELECT taken FROM email_imap_mailboxes WHERE mailbox = $1', [
      mailboxKey(settings(user)),
    ]);
    expect(mb!.taken).toBe(12);
  });

  it('flags what it took in place when told not to move (\\Seen and $Clinidesk), and skips it next time', async () => {
    const user = newAccount();
    const one = await deliver(user, { from: 'flag.one@hospital.test', subject: 'Flag one', text: '1' });
    const s = settings(user, { after: 'flag' });
    await withPoller(s, () => processed(one.messageId));
    const two = await deliver(user, { from: 'flag.two@hospital.test', subject: 'Flag two', text: '2' });
    await withPoller(s, () => processed(two.messageId));
    const flags = await imap(user, async (c) => {
      await c.mailboxOpen('INBOX');
      const out: string[][] = [];
      for await (const m of c.fetch('1:*', { flags: true })) out.push([...(m.flags ?? [])].sort());
      return out;
    });
    expect(flags).toEqual([
      ['$Clinidesk', '\\Seen'],
      ['$Clinidesk', '\\Seen'],
    ]);
    expect(await rowsOf(one.messageId)).toHaveLength(1);
  });

  it('keeps only the header of a message over the size limit, quarantined with the reason, and moves it', async () => {
    const user = newAccount();
    const s = settings(user, { maxBytes: 64 * 1024 });
    const { messageId } = await deliver(user, {
      from: 'big.sender@hospital.test',
      subject: 'Scans of the whole ward',
      text: 'scan '.repeat(40_000),
    });
    await withPoller(s, async () => {
      await until('moved', async () => (await count(user, 'INBOX')) === 0);
    });
    const [row] = await q<{
      state: string;
      outcome: string;
      reason: string;
      sender: string;
      subject: string;
      size: number;
    }>('SELECT state, outcome, reason, sender, subject, size FROM email_messages WHERE message_id = $1', [
      messageId.toLowerCase(),
    ]);
    expect(row).toMatchObject({
      state: 'quarantined',
      outcome: 'too_big',
      sender: 'big.sender@hospital.test',
      subject: 'Scans of the whole ward',
    });
    expect(row!.reason).toMatch(/over the desk's limit of 0\.1 MB: only its header was kept.*"Clinidesk processed"/);
    expect(row!.size).toBeLessThan(4096);
    expect(await count(user, PROCESSED)).toBe(1);
  });

  it('when the mailbox is renumbered (UIDVALIDITY changed) takes the new mail and not again the old', async () => {
    const user = newAccount();
    const s = settings(user, { mailbox: 'Desk' });
    await imap(user, (c) => c.mailboxCreate('Desk'));
    const old = await deliver(
      user,
      { from: 'renumber@hospital.test', subject: 'Before renumbering', text: 'a' },
      'Desk',
    );
    await withPoller(s, () => processed(old.messageId));
    const [before] = await rowsOf(old.messageId);
    // The folder is deleted and made again (a restore, a migration): new UIDVALIDITY, the old message back in it.
    await new Promise((r) => setTimeout(r, 1100)); // dovecot's UIDVALIDITY is a time in seconds
    await imap(user, async (c) => {
      await c.mailboxDelete('Desk');
      await c.mailboxCreate('Desk');
      await c.append('Desk', old.raw);
    });
    const fresh = await deliver(
      user,
      { from: 'renumber2@hospital.test', subject: 'After renumbering', text: 'b' },
      'Desk',
    );
    await withPoller(s, async () => {
      await processed(fresh.messageId);
      await until('moved', async () => (await count(user, 'Desk')) === 0);
    });
    const [after] = await rowsOf(fresh.messageId);
    expect(after!.uid_validity).not.toBe(before!.uid_validity);
    expect(await rowsOf(old.messageId)).toHaveLength(1);
    const [n] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE summary = 'Before renumbering'`);
    expect(n!.n).toBe(1);
    const [mb] = await q<{ uid_validity: string }>('SELECT uid_validity FROM email_imap_mailboxes WHERE mailbox = $1', [
      mailboxKey(s),
    ]);
    expect(mb!.uid_validity).toBe(after!.uid_validity);
  });
});

/** A TCP relay in front of dovecot that cuts the connection in the middle of a message's body, `cuts` times. */
async function cuttingProxy(target: number, cuts: number) {
  const state = { cutsLeft: cuts, cut: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    let bodyBytes = -1;
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d: Buffer) => {
      if (bodyBytes < 0 && state.cutsLeft > 0 && d.includes('BODY[] {')) bodyBytes = 0;
      if (bodyBytes >= 0) {
        bodyBytes += d.length;
        if (bodyBytes > 64 * 1024) {
          state.cutsLeft--;
          state.cut++;
          client.write(d.subarray(0, 1000));
          client.destroy();
          upstream.destroy();
          return;
        }
      }
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.skipIf(skip)('email in by IMAP when the server drops the connection', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dovecot = await startDovecot(ACCOUNTS);
    t = await createTestApp();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await dovecot?.close();
  });

  it('a connection cut in the middle of a message: no crash, then the message is taken once', async () => {
    const user = newAccount();
    const proxy = await cuttingProxy(dovecot.port, 2);
    const big = 'The scanner log follows.\n'.concat('x'.repeat(76).concat('\n').repeat(6000)); // ~450 KB
    const { messageId } = await deliver(user, { from: 'cut@hospital.test', subject: 'Cut mid-fetch', text: big });
    try {
      await withPoller(settings(user, { port: proxy.port }), async () => {
        await processed(messageId);
        await until('moved', async () => (await count(user, 'INBOX')) === 0);
      });
    } finally {
      await proxy.close();
    }
    expect(proxy.state.cut).toBe(2);
    expect(await rowsOf(messageId)).toHaveLength(1);
    expect(await count(user, PROCESSED)).toBe(1);
    const [mb] = await q<{ taken: number; last_error: string | null }>(
      'SELECT taken, last_error FROM email_imap_mailboxes WHERE mailbox = $1',
      [mailboxKey(settings(user, { port: proxy.port }))],
    );
    expect(mb).toEqual({ taken: 1, last_error: null }); // the error was recorded, then cleared by a good poll
  });

  it('the server stopped and started again: the poller reconnects and takes what came meanwhile, once', async () => {
    const user = newAccount();
    const s = settings(user);
    await withPoller(s, async () => {
      const first = await deliver(user, { from: 'down1@hospital.test', subject: 'Before the outage', text: '1' });
      await processed(first.messageId);
      await dovecot.stop();
      await until('the outage recorded', async () => {
        const [mb] = await q<{ last_error: string | null }>(
          'SELECT last_error FROM email_imap_mailboxes WHERE mailbox = $1',
          [mailboxKey(s)],
        );
        return mb?.last_error;
      });
      await dovecot.start();
      const second = await deliver(user, { from: 'down2@hospital.test', subject: 'After the outage', text: '2' });
      await processed(second.messageId);
      await until('moved', async () => (await count(user, 'INBOX')) === 0);
      expect(await rowsOf(first.messageId)).toHaveLength(1);
      expect(await rowsOf(second.messageId)).toHaveLength(1);
    });
    expect(await count(user, PROCESSED)).toBe(2);
  });
});

const PG_SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
async function pgReachable() {
  const c = new pg.Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
const hasPg = await pgReachable();

describe.skipIf(skip || !hasPg)('email in by IMAP with two app instances on PostgreSQL', { timeout: 180_000 }, () => {
  type Instance = Awaited<ReturnType<typeof createContextAndApp>>;
  let created: Awaited<ReturnType<typeof createPgDatabase>>;
  const running: Instance[] = [];
  const user = 'desk1@hospital.test';
  let opts: Parameters<typeof createContextAndApp>[0];
  beforeAll(async () => {
    dovecot = await startDovecot(ACCOUNTS);
    created = await createPgDatabase(PG_SERVER);
    opts = {
      databaseUrl: created.url,
      seedDemo: false,
      logLevel: 'silent',
      env: {
        CLINIDESK_DB_POOL_SIZE: '8',
        CLINIDESK_IMAP_HOST: dovecot.host,
        CLINIDESK_IMAP_PORT: String(dovecot.port),
        CLINIDESK_IMAP_SECURITY: 'none',
        CLINIDESK_IMAP_USER: user,
        CLINIDESK_IMAP_PASSWORD: PASSWORD,
        CLINIDESK_IMAP_POLL_MS: '300',
      },
    };
  }, 120_000);
  afterAll(async () => {
    for (const i of running) await i.close();
    await created?.drop();
    await dovecot?.close();
  });

  it('takes each message once with two instances, and the second takes over when the first stops', async () => {
    const a = await createContextAndApp(opts);
    running.push(a);
    const db =
      (i: Instance) =>
      <T>(sql: string, params: unknown[] = []) =>
        i.ctx.database.query<T>(sql, params);
    await until('the first instance polls', async () => (await db(a)('SELECT holder FROM email_imap_mailboxes'))[0]);
    const b = await createContextAndApp(opts);
    running.push(b);
    const state = async (i: Instance, messageId: string) =>
      (
        await db(i)<{ state: string }>('SELECT state FROM email_messages WHERE message_id = $1', [
          messageId.toLowerCase(),
        ])
      )[0]?.state;
    const first = [];
    for (let n = 0; n < 8; n++)
      first.push(await deliver(user, { from: `inst${n}@clinic.test`, subject: `Instances ${n}`, text: `${n}` }));
    for (const m of first)
      await until('taken', async () => ((await state(b, m.messageId)) ?? 'received') !== 'received');
    // The instance holding the lease stops cleanly: the other one takes the mailbox over.
    await a.close();
    running.shift();
    const later = await deliver(user, { from: 'inst-late@clinic.test', subject: 'Instances late', text: 'late' });
    await until(
      'taken by the other instance',
      async () => ((await state(b, later.messageId)) ?? 'received') !== 'received',
    );
    const [n] = await db(b)<{ n: number; tickets: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT ticket_id)::int AS tickets FROM email_messages',
    );
    expect(n).toEqual({ n: 9, tickets: 9 });
    await until('all moved', async () => (await count(user, 'INBOX')) === 0);
    expect(await count(user, PROCESSED)).toBe(9);
  });
});
