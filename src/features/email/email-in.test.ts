// Email in through a real SMTP exchange: nodemailer (a real SMTP client) sends to the server's own listener on
// 127.0.0.1 (port 0), and the tests read what became of each message in the database and through the API.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Transporter } from 'nodemailer';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { selfSignedCertificate } from '../../../test/local-servers.ts';
import { loadConfig } from '../../platform/config.ts';
import { consumeEvents } from '../notifications/service/consume.ts';
import { formatTicketNumber } from '../tickets/rules/vocabulary.ts';
import { emailIntakeJob } from './jobs.ts';
import { storeMessage } from './service/intake.ts';
import { purgeExpiredRaw } from './service/retention.ts';
import { startSmtpListener } from './smtp-listener.ts';

const DESK = 'servicedesk@stmarys.example';
const MAX_BYTES = 200 * 1024;
let t: TestApp;
let port: number;
let mailer: Transporter;
let seq = 0;

type Person = { id: string; email: string; user_id: string | null; facility_id: string | null; unit_id: string | null };

beforeAll(async () => {
  t = await createTestApp({
    env: {
      CLINIDESK_SMTP_LISTEN: 'true',
      CLINIDESK_SMTP_PORT: '0',
      CLINIDESK_SMTP_HOST: '127.0.0.1',
      CLINIDESK_SMTP_ADDRESSES: `${DESK}, it-help@stmarys.example`,
      CLINIDESK_SMTP_MAX_BYTES: String(MAX_BYTES),
    },
  });
  const smtp = t.listeners.find((l) => l.name === 'smtp');
  if (!smtp) throw new Error('the SMTP listener did not start');
  port = smtp.port;
  mailer = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: false });
});
afterAll(async () => {
  mailer?.close();
  await t?.close();
});

const q = <T>(sql: string, params: unknown[] = []) => t.ctx.database.query<T>(sql, params);

async function person(username: string): Promise<Person> {
  const [p] = await q<Person>(
    `SELECT p.id, p.email, p.user_id, p.facility_id, p.unit_id FROM people p JOIN users u ON u.id = p.user_id
     WHERE u.username = $1`,
    [username],
  );
  return p!;
}

/** A different clinician from the demo directory for each use (no account), so one test's mail never counts towards
 *  another's storm. */
let nextClinician = 0;
async function clinician(): Promise<Person> {
  const [p] = await q<Person>(
    `SELECT id, email, user_id, facility_id, unit_id FROM people
     WHERE email IS NOT NULL AND unit_id IS NOT NULL AND user_id IS NULL AND active ORDER BY id OFFSET $1 LIMIT 1`,
    [nextClinician++],
  );
  return p!;
}

function newMessageId() {
  seq++;
  return `<test-${Date.now()}-${seq}@mail.stmarys.example>`;
}

async function send(mail: Mail.Options) {
  const messageId = mail.messageId ?? newMessageId();
  const info = await mailer.sendMail({ to: DESK, ...mail, messageId });
  return { info, messageId };
}

/** A ZIP archive of one file, stored deflated: a real archive any unzip tool reads (a bomb when `data` is huge). */
function zipOf(name: string, data: Buffer): Buffer {
  const packed = zlib.deflateRawSync(data, { level: 9 });
  const crc = zlib.crc32(data);
  const file = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const centralAt = local.length + file.length + packed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, file, packed, central, file, end]);
}

type Row = {
  id: string;
  state: string;
  outcome: string | null;
  reason: string | null;
  ticket_id: string | null;
  flags: string[];
};

/** What became of a message, once processed (the listener answers "250" as soon as it is stored). */
async function outcomeOf(messageId: string): Promise<Row> {
  for (let i = 0; i < 200; i++) {
    const [row] = await q<Row>(
      'SELECT id, state, outcome, reason, ticket_id, flags FROM email_messages WHERE message_id = $1',
      [messageId.toLowerCase()],
    );
    if (row && row.state !== 'received') return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`message ${messageId} was not processed`);
}

type Ticket = {
  id: string;
  number: number;
  channel: string;
  requester_id: string;
  facility_id: string | null;
  unit_id: string | null;
  status: string;
};
async function ticket(id: string): Promise<Ticket> {
  const [row] = await q<Ticket>(
    'SELECT id, number, channel, requester_id, facility_id, unit_id, status FROM tickets WHERE id = $1',
    [id],
  );
  return row!;
}
const comments = (ticketId: string) =>
  q<{ body: string; visibility: string; author_id: string | null; phi_suspected: boolean }>(
    'SELECT body, visibility, author_id, phi_suspected FROM ticket_comments WHERE ticket_id = $1 ORDER BY created_at',
    [ticketId],
  );

describe('a new ticket from email', () => {
  it('opens a ticket from a known clinician: sender recognised, channel email, their unit, PHI flagged', async () => {
    const nurse = await person('nurse');
    const { info, messageId } = await send({
      from: `Rosa Delgado <${nurse.email}>`,
      subject: 'Wristband printer on 4 West prints blank labels',
      text: 'The wristband printer prints blank labels. Patient MRN 12345678 is waiting for a band.\n\nRosa',
    });
    expect(info.response).toMatch(/^250 /);
    const row = await outcomeOf(messageId);
    expect(row).toMatchObject({ state: 'processed', outcome: 'opened' });
    expect(row.flags).toContain('phi_suspected');
    expect(row.flags).not.toContain('unverified_sender');
    const tk = await ticket(row.ticket_id!);
    expect(tk).toMatchObject({ channel: 'email', requester_id: nurse.id, status: 'new' });
    expect(tk.unit_id).toBe(nurse.unit_id);
    const agent = await t.signIn('agent');
    const detail = (await agent.get(`/api/v1/tickets/${tk.number}`)).json();
    expect(detail.summary).toBe('Wristband printer on 4 West prints blank labels');
    expect(detail.channel).toBe('email');
    const [opened] = await q<{ data: Record<string, unknown> }>(
      `SELECT data FROM ticket_activity WHERE ticket_id = $1 AND kind = 'opened'`,
      [tk.id],
    );
    expect(opened!.data).toMatchObject({ via: 'email', from: nurse.email, unverifiedSender: false });
  });

  it("puts a ticket from email, which names no service, in the desk's intake group queue, as a portal ticket without one", async () => {
    const sender = await clinician();
    const row = await outcomeOf(
      (await send({ from: sender.email, subject: 'Cannot open the shift report', text: 'It spins forever.' }))
        .messageId,
    );
    // The demo's intake: the Tier 1-Plus group that covers the most services (the days desk).
    const [intake] = await q<{ id: string; name: string }>(
      `SELECT g.id, g.name FROM groups g WHERE g.tier = 'tier1'
       ORDER BY (SELECT count(*) FROM coverage c WHERE c.group_id = g.id AND c.tier = 'tier1') DESC, g.name LIMIT 1`,
    );
    expect(intake!.name).toBe('Service Desk — Tier 1-Plus (Days)');
    const agent = await t.signIn('agent');
    const number = formatTicketNumber((await ticket(row.ticket_id!)).number);
    const detail = (await agent.get(`/api/v1/tickets/${number}`)).json();
    expect(detail).toMatchObject({ groupId: intake!.id, group: intake!.name, tier: 'tier1', service: null });
    const queue = (await agent.get(`/api/v1/tickets?groupId=${intake!.id}&limit=200&sort=newest`)).json();
    expect(queue.items.map((x: { number: string }) => x.number)).toContain(number);
    // The same rule for the portal: a nurse's request without a service lands in the same group.
    const portal = await (await t.signIn('nurse')).post('/api/v1/tickets', {
      type: 'incident',
      summary: 'Something on the unit PC',
      description: 'Not sure which program it is.',
      patientCareAffected: false,
    });
    expect(portal.statusCode, portal.body).toBe(201);
    const [portalRow] = await q<{ group_id: string | null }>('SELECT group_id FROM tickets WHERE id = $1', [
      portal.json().id,
    ]);
    expect(portalRow!.group_id).toBe(intake!.id);
  });

  it('turns an HTML-only message into sanitised text', async () => {
    const nurse = await clinician();
    const { messageId } = await send({
      from: nurse.email,
      subject: 'Citrix frozen',
      html: '<div>Citrix froze <b>twice</b>&nbsp;today.</div><script>alert(1)</script><p>Ward 5&amp;6</p>',
    });
    const row = await outcomeOf(messageId);
    const [d] = await q<{ description: string }>('SELECT description FROM tickets WHERE id = $1', [row.ticket_id]);
    expect(d!.description).toBe('Citrix froze twice today.\n\nWard 5&6');
  });

  it('reads a Latin-1 message with an encoded subject into the right characters', async () => {
    const nurse = await clinician();
    const messageId = newMessageId();
    const raw = Buffer.concat([
      Buffer.from(
        `From: ${nurse.email}\r\nTo: ${DESK}\r\nMessage-ID: ${messageId}\r\nSubject: =?ISO-8859-1?Q?Caf=E9t=E9ria_kiosk?=\r\n` +
          'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n',
      ),
      Buffer.from('Le kiosque de la caf\u00e9t\u00e9ria est bloqu\u00e9.\r\n', 'latin1'),
    ]);
    await mailer.sendMail({ envelope: { from: nurse.email, to: [DESK] }, raw });
    const row = await outcomeOf(messageId);
    const [d] = await q<{ summary: string; description: string }>(
      'SELECT summary, description FROM tickets WHERE id = $1',
      [row.ticket_id],
    );
    expect(d).toEqual({
      summary: 'Caf\u00e9t\u00e9ria kiosk',
      description: 'Le kiosque de la caf\u00e9t\u00e9ria est bloqu\u00e9.',
    });
  });

  it('keeps a forwarded message whole: its sender, subject and text in the description', async () => {
    const nurse = await clinician();
    const inner = [
      'From: Lab Interface <lab-interface@stmarys.example>',
      'Subject: HL7 feed stopped',
      'Content-Type: text/plain',
      '',
      'No results received since 09:10.',
    ].join('\r\n');
    const { messageId } = await send({
      from: nurse.email,
      subject: 'Fwd: HL7 feed stopped',
      text: 'Can you look at this? It came to our unit inbox.',
      attachments: [{ filename: 'forwarded.eml', content: inner, contentType: 'message/rfc822' }],
    });
    const row = await outcomeOf(messageId);
    const [d] = await q<{ summary: string; description: string }>(
      'SELECT summary, description FROM tickets WHERE id = $1',
      [row.ticket_id],
    );
    expect(d!.summary).toBe('HL7 feed stopped');
    // The forwarded message is kept under the sender's own words, with who sent it and its subject.
    expect(d!.description).toMatch(
      /^Can you look at this\? It came to our unit inbox\.\n[\s\S]*Lab Interface[\s\S]*lab-interface@stmarys\.example[\s\S]*HL7 feed stopped[\s\S]*No results received since 09:10\.$/,
    );
  });

  it('makes an unknown sender an unverified requester and tells the agent so', async () => {
    const { messageId } = await send({
      from: 'Pat Visitor <pat.visitor@gmail.example>',
      subject: 'Cannot open the staff rota',
      text: 'The rota page shows an error.',
    });
    const row = await outcomeOf(messageId);
    expect(row).toMatchObject({ state: 'processed', outcome: 'opened' });
    expect(row.flags).toContain('unverified_sender');
    const tk = await ticket(row.ticket_id!);
    const [p] = await q<{ display_name: string; email: string }>(
      'SELECT display_name, email FROM people WHERE id = $1',
      [tk.requester_id],
    );
    expect(p).toEqual({ display_name: 'Pat Visitor', email: 'pat.visitor@gmail.example' });
    const notes = await comments(tk.id);
    expect(notes.find((c) => c.visibility === 'internal')?.body).toMatch(
      /^Unverified sender: pat.visitor@gmail.example/,
    );
    expect(notes.find((c) => c.visibility === 'public')).toBeUndefined();

    // Their next message is the same person, still unverified, until an agent confirms who they are.
    const again = await outcomeOf(
      (await send({ from: 'pat.visitor@gmail.example', subject: 'Rota again', text: 'Still broken.' })).messageId,
    );
    expect((await ticket(again.ticket_id!)).requester_id).toBe(tk.requester_id);
    expect(again.flags).toContain('unverified_sender');
    const vendor = await t.signIn('vendor');
    expect((await vendor.post(`/api/v1/email/senders/${tk.requester_id}/verify`)).statusCode).toBe(403);
    const agent = await t.signIn('agent');
    expect((await agent.post(`/api/v1/email/senders/${tk.requester_id}/verify`)).json()).toEqual({
      personId: tk.requester_id,
      verified: true,
    });
    const verified = await outcomeOf(
      (await send({ from: 'pat.visitor@gmail.example', subject: 'Rota a third time', text: 'Thanks.' })).messageId,
    );
    expect(verified.flags).not.toContain('unverified_sender');
  });
});

describe('threading replies onto their ticket', () => {
  it('adds a reply carrying the ticket in References as a comment, without the quoted history', async () => {
    const nurse = await person('nurse');
    const first = await outcomeOf(
      (await send({ from: nurse.email, subject: 'Badge tap fails', text: 'Badge does not sign me in.' })).messageId,
    );
    const ref = `<ticket-${first.ticket_id}@stmarys.example>`;
    const { messageId } = await send({
      from: nurse.email,
      subject: 'Re: Your ticket has a reply',
      references: [`<ticket-${first.ticket_id}.0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a99@stmarys.example>`, ref],
      inReplyTo: '<something-else@outlook.example>',
      text: 'It works on the other workstation.\n\nOn Tue, Dec 1, 2026 at 10:02 AM Service Desk <desk@stmarys.example> wrote:\n> Please try another workstation.\n',
    });
    const row = await outcomeOf(messageId);
    expect(row).toMatchObject({ state: 'processed', outcome: 'commented', ticket_id: first.ticket_id });
    const publicComments = (await comments(first.ticket_id!)).filter((c) => c.visibility === 'public');
    expect(publicComments.map((c) => c.body)).toEqual(['It works on the other workstation.']);
    expect(publicComments[0]!.author_id).toBe(nurse.user_id);
  });

  it('shows a reply from a sender without an account as theirs, marked unverified, and does not take the address for patient information', async () => {
    const first = await outcomeOf(
      (
        await send({
          from: 'Pat Visitor <pat.visitor2@gmail.example>',
          subject: 'Rota error',
          text: 'The rota page fails.',
        })
      ).messageId,
    );
    const { messageId } = await send({
      from: 'Pat Visitor <pat.visitor2@gmail.example>',
      subject: 'Re: Your ticket has a reply',
      references: [`<ticket-${first.ticket_id}@stmarys.example>`],
      text: 'Still failing after a restart.',
    });
    expect(await outcomeOf(messageId)).toMatchObject({ outcome: 'commented', ticket_id: first.ticket_id });
    const reply = (await comments(first.ticket_id!)).filter((c) => c.visibility === 'public').at(-1)!;
    expect(reply.body).toBe('Still failing after a restart.');
    expect(reply.author_id).toBeNull();
    expect(reply.phi_suspected).toBe(false);
    // The console names the sender (never "Clinidesk"), marked unverified until an agent confirms who it is.
    const agent = await t.signIn('agent');
    const number = formatTicketNumber((await ticket(first.ticket_id!)).number);
    const shown = async () =>
      ((await agent.get(`/api/v1/tickets/${number}`)).json().comments as { body: string; emailSender: unknown }[]).find(
        (c) => c.body === 'Still failing after a restart.',
      );
    expect((await shown())?.emailSender).toEqual({
      name: 'Pat Visitor',
      address: 'pat.visitor2@gmail.example',
      unverified: true,
    });
    const [{ person_id }] = (await q<{ person_id: string }>(
      'SELECT email_from_person_id AS person_id FROM ticket_comments WHERE ticket_id = $1 AND body = $2',
      [first.ticket_id, 'Still failing after a restart.'],
    )) as [{ person_id: string }];
    expect((await agent.post(`/api/v1/email/senders/${person_id}/verify`, {})).statusCode).toBe(200);
    expect((await shown())?.emailSender).toMatchObject({ unverified: false });
  });

  it('shows the requester in the portal who replied by email on her ticket, and a vendor nothing of it', async () => {
    const nurse = await person('nurse');
    const first = await outcomeOf(
      (await send({ from: nurse.email, subject: 'Scanner beeps', text: 'The wristband scanner beeps twice.' }))
        .messageId,
    );
    // A colleague on the unit without an account answers the desk's mail (she was copied on it).
    const { messageId } = await send({
      from: 'Gil Ward <gil.ward.colleague@stmarys.example>',
      subject: 'Re: Your ticket has a reply',
      references: [`<ticket-${first.ticket_id}@stmarys.example>`],
      text: 'Same on bed 12: it beeps twice and does nothing.',
    });
    expect(await outcomeOf(messageId)).toMatchObject({ outcome: 'commented', ticket_id: first.ticket_id });
    const number = formatTicketNumber((await ticket(first.ticket_id!)).number);
    const portal = (await (await t.signIn('nurse')).get(`/api/v1/tickets/${number}`)).json();
    const theirs = portal.comments.find((c: { body: string }) => c.body.startsWith('Same on bed 12'));
    expect(theirs).toMatchObject({
      author: null,
      emailSender: { name: 'Gil Ward', address: 'gil.ward.colleague@stmarys.example', unverified: true },
    });
    // Escalated to the vendor: the vendor reads the thread shared with it only, so neither the reply nor its sender.
    const agent = await t.signIn('agent');
    const [vendorGroup] = await q<{ id: string }>(`SELECT id FROM groups WHERE tier = 'vendor' ORDER BY name LIMIT 1`);
    const escalated = await agent.post(`/api/v1/tickets/${number}/escalations`, {
      toTier: 'vendor',
      groupId: vendorGroup!.id,
      reason: 'Scanner firmware',
    });
    expect(escalated.statusCode, escalated.body).toBeLessThan(300);
    const vendorView = await (await t.signIn('vendor')).get(`/api/v1/tickets/${number}`);
    expect(vendorView.statusCode).toBe(200);
    expect(vendorView.body).not.toContain('gil.ward');
    expect(vendorView.body).not.toContain('Gil Ward');
  });

  it('adds a reply by the ticket number in the subject when the requester sends it, and not for someone else', async () => {
    const nurse = await person('nurse');
    const first = await outcomeOf(
      (await send({ from: nurse.email, subject: 'Scanner not reading', text: 'BCMA scanner dead.' })).messageId,
    );
    const tk = await ticket(first.ticket_id!);
    const tag = `[${formatTicketNumber(tk.number)}]`;
    const own = await outcomeOf(
      (await send({ from: nurse.email, subject: `RE: ${tag} Scanner`, text: 'Still dead.' })).messageId,
    );
    expect(own).toMatchObject({ outcome: 'commented', ticket_id: tk.id });
    const other = await outcomeOf(
      (await send({ from: 'someone.else@stmarys.example', subject: `RE: ${tag} Scanner`, text: 'Mine too.' }))
        .messageId,
    );
    expect(other.outcome).toBe('opened');
    expect(other.ticket_id).not.toBe(tk.id);
  });

  it('reopens a resolved ticket on a reply within the window, and opens a related ticket for a closed one', async () => {
    const nurse = await clinician();
    const a = await outcomeOf((await send({ from: nurse.email, subject: 'Printer A', text: 'Jammed.' })).messageId);
    const b = await outcomeOf((await send({ from: nurse.email, subject: 'Printer B', text: 'Offline.' })).messageId);
    await q(
      `UPDATE tickets SET status = 'resolved', resolved_at = now(), resolution_code = 'fixed', resolution_note = 'x' WHERE id = $1`,
      [a.ticket_id],
    );
    await q(
      `UPDATE tickets SET status = 'closed', resolved_at = now() - interval '20 days', closed_at = now() WHERE id = $1`,
      [b.ticket_id],
    );
    const ra = await outcomeOf(
      (
        await send({
          from: nurse.email,
          subject: 'Re: x',
          references: `<ticket-${a.ticket_id}@stmarys.example>`,
          text: 'Jammed again.',
        })
      ).messageId,
    );
    expect(ra).toMatchObject({ outcome: 'reopened', ticket_id: a.ticket_id });
    expect((await ticket(a.ticket_id!)).status).toBe('in_progress');
    const rb = await outcomeOf(
      (
        await send({
          from: nurse.email,
          subject: 'Re: y',
          references: `<ticket-${b.ticket_id}@stmarys.example>`,
          text: 'Offline again.',
        })
      ).messageId,
    );
    expect(rb.outcome).toBe('opened');
    const links = await q<{ kind: string }>('SELECT kind FROM ticket_links WHERE ticket_id = $1 AND other_id = $2', [
      rb.ticket_id,
      b.ticket_id,
    ]);
    expect(links).toEqual([{ kind: 'related' }]);
  });
});

describe('duplicates, loops and floods', () => {
  it('makes one ticket of the same Message-ID delivered twice (both deliveries answered 250)', async () => {
    const nurse = await clinician();
    const messageId = newMessageId();
    const mail = { from: nurse.email, subject: 'Delivered twice', text: 'Once please.', messageId };
    const one = await send(mail);
    await outcomeOf(messageId);
    const two = await send(mail);
    expect(one.info.response).toMatch(/^250 /);
    expect(two.info.response).toMatch(/^250 .*already had it/);
    const rows = await q<{ n: number }>('SELECT count(*)::int AS n FROM email_messages WHERE message_id = $1', [
      messageId,
    ]);
    expect(rows[0]!.n).toBe(1);
    const tickets = await q<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE summary = 'Delivered twice'`);
    expect(tickets[0]!.n).toBe(1);
  });

  it('never answers an out-of-office reply and opens no ticket for it', async () => {
    const before = await q<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE type = 'email.reply_requested'`);
    const { messageId } = await send({
      from: 'away.nurse@stmarys.example',
      subject: 'Automatic reply: reset my password',
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
      text: 'I am out of the office until Monday. Please reset my password is not a request.',
    });
    const row = await outcomeOf(messageId);
    expect(row).toMatchObject({ state: 'ignored', outcome: 'auto_reply', ticket_id: null });
    const after = await q<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE type = 'email.reply_requested'`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('records a bounce of the desk’s own message against its ticket and delivery, unanswered', async () => {
    const nurse = await clinician();
    const first = await outcomeOf((await send({ from: nurse.email, subject: 'Bounce me', text: 'x' })).messageId);
    const delivery = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a77';
    const raw = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.stmarys.example>',
      `To: ${DESK}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: ${newMessageId()}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.stmarys.example',
      '',
      'Final-Recipient: rfc822; gone@stmarys.example',
      'Action: failed',
      'Status: 5.1.1',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: <ticket-${first.ticket_id}.${delivery}@stmarys.example>`,
      'Subject: [CSD-000001] Your ticket has a reply',
      '--b1--',
      '',
    ].join('\r\n');
    const messageId = /Message-ID: (<[^>]+>)/.exec(raw)![1]!;
    await mailer.sendMail({ envelope: { from: '', to: [DESK] }, raw });
    const row = await outcomeOf(messageId);
    expect(row).toMatchObject({ state: 'ignored', outcome: 'bounce', ticket_id: first.ticket_id });
    const events = await q<{ payload: { deliveryId: string } }>(
      `SELECT payload FROM outbox WHERE type = 'email.bounced' AND subject_id = $1`,
      [first.ticket_id],
    );
    expect(events.map((e) => e.payload.deliveryId)).toEqual([delivery]);
  });

  it('turns a storm of 35 messages from one sender into one ticket with a note, and keeps those past the rate limit', async () => {
    const sender = 'monitor-gateway@stmarys.example';
    const ids: string[] = [];
    for (let i = 0; i < 35; i++) {
      const { messageId } = await send({
        from: sender,
        subject: 'ALERT interface engine queue high',
        text: `Queue depth ${i}`,
      });
      ids.push(messageId);
    }
    const rows = [];
    for (const id of ids) rows.push(await outcomeOf(id));
    const tickets = new Set(rows.filter((r) => r.state === 'processed').map((r) => r.ticket_id));
    expect(tickets.size).toBe(1);
    expect(rows.filter((r) => r.outcome === 'opened')).toHaveLength(1);
    expect(rows.filter((r) => r.outcome === 'commented')).toHaveLength(29);
    expect(rows.filter((r) => r.outcome === 'rate_limited' && r.state === 'quarantined')).toHaveLength(5);
    const notes = (await comments([...tickets][0]!)).filter((c) => c.visibility === 'internal');
    expect(notes.map((n) => n.body).some((b) => b.startsWith('Mail storm:'))).toBe(true);
  });

  it('shows the storm’s quarantined messages with their reason to an administrator only, who can release or discard them', async () => {
    const admin = await t.signIn('admin');
    const agent = await t.signIn('agent');
    expect((await agent.get('/api/v1/email/messages')).statusCode).toBe(403);
    const list = (await admin.get('/api/v1/email/messages')).json();
    const limited = list.messages.filter((m: { outcome: string }) => m.outcome === 'rate_limited');
    expect(limited.length).toBeGreaterThanOrEqual(2);
    expect(limited[0].reason).toMatch(/^More than 30 messages from monitor-gateway@stmarys.example/);
    const released = await admin.post(`/api/v1/email/messages/${limited[0].id}/release`);
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({ state: 'processed', outcome: 'commented' });
    const discarded = await admin.post(`/api/v1/email/messages/${limited[1].id}/discard`);
    expect(discarded.json()).toMatchObject({ state: 'discarded' });
    const [raw] = await q<{ size: number }>('SELECT length(raw)::int AS size FROM email_messages WHERE id = $1', [
      limited[1].id,
    ]);
    expect(raw!.size).toBe(0);
    expect((await admin.post(`/api/v1/email/messages/${limited[1].id}/discard`)).statusCode).toBe(409);
  });
});

describe('durable intake and transport security', () => {
  it('processes a message stored before an instance stopped, when the retry job runs', async () => {
    const nurse = await clinician();
    const messageId = newMessageId();
    const raw = Buffer.from(
      `From: ${nurse.email}\r\nTo: ${DESK}\r\nSubject: Stored then stopped\r\nMessage-ID: ${messageId}\r\n\r\nHello\r\n`,
    );
    const stored = await storeMessage(t.ctx, raw, {
      kind: 'smtp',
      remoteAddress: '127.0.0.1',
      envelopeFrom: nurse.email,
      recipients: [DESK],
    });
    const [before] = await q<{ state: string }>('SELECT state FROM email_messages WHERE id = $1', [stored.id]);
    expect(before!.state).toBe('received');
    await emailIntakeJob.run(t.ctx, new AbortController().signal);
    expect(await outcomeOf(messageId)).toMatchObject({ state: 'processed', outcome: 'opened' });
  });

  it('fails the server’s start, cleanly, when the listener’s port is taken', async () => {
    const env = {
      CLINIDESK_SMTP_LISTEN: 'true',
      CLINIDESK_SMTP_HOST: '127.0.0.1',
      CLINIDESK_SMTP_PORT: String(port),
      CLINIDESK_SMTP_ADDRESSES: DESK,
    };
    await expect(createTestApp({ env })).rejects.toThrow(/EADDRINUSE/);
  });

  it('offers STARTTLS with the configured certificate and takes mail over TLS', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinidesk-smtp-tls-'));
    const [certFile, keyFile] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
    selfSignedCertificate({ certFile, keyFile }, { subject: '/CN=localhost', days: 1 });
    const secure = await startSmtpListener(t.ctx, { ...t.ctx.config.smtpIn, port: 0, tls: { certFile, keyFile } });
    const tlsMailer = nodemailer.createTransport({
      host: '127.0.0.1',
      port: secure.port,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
    });
    try {
      const nurse = await clinician();
      const messageId = newMessageId();
      const info = await tlsMailer.sendMail({ from: nurse.email, to: DESK, subject: 'Over TLS', text: 'x', messageId });
      expect(info.response).toMatch(/^250 /);
      expect((await outcomeOf(messageId)).outcome).toBe('opened');
    } finally {
      tlsMailer.close();
      await secure.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what the listener refuses', () => {
  it('refuses a message with 1,000 recipients: 452 past the limit, then the whole message with 550 5.5.3', async () => {
    const before = await q<{ n: number }>('SELECT count(*)::int AS n FROM email_messages');
    const to = [DESK, ...Array.from({ length: 999 }, (_, i) => `person${i}@stmarys.example`)];
    const err = await send({ from: 'spammer@stmarys.example', to, subject: 'Hello all', text: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.responseCode).toBe(550);
    expect(err.response).toMatch(/5\.5\.3 Too many recipients/);
    const after = await q<{ n: number }>('SELECT count(*)::int AS n FROM email_messages');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('takes more messages over one connection than a message may have recipients (a relay keeps its connection)', async () => {
    const pooled = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
      maxMessages: 100,
    });
    try {
      const sent = [];
      for (let i = 0; i < 25; i++) {
        sent.push(
          await pooled.sendMail({
            from: 'relay.test@stmarys.example',
            to: DESK,
            subject: `Printer jam ${i}`,
            text: `Tray ${i} jams again.`,
          }),
        );
      }
      expect(sent.map((s) => s.accepted.length)).toEqual(Array(25).fill(1));
    } finally {
      pooled.close();
    }
  });

  it('refuses a message for an address that is not the desk’s with 550 5.1.1', async () => {
    const err = await send({ from: 'a@stmarys.example', to: 'ceo@stmarys.example', subject: 'x', text: 'x' }).catch(
      (e) => e,
    );
    expect(err.responseCode).toBe(550);
    expect(err.rejectedErrors?.[0]?.response ?? err.response).toMatch(/5\.1\.1/);
  });

  it('refuses a message over the size limit with 552', async () => {
    const err = await send({
      from: 'a@stmarys.example',
      subject: 'Big',
      text: 'x',
      attachments: [{ filename: 'big.pdf', content: Buffer.alloc(MAX_BYTES + 10_000, 0x25) }],
    }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.responseCode).toBe(552);
  });

  it('refuses a 50 MB message with 552 under the default size limit, stores nothing of it, and keeps taking mail', async () => {
    const defaults = loadConfig({ CLINIDESK_SMTP_ADDRESSES: DESK }).smtpIn;
    expect(defaults.maxBytes).toBe(25 * 1024 * 1024);
    const listener = await startSmtpListener(t.ctx, { ...t.ctx.config.smtpIn, port: 0, maxBytes: defaults.maxBytes });
    const client = nodemailer.createTransport({
      host: '127.0.0.1',
      port: listener.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      const messageId = newMessageId();
      const head = `From: big.sender@stmarys.example\r\nTo: ${DESK}\r\nMessage-ID: ${messageId}\r\nSubject: Scans\r\nContent-Type: text/plain\r\n\r\n`;
      const line = `${'x'.repeat(998)}\r\n`;
      const lines = Math.ceil((50 * 1024 * 1024) / line.length);
      let sent = -1;
      const body = new Readable({
        read() {
          if (sent < 0) this.push(head);
          else if (sent < lines) this.push(line.repeat(Math.min(1024, lines - sent)));
          else this.push(null);
          sent = sent < 0 ? 0 : sent + 1024;
        },
      });
      const err = await client
        .sendMail({ envelope: { from: 'big.sender@stmarys.example', to: [DESK] }, raw: body })
        .catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err.responseCode).toBe(552);
      expect(await q('SELECT 1 FROM email_messages WHERE message_id = $1', [messageId.toLowerCase()])).toEqual([]);
      const after = await client.sendMail({
        from: 'big.sender@stmarys.example',
        to: DESK,
        subject: 'Smaller now',
        text: 'One page only.',
        messageId: newMessageId(),
      });
      expect(after.response).toMatch(/^250 /);
    } finally {
      client.close();
      await listener.close();
    }
  });

  it('refuses a connection from a host outside the allowed relays with 554', async () => {
    const strict = await startSmtpListener(t.ctx, { ...t.ctx.config.smtpIn, port: 0, allowedRelays: ['10.0.0.0/8'] });
    const other = nodemailer.createTransport({ host: '127.0.0.1', port: strict.port, secure: false, ignoreTLS: true });
    try {
      const err = await other.sendMail({ from: 'a@x.example', to: DESK, text: 'x' }).catch((e) => e);
      expect(err.responseCode).toBe(554);
    } finally {
      other.close();
      await strict.close();
    }
  });
});

describe('bad input and sensitive requests', () => {
  it('reads malformed MIME and raw 8-bit headers without crashing, and keeps taking mail', async () => {
    const messageId = newMessageId();
    const raw = Buffer.concat([
      Buffer.from(
        `From: =?utf-8?B?broken <x@stmarys.example>\r\nTo: ${DESK}\r\nMessage-ID: ${messageId}\r\nSubject: Caf`,
      ),
      Buffer.from([0xe9, 0xff, 0x00, 0x07]),
      Buffer.from(
        ' printer\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\nContent-Type: text/plain; charset=no-such-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64@@@\r\n',
      ),
    ]);
    await mailer.sendMail({ envelope: { from: 'x@stmarys.example', to: [DESK] }, raw });
    const row = await outcomeOf(messageId);
    // Read as far as it goes: a ticket from the sender the broken header still names, its 8-bit subject made printable.
    expect({ state: row.state, outcome: row.outcome }).toEqual({ state: 'processed', outcome: 'opened' });
    const [kept] = await q<{ subject: string; sender: string }>(
      'SELECT subject, sender FROM email_messages WHERE id = $1',
      [row.id],
    );
    expect([...kept!.subject].some((c) => c.charCodeAt(0) < 32)).toBe(false);
    expect(kept!.subject).toMatch(/^Caf.*printer$/);
    const nurse = await clinician();
    const next = await outcomeOf(
      (await send({ from: nurse.email, subject: 'After the bad one', text: 'ok' })).messageId,
    );
    expect(next.outcome).toBe('opened');
  });

  it('accepts a forged From of a physician asking for a password reset: flagged for verification, no reset, sender told by reply', async () => {
    const doctor = await person('doctor');
    const [before] = await q<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
      doctor.user_id,
    ]);
    const { messageId } = await send({
      from: `Dr. Samuel Osei <${doctor.email}>`,
      subject: 'Urgent: reset my password and MFA',
      text: 'I am locked out before clinic. Please reset my password and send it to this address.',
    });
    const row = await outcomeOf(messageId);
    expect(row.flags).toContain('identity_verification');
    const tk = await ticket(row.ticket_id!);
    expect(tk.requester_id).toBe(doctor.id);
    expect(tk.status).toBe('new');
    const notes = (await comments(tk.id)).filter((c) => c.visibility === 'internal').map((c) => c.body);
    expect(notes.some((b) => b.startsWith('Identity verification required'))).toBe(true);
    const [after] = await q<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
      doctor.user_id,
    ]);
    expect(after!.password_hash).toBe(before!.password_hash);
    const replies = await q<{ payload: Record<string, string> }>(
      `SELECT payload FROM outbox WHERE type = 'email.reply_requested' AND subject_id = $1`,
      [tk.id],
    );
    expect(replies).toHaveLength(1);
    // Asking again on the same ticket is flagged again, but the desk's note and the reply are not repeated.
    const again = await outcomeOf(
      (
        await send({
          from: doctor.email,
          subject: `Re: [${formatTicketNumber(tk.number)}] reset my password`,
          text: 'Please just reset my password now.',
        })
      ).messageId,
    );
    expect(again).toMatchObject({ outcome: 'commented', ticket_id: tk.id });
    expect(again.flags).toContain('identity_verification');
    const repliesAfter = await q('SELECT 1 FROM outbox WHERE type = $1 AND subject_id = $2', [
      'email.reply_requested',
      tk.id,
    ]);
    expect(repliesAfter).toHaveLength(1);
    expect(replies[0]!.payload).toMatchObject({
      template: 'sensitive_request_by_email',
      to: doctor.email,
      inReplyTo: messageId.toLowerCase(),
    });
    // What the agent sees: the relay it came through, on the intake's record (no SPF/DKIM verdict is claimed).
    const admin = await t.signIn('admin');
    const list = (await admin.get('/api/v1/email/messages?state=processed&limit=200')).json();
    const seen = list.messages.find((m: { id: string }) => m.id === row.id);
    expect(seen).toMatchObject({ relay: '127.0.0.1', sender: doctor.email, ticket: formatTicketNumber(tk.number) });
  });

  it('keeps a zip bomb as the sender sent it, never unpacked: a 64 MiB archive of 64 KiB is one file on the ticket', async () => {
    const sender = await clinician();
    const bomb = zipOf('logs.txt', Buffer.alloc(64 * 1024 * 1024, 0));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const { messageId } = await send({
      from: sender.email,
      subject: 'Logs from the pump gateway',
      text: 'Logs attached.',
      attachments: [{ filename: 'logs.zip', content: bomb, contentType: 'application/zip' }],
    });
    const row = await outcomeOf(messageId);
    expect(row).toMatchObject({ state: 'processed', outcome: 'opened' });
    const files = await q<{ filename: string; size: number; may_contain_phi: boolean }>(
      'SELECT filename, size, may_contain_phi FROM ticket_attachments WHERE ticket_id = $1',
      [row.ticket_id],
    );
    expect(files).toEqual([{ filename: 'logs.zip', size: bomb.length, may_contain_phi: true }]);
  });

  it('never lets two auto-responders loop through the desk: one receipt, then their replies are ignored or folded in', async () => {
    // A: an out-of-office that marks itself (Auto-Submitted); B: a badly behaved one that marks nothing and answers
    // every mail it gets, quoting the desk's ticket. Each "answers" the desk's mail five times.
    const a = 'ooo.responder@partner.example';
    const b = 'naive.responder@partner.example';
    const first = await outcomeOf(
      (await send({ from: b, subject: 'I am away', text: 'I am away until Monday.' })).messageId,
    );
    expect(first.outcome).toBe('opened');
    await consumeEvents(t.ctx);
    for (let round = 0; round < 5; round++) {
      const ref = `<ticket-${first.ticket_id}@stmarys.example>`;
      const fromA = await outcomeOf(
        (
          await send({
            from: a,
            subject: 'Automatic reply: your ticket',
            references: [ref],
            headers: { 'Auto-Submitted': 'auto-replied' },
            text: 'I am out of the office.',
          })
        ).messageId,
      );
      expect(fromA).toMatchObject({ state: 'ignored', outcome: 'auto_reply' });
      const fromB = await outcomeOf(
        (await send({ from: b, subject: 'Re: your ticket', references: [ref], text: 'I am away until Monday.' }))
          .messageId,
      );
      expect(fromB).toMatchObject({ state: 'processed', outcome: 'commented', ticket_id: first.ticket_id });
      await consumeEvents(t.ctx);
    }
    // The desk wrote to B once (the receipt) and to A never; one ticket, no new ones.
    const mail = await q<{ to_address: string; kind: string }>(
      'SELECT to_address, kind FROM notification_deliveries WHERE to_address = ANY($1::text[])',
      [[a, b]],
    );
    expect(mail).toEqual([{ to_address: b, kind: 'ticket_received' }]);
    const opened = await q(`SELECT 1 FROM email_messages WHERE sender = ANY($1::text[]) AND outcome = 'opened'`, [
      [a, b],
    ]);
    expect(opened).toHaveLength(1);
  });

  it('keeps an attached screenshot on the ticket flagged as possible PHI, and lists a refused file for the desk', async () => {
    const nurse = await clinician();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    const { messageId } = await send({
      from: nurse.email,
      subject: 'Error screen',
      text: 'See screenshot.',
      attachments: [
        { filename: 'screen.png', content: png, contentType: 'image/png' },
        { filename: 'tool.exe', content: Buffer.from('MZ....'), contentType: 'application/x-msdownload' },
      ],
    });
    const row = await outcomeOf(messageId);
    const files = await q<{ filename: string; may_contain_phi: boolean }>(
      'SELECT filename, may_contain_phi FROM ticket_attachments WHERE ticket_id = $1',
      [row.ticket_id],
    );
    expect(files).toEqual([{ filename: 'screen.png', may_contain_phi: true }]);
    const notes = (await comments(row.ticket_id!)).filter((c) => c.visibility === 'internal').map((c) => c.body);
    expect(notes.some((b) => b.includes('tool.exe (type application/x-msdownload is not accepted)'))).toBe(true);
  });
});

describe('raw message retention', () => {
  it('deletes raw messages past the retention period, keeping the ticket, its comments and files, and audits it', async () => {
    expect(t.ctx.config.emailRawRetentionDays).toBe(30);
    const sender = await clinician();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 2)]);
    const old = await outcomeOf(
      (
        await send({
          from: sender.email,
          subject: 'Old monitor flicker',
          text: 'The monitor at bed 3 flickers.',
          attachments: [{ filename: 'flicker.png', content: png, contentType: 'image/png' }],
        })
      ).messageId,
    );
    const young = await outcomeOf(
      (await send({ from: sender.email, subject: 'New keyboard sticky', text: 'Keys stick.' })).messageId,
    );
    // A quarantined message nobody decided on, and a message still waiting to be processed, both 31 days old.
    const quarantined = await storeMessage(
      t.ctx,
      Buffer.from(`To: ${DESK}\r\nMessage-ID: ${newMessageId()}\r\nSubject: no sender\r\n\r\nMRN 12345678 needs a fix`),
      { kind: 'smtp', remoteAddress: '127.0.0.1', envelopeFrom: '', recipients: [DESK] },
    );
    await q(
      `UPDATE email_messages SET state = 'quarantined', outcome = 'no_sender', reason = 'No sender.' WHERE id = $1`,
      [quarantined.id],
    );
    const waiting = await storeMessage(
      t.ctx,
      Buffer.from(`From: ${sender.email}\r\nTo: ${DESK}\r\nMessage-ID: ${newMessageId()}\r\nSubject: later\r\n\r\nx`),
      { kind: 'smtp', remoteAddress: '127.0.0.1', envelopeFrom: '', recipients: [DESK] },
    );
    const aged = [old.id, quarantined.id, waiting.id];
    await q(`UPDATE email_messages SET received_at = now() - interval '31 days' WHERE id = ANY($1::uuid[])`, [aged]);
    // The waiting one must not be processed by the retry job during the test: it stays "received" to be checked.
    while ((await purgeExpiredRaw(t.ctx)) > 0);
    const rows = await q<{ id: string; state: string; raw_len: number; purged: boolean; reason: string | null }>(
      `SELECT id, state, length(raw)::int AS raw_len, raw_purged_at IS NOT NULL AS purged, reason
       FROM email_messages WHERE id = ANY($1::uuid[])`,
      [[...aged, young.id]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(old.id)).toMatchObject({ state: 'processed', raw_len: 0, purged: true });
    expect(byId.get(quarantined.id)).toMatchObject({ state: 'discarded', raw_len: 0, purged: true });
    expect(byId.get(quarantined.id)!.reason).toMatch(/^No sender\. Deleted unreleased after 30 days in the quarantine/);
    expect(byId.get(young.id)).toMatchObject({ purged: false });
    expect(byId.get(young.id)!.raw_len).toBeGreaterThan(0);
    const stillWaiting = byId.get(waiting.id)!;
    if (stillWaiting.state === 'received') expect(stillWaiting).toMatchObject({ purged: false });
    // The ticket keeps what the message became: its description and its file.
    const [tk] = await q<{ description: string }>('SELECT description FROM tickets WHERE id = $1', [old.ticket_id]);
    expect(tk!.description).toBe('The monitor at bed 3 flickers.');
    const files = await q<{ filename: string; size: number }>(
      'SELECT filename, size FROM ticket_attachments WHERE ticket_id = $1',
      [old.ticket_id],
    );
    expect(files).toEqual([{ filename: 'flicker.png', size: png.length }]);
    // Audited, with the messages it purged; the administrator sees the discarded one's reason.
    const audits = await q<{ summary: { ids: string[]; retentionDays: number } }>(
      `SELECT summary FROM audit_log WHERE action = 'email.raw_purge'`,
    );
    const purgedIds = audits.flatMap((a) => a.summary.ids);
    expect(purgedIds).toEqual(expect.arrayContaining([old.id, quarantined.id]));
    expect(purgedIds).not.toContain(young.id);
    expect(audits[0]!.summary.retentionDays).toBe(30);
    const admin = await t.signIn('admin');
    const discarded = (await admin.get('/api/v1/email/messages?state=discarded&limit=200')).json();
    expect(discarded.messages.find((m: { id: string }) => m.id === quarantined.id)?.reason).toMatch(/retention/);
    // Nothing left to do: a second run purges nothing again. The one exception is the waiting message, should the
    // retry job have processed it since (it runs on its own clock): then it is purged now, once, and nothing else is.
    await purgeExpiredRaw(t.ctx);
    const after = (
      await q<{ summary: { ids: string[] } }>(`SELECT summary FROM audit_log WHERE action = 'email.raw_purge'`)
    ).flatMap((a) => a.summary.ids);
    expect(new Set(after).size).toBe(after.length);
    expect(after.filter((id) => !purgedIds.includes(id))).toEqual(
      after.includes(waiting.id) && !purgedIds.includes(waiting.id) ? [waiting.id] : [],
    );
  });
});
