// The email channel end to end, through Chromium and real SMTP on both sides: a clinician on file emails the desk
// (nodemailer to the desk's own SMTP listener), the ticket appears live in the agent's console with the sender
// recognised, the agent replies in the console, the hospital's relay (an smtp-server in this test) receives the
// notice with the desk's threading headers and none of the ticket's text, and the clinician's reply to that notice
// lands on the same ticket with the quoted history cut.
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousAccessibilityProblems } from './accessibility.ts';
import { deskApi } from './desk-api.ts';
import { deskForSpec, SCREENSHOTS } from './harness.ts';
import { type Captured, captureRelay } from './mail-relay.ts';

const DESK_ADDRESS = 'servicedesk@stmarys.example';
const MAIL_DOMAIN = 'stmarys.example';
const PUBLIC_URL = 'https://servicedesk.stmarys.example';

/** The hospital's mail relay: a real SMTP server on 127.0.0.1 that keeps every message the desk sends. */
const relay = captureRelay();
const captured = relay.captured;

// Opened after the relay is listening, so its port can be given to the server.
const spec = deskForSpec(() => ({
  env: {
    CLINIDESK_SMTP_LISTEN: 'true',
    CLINIDESK_SMTP_HOST: '127.0.0.1',
    CLINIDESK_SMTP_PORT: '0',
    CLINIDESK_SMTP_ADDRESSES: DESK_ADDRESS,
    CLINIDESK_MAIL_RELAY_HOST: '127.0.0.1',
    CLINIDESK_MAIL_RELAY_PORT: String(relay.port()),
    CLINIDESK_MAIL_RELAY_SECURITY: 'none',
    CLINIDESK_MAIL_FROM: `"St Mary's Service Desk" <${DESK_ADDRESS}>`,
    CLINIDESK_PUBLIC_URL: PUBLIC_URL,
  },
}));

let clinicianMailer: Transporter;
beforeAll(() => {
  const listener = spec.desk.listeners.find((l) => l.name === 'smtp');
  if (!listener) throw new Error('the desk did not start its SMTP listener');
  clinicianMailer = nodemailer.createTransport({
    host: '127.0.0.1',
    port: listener.port,
    secure: false,
    ignoreTLS: true,
  });
});

afterAll(() => {
  clinicianMailer?.close();
});

/** The relay's first message matching `match`, waiting for the desk's outbound queue to send it. */
async function relayed(match: (c: Captured) => boolean, timeoutMs = 40_000): Promise<Captured> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = captured.find(match);
    if (found) return found;
    if (Date.now() > until) {
      const seen = captured.map((c) => `${c.to.join(',')}: ${c.mail.subject}`).join('\n');
      throw new Error(`the relay received no such message; it has:\n${seen}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

type Clinician = { name: string; email: string; unit: string; facility: string };

/** A clinician in the demo directory with an address on file, a unit, and no account (she only ever emails). */
async function clinicianOnFile(): Promise<Clinician> {
  const rows = await spec.desk.ctx.database.query<Clinician>(
    `SELECT p.display_name AS name, p.email, u.name AS unit, f.name AS facility
       FROM people p JOIN units u ON u.id = p.unit_id JOIN facilities f ON f.id = p.facility_id
      WHERE p.email IS NOT NULL AND p.user_id IS NULL AND p.active AND NOT p.sensitive AND p.provider_org_id IS NULL
      ORDER BY p.display_name LIMIT 1`,
  );
  if (!rows[0]) throw new Error('the demo directory has no clinician with an email on file');
  return rows[0];
}

const headerText = (mail: ParsedMail, name: string) => {
  const value = mail.headers.get(name);
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(' ') : String(value ?? '');
};

describe('the email channel', () => {
  it('turns a clinician’s email into a live ticket, mails the agent’s reply with threading headers and no PHI, and threads her answer back', async () => {
    const clinician = await clinicianOnFile();
    const agent = await spec.signedIn('agent', '/console');
    await agent.page.getByRole('table').first().waitFor();

    // 1. The clinician writes to the desk; her first mail names a patient's record number.
    const mrn = '00482913';
    const summary = 'Medication scanner in the med room will not pair after the update';
    const description = `The barcode scanner will not pair since this morning. It failed while giving meds to MRN ${mrn}; we are typing doses by hand.`;
    await clinicianMailer.sendMail({
      from: { name: clinician.name, address: clinician.email },
      to: DESK_ADDRESS,
      subject: summary,
      text: description,
      messageId: `<first-${Date.now()}@mail.${MAIL_DOMAIN}>`,
    });

    // 2. The agent's queue shows it without a reload; the ticket says email and knows who wrote.
    const row = agent.page.getByRole('row').filter({ hasText: summary });
    await row.waitFor({ timeout: 20_000 });
    const number = /CSD-\d{6}/.exec((await row.textContent()) ?? '')?.[0];
    expect(number, 'the queue row shows the ticket number').toBeDefined();
    await row.getByRole('link', { name: number! }).click();
    await agent.page.getByRole('heading', { name: summary, level: 1 }).waitFor();
    const facts = agent.page.getByText('Channel', { exact: true }).locator('xpath=..');
    expect(await facts.textContent()).toBe('ChannelEmail');
    const requester = agent.page.getByRole('region', { name: `Requester: ${clinician.name}` });
    await requester.waitFor();
    expect(await requester.textContent()).toContain(`${clinician.unit}, ${clinician.facility}`);
    // Recognised from the directory: no "unverified sender" note for the agent to act on.
    expect(await agent.page.getByText(/Unverified sender/i).count()).toBe(0);
    await agent.page.getByText(`The barcode scanner will not pair since this morning.`).waitFor();

    // 3. The agent replies to the requester in the console.
    const { id: ticketId } = await (await deskApi(agent.context)).get<{ id: string }>(`/api/v1/tickets/${number}`);
    const audience = agent.page.getByRole('radiogroup', { name: 'Who sees this' });
    await audience.getByText('Reply to requester').click();
    const answer = 'We pushed the scanner profile again. Please restart the scanner and try pairing once more.';
    await agent.page.getByLabel('Reply (the requester sees this)').fill(answer);
    await agent.page.getByRole('button', { name: 'Send reply' }).click();
    await agent.page
      .getByRole('article', { name: /^Public reply by Jordan Reyes/ })
      .getByText(answer)
      .waitFor();

    // 4. The relay receives the notice for her, threaded on the ticket, with no text from the ticket.
    const notice = await relayed(
      (c) => c.to.includes(clinician.email.toLowerCase()) && /has a reply/.test(c.mail.subject ?? ''),
    );
    const subject = notice.mail.subject ?? '';
    expect(subject).toContain(`[${number}]`);
    const escapedDomain = MAIL_DOMAIN.replace(/\./g, '\\.');
    expect(notice.mail.messageId).toMatch(new RegExp(`^<ticket-${ticketId}\\.[^@>]+@${escapedDomain}>$`));
    expect(notice.mail.inReplyTo).toBe(`<ticket-${ticketId}@${MAIL_DOMAIN}>`);
    expect([notice.mail.references].flat()).toEqual([`<ticket-${ticketId}@${MAIL_DOMAIN}>`]);
    expect(headerText(notice.mail, 'auto-submitted')).toBe('auto-generated');
    expect(notice.mail.text).toContain(`${PUBLIC_URL}/portal/tickets/${number}`);
    // Nothing the desk mailed so far (her receipt, staff notices, this reply) carries the ticket's text.
    await relayed((c) => c.to.includes(clinician.email.toLowerCase()) && /was received/.test(c.mail.subject ?? ''));
    // Read as sent and as decoded (a quoted-printable line break could hide a phrase in the raw text).
    for (const c of captured) {
      const everything = [c.raw, c.mail.subject, c.mail.text, c.mail.html || ''].join('\n');
      for (const text of [mrn, 'barcode scanner', summary, 'scanner profile']) {
        expect(everything, `"${c.mail.subject}" carries no ticket text ("${text}")`).not.toContain(text);
      }
    }

    // 5. She answers from her mail program, which quotes the notice below her words.
    const replyText = 'Restarted it and it paired first time. Thank you!';
    await clinicianMailer.sendMail({
      from: { name: clinician.name, address: clinician.email },
      to: DESK_ADDRESS,
      subject: `Re: ${subject}`,
      inReplyTo: notice.mail.messageId,
      references: [...[notice.mail.references ?? []].flat(), notice.mail.messageId!],
      messageId: `<reply-${Date.now()}@mail.${MAIL_DOMAIN}>`,
      text: `${replyText}\n\nOn Tue, 1 Dec 2026 at 09:14, St Mary's Service Desk <${DESK_ADDRESS}> wrote:\n${(
        notice.mail.text ?? ''
      )
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')}\n`,
    });

    // 6. Her answer lands on the same ticket in the console, live, as a public reply by her (she has no account to
    // show as its author: the email's sender is shown, never "Clinidesk"), without the quoted notice. She is on file,
    // so not marked unverified.
    const sender = `${clinician.name} <${clinician.email}>`;
    const herReply = agent.page
      .getByRole('article', { name: `Public reply by ${sender}` })
      .filter({ hasText: replyText });
    await herReply.waitFor({ timeout: 20_000 });
    const shown = (await herReply.textContent()) ?? '';
    expect(shown).toContain(sender);
    expect(shown).toContain('by email');
    expect(shown).not.toContain('Clinidesk');
    expect(shown).not.toContain('Unverified');
    expect(shown).not.toContain('wrote:');
    expect(shown).not.toContain('Open it here');
    expect(shown).not.toContain('has a reply');
    // Both messages were taken once, onto the one ticket: opened by the first, commented by the reply.
    const taken = await spec.desk.ctx.database.query<{ outcome: string; ticket_id: string }>(
      'SELECT outcome, ticket_id FROM email_messages ORDER BY received_at',
    );
    expect(taken).toEqual([
      { outcome: 'opened', ticket_id: ticketId },
      { outcome: 'commented', ticket_id: ticketId },
    ]);
    expect(new URL(agent.page.url()).pathname).toBe(`/console/tickets/${number}`);

    expect(await seriousAccessibilityProblems(agent.page)).toEqual([]);
    // From the top, so the sticky header sits where it belongs in the full-page picture.
    await agent.page.evaluate(() => window.scrollTo(0, 0));
    await agent.page.screenshot({ path: path.join(SCREENSHOTS, 'email-ticket.png'), fullPage: true });
    expect(agent.errors).toEqual([]);
  });
});
