// Notifications through real parts: the app sends with nodemailer to a real SMTP server in the test (the hospital's
// relay), and pages a real HTTP endpoint. Checks what the requester and the staff receive, the threading headers,
// that no patient detail reaches a mailbox, preferences, templates and settings (audited), a relay that refuses
// (mail delayed, not lost), the failed list and resend, and several senders at once (each mail exactly once).
import { createHmac } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client, TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { users } from '../../platform/db/schema.ts';
import { appendEvent } from '../../platform/events/outbox.ts';
import { people } from '../directory/tables.ts';
import { messageIdsIn, ticketIdFromReferences, ticketNumberFromSubject } from '../email/rules/threading.ts';
import { consumeResolvedTickets } from '../surveys/service/invite.ts';
import { formatTicketNumber } from '../tickets/rules/vocabulary.ts';
import { tickets } from '../tickets/tables.ts';
import { appWithRelay, MAIL_DOMAIN, PAGER_SECRET, type Pager, type Relay, startPager, startRelay } from './fixture.ts';
import { MAX_ATTEMPTS } from './rules/delivery.ts';
import { KIND_LABELS } from './rules/vocabulary.ts';
import { notificationSettings } from './service/admin.ts';
import { consumeEvents } from './service/consume.ts';
import { forgetOldDeliveries, sendDue } from './service/send.ts';
import { notificationDeliveries } from './tables.ts';

let relay: Relay;
let pager: Pager;
let t: TestApp;
let h: Hospital;
let agent: Client;
let agent2: Client;
let nurse: Client;
let vendor: Client;
let admin: Client;
const email = (u: { username: string }) => `${u.username}@${MAIL_DOMAIN}`;

/** Patient details planted in the ticket's free text; none may appear in any mail unless full text is on. */
const PHI = ['John Smith', '00482913', '123-45-6789', 'Quartermaine'];

beforeAll(async () => {
  relay = await startRelay();
  pager = await startPager();
  t = await appWithRelay(relay);
  h = await buildHospital(t.ctx);
  const people = [h.users.nurse, h.users.agent, h.users.agent2, h.users.analyst, h.users.vendor];
  for (const u of people)
    await t.ctx.database.db
      .update(users)
      .set({ email: email(u) })
      .where(eq(users.id, u.id));
  const as = (u: { username: string }) => t.signIn(u.username, TEST_PASSWORD);
  [agent, agent2, nurse, vendor] = await Promise.all([
    as(h.users.agent),
    as(h.users.agent2),
    as(h.users.nurse),
    as(h.users.vendor),
  ]);
  admin = await t.signIn('admin');
}, 120_000);
afterAll(async () => {
  await t?.close();
  await relay?.close();
  await pager?.close();
});

/** Runs the consumers and the sender (the background jobs run too) until `check` passes. */
async function until<T>(check: () => T | Promise<T>, timeout = 15_000): Promise<T> {
  return vi.waitFor(
    async () => {
      await consumeResolvedTickets(t.ctx);
      await consumeEvents(t.ctx);
      await sendDue(t.ctx);
      return check();
    },
    { timeout, interval: 100 },
  );
}

const mailsTo = (u: { username: string }) => relay.received.filter((r) => r.to.includes(email(u)));
const header = (raw: string, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im')
    .exec(raw)?.[1]
    ?.replace(/\r?\n[ \t]+/g, ' ')
    .trim();

async function openTicket(c: Client, body: Record<string, unknown> = {}) {
  const res = await c.post('/api/v1/tickets', {
    requesterId: h.nurse.id,
    summary: 'Patient John Smith chart will not open in BCMA',
    description: 'MRN 00482913: the chart spins',
    serviceId: h.ehr.id,
    moduleId: h.bcma.id,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  const number = res.json().number as string;
  const row = (
    await t.ctx.database.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(eq(tickets.number, Number(number.slice(4))))
  )[0]!;
  return { number, id: row.id };
}

async function deliveriesOf(ticketId: string) {
  return t.ctx.database.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.ticketId, ticketId));
}

async function patch(c: Client, number: string, body: Record<string, unknown>) {
  const current = (await c.get(`/api/v1/tickets/${number}`)).json();
  const res = await c.request({
    method: 'PATCH',
    url: `/api/v1/tickets/${number}`,
    payload: { version: current.version, ...body },
  });
  expect(res.statusCode, res.body).toBe(200);
}

function expectNoPhi(raw: string) {
  for (const token of PHI) expect(raw.toLowerCase()).not.toContain(token.toLowerCase());
}

async function auditActions(action: string) {
  return t.ctx.database.query<{ target_id: string; summary: Record<string, unknown> }>(
    'SELECT target_id, summary FROM audit_log WHERE action = $1 ORDER BY id',
    [action],
  );
}

describe('mail to the requester', () => {
  it('says her ticket was received, with the ticket number, the threading headers and no patient details', async () => {
    const { number, id } = await openTicket(agent);
    const got = await until(() => {
      const m = mailsTo(h.users.nurse).find((r) => r.mail.subject?.includes(`[${number}]`));
      expect(m).toBeDefined();
      return m!;
    });
    expect(formatTicketNumber(ticketNumberFromSubject(got.mail.subject!)!)).toBe(number);
    expect(got.mail.subject).toContain('was received');
    const messageId = header(got.raw, 'Message-ID')!;
    expect(messageId).toMatch(new RegExp(`^<ticket-${id}\\.[0-9a-f-]{36}@${MAIL_DOMAIN}>$`));
    const thread = `<ticket-${id}@${MAIL_DOMAIN}>`;
    expect(header(got.raw, 'References')).toBe(thread);
    expect(header(got.raw, 'In-Reply-To')).toBe(thread);
    expect(ticketIdFromReferences(messageIdsIn(header(got.raw, 'In-Reply-To')), [])?.ticketId).toBe(id);
    expect(header(got.raw, 'Auto-Submitted')).toBe('auto-generated');
    expect(got.mail.text).toContain(`https://desk.riverside.test/portal/tickets/${number}`);
    expectNoPhi(got.raw);
  });

  it('sends the receipt to a nurse who opened the ticket herself in the portal', async () => {
    const res = await nurse.post('/api/v1/tickets', { summary: 'Patient John Smith label printer jams' });
    expect(res.statusCode, res.body).toBe(201);
    const number = res.json().number as string;
    const got = await until(() => {
      const m = mailsTo(h.users.nurse).find((r) => r.mail.subject === `[${number}] Your ticket ${number} was received`);
      expect(m).toBeDefined();
      return m!;
    });
    expectNoPhi(got.raw);
  });

  it('mails a physician without an account at the address on file, without patient details', async () => {
    const address = `samuel.osei.${h.tag}@${MAIL_DOMAIN}`;
    await t.ctx.database.db.update(people).set({ email: address }).where(eq(people.id, h.doctor.id));
    const { number } = await openTicket(agent, { requesterId: h.doctor.id });
    const got = await until(() => {
      const m = relay.received.find((r) => r.to.includes(address) && r.mail.subject?.includes(`[${number}]`));
      expect(m).toBeDefined();
      return m!;
    });
    expect(got.mail.subject).toBe(`[${number}] Your ticket ${number} was received`);
    expectNoPhi(got.raw);
  });

  it('tells of a desk reply on the public thread only, never of internal or vendor-thread notes, and never its text', async () => {
    const { number, id } = await openTicket(agent, { assignToMe: true });
    const at = `/api/v1/tickets/${number}/comments`;
    expect((await agent.post(at, { visibility: 'internal', body: 'Internal: SSN 123-45-6789' })).statusCode).toBe(201);
    const esc = await agent.post(`/api/v1/tickets/${number}/escalations`, { toTier: 'vendor', reason: 'Vendor bug' });
    expect(esc.statusCode, esc.body).toBe(200);
    expect((await agent.post(at, { visibility: 'vendor', body: 'Vendor: Quartermaine' })).statusCode).toBe(201);
    expect((await agent.post(at, { visibility: 'public', body: 'Try again, John Smith' })).statusCode).toBe(201);
    const reply = await until(() => {
      const m = mailsTo(h.users.nurse).find((r) => r.mail.subject?.includes(`[${number}]`) && /reply/.test(r.raw));
      expect(m).toBeDefined();
      return m!;
    });
    expect(reply.mail.subject).toBe(`[${number}] Your ticket ${number} has a reply`);
    expectNoPhi(reply.raw);
    const toNurse = (await deliveriesOf(id)).filter((d) => d.userId === h.users.nurse.id).map((d) => d.kind);
    expect(toNurse.sort()).toEqual(['public_reply', 'ticket_received']);
  });

  it('says the ticket was resolved, with a link to its satisfaction survey', async () => {
    const { number } = await openTicket(agent, {
      type: 'how_to',
      channel: 'phone',
      resolveNow: { code: 'answered_how_to', note: 'Cleared the cache for John Smith' },
    });
    const resolved = await until(() => {
      const m = mailsTo(h.users.nurse).find((r) => r.mail.subject === `[${number}] Your ticket ${number} was resolved`);
      expect(m).toBeDefined();
      return m!;
    });
    expect(resolved.mail.text).toMatch(/https:\/\/desk\.riverside\.test\/s\/[A-Za-z0-9_-]{43}/);
    expectNoPhi(resolved.raw);
  });

  it('says the ticket was reopened when the desk reopens it', async () => {
    const { number } = await openTicket(agent, {
      type: 'how_to',
      channel: 'phone',
      resolveNow: { code: 'answered_how_to', note: 'Done' },
    });
    await patch(agent, number, { status: 'in_progress' });
    await until(() =>
      expect(
        mailsTo(h.users.nurse).some((r) => r.mail.subject === `[${number}] Your ticket ${number} was reopened`),
      ).toBe(true),
    );
  });
});

describe('answers email in asks for', () => {
  it('answers a sender who asked for a password change by email, threaded on the ticket and on her mail', async () => {
    const { number, id } = await openTicket(agent);
    const theirs = '<CAF1234.reset-please@outlook.com>';
    const to = `someone.${h.tag}@${MAIL_DOMAIN}`;
    await t.ctx.database.db.transaction((tx) =>
      appendEvent(tx, {
        type: 'email.reply_requested',
        subjectType: 'ticket',
        subjectId: id,
        payload: { template: 'sensitive_request_by_email', to, ticketId: id, inReplyTo: theirs },
        audience: {},
      }),
    );
    const got = await until(() => {
      const m = relay.received.find((r) => r.to.includes(to));
      expect(m).toBeDefined();
      return m!;
    });
    expect(got.mail.subject).toBe(`[${number}] About your email on ticket ${number}`);
    expect(got.mail.text).toMatch(/never makes these changes because of an email/);
    expect(header(got.raw, 'In-Reply-To')).toBe(theirs);
    expect(header(got.raw, 'References')).toBe(`<ticket-${id}@${MAIL_DOMAIN}> ${theirs}`);
    expect(header(got.raw, 'Auto-Submitted')).toBe('auto-generated');
    expectNoPhi(got.raw);
  });

  it('lists a delivery whose mail bounced as failed', async () => {
    const { id } = await openTicket(agent);
    const d = await until(async () => {
      const row = (await deliveriesOf(id)).find((x) => x.status === 'sent');
      expect(row).toBeDefined();
      return row!;
    });
    await t.ctx.database.db.transaction((tx) =>
      appendEvent(tx, {
        type: 'email.bounced',
        subjectType: 'ticket',
        subjectId: id,
        payload: { ticketId: id, deliveryId: d.id },
        audience: {},
      }),
    );
    await until(async () => {
      const row = (await deliveriesOf(id)).find((x) => x.id === d.id);
      expect(row?.status).toBe('failed');
      expect(row?.lastError).toMatch(/bounce/);
    });
  });
});

describe('mail and pages to desk staff', () => {
  it('tells the new assignee, linking to the console', async () => {
    const { number } = await openTicket(agent);
    await patch(agent, number, { assigneeId: h.users.agent2.id });
    const m = await until(() => {
      const found = mailsTo(h.users.agent2).find((r) => r.mail.subject?.includes('was assigned to you'));
      expect(found?.mail.subject).toContain(`[${number}]`);
      return found!;
    });
    expect(m.mail.text).toContain(`https://desk.riverside.test/console/tickets/${number}`);
    expectNoPhi(m.raw);
  });

  it('pages a new P1 to the group member who chose the pager, signed, with no patient details', async () => {
    const set = await agent2.request({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      payload: { preferences: [{ kind: 'new_urgent_in_group', channel: 'pager' }] },
    });
    expect(set.statusCode, set.body).toBe(200);
    const settings = await admin.request({
      method: 'PUT',
      url: '/api/v1/notifications/settings',
      payload: { fullTextDomain: null, pagerUrl: pager.url },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const { number } = await openTicket(agent, { impact: 1, urgency: 1, patientCareAffected: true });
    const page = await until(() => {
      const p = pager.received.find((r) => JSON.parse(r.body).ticket === number);
      expect(p).toBeDefined();
      return p!;
    });
    const body = JSON.parse(page.body);
    expect(body).toMatchObject({ kind: 'new_urgent_in_group', ticket: number, priority: 'P1' });
    expect(body.link).toBe(`https://desk.riverside.test/console/tickets/${number}`);
    const ts = page.headers['x-clinidesk-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', PAGER_SECRET).update(`${ts}.${page.body}`).digest('hex')}`;
    expect(page.headers['x-clinidesk-signature']).toBe(expected);
    expectNoPhi(page.body);
    // The one who opened it is not told; the member who pages gets no mail for it; the other group is not told.
    expect(mailsTo(h.users.agent2).some((r) => r.mail.subject?.includes(`P1 ticket ${number} in your group`))).toBe(
      false,
    );
    expect(mailsTo(h.users.agent).some((r) => r.mail.subject?.includes(`[${number}]`))).toBe(false);
    expect(mailsTo(h.users.analyst).some((r) => r.mail.subject?.includes(`[${number}]`))).toBe(false);
  });

  it('tells the group of a ticket raised to P2 and then P1 after opening, and the group it moves to, once per level', async () => {
    // agent2 pages urgent tickets in her group: a P2 reaches her by email, a P1 by the pager.
    const set = await agent2.request({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      payload: { preferences: [{ kind: 'new_urgent_in_group', channel: 'pager' }] },
    });
    expect(set.statusCode, set.body).toBe(200);
    const { number, id } = await openTicket(agent, { impact: 2, urgency: 3 });
    const urgentNotices = async () =>
      (await deliveriesOf(id))
        .filter((d) => d.kind === 'new_urgent_in_group')
        .map((d) => ({ userId: d.userId, channel: d.channel, subject: d.subject }))
        .sort((a, b) => a.subject.localeCompare(b.subject) || String(a.userId).localeCompare(String(b.userId)));
    await until(async () => expect((await deliveriesOf(id)).some((d) => d.kind === 'ticket_received')).toBe(true));
    expect(await urgentNotices()).toEqual([]);
    await patch(agent, number, { impact: 2, urgency: 2 });
    await until(async () => expect(await urgentNotices()).toHaveLength(1));
    await patch(agent, number, { impact: 1, urgency: 1 });
    await until(async () => expect(await urgentNotices()).toHaveLength(2));
    // Changes that bring no new level tell nobody: more work at P1, then down to P2 (the group heard of it at P1).
    await patch(agent, number, { callbackRequested: true });
    await patch(agent, number, { impact: 2, urgency: 2 });
    // Handed to Tier 2: that group has not heard of it, so it is told at the ticket's level now.
    const escalated = await agent.post(`/api/v1/tickets/${number}/escalations`, {
      toTier: 'tier2',
      reason: 'Needs the BCMA analyst',
    });
    expect(escalated.statusCode, escalated.body).toBeLessThan(300);
    await until(async () => expect(await urgentNotices()).toHaveLength(3));
    await until(() => expect(mailsTo(h.users.analyst).some((r) => r.mail.subject?.includes(`[${number}]`))).toBe(true));
    expect(await urgentNotices()).toEqual(
      [
        { userId: h.users.agent2.id, channel: 'email', subject: `[${number}] P2 ticket ${number} in your group` },
        { userId: h.users.analyst.id, channel: 'email', subject: `[${number}] P2 ticket ${number} in your group` },
        { userId: h.users.agent2.id, channel: 'pager', subject: `${number} ${KIND_LABELS.new_urgent_in_group}` },
      ].sort((a, b) => a.subject.localeCompare(b.subject) || String(a.userId).localeCompare(String(b.userId))),
    );
    // The agent who made every change is never told of it; the analyst's mail carries no patient detail.
    expect(
      mailsTo(h.users.agent).some((r) => r.mail.subject?.includes('in your group') && r.mail.subject.includes(number)),
    ).toBe(false);
    for (const m of mailsTo(h.users.analyst).filter((r) => r.mail.subject?.includes(number))) expectNoPhi(m.raw);
  });

  it('tells the watchers of an SLA breach: by pager for one who chose it, by email for the other', async () => {
    const set = await agent.request({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      payload: { preferences: [{ kind: 'sla_breached', channel: 'pager' }] },
    });
    expect(set.statusCode, set.body).toBe(200);
    const { number, id } = await openTicket(agent2);
    // The event the SLA sweep writes when a clock breaches (sla/service.ts), for the assignee and the group.
    await t.ctx.database.db.transaction((tx) =>
      appendEvent(tx, {
        type: 'sla.breached',
        subjectType: 'ticket',
        subjectId: id,
        actorId: null,
        payload: { number, clock: 'resolution', at: new Date().toISOString(), priority: 3, policy: 'Standard' },
        audience: { userIds: [h.users.agent.id, h.users.agent2.id], roles: ['manager'] },
      }),
    );
    const mail = await until(() => {
      const m = mailsTo(h.users.agent2).find((r) => r.mail.subject?.includes(`${number} (P`) && /missed/.test(r.raw));
      expect(m).toBeDefined();
      return m!;
    });
    expectNoPhi(mail.raw);
    const page = await until(() => {
      const p = pager.received.find((r) => JSON.parse(r.body).ticket === number);
      expect(p).toBeDefined();
      return JSON.parse(p!.body);
    });
    expect(page.kind).toBe('sla_breached');
    expect(mailsTo(h.users.agent).some((r) => r.mail.subject?.includes(`[${number}]`))).toBe(false);
  });

  it('tells the assignee when the vendor writes on the vendor thread, and never mails the vendor of it', async () => {
    const { number } = await openTicket(agent, { assignToMe: true });
    const esc = await agent.post(`/api/v1/tickets/${number}/escalations`, { toTier: 'vendor', reason: 'Vendor bug' });
    expect(esc.statusCode, esc.body).toBe(200);
    await patch(agent, number, { assigneeId: h.users.agent.id });
    const c = await vendor.post(`/api/v1/tickets/${number}/comments`, { body: 'Patch ready for Quartermaine' });
    expect(c.statusCode, c.body).toBe(201);
    const m = await until(() => {
      const found = mailsTo(h.users.agent).find((r) => r.mail.subject?.includes(`The vendor updated ticket ${number}`));
      expect(found).toBeDefined();
      return found!;
    });
    expectNoPhi(m.raw);
    // The vendor hears only of its new case (vendor-notices.test.ts), never of its own words nor a desk notice.
    for (const r of mailsTo(h.users.vendor).filter((x) => x.mail.subject?.includes(`[${number}]`)))
      expect(r.mail.subject).toMatch(/escalated to you/);
  });
});

describe('preferences', () => {
  it('sends nothing a person turned off, and refuses choices that do not exist with a problem', async () => {
    const off = await nurse.request({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      payload: { preferences: [{ kind: 'ticket_received', channel: 'none' }] },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().preferences.find((p: { kind: string }) => p.kind === 'ticket_received').channel).toBe('none');
    const { number, id } = await openTicket(agent);
    expect(
      (await agent.post(`/api/v1/tickets/${number}/comments`, { visibility: 'public', body: 'On it' })).statusCode,
    ).toBe(201);
    await until(() => expect(mailsTo(h.users.nurse).some((r) => r.mail.subject?.includes(`[${number}]`))).toBe(true));
    expect((await deliveriesOf(id)).map((d) => d.kind)).toEqual(['public_reply']);

    for (const payload of [
      { preferences: [{ kind: 'ticket_received', channel: 'pager' }] },
      { preferences: [{ kind: 'sla_breached', channel: 'email' }] },
      { preferences: [{ kind: 'everything', channel: 'email' }] },
      { preferences: 'all' },
    ]) {
      const bad = await nurse.request({ method: 'PUT', url: '/api/v1/me/notifications', payload });
      expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
      expect(bad.headers['content-type']).toBe('application/problem+json');
    }
    await nurse.request({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      payload: { preferences: [{ kind: 'ticket_received', channel: 'email' }] },
    });
    expect((await auditActions('notification.preferences')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('templates and settings (administrators)', () => {
  const put = (kind: string, payload: unknown) =>
    admin.request({ method: 'PUT', url: `/api/v1/notifications/templates/${kind}`, payload: payload as object });

  it('refuses a placeholder that could leak patient details, and audits a change and a reset', async () => {
    for (const [payload, field] of [
      [{ subject: 'Reply on {{number}}', body: '{{description}} {{link}}' }, 'body'],
      [{ subject: '{{title}} has a reply', body: 'See {{link}}' }, 'subject'],
      [{ subject: 'Reply on {{number}}', body: 'No link here' }, 'body'],
    ] as const) {
      const bad = await put('public_reply', payload);
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.headers['content-type']).toBe('application/problem+json');
      expect(JSON.stringify(bad.json())).toContain(field);
    }
    expect((await put('no_such_kind', { subject: 'x', body: '{{link}}' })).statusCode).toBe(400);

    const ok = await put('public_reply', { subject: 'News on {{number}}', body: 'The desk wrote. {{link}}' });
    expect(ok.statusCode, ok.body).toBe(200);
    const { number } = await openTicket(agent);
    await agent.post(`/api/v1/tickets/${number}/comments`, { visibility: 'public', body: 'John Smith fixed' });
    const m = await until(() => {
      const found = mailsTo(h.users.nurse).find((r) => r.mail.subject === `[${number}] News on ${number}`);
      expect(found).toBeDefined();
      return found!;
    });
    expectNoPhi(m.raw);
    const reset = await admin.delete('/api/v1/notifications/templates/public_reply');
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await auditActions('notification.template_update')).map((a) => a.target_id)).toContain('public_reply');
    expect((await auditActions('notification.template_reset')).map((a) => a.target_id)).toContain('public_reply');
  });

  it("sends the reply's text once full text is on for the hospital's own mail domain, and audits the setting", async () => {
    const bad = await admin.request({
      method: 'PUT',
      url: '/api/v1/notifications/settings',
      payload: { fullTextDomain: 'not a domain', pagerUrl: null },
    });
    expect(bad.statusCode).toBe(400);
    const on = await admin.request({
      method: 'PUT',
      url: '/api/v1/notifications/settings',
      payload: { fullTextDomain: MAIL_DOMAIN, pagerUrl: pager.url },
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({
      fullTextDomain: MAIL_DOMAIN,
      relayConfigured: true,
      pagerSecretConfigured: true,
    });
    const { number } = await openTicket(agent);
    await agent.post(`/api/v1/tickets/${number}/comments`, { visibility: 'public', body: 'Reboot the WOW, please' });
    await until(() =>
      expect(
        mailsTo(h.users.nurse).some((r) => r.mail.subject?.includes(`[${number}]`) && r.raw.includes('Reboot the WOW')),
      ).toBe(true),
    );
    await admin.request({
      method: 'PUT',
      url: '/api/v1/notifications/settings',
      payload: { fullTextDomain: null, pagerUrl: pager.url },
    });
    const audits = await auditActions('notification.settings');
    expect(audits.some((a) => JSON.stringify(a.summary).includes(MAIL_DOMAIN))).toBe(true);
  });
});

describe('the delivery queue', () => {
  it('keeps mail while the relay refuses it, and delivers it once the relay is back', async () => {
    relay.refuse = true;
    const { number, id } = await openTicket(agent);
    const tried = await until(async () => {
      const d = (await deliveriesOf(id)).find((x) => x.kind === 'ticket_received');
      expect(d?.attempts).toBeGreaterThanOrEqual(1);
      expect(d?.lastError).toMatch(/451|unavailable/i);
      return d!;
    });
    expect(tried.status).toBe('pending');
    expect(tried.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(mailsTo(h.users.nurse).some((r) => r.mail.subject?.includes(`[${number}]`))).toBe(false);
    relay.refuse = false;
    // The backoff has run out (instead of waiting 30 seconds).
    await t.ctx.database.db
      .update(notificationDeliveries)
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(notificationDeliveries.id, tried.id));
    await until(() =>
      expect(mailsTo(h.users.nurse).filter((r) => r.mail.subject?.includes(`[${number}]`))).toHaveLength(1),
    );
    expect((await deliveriesOf(id)).find((x) => x.id === tried.id)?.status).toBe('sent');
  });

  it('lists a delivery that kept failing for the administrator, who sends it again', async () => {
    relay.refuse = true;
    const { number, id } = await openTicket(agent);
    const d = await until(async () => {
      const row = (await deliveriesOf(id)).find((x) => x.kind === 'ticket_received');
      expect(row).toBeDefined();
      return row!;
    });
    await t.ctx.database.db
      .update(notificationDeliveries)
      .set({ attempts: MAX_ATTEMPTS - 1, nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(notificationDeliveries.id, d.id));
    await until(async () => expect((await deliveriesOf(id)).find((x) => x.id === d.id)?.status).toBe('failed'));
    const list = await admin.get('/api/v1/notifications/deliveries?status=failed');
    expect(list.statusCode, list.body).toBe(200);
    const listed = list.json().deliveries.find((x: { id: string }) => x.id === d.id);
    expect(listed).toMatchObject({ to: email(h.users.nurse), kind: 'ticket_received', status: 'failed' });
    expect((await admin.get('/api/v1/notifications/settings')).json().failed).toBeGreaterThanOrEqual(1);

    relay.refuse = false;
    const resend = await admin.post(`/api/v1/notifications/deliveries/${d.id}/resend`);
    expect(resend.statusCode, resend.body).toBe(200);
    await until(() =>
      expect(mailsTo(h.users.nurse).filter((r) => r.mail.subject?.includes(`[${number}]`))).toHaveLength(1),
    );
    expect((await admin.post(`/api/v1/notifications/deliveries/${d.id}/resend`)).statusCode).toBe(409);
    expect((await admin.post('/api/v1/notifications/deliveries/nope/resend')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/notifications/deliveries?status=lost')).statusCode).toBe(400);
    expect((await auditActions('notification.resend')).map((a) => a.target_id)).toContain(d.id);
  });

  it('delivers each mail exactly once with several consumers and senders running at once', async () => {
    const made = await Promise.all([1, 2, 3, 4, 5].map(() => openTicket(agent)));
    await Promise.all([1, 2, 3, 4].map(() => consumeEvents(t.ctx)));
    await Promise.all([1, 2, 3, 4].map(() => sendDue(t.ctx)));
    await until(async () => {
      const rows = await t.ctx.database.db
        .select()
        .from(notificationDeliveries)
        .where(
          inArray(
            notificationDeliveries.ticketId,
            made.map((m) => m.id),
          ),
        );
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
    });
    await Promise.all([1, 2, 3].map(() => sendDue(t.ctx)));
    const ids = relay.received.map((r) => header(r.raw, 'Message-ID'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of made) {
      expect(mailsTo(h.users.nurse).filter((r) => r.mail.subject?.includes(`[${m.number}]`))).toHaveLength(1);
    }
  });

  it('forgets sent deliveries after 30 days, and keeps younger ones', async () => {
    const { id } = await openTicket(agent);
    const d = await until(async () => {
      const row = (await deliveriesOf(id)).find((x) => x.status === 'sent');
      expect(row).toBeDefined();
      return row!;
    });
    const at = (days: number) => new Date(Date.now() - days * 86_400_000);
    const db = t.ctx.database.db;
    await db
      .update(notificationDeliveries)
      .set({ sentAt: at(29) })
      .where(eq(notificationDeliveries.id, d.id));
    await forgetOldDeliveries(t.ctx);
    expect((await deliveriesOf(id)).map((x) => x.id)).toContain(d.id);
    await db
      .update(notificationDeliveries)
      .set({ sentAt: at(31) })
      .where(eq(notificationDeliveries.id, d.id));
    await forgetOldDeliveries(t.ctx);
    expect((await deliveriesOf(id)).map((x) => x.id)).not.toContain(d.id);
  });

  it('without a relay configured, the sender sends nothing and the admin screen says mail is not sent', async () => {
    const noRelay = { ...t.ctx, config: { ...t.ctx.config, mailOut: null, pagerSecret: null } };
    expect(await sendDue(noRelay)).toBe(0);
    const settings = await notificationSettings(noRelay);
    expect(settings).toMatchObject({ relayConfigured: false, from: null, pagerSecretConfigured: false });
  });
});
