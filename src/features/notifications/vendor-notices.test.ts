// What the vendor case tells by mail (issue 16), through real parts (an SMTP server standing in for the relay):
// the desk is told when the holding vendor needs information (the staff assignee, else the desk group the ticket
// came from), and a provider's engineers are told of their new case, a desk reply on the shared thread and their
// contract clock at risk or breached — never of an internal note or a public reply, and never with patient details.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client, TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { users } from '../../platform/db/schema.ts';
import { appendEvent } from '../../platform/events/outbox.ts';
import { phiKinds } from '../privacy/rules.ts';
import { tickets } from '../tickets/tables.ts';
import { appWithRelay, MAIL_DOMAIN, type Relay, startRelay } from './fixture.ts';
import { consumeEvents } from './service/consume.ts';
import { sendDue } from './service/send.ts';
import { notificationDeliveries } from './tables.ts';

let relay: Relay;
let t: TestApp;
let h: Hospital;
let agent: Client;
let vendor: Client;
let vendor2: Client;
const email = (u: { username: string }) => `${u.username}@${MAIL_DOMAIN}`;

/** Patient details planted in every free text of the ticket and its threads: none may reach a mailbox. */
const PHI = ['John Smith', '00482913', '123-45-6789', 'Quartermaine'];

beforeAll(async () => {
  relay = await startRelay();
  t = await appWithRelay(relay);
  h = await buildHospital(t.ctx);
  for (const u of Object.values(h.users))
    await t.ctx.database.db
      .update(users)
      .set({ email: email(u) })
      .where(eq(users.id, u.id));
  const as = (u: { username: string }) => t.signIn(u.username, TEST_PASSWORD);
  [agent, vendor, vendor2] = await Promise.all([as(h.users.agent), as(h.users.vendor), as(h.users.otherVendor)]);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await relay?.close();
});

async function until<T>(check: () => T | Promise<T>, timeout = 15_000): Promise<T> {
  return vi.waitFor(
    async () => {
      await consumeEvents(t.ctx);
      await sendDue(t.ctx);
      return check();
    },
    { timeout, interval: 100 },
  );
}

/** Waits until the consumer (this test's or the background job's) has read every event written so far: a "nothing
 *  was sent" check must come after that. */
async function drain() {
  const [last] = await t.ctx.database.query<{ id: string }>('SELECT max(id)::text AS id FROM outbox');
  await until(async () => {
    const [cursor] = await t.ctx.database.query<{ event_id: string }>(
      "SELECT event_id::text AS event_id FROM notification_outbox_cursor WHERE name = 'notifications'",
    );
    expect(BigInt(cursor!.event_id)).toBeGreaterThanOrEqual(BigInt(last!.id));
  });
}

const put = (c: Client, url: string, payload: Record<string, unknown>) => c.request({ method: 'PUT', url, payload });

const mailsTo = (u: { username: string }, number: string) =>
  relay.received.filter((r) => r.to.includes(email(u)) && r.mail.subject?.includes(`[${number}]`));

async function deliveries(ticketId: string) {
  return t.ctx.database.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.ticketId, ticketId));
}

function expectNoPhi(raw: string) {
  for (const token of PHI) expect(raw.toLowerCase()).not.toContain(token.toLowerCase());
}

/** A ticket with patient details everywhere, escalated to the vendor; `assignee` then holds it for the desk. */
async function escalatedTicket(assignee?: { id: string }) {
  const res = await agent.post('/api/v1/tickets', {
    requesterId: h.nurse.id,
    summary: 'Patient John Smith chart will not open in BCMA',
    description: 'MRN 00482913, SSN 123-45-6789: the chart spins',
    serviceId: h.ehr.id,
    moduleId: h.bcma.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  const number = res.json().number as string;
  const id = (
    await t.ctx.database.db
      .select({ id: tickets.id })
      .from(tickets)
      .where(eq(tickets.number, Number(number.slice(4))))
  )[0]!.id;
  const esc = await agent.post(`/api/v1/tickets/${number}/escalations`, {
    toTier: 'vendor',
    reason: 'Vendor bug seen for Quartermaine',
  });
  expect(esc.statusCode, esc.body).toBe(200);
  if (assignee) {
    const current = (await agent.get(`/api/v1/tickets/${number}`)).json();
    const p = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: current.version, assigneeId: assignee.id },
    });
    expect(p.statusCode, p.body).toBe(200);
  }
  return { number, id };
}

describe('the desk is told when the vendor needs information', () => {
  it('tells the staff assignee, with no patient details', async () => {
    const { number, id } = await escalatedTicket(h.users.agent2);
    const move = await vendor.post(`/api/v1/tickets/${number}/vendor-case`, {
      state: 'needs_info',
      message: 'Which build does Quartermaine run?',
    });
    expect(move.statusCode, move.body).toBe(200);
    const m = await until(() => {
      const found = mailsTo(h.users.agent2, number).find((r) => /needs information/.test(r.mail.subject ?? ''));
      expect(found).toBeDefined();
      return found!;
    });
    expect(m.mail.subject).toMatch(
      new RegExp(`^\\[${number}\\] The vendor needs information on ticket ${number} \\(P\\d\\)$`),
    );
    expect(m.mail.text).toContain(`/console/tickets/${number}`);
    expectNoPhi(m.raw);
    expect(phiKinds(m.mail.text ?? '')).toEqual([]);
    const told = (await deliveries(id)).filter((d) => d.kind === 'vendor_needs_info').map((d) => d.userId);
    // Only the assignee: not the group it came from, and never the vendor who asked.
    expect(told).toEqual([h.users.agent2.id]);
  });

  it('tells the members of the desk group the ticket came from when no desk person holds it', async () => {
    const { number, id } = await escalatedTicket();
    expect((await vendor.post(`/api/v1/tickets/${number}/vendor-case`, { state: 'needs_info' })).statusCode).toBe(200);
    await until(async () => {
      const told = (await deliveries(id)).filter((d) => d.kind === 'vendor_needs_info').map((d) => d.userId);
      // The Tier 1-Plus group it came from (the agent escalated it, but the vendor asked: both agents hear of it).
      expect(told.sort()).toEqual([h.users.agent.id, h.users.agent2.id].sort());
    });
    expect(mailsTo(h.users.vendor, number).filter((r) => /needs information/.test(r.mail.subject ?? ''))).toEqual([]);
  });

  it('respects the preference: an agent who turned it off is not told', async () => {
    const agent2 = await t.signIn(h.users.agent2.username, TEST_PASSWORD);
    const off = await put(agent2, '/api/v1/me/notifications', {
      preferences: [{ kind: 'vendor_needs_info', channel: 'none' }],
    });
    expect(off.statusCode, off.body).toBe(200);
    try {
      const { number, id } = await escalatedTicket(h.users.agent2);
      expect((await vendor.post(`/api/v1/tickets/${number}/vendor-case`, { state: 'needs_info' })).statusCode).toBe(
        200,
      );
      await drain();
      expect((await deliveries(id)).filter((d) => d.kind === 'vendor_needs_info')).toEqual([]);
    } finally {
      await put(agent2, '/api/v1/me/notifications', { preferences: [{ kind: 'vendor_needs_info', channel: 'email' }] });
    }
  });
});

describe("a provider's engineers are told what concerns them", () => {
  it('a new case, a desk reply on the shared thread, never an internal note or a public reply, never PHI', async () => {
    const { number, id } = await escalatedTicket(h.users.agent);
    const newCase = await until(() => {
      const m = mailsTo(h.users.vendor, number).find((r) => /escalated to you/.test(r.mail.subject ?? ''));
      expect(m).toBeDefined();
      return m!;
    });
    expect(newCase.mail.text).toContain(`Reply in Clinidesk: https://desk.riverside.test/console/tickets/${number}`);
    const at = `/api/v1/tickets/${number}/comments`;
    expect((await agent.post(at, { visibility: 'internal', body: 'Internal: SSN 123-45-6789' })).statusCode).toBe(201);
    expect((await agent.post(at, { visibility: 'public', body: 'Try again, John Smith' })).statusCode).toBe(201);
    await drain();
    // Neither the internal note nor the public reply told the vendor anything.
    expect((await deliveries(id)).filter((d) => d.userId === h.users.vendor.id).map((d) => d.kind)).toEqual([
      'vendor_new_case',
    ]);
    expect((await agent.post(at, { visibility: 'vendor', body: 'Quartermaine runs build 4.2' })).statusCode).toBe(201);
    const reply = await until(() => {
      const m = mailsTo(h.users.vendor, number).find((r) => /replied on case/.test(r.mail.subject ?? ''));
      expect(m).toBeDefined();
      return m!;
    });
    for (const m of [newCase, reply]) {
      expectNoPhi(m.raw);
      expect(phiKinds(`${m.mail.subject}\n${m.mail.text}`)).toEqual([]);
      expect(m.raw).not.toContain('Internal');
    }
    // Another provider's engineer hears nothing of a case that is not theirs.
    expect((await deliveries(id)).some((d) => d.userId === h.users.otherVendor.id)).toBe(false);
    expect(vendor2).toBeDefined();
  });

  it('full text for the hospital domain never puts ticket text in a vendor mail', async () => {
    const admin = await t.signIn('admin');
    const on = await put(admin, '/api/v1/notifications/settings', { fullTextDomain: MAIL_DOMAIN, pagerUrl: null });
    expect(on.statusCode, on.body).toBe(200);
    try {
      const { number } = await escalatedTicket(h.users.agent);
      const m = await until(() => {
        const found = mailsTo(h.users.vendor, number).find((r) => /escalated to you/.test(r.mail.subject ?? ''));
        expect(found).toBeDefined();
        return found!;
      });
      expectNoPhi(m.raw);
    } finally {
      await put(admin, '/api/v1/notifications/settings', { fullTextDomain: null, pagerUrl: null });
    }
  });

  it('their contract clock at risk or breached; the hospital clock never', async () => {
    const { number, id } = await escalatedTicket(h.users.agent);
    const sla = (type: string, payload: Record<string, unknown>) =>
      t.ctx.database.db.transaction((tx) =>
        appendEvent(tx, {
          type,
          subjectType: 'ticket',
          subjectId: id,
          payload: { number, clock: 'resolution', priority: 3, policy: 'Contract', ...payload },
          audience: { userIds: [], vendorProviderIds: payload.owner === 'contract' ? [h.vendor.id] : [] },
        }),
      );
    await sla('sla.at_risk', { owner: 'hospital' });
    await sla('sla.breached', { owner: 'hospital' });
    await sla('sla.at_risk', { owner: 'contract', providerId: h.vendor.id });
    await sla('sla.breached', { owner: 'contract', providerId: h.vendor.id });
    await until(async () => {
      const kinds = (await deliveries(id)).filter((d) => d.userId === h.users.vendor.id).map((d) => d.kind);
      expect(kinds.sort()).toEqual(['vendor_clock_at_risk', 'vendor_clock_breached', 'vendor_new_case']);
    });
    const breached = await until(() => {
      const m = mailsTo(h.users.vendor, number).find((r) => /missed its contract target/.test(r.mail.subject ?? ''));
      expect(m).toBeDefined();
      return m!;
    });
    expectNoPhi(breached.raw);
  });

  it('lists the four vendor notices in their preferences, and respects "none"', async () => {
    const mine = await vendor.get('/api/v1/me/notifications');
    expect(mine.statusCode).toBe(200);
    const kinds = (mine.json().preferences as { kind: string; channels: string[] }[]).map((p) => p.kind);
    expect(kinds).toEqual(['vendor_new_case', 'vendor_desk_reply', 'vendor_clock_at_risk', 'vendor_clock_breached']);
    // A notice for the desk is not theirs to choose.
    const wrong = await put(vendor, '/api/v1/me/notifications', {
      preferences: [{ kind: 'vendor_needs_info', channel: 'email' }],
    });
    expect(wrong.statusCode).toBe(400);
    const off = await put(vendor, '/api/v1/me/notifications', {
      preferences: [{ kind: 'vendor_new_case', channel: 'none' }],
    });
    expect(off.statusCode, off.body).toBe(200);
    try {
      const { id } = await escalatedTicket();
      await drain();
      expect((await deliveries(id)).filter((d) => d.userId === h.users.vendor.id)).toEqual([]);
    } finally {
      await put(vendor, '/api/v1/me/notifications', { preferences: [{ kind: 'vendor_new_case', channel: 'email' }] });
    }
  });
});
