// A provider's contract clock really running out (issue 16), with nothing injected: a contract with a one-minute
// response target (the least a policy takes), a ticket escalated to that provider, the clock moved on two minutes,
// and the SLA sweep job — the job the server runs, `slaSweep` — finds the contract clock breached. The vendor
// engineer's breach notice then goes through the notification consumer and sender to a real SMTP server standing in
// for the hospital's relay, carrying the ticket number, the priority and the link and nothing else; the hospital's
// own clock keeps running. PGlite, and PostgreSQL with TEST_DATABASE_URL.
//
// The clock: the job reads `Date.now()`, so the test moves the process's Date two minutes ahead (vitest fakes only
// Date, which keeps advancing in real time; timers, sockets and the database stay real) instead of waiting a minute.
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client, TestApp } from '../../../test/app.ts';
import { ALWAYS_OPEN_CALENDAR, buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { until } from '../../../test/until.ts';
import { users } from '../../platform/db/schema.ts';
import { appWithRelay, MAIL_DOMAIN, type Relay, startRelay } from '../notifications/fixture.ts';
import { DEFAULT_TEMPLATES } from '../notifications/rules/templates.ts';
import { consumeEvents } from '../notifications/service/consume.ts';
import { sendDue } from '../notifications/service/send.ts';
import { phiKinds } from '../privacy/rules.ts';
import { slaSweep } from './jobs.ts';

const MIN = 60_000;
const PUBLIC_URL = 'https://desk.riverside.test';
/** Patient details planted in the ticket's texts: none may reach the vendor's mailbox. */
const PHI = ['Quartermaine', '00917734', '123-45-6789'];

let relay: Relay;
let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
let admin: Client;
const email = (u: { username: string }) => `${u.username}@${MAIL_DOMAIN}`;

beforeAll(async () => {
  relay = await startRelay();
  t = await appWithRelay(relay);
  h = await buildHospital(t.ctx);
  for (const u of Object.values(h.users))
    await t.ctx.database.db
      .update(users)
      .set({ email: email(u) })
      .where(eq(users.id, u.id));
  [nurse, agent] = await signInAs(t, h, 'nurse', 'agent');
  admin = await t.signIn('admin');
  const target = { responseMinutes: 1, resolutionMinutes: 60 };
  const contract = await admin.post('/api/v1/sla/policies', {
    name: 'One-minute EHR vendor contract',
    position: 5,
    match: { providerIds: [h.vendor.id] },
    calendarId: ALWAYS_OPEN_CALENDAR,
    targets: { '1': target, '2': target, '3': target, '4': target },
    pauseStatuses: ['pending_requester'],
  });
  expect(contract.statusCode, contract.body).toBe(201);
}, 120_000);
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await t?.close();
  await relay?.close();
});

async function read(client: Client, number: string) {
  const res = await client.get(`/api/v1/tickets/${number}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('a contract clock running out', () => {
  it('the SLA sweep job finds the contract breached, the vendor engineer gets the number, priority and link by mail, and the hospital clock still runs', async () => {
    const opened = await nurse.post('/api/v1/tickets', {
      summary: 'Flowsheet crashes for Patient Quartermaine MRN 00917734',
      description: 'SSN 123-45-6789 on the banner when it crashes',
      serviceId: h.ehr.id,
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const { id, number } = opened.json() as { id: string; number: string };
    const esc = await agent.post(`/api/v1/tickets/${number}/escalations`, {
      toTier: 'vendor',
      reason: 'Crash in the flowsheet module, seen for Quartermaine.',
    });
    expect(esc.statusCode, esc.body).toBe(200);
    const before = await read(agent, number);
    expect(before.slaDetail.contracts).toHaveLength(1);
    expect(before.slaDetail.contracts[0].response).toMatchObject({ state: 'running', targetMinutes: 1 });

    // Two minutes on, by the clock the job reads: past the contract's one-minute response.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2 * MIN);
    const breach = await until('the sweep job to find the contract response breached', async () => {
      await slaSweep.run(t.ctx, new AbortController().signal);
      const [e] = await t.ctx.database.query<{ payload: Record<string, unknown>; actor_id: string | null }>(
        `SELECT payload, actor_id FROM outbox WHERE subject_id = $1 AND type = 'sla.breached'
           AND payload->>'owner' = 'contract' AND payload->>'clock' = 'response'`,
        [id],
      );
      return e;
    });
    expect(breach.payload).toMatchObject({ providerId: h.vendor.id, policy: 'One-minute EHR vendor contract' });

    // The vendor engineer's notice, through the consumer and the sender to the relay.
    const isBreachMail = (r: Relay['received'][number]) =>
      r.to.includes(email(h.users.vendor)) && /missed its contract target/.test(r.mail.subject ?? '');
    const mail = await until('the breach notice at the relay', async () => {
      await consumeEvents(t.ctx);
      await sendDue(t.ctx);
      return relay.received.find(isBreachMail);
    });
    const priority = `P${before.priority}`;
    const link = `${PUBLIC_URL}/console/tickets/${number}`;
    const fill = (s: string) =>
      s.replaceAll('{{number}}', number).replaceAll('{{priority}}', priority).replaceAll('{{link}}', link);
    // Exactly the template with the number, the priority and the link: nothing of the ticket beside them.
    expect(mail.mail.subject).toBe(`[${number}] ${fill(DEFAULT_TEMPLATES.vendor_clock_breached.subject)}`);
    expect(mail.mail.text?.trim()).toBe(fill(DEFAULT_TEMPLATES.vendor_clock_breached.body).trim());
    for (const word of PHI) expect(mail.raw.toLowerCase()).not.toContain(word.toLowerCase());
    expect(phiKinds(`${mail.mail.subject}\n${mail.mail.text}`)).toEqual([]);
    expect(relay.received.filter(isBreachMail)).toHaveLength(1);

    // The hospital's own clock still runs, unbreached, beside the breached contract clock.
    const after = await read(agent, number);
    expect(after.slaDetail.contracts[0].response).toMatchObject({ breached: true });
    expect(after.slaDetail.resolution).toMatchObject({ state: 'running', breached: false });
    const hospitalBreaches = await t.ctx.database.query(
      `SELECT 1 FROM outbox WHERE subject_id = $1 AND type = 'sla.breached' AND payload->>'owner' = 'hospital'`,
      [id],
    );
    expect(hospitalBreaches).toEqual([]);
  }, 30_000);
});
