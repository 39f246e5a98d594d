// Children attach themselves, on a real database: while an EHR downtime is open, a nurse's portal ticket about it
// is linked as a child and she reads that it is part of a known outage (nothing internal); a ticket with only
// similar words is suggested; the intake form's matching; one-click link with the public reply; dismissing;
// closing a parent with open children refused; resolving fans out to the children in batches (resolved with code
// known_outage and SLA clocks stopped, or only messaged), with audit and events for each child.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';
import type { IncidentView } from './schemas.ts';
import { runFanOut } from './service/fan-out.ts';

let t: TestApp;
let h: Hospital;
let agent: Client;
let nurse: Client;
let vendor: Client;

beforeAll(async () => {
  // No background job: the test runs the fan-out itself, batch by batch.
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  [agent, nurse, vendor] = await signInAs(t, h, 'agent', 'nurse', 'vendor');
}, 120_000);
afterAll(() => t.close());

const patch = (client: Client, url: string, body: unknown) =>
  client.request({ method: 'PATCH', url, payload: body as object });

async function declare(body: Record<string, unknown>): Promise<IncidentView> {
  const res = await agent.post('/api/v1/incidents', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function portalTicket(summary: string, extra: Record<string, unknown> = {}) {
  const res = await nurse.post('/api/v1/tickets', { summary, description: summary, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().number as string;
}

async function phoneTicket(summary: string, extra: Record<string, unknown> = {}) {
  const res = await agent.post('/api/v1/tickets', {
    requesterId: h.nurse.id,
    channel: 'phone',
    summary,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().number as string;
}

const q = <T>(sql: string, params: unknown[] = []) => t.ctx.database.query<T>(sql, params);

describe('children attach themselves while an incident is open', () => {
  let inc: IncidentView;
  let linked: string;
  let suggested: string;

  beforeAll(async () => {
    inc = await declare({
      kind: 'ehr_downtime',
      title: 'EHR down at Riverside',
      publicSummary: 'The EHR is down. Use downtime procedures; we will post updates here.',
      publicReply: 'Your ticket is part of a known EHR outage. We will let you know when it is fixed.',
      severity: 'sev1',
      serviceIds: [h.ehr.id],
      facilityIds: [h.facility.id],
      matchTerms: ['flowsheet'],
    });
  });

  it("links a nurse's portal ticket on the same application at her facility, and she reads only the public part", async () => {
    linked = await portalTicket('Cannot open charts, the EHR is spinning', { serviceId: h.ehr.id });
    const children = (await agent.get(`/api/v1/incidents/${inc.number}/children`)).json();
    expect(children.items).toEqual([
      expect.objectContaining({
        ticket: linked,
        status: 'linked',
        source: 'auto',
        reason: 'same application and place',
      }),
    ]);
    expect(children.byUnit[0]).toMatchObject({ facility: h.facility.name, count: 1 });
    const outage = await nurse.get(`/api/v1/tickets/${linked}/outage`);
    expect(outage.statusCode, outage.body).toBe(200);
    expect(outage.json()).toEqual({
      outage: {
        number: inc.number,
        kind: 'ehr_downtime',
        title: 'EHR down at Riverside',
        publicSummary: inc.publicSummary,
        open: true,
        resolvedAt: null,
      },
    });
    // Nothing internal reaches her: not the incident, its timeline or its children.
    expect((await nurse.get(`/api/v1/incidents/${inc.number}`)).statusCode).toBe(403);
    expect((await nurse.get(`/api/v1/incidents/${inc.number}/children`)).statusCode).toBe(403);
    expect((await vendor.get(`/api/v1/incidents/${inc.number}`)).statusCode).toBe(403);
    const audit = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'incident.link' AND target_id = $1`,
      [inc.id],
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('only suggests a ticket whose words are similar, and says nothing to its requester', async () => {
    suggested = await phoneTicket('Flowsheet rows missing on 4 West', { serviceId: h.printers.id });
    const children = (await agent.get(`/api/v1/incidents/${inc.number}/children`)).json();
    expect(children.items.find((c: { ticket: string }) => c.ticket === suggested)).toMatchObject({
      status: 'suggested',
      reason: 'similar text: flowsheet',
    });
    expect((await nurse.get(`/api/v1/tickets/${suggested}/outage`)).json()).toEqual({ outage: null });
  });

  it('shows the known outage on the intake form while the agent types', async () => {
    const res = await agent.get(
      `/api/v1/incidents/matching?serviceId=${h.ehr.id}&facilityId=${h.facility.id}&text=${encodeURIComponent('cannot log in')}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ number: inc.number, decision: 'link', publicReply: inc.publicReply }),
    ]);
    expect((await agent.get('/api/v1/incidents/matching?serviceId=nope')).statusCode).toBe(400);
    expect((await agent.get(`/api/v1/incidents/matching?serviceId=${h.printers.id}`)).json().items).toEqual([]);
  });

  it('links a suggestion with one click and answers it with the public reply', async () => {
    const res = await agent.post(`/api/v1/incidents/${inc.number}/children`, { ticket: suggested, reply: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ticket: suggested, linked: true, replied: true });
    const ticket = (await nurse.get(`/api/v1/tickets/${suggested}`)).json();
    const bodies = JSON.stringify(ticket);
    expect(bodies).toContain('part of a known EHR outage');
    const link = await q<{ source: string }>(
      `SELECT source FROM incident_tickets it JOIN tickets t ON t.id = it.ticket_id WHERE t.number = $1`,
      [Number(suggested.slice(4))],
    );
    expect(link[0]!.source).toBe('accepted_suggestion');
  });

  it('dismisses and refuses bad links clearly', async () => {
    const other = await phoneTicket('Printer jam', { serviceId: h.printers.id });
    expect((await agent.post(`/api/v1/incidents/${inc.number}/children`, { ticket: other })).statusCode).toBe(200);
    const del = await agent.delete(`/api/v1/incidents/${inc.number}/children/${other}`);
    expect(del.statusCode, del.body).toBe(200);
    expect((await agent.delete(`/api/v1/incidents/${inc.number}/children/${other}`)).statusCode).toBe(404);
    expect((await agent.post(`/api/v1/incidents/${inc.number}/children`, { ticket: 'CSD-9999999' })).statusCode).toBe(
      404,
    );
    expect((await agent.post(`/api/v1/incidents/${inc.number}/children`, { ticket: 'x' })).statusCode).toBe(400);
    expect((await agent.post('/api/v1/incidents/INC-999999/children', { ticket: other })).statusCode).toBe(404);
  });

  it('refuses to close a parent with open children, with a message saying what to do', async () => {
    const cur = (await agent.get(`/api/v1/incidents/${inc.number}`)).json() as IncidentView;
    const res = await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: cur.version,
      state: 'resolved',
      resolution: { note: 'Fixed', children: 'none' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const close = await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: res.json().version,
      state: 'closed',
    });
    expect(close.statusCode).toBe(409);
    expect(close.json().detail).toMatch(/still has 2 open linked tickets/);
    // Reopen for the fan-out below.
    const reopen = await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: res.json().version,
      state: 'declared',
    });
    expect(reopen.statusCode, reopen.body).toBe(200);
  });

  it('resolving with "resolve" resolves every open child (known_outage), stops their SLA clocks, in batches', async () => {
    const more: string[] = [];
    for (let i = 0; i < 5; i++) more.push(await portalTicket(`EHR will not load ${i}`, { serviceId: h.ehr.id }));
    const cur = (await agent.get(`/api/v1/incidents/${inc.number}`)).json() as IncidentView;
    expect(cur.children).toMatchObject({ linked: 7, open: 7 });
    const res = await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: cur.version,
      state: 'resolved',
      resolution: { note: 'The EHR is back. Please re-enter downtime orders.', children: 'resolve' },
    });
    expect(res.statusCode, res.body).toBe(200);
    // The route started the fan-out in the background; run it here to the end (it skips what is already done).
    await runFanOut(t.ctx, inc.id, { batch: 3 });
    await expect.poll(async () => (await agent.get(`/api/v1/incidents/${inc.number}`)).json().children.open).toBe(0);
    const rows = await q<{
      status: string;
      resolution_code: string;
      resolution_note: string;
      resolution_state: string;
    }>(
      `SELECT t.status, t.resolution_code, t.resolution_note, s.resolution_state FROM incident_tickets it
         JOIN tickets t ON t.id = it.ticket_id LEFT JOIN ticket_sla s ON s.ticket_id = t.id
        WHERE it.incident_id = $1 AND it.status = 'linked'`,
      [inc.id],
    );
    expect(rows).toHaveLength(7);
    for (const r of rows) {
      expect(r).toMatchObject({ status: 'resolved', resolution_code: 'known_outage' });
      expect(r.resolution_note).toContain('The EHR is back');
      if (r.resolution_state) expect(r.resolution_state).not.toBe('running');
    }
    const perChild = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE type = 'ticket.resolved' AND payload->>'incident' = $1`,
      [inc.number],
    );
    expect(perChild[0]!.n).toBe(7);
    const after = (await agent.get(`/api/v1/incidents/${inc.number}`)).json() as IncidentView;
    expect(after.timeline.filter((e) => e.kind === 'children').map((e) => e.body)).toEqual([
      '7 linked tickets resolved with the incident.',
    ]);
    // The nurse reads the resolution on her ticket, and that the outage is over.
    expect((await nurse.get(`/api/v1/tickets/${linked}/outage`)).json().outage.open).toBe(false);
    // Now it may close.
    const close = await patch(agent, `/api/v1/incidents/${inc.number}`, { version: after.version, state: 'closed' });
    expect(close.statusCode, close.body).toBe(200);
  });

  it('resolving with "message" only sends the note to the open children', async () => {
    const inc2 = await declare({
      kind: 'major_incident',
      title: 'Printing down',
      publicSummary: 'Printing is down on 4 West.',
      severity: 'sev3',
      serviceIds: [h.printers.id],
    });
    const a = await phoneTicket('Cannot print labels', { serviceId: h.printers.id, facilityId: h.facility.id });
    const b = await phoneTicket('Printer offline', { serviceId: h.printers.id, facilityId: h.facility.id });
    const res = await patch(agent, `/api/v1/incidents/${inc2.number}`, {
      version: inc2.version,
      state: 'resolved',
      resolution: { note: 'Printing works again; please check your printer.', children: 'message' },
    });
    expect(res.statusCode, res.body).toBe(200);
    await runFanOut(t.ctx, inc2.id);
    await expect
      .poll(
        async () =>
          (await q<{ d: string | null }>('SELECT fan_out_done_at AS d FROM incidents WHERE id = $1', [inc2.id]))[0]!.d,
      )
      .not.toBeNull();
    for (const n of [a, b]) {
      const ticket = (await agent.get(`/api/v1/tickets/${n}`)).json();
      expect(ticket.status).not.toBe('resolved');
      expect(JSON.stringify(ticket)).toContain('Printing works again');
    }
  });
});
