// Two clocks while a provider holds a ticket (issue 16), through the API on a real database: a vendor's contract
// policy runs its own clock beside the hospital's instead of replacing it, the vendor's reply answers the contract's
// first response, the sweep announces each clock's breach saying whose clock it is, the hand-back decides the
// contract clock, and each viewer sees only the clocks they may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { addContract, buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { sweepSla } from './service.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
let vendor: Client;
let otherVendor: Client;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  [nurse, agent, vendor, otherVendor] = await signInAs(t, h, 'nurse', 'agent', 'vendor', 'otherVendor');
  admin = await t.signIn('admin');
  await addContract(admin, h.vendor.id, { name: 'EHR vendor contract', position: 5 });
});
afterAll(() => t.close());

const MIN = 60_000;

async function read(client: Client, number: string) {
  const res = await client.get(`/api/v1/tickets/${number}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function escalatedTicket() {
  const opened = await nurse.post('/api/v1/tickets', {
    summary: 'Flowsheet crashes when charting vitals for Patient Jane Roe MRN 12345678',
    serviceId: h.ehr.id,
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const ticket = opened.json();
  const esc = await agent.post(`/api/v1/tickets/${ticket.number}/escalations`, {
    toTier: 'vendor',
    reason: 'Crash in the vendor’s flowsheet module.',
    vendorReference: 'CASE-16',
  });
  expect(esc.statusCode, esc.body).toBe(200);
  return ticket as { id: string; number: string; slaDetail: { policy: string } };
}

describe('two clocks while a provider holds a ticket', () => {
  it('runs the vendor’s contract clock beside the hospital’s, which keeps its own policy and keeps running', async () => {
    const ticket = await escalatedTicket();
    const asAgent = await read(agent, ticket.number);
    expect(asAgent.status).toBe('pending_vendor');
    // Before issue 16 the contract policy replaced the hospital's; now the hospital's policy stays.
    expect(asAgent.slaDetail.policy).toBe(ticket.slaDetail.policy);
    expect(asAgent.slaDetail.policy).not.toBe('EHR vendor contract');
    expect(asAgent.slaDetail.resolution.state).toBe('running');
    expect(asAgent.slaDetail.contracts).toHaveLength(1);
    expect(asAgent.slaDetail.contracts[0]).toMatchObject({
      providerId: h.vendor.id,
      provider: h.vendor.name,
      policy: 'EHR vendor contract',
      to: null,
      response: { state: 'running', targetMinutes: 30 },
      resolution: { state: 'running', targetMinutes: 240 },
    });
  });

  it('stops the contract’s first response at the vendor’s reply and decides the clock at the hand-back', async () => {
    const ticket = await escalatedTicket();
    const reply = await vendor.post(`/api/v1/tickets/${ticket.number}/comments`, {
      body: 'We can reproduce it; a patch is being built.',
      visibility: 'vendor',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const back = await vendor.post(`/api/v1/tickets/${ticket.number}/escalations`, {
      toTier: 'tier2',
      reason: 'Patch applied, please confirm with the unit.',
    });
    expect(back.statusCode, back.body).toBe(200);
    const after = await read(agent, ticket.number);
    const [contract] = after.slaDetail.contracts;
    expect(contract.to).not.toBeNull();
    expect(contract.response).toMatchObject({ state: 'stopped', breached: false });
    expect(contract.resolution).toMatchObject({ state: 'stopped', breached: false });
    expect(after.slaDetail.resolution.state).toBe('running');
  });

  it('shows a vendor only its own contract clock and not who used the time; the requester sees no contract', async () => {
    const ticket = await escalatedTicket();
    const asVendor = await read(vendor, ticket.number);
    expect(asVendor.slaDetail.contracts.map((c: { providerId: string }) => c.providerId)).toEqual([h.vendor.id]);
    expect(asVendor.slaDetail.elapsedByHolder).toEqual({});
    expect(asVendor.slaDetail.resolution).not.toBeNull(); // when the clinician's help is due
    expect((await otherVendor.get(`/api/v1/tickets/${ticket.number}`)).statusCode).toBe(404);
    const asNurse = await read(nurse, ticket.number);
    expect(asNurse.slaDetail.contracts).toEqual([]);
  });

  it('announces a contract breach once, saying it is the provider’s contract clock, apart from the hospital’s', async () => {
    const ticket = await escalatedTicket();
    const later = Date.now() + 5 * 60 * MIN; // past the contract's 4 h
    for (let i = 0; i < 3 && (await sweepSla(t.ctx, later)) > 0; i++);
    await sweepSla(t.ctx, later + MIN);
    const events = await t.ctx.database.query<{ type: string; payload: Record<string, unknown> }>(
      `SELECT type, payload FROM outbox WHERE subject_id = $1 AND type LIKE 'sla.%' ORDER BY id`,
      [ticket.id],
    );
    const contractBreaches = events.filter((e) => e.type === 'sla.breached' && e.payload.owner === 'contract');
    expect(contractBreaches.map((e) => e.payload.clock).sort()).toEqual(['resolution', 'response']);
    expect(contractBreaches[0]!.payload).toMatchObject({ providerId: h.vendor.id, policy: 'EHR vendor contract' });
    expect(events.every((e) => e.payload.owner === 'hospital' || e.payload.owner === 'contract')).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/Jane|12345678/);
    const audit = await t.ctx.database.query<{ summary: { owner: string } }>(
      `SELECT summary FROM audit_log WHERE action = 'sla.breached' AND target_id = $1`,
      [ticket.id],
    );
    expect(audit.filter((a) => a.summary.owner === 'contract')).toHaveLength(2);
  });
});
