// Mail from a vendor engineer (or an integration account) through a real SMTP exchange: nodemailer sends to the
// server's own listener, and the answer goes out through the notification sender to a real SMTP server standing in
// for the hospital's relay. Vendor work happens on the shared thread in Clinidesk: their mail opens no ticket, adds
// no comment, and they are asked once to reply in Clinidesk — never with their own words sent back.
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { until } from '../../../test/until.ts';
import { MAIL_DOMAIN, type Relay, startRelay } from '../notifications/fixture.ts';
import { consumeEvents } from '../notifications/service/consume.ts';
import { sendDue } from '../notifications/service/send.ts';
import { phiKinds } from '../privacy/rules.ts';
import { formatTicketNumber } from '../tickets/rules/vocabulary.ts';

const DESK = 'servicedesk@stmarys.example';
const PUBLIC_URL = 'https://desk.riverside.test';
let relay: Relay;
let t: TestApp;
let mailer: Transporter;
let seq = 0;

beforeAll(async () => {
  relay = await startRelay();
  t = await createTestApp({
    env: {
      CLINIDESK_SMTP_LISTEN: 'true',
      CLINIDESK_SMTP_PORT: '0',
      CLINIDESK_SMTP_HOST: '127.0.0.1',
      CLINIDESK_SMTP_ADDRESSES: DESK,
      CLINIDESK_MAIL_RELAY_HOST: '127.0.0.1',
      CLINIDESK_MAIL_RELAY_PORT: String(relay.port),
      CLINIDESK_MAIL_RELAY_SECURITY: 'none',
      CLINIDESK_MAIL_FROM: `"Service desk" <servicedesk@${MAIL_DOMAIN}>`,
      CLINIDESK_PUBLIC_URL: PUBLIC_URL,
    },
  });
  const smtp = t.listeners.find((l) => l.name === 'smtp');
  if (!smtp) throw new Error('the SMTP listener did not start');
  mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
}, 120_000);
afterAll(async () => {
  mailer?.close();
  await t?.close();
  await relay?.close();
});

const q = <T>(sql: string, params: unknown[] = []) => t.ctx.database.query<T>(sql, params);

async function person(username: string) {
  const [p] = await q<{ id: string; email: string | null; user_id: string }>(
    'SELECT p.id, p.email, p.user_id FROM people p JOIN users u ON u.id = p.user_id WHERE u.username = $1',
    [username],
  );
  if (!p?.email) throw new Error(`the demo's ${username} has no address on file`);
  return { ...p, email: p.email };
}

async function send(mail: Mail.Options) {
  const messageId = `<vendor-mail-${Date.now()}-${++seq}@mail.example>`;
  const info = await mailer.sendMail({ to: DESK, ...mail, messageId });
  expect(info.response).toMatch(/^250 /);
  return messageId;
}

type Row = { id: string; state: string; outcome: string | null; reason: string | null; ticket_id: string | null };

/** What became of a message, once processed (the listener answers "250" as soon as it is stored). */
function outcomeOf(messageId: string): Promise<Row> {
  return until(`message ${messageId} processed`, async () => {
    const [row] = await q<Row>(
      'SELECT id, state, outcome, reason, ticket_id FROM email_messages WHERE message_id = $1',
      [messageId.toLowerCase()],
    );
    return row && row.state !== 'received' ? row : null;
  });
}

/** Runs the notification consumer and sender until every event written so far is read and every mail is sent: a
 *  "nothing more was sent" check comes after this. */
async function drain() {
  const [last] = await q<{ id: string }>('SELECT max(id)::text AS id FROM outbox');
  await until('every event read and every mail sent', async () => {
    await consumeEvents(t.ctx);
    await sendDue(t.ctx);
    const [cursor] = await q<{ event_id: string }>(
      "SELECT event_id::text AS event_id FROM notification_outbox_cursor WHERE name = 'notifications'",
    );
    const [pending] = await q<{ n: number }>(
      "SELECT count(*)::int AS n FROM notification_deliveries WHERE status = 'pending' AND channel = 'email'",
    );
    return BigInt(cursor!.event_id) >= BigInt(last!.id) && pending!.n === 0;
  });
}

const mailsTo = (address: string) => relay.received.filter((r) => r.to.includes(address.toLowerCase()));
const countOf = async (sql: string, params: unknown[]) => (await q<{ n: number }>(sql, params))[0]!.n;

/** The words of the vendor's first message: none may come back to them in the answer. */
const VENDOR_WORDS = ['Quartermaine', '00482913', 'hotfix 7.3.1 for the BCMA scanner', 'Kind regards, Lee'];

describe('a vendor engineer emails the desk', () => {
  let answeredFor: string;
  /** The nurse's ticket from email, which the vendor then answers by email. */
  let sharedTicket: { id: string; number: number };

  it('a new message opens no ticket and no directory entry; the vendor is answered once, through the real relay, with the link to their queue and none of their words', async () => {
    const vendor = await person('vendor');
    const ticketsBefore = await countOf('SELECT count(*)::int AS n FROM tickets', []);
    const messageId = await send({
      from: `Lee Okafor <${vendor.email}>`,
      subject: 'hotfix 7.3.1 for the BCMA scanner',
      text: 'Patient Quartermaine, MRN 00482913, could not be scanned. Install hotfix 7.3.1 for the BCMA scanner.\n\nKind regards, Lee',
    });
    const row = await outcomeOf(messageId);
    answeredFor = messageId;
    expect(row).toMatchObject({ state: 'ignored', outcome: 'sender_refused', ticket_id: null });
    expect(row.reason).toContain('a vendor engineer');
    expect(row.reason).toContain('asked, once, to reply in Clinidesk');
    expect(await countOf('SELECT count(*)::int AS n FROM tickets', [])).toBe(ticketsBefore);
    expect(await countOf('SELECT count(*)::int AS n FROM people WHERE lower(email) = $1', [vendor.email])).toBe(1);

    await drain();
    const answers = mailsTo(vendor.email);
    expect(answers).toHaveLength(1);
    const answer = answers[0]!;
    expect(answer.mail.subject).toBe('Please reply in Clinidesk, not by email');
    expect(answer.mail.text).toContain(`${PUBLIC_URL}/console`);
    expect(answer.mail.inReplyTo).toBe(messageId);
    expect(answer.mail.headers.get('auto-submitted')).toBe('auto-generated');
    for (const word of VENDOR_WORDS) expect(answer.raw.toLowerCase()).not.toContain(word.toLowerCase());
    expect(phiKinds(`${answer.mail.subject}\n${answer.mail.text}`)).toEqual([]);

    // Recorded with the intake's other refusals (Admin → Email) and in the audit trail, without the message's text.
    const admin = await t.signIn('admin');
    const list = (await admin.get('/api/v1/email/messages?state=ignored&limit=200')).json();
    expect(list.messages.find((m: { id: string }) => m.id === row.id)).toMatchObject({
      outcome: 'sender_refused',
      sender: vendor.email,
      ticket: null,
    });
    const [audit] = await q<{ actor_label: string; summary: Record<string, unknown> }>(
      `SELECT actor_label, summary FROM audit_log WHERE action = 'email.sender_refused' AND target_id = $1`,
      [row.id],
    );
    expect(audit!.summary).toMatchObject({ role: 'vendor', answered: true, ticketId: null });
    for (const word of VENDOR_WORDS) expect(JSON.stringify(audit)).not.toContain(word);
  });

  it('a hospital nurse still opens a ticket by email, and her reply lands on it as a comment', async () => {
    const nurse = await person('nurse');
    const opened = await outcomeOf(
      await send({ from: nurse.email, subject: 'Label printer on 4 West is jammed', text: 'It jams on every label.' }),
    );
    expect(opened).toMatchObject({ state: 'processed', outcome: 'opened' });
    const [tk] = await q<{ number: number; requester_id: string }>(
      'SELECT number, requester_id FROM tickets WHERE id = $1',
      [opened.ticket_id],
    );
    expect(tk!.requester_id).toBe(nurse.id);
    const reply = await outcomeOf(
      await send({
        from: nurse.email,
        subject: `Re: [${formatTicketNumber(tk!.number)}] Label printer on 4 West is jammed`,
        inReplyTo: `<ticket-${opened.ticket_id}@${MAIL_DOMAIN}>`,
        text: 'It is jammed again this morning.',
      }),
    );
    expect(reply).toMatchObject({ state: 'processed', outcome: 'commented', ticket_id: opened.ticket_id });
    sharedTicket = { id: opened.ticket_id!, number: tk!.number };
  });

  it('a reply to a ticket (the desk ids and the [CSD-…] subject) adds no comment, and the vendor is not answered twice within the window', async () => {
    const vendor = await person('vendor');
    const commentsBefore = await countOf('SELECT count(*)::int AS n FROM ticket_comments WHERE ticket_id = $1', [
      sharedTicket.id,
    ]);
    const number = formatTicketNumber(sharedTicket.number);
    const row = await outcomeOf(
      await send({
        from: vendor.email,
        subject: `Re: [${number}] Label printer on 4 West is jammed`,
        inReplyTo: `<ticket-${sharedTicket.id}@${MAIL_DOMAIN}>`,
        references: [`<ticket-${sharedTicket.id}@${MAIL_DOMAIN}>`],
        text: 'We pushed a driver update for Quartermaine.',
      }),
    );
    expect(row).toMatchObject({ state: 'ignored', outcome: 'sender_refused', ticket_id: sharedTicket.id });
    expect(row.reason).toContain('Not answered again');
    expect(
      await countOf('SELECT count(*)::int AS n FROM ticket_comments WHERE ticket_id = $1', [sharedTicket.id]),
    ).toBe(commentsBefore);
    // Only the subject's number, without the desk's ids: refused too.
    const bySubject = await outcomeOf(
      await send({ from: vendor.email, subject: `[${number}] status`, text: 'Any news on this one?' }),
    );
    expect(bySubject).toMatchObject({ state: 'ignored', outcome: 'sender_refused' });
    expect(
      await countOf('SELECT count(*)::int AS n FROM ticket_comments WHERE ticket_id = $1', [sharedTicket.id]),
    ).toBe(commentsBefore);
    await drain();
    // Still the one answer to the first message: a vendor who keeps writing hears once per window.
    expect(mailsTo(vendor.email).map((m) => m.mail.inReplyTo)).toEqual([answeredFor]);
  });

  it('an automatic reply from a vendor is never answered', async () => {
    const vendor = await person('vendor');
    const sent = mailsTo(vendor.email).length;
    const row = await outcomeOf(
      await send({
        from: vendor.email,
        subject: 'Automatic reply: Please reply in Clinidesk',
        headers: { 'Auto-Submitted': 'auto-replied' },
        text: 'I am out of the office.',
      }),
    );
    expect(row).toMatchObject({ state: 'ignored', outcome: 'auto_reply' });
    await drain();
    expect(mailsTo(vendor.email)).toHaveLength(sent);
  });

  it("an integration account's mail is refused the same way: no ticket, one answer", async () => {
    const admin = await t.signIn('admin');
    const created = await admin.post('/api/v1/integrations', {
      username: 'monitoring',
      displayName: 'Monitoring',
      purpose: 'Posts alerts to the desk',
    });
    expect(created.statusCode, created.body).toBe(201);
    // Integration accounts have no person; an account's own address is matched too.
    const address = 'monitoring@stmarys.example';
    await q('UPDATE users SET email = $1 WHERE id = $2', [address, created.json().id]);
    const row = await outcomeOf(await send({ from: address, subject: 'Disk 92% full on pacs-02', text: 'Alert.' }));
    expect(row).toMatchObject({ state: 'ignored', outcome: 'sender_refused', ticket_id: null });
    expect(row.reason).toContain('an integration account');
    await drain();
    expect(mailsTo(address)).toHaveLength(1);
    expect(mailsTo(address)[0]!.raw).not.toContain('pacs-02');
  });
});
