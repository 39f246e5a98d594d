// A contract clock's at-risk and breach events are its provider's news (issue 16): that provider's engineers get them
// on their live stream and its webhooks receive them, with numbers and states only; another provider's contract and
// the hospital's own clock never reach a vendor. Real parts: the live stream over a socket, a real HTTP receiver on
// 127.0.0.1 (allowed by CLINIDESK_WEBHOOK_ALLOW), the app's own webhook jobs. PGlite, and PostgreSQL with
// TEST_DATABASE_URL.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { type EventStream, eventsIn, openEventStream } from '../../../test/event-stream.ts';
import { addContract, buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { until } from '../../../test/until.ts';
import { newId } from '../../platform/ids.ts';
import { groups } from '../directory/tables.ts';
import { sweepSla } from './service.ts';

const MIN = 60_000;
const PHI = ['Quartermaine', '00917734'];

type Received = { path: string; body: string };
let received: Received[] = [];
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ path: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});

let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
let vendor: Client;
let admin: Client;
let base: string;
let stream: EventStream;
let otherGroupId: string;

async function ok(res: Promise<{ statusCode: number; body: string }>, status = 200) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return JSON.parse(r.body || 'null');
}

async function contract(name: string, providerId: string, position: number) {
  await addContract(admin, providerId, { name, position });
}

async function escalatedTo(groupId: string | undefined) {
  const opened = await ok(
    nurse.post('/api/v1/tickets', {
      summary: 'Flowsheet crashes for Patient Quartermaine MRN 00917734',
      serviceId: h.ehr.id,
    }),
    201,
  );
  await ok(
    agent.post(`/api/v1/tickets/${opened.number}/escalations`, {
      toTier: 'vendor',
      ...(groupId ? { groupId } : {}),
      reason: 'Crash in the vendor’s flowsheet module.',
    }),
  );
  return opened as { id: string; number: string };
}

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp({
    env: {
      CLINIDESK_SECRET_KEY: 'a-test-secret-key-of-at-least-32-characters',
      CLINIDESK_WEBHOOK_ALLOW: '127.0.0.1/32',
    },
  });
  h = await buildHospital(t.ctx);
  [nurse, agent, vendor] = await signInAs(t, h, 'nurse', 'agent', 'vendor');
  admin = await t.signIn('admin');
  // The outsourcer (the other vendor's provider) gets a vendor-tier group of its own, and each provider a contract.
  otherGroupId = newId();
  await t.ctx.database.db
    .insert(groups)
    .values({ id: otherGroupId, name: 'Outsourced vendor support', tier: 'vendor', providerId: h.outsourcer.id });
  await contract('EHR vendor contract', h.vendor.id, 5);
  await contract('Outsourcer contract', h.outsourcer.id, 6);
  const sla = ['sla.at_risk', 'sla.breached'];
  await ok(
    admin.post('/api/v1/webhooks', {
      name: 'Paging for the EHR vendor',
      url: `${base}/hospital-vendor-filter`,
      ownerKind: 'hospital',
      eventTypes: sla,
      providerIds: [h.vendor.id],
    }),
    201,
  );
  await ok(
    admin.post('/api/v1/webhooks', {
      name: 'EHR vendor ITSM',
      url: `${base}/vendor-own`,
      ownerKind: 'vendor',
      providerId: h.vendor.id,
      eventTypes: sla,
    }),
    201,
  );
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  stream = await openEventStream(address, vendor.cookie!);
}, 120_000);

afterAll(async () => {
  await stream?.stop();
  await t?.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

type SlaEvent = { type: string; payload: Record<string, unknown> };
type Delivered = {
  type: string;
  data: { event: Record<string, unknown>; ticket: Record<string, unknown> & { number: string } };
};

describe('contract clock events reach their provider', () => {
  it('tells the vendor and its webhooks of its own contract at risk, never another provider’s or the hospital’s clock', async () => {
    received = [];
    const mine = await escalatedTo(undefined);
    const theirs = await escalatedTo(otherGroupId);
    // 25 minutes on: both contracts' 30-minute response is at risk (75%); then 5 hours on, everything is late.
    for (const at of [Date.now() + 25 * MIN, Date.now() + 5 * 60 * MIN]) {
      for (let i = 0; i < 5 && (await sweepSla(t.ctx, at)) > 0; i++);
    }
    const outbox = await t.ctx.database.query<SlaEvent & { subject_id: string }>(
      `SELECT type, payload, subject_id FROM outbox WHERE subject_id IN ($1, $2) AND type LIKE 'sla.%' ORDER BY id`,
      [mine.id, theirs.id],
    );
    const of = (id: string, owner: string) => outbox.filter((e) => e.subject_id === id && e.payload.owner === owner);
    // What the vendor must not hear of did happen: the other provider's contract and the hospital's clock.
    expect(of(theirs.id, 'contract').map((e) => e.type)).toContain('sla.at_risk');
    expect(of(mine.id, 'hospital').length).toBeGreaterThan(0);
    const mineContract = of(mine.id, 'contract');
    expect(mineContract.map((e) => e.type)).toEqual(expect.arrayContaining(['sla.at_risk', 'sla.breached']));

    // The vendor's live stream: exactly its own contract's events.
    const live = await until('the contract events on the vendor’s stream', () => {
      const got = eventsIn(stream.read()).filter((e) => e.type.startsWith('sla.'));
      return got.length >= mineContract.length && got;
    });
    const payloads = live.map((e) => (JSON.parse(e.data) as { payload: Record<string, unknown> }).payload);
    expect(live.map((e) => e.type)).toContain('sla.at_risk');
    for (const p of payloads) {
      expect(p).toMatchObject({ number: mine.number, owner: 'contract', providerId: h.vendor.id });
      expect(p).toMatchObject({ policy: 'EHR vendor contract' });
    }
    expect(payloads).toHaveLength(mineContract.length);
    const text = stream.read();
    expect(text).not.toContain(theirs.number);
    for (const word of PHI) expect(text).not.toContain(word);

    // The hospital's subscription filtered by the EHR vendor and the vendor's own subscription both receive it.
    const bodies = (path: string) =>
      received.filter((r) => r.path === path).map((r) => JSON.parse(r.body) as Delivered);
    const filtered = await until('the hospital subscription filtered by provider', () => {
      const b = bodies('/hospital-vendor-filter');
      return b.some((d) => d.type === 'sla.at_risk' && d.data.event.owner === 'contract') && b;
    });
    expect(filtered.every((d) => d.data.ticket.number === mine.number)).toBe(true);
    const contractOnes = filtered.filter((d) => d.data.event.owner === 'contract');
    expect(contractOnes.every((d) => d.data.event.providerId === h.vendor.id)).toBe(true);

    const own = await until('the vendor’s own subscription', () => {
      const b = bodies('/vendor-own');
      return b.length >= mineContract.length && b;
    });
    await new Promise((r) => setTimeout(r, 500)); // anything wrongly made would have been sent by now
    expect(bodies('/vendor-own')).toHaveLength(mineContract.length);
    for (const d of own) {
      expect(d.data.event).toMatchObject({ owner: 'contract', providerId: h.vendor.id, number: mine.number });
      // Numbers and states only: no summary, no description, no thread.
      expect(Object.keys(d.data.ticket).sort()).toEqual(['number', 'priority', 'status']);
    }
    const all = received.map((r) => r.body).join('\n');
    for (const word of PHI) expect(all).not.toContain(word);
    expect(all).not.toContain(theirs.number);
  });
});
