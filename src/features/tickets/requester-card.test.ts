// The requester card on a ticket: the requester's own other open tickets for the desk (not the desk's whole backlog),
// and nothing of the kind for a vendor engineer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let colleague: Client;
let agent: Client;
let vendor: Client;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  [nurse, colleague, agent, vendor] = await signInAs(t, h, 'nurse', 'colleague', 'agent', 'vendor');
});
afterAll(() => t.close());

async function open(client: Client, summary: string) {
  const res = await client.post('/api/v1/tickets', { summary, serviceId: h.ehr.id });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { number: string; version: number };
}

describe('the requester card', () => {
  it("counts the requester's own other open tickets, not the desk's", async () => {
    const first = await open(nurse, 'CPOE will not let me sign a verbal order');
    const second = await open(nurse, 'MAR shows yesterday’s doses');
    const resolvedOne = await open(nurse, 'Printer jam on 4 West');
    await open(colleague, 'Badge reader at the med room');
    await open(colleague, 'Thin client in room 412 is frozen');
    const resolve = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${resolvedOne.number}`,
      payload: {
        version: resolvedOne.version,
        status: 'resolved',
        resolution: { code: 'configuration_fixed', note: 'Cleared the jam.' },
      },
    });
    expect(resolve.statusCode, resolve.body).toBe(200);

    const card = (await agent.get(`/api/v1/tickets/${first.number}`)).json().requesterCard;
    expect(card).toMatchObject({ name: 'Rosa Delgado, RN', openTickets: 1 });
    expect((await agent.get(`/api/v1/tickets/${second.number}`)).json().requesterCard.openTickets).toBe(1);
  });

  it('shows a vendor engineer no count of the requester’s other tickets', async () => {
    const ticket = await open(nurse, 'EHR crashes when opening the flowsheet');
    const esc = await agent.post(`/api/v1/tickets/${ticket.number}/escalations`, {
      toTier: 'vendor',
      reason: 'Crash in the vendor’s flowsheet module.',
      vendorReference: 'CASE-1',
    });
    expect(esc.statusCode, esc.body).toBe(200);
    const asVendor = await vendor.get(`/api/v1/tickets/${ticket.number}`);
    expect(asVendor.statusCode, asVendor.body).toBe(200);
    expect(asVendor.json().requesterCard).toMatchObject({ openTickets: null, phones: [] });
    expect((await nurse.get(`/api/v1/tickets/${ticket.number}`)).json().requesterCard.openTickets).toBeNull();
  });
});
