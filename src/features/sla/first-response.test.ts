// The response clock through the API: only a public reply by a person, or a live contact answered by a person,
// stops it (DOMAIN.md). An escalation, a reassignment or an internal note leaves it running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import { newId } from '../../platform/ids.ts';
import { contacts } from '../routing/tables.ts';

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

async function portalTicket(summary: string) {
  const res = await nurse.post('/api/v1/tickets', { summary, serviceId: h.ehr.id, moduleId: h.cpoe.id });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { number: string; slaDetail: { response: { state: string } } };
}
async function responseClock(number: string) {
  const res = await agent.get(`/api/v1/tickets/${number}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().slaDetail.response as { state: string; breached: boolean };
}
const comment = (number: string, visibility: 'public' | 'internal', body: string) =>
  agent.post(`/api/v1/tickets/${number}/comments`, { visibility, body });

describe('the first response clock', () => {
  it('keeps running after an escalation, a reassignment and an internal note, and stops at a public reply', async () => {
    const ticket = await portalTicket('Cannot find the discharge order set in CPOE');
    expect(ticket.slaDetail.response.state).toBe('running');

    const escalated = await agent.post(`/api/v1/tickets/${ticket.number}/escalations`, {
      toTier: 'tier2',
      reason: 'Order set build question for the orders analysts.',
    });
    expect(escalated.statusCode, escalated.body).toBe(200);
    expect(await responseClock(ticket.number)).toMatchObject({ state: 'running' });

    const current = (await agent.get(`/api/v1/tickets/${ticket.number}`)).json();
    const reassigned = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticket.number}`,
      payload: { version: current.version, assigneeId: h.users.analyst.id },
    });
    expect(reassigned.statusCode, reassigned.body).toBe(200);
    expect(await responseClock(ticket.number)).toMatchObject({ state: 'running' });

    expect((await comment(ticket.number, 'internal', 'Checking the build in TST first.')).statusCode).toBe(201);
    expect(await responseClock(ticket.number)).toMatchObject({ state: 'running' });

    expect((await comment(ticket.number, 'public', 'The order set is under Discharge > Adult.')).statusCode).toBe(201);
    expect(await responseClock(ticket.number)).toMatchObject({ state: 'stopped', breached: false });
  });

  it('does not count an email the desk logged as a response', async () => {
    const res = await agent.post('/api/v1/tickets', {
      requesterId: h.nurse.id,
      channel: 'email',
      summary: 'Emailed: the CPOE favourites list is empty',
      serviceId: h.ehr.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().slaDetail.response.state).toBe('running');
  });

  it('stops at a live phone contact from the requester answered by a person and linked to the ticket', async () => {
    const ticket = await portalTicket('Status of my CPOE signing problem?');
    const contactId = newId();
    const offered = new Date(Date.now() - 60_000);
    await t.ctx.database.db.insert(contacts).values({
      id: contactId,
      channel: 'phone',
      line: 'clinical',
      personId: h.nurse.id,
      state: 'done',
      offeredAt: offered,
      queuedAt: offered,
      answeredAt: new Date(offered.getTime() + 20_000),
      endedAt: new Date(),
      agentId: h.users.agent.id,
      outcome: 'answered',
    });
    const link = await agent.post(`/api/v1/contacts/${contactId}/tickets`, {
      ticketNumber: ticket.number,
      relation: 'linked',
    });
    expect(link.statusCode, link.body).toBe(200);
    expect(await responseClock(ticket.number)).toMatchObject({ state: 'stopped', breached: false });
  });
});
