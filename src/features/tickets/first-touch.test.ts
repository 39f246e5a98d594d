// First-touch resolution on the ticket, derived from its history through the API (DOMAIN.md), beside FCR.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  [nurse, agent] = await signInAs(t, h, 'nurse', 'agent');
});
afterAll(() => t.close());

async function howTo(summary: string) {
  const res = await nurse.post('/api/v1/tickets', { type: 'how_to', summary, serviceId: h.ehr.id });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().number as string;
}
const read = async (number: string) => (await agent.get(`/api/v1/tickets/${number}`)).json();
async function patch(number: string, body: Record<string, unknown>) {
  const res = await agent.request({
    method: 'PATCH',
    url: `/api/v1/tickets/${number}`,
    payload: { version: (await read(number)).version, ...body },
  });
  expect(res.statusCode, res.body).toBe(200);
}
const reply = async (client: Client, number: string, body: string) =>
  expect((await client.post(`/api/v1/tickets/${number}/comments`, { visibility: 'public', body })).statusCode).toBe(
    201,
  );
const resolve = (number: string) =>
  patch(number, { status: 'resolved', resolution: { code: 'answered_how_to', note: 'Steps sent.' } });

describe('first-touch resolution on a ticket', () => {
  it('credits a portal how-to answered on the first reply, confirmed fixed, never reopened', async () => {
    const number = await howTo('How do I add a co-signer to a note?');
    await reply(agent, number, 'Open the note, choose More > Co-signer, pick the attending.');
    await resolve(number);
    const confirmed = await nurse.post(`/api/v1/tickets/${number}/confirm`, { fixed: true });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const ticket = await read(number);
    expect(ticket.firstTouch).toMatchObject({ nonLiveChannel: true, resolvedOnFirstTouch: true, reasons: [] });
    expect(ticket.firstTouch.firstResponseAt).toBe(
      ticket.comments.find((c: { visibility: string }) => c.visibility === 'public').at,
    );
    // Reported beside FCR, never in it: a portal ticket is outside the FCR denominator.
    expect(ticket.firstContact).toMatchObject({ liveContact: false, resolvedOnFirstContact: false });
  });

  it('does not credit one where the desk had to ask the requester for more, or one that was reopened', async () => {
    const asked = await howTo('How do I print a patient label from the MAR?');
    await patch(asked, { status: 'pending_requester' });
    await reply(agent, asked, 'Which printer do you use?');
    await reply(nurse, asked, 'The Zebra at the 4 West station.');
    await resolve(asked);
    expect((await read(asked)).firstTouch).toMatchObject({
      resolvedOnFirstTouch: false,
      reasons: ['the requester had to get back in touch', 'waited on the requester for more information'],
    });

    const reopened = await howTo('How do I change my default department?');
    await reply(agent, reopened, 'Epic button > My Settings > Department.');
    await resolve(reopened);
    expect(
      (await nurse.post(`/api/v1/tickets/${reopened}/confirm`, { fixed: false, comment: 'Not there.' })).statusCode,
    ).toBe(200);
    expect((await read(reopened)).firstTouch.reasons).toContain('reopened within 7 days');
  });

  it('leaves live contacts to FCR', async () => {
    const res = await agent.post('/api/v1/tickets', {
      requesterId: h.nurse.id,
      channel: 'phone',
      summary: 'How to find the sepsis order set',
      serviceId: h.ehr.id,
      resolveNow: { code: 'answered_how_to', note: 'Showed the favourites.' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().firstTouch).toMatchObject({ nonLiveChannel: false, resolvedOnFirstTouch: false });
    expect(res.json().firstContact.resolvedOnFirstContact).toBe(true);
  });
});
