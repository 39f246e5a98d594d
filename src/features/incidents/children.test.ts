// Children attach themselves, on a real database: while an EHR downtime is open, a nurse's portal ticket about it
// is linked as a child and she reads that it is part of a known outage (nothing internal); a ticket with only
// similar words is suggested; the intake form's matching; one-click link with the public reply; dismissing;
// closing a parent with open children refused; resolving fans out to the children in batches (resolved with code
// known_outage and SLA clocks stopped, or only messaged), with audit and events for each child.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../../test/app.ts';
import { type Hospital, integrationToken } from '../../../test/factories.ts';
import { declareIncident, openIncidentDesk, patch } from './fixture.ts';
import type { IncidentView } from './schemas.ts';
import { runFanOut } from './service/fan-out.ts';

let t: TestApp;
let h: Hospital;
let agent: Client;
let nurse: Client;
let vendor: Client;

beforeAll(async () => {
  ({ t, h, agent, nurse, vendor } = await openIncidentDesk());
}, 120_000);
afterAll(() => t.close());

const declare = (body: Record<string, unknown>) => declareIncident(agent, body);

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
    const url = `/api/v1/incidents/${inc.number}/children/${other}`;
    const bare = await agent.delete(url);
    expect(bare.statusCode, bare.body).toBe(400);
    expect(bare.json().detail).toMatch(/Say why/);
    const del = await agent.request({ method: 'DELETE', url, payload: { reason: 'Printer jam, not the EHR' } });
    expect(del.statusCode, del.body).toBe(200);
    expect((await agent.request({ method: 'DELETE', url, payload: { reason: 'again' } })).statusCode).toBe(404);
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
      expect.stringMatching(/^Unlinked CSD-\d+: Printer jam, not the EHR$/),
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

describe('unlinking a child', () => {
  it('says why on the timeline and in the audit trail, messages no one, and her ticket is no longer part of it', async () => {
    const inc = await declare({
      kind: 'major_incident',
      title: 'Label printers down on 4 West',
      publicSummary: 'Label printers are down. Hand-write labels for now.',
      severity: 'sev2',
      serviceIds: [h.printers.id],
      facilityIds: [h.facility.id],
    });
    const child = await portalTicket('Label printer will not print', { serviceId: h.printers.id });
    const comments = async () =>
      (
        await q<{ n: number }>(
          `SELECT count(*)::int AS n FROM ticket_comments c JOIN tickets t ON t.id = c.ticket_id WHERE t.number = $1`,
          [Number(child.slice(4))],
        )
      )[0]!.n;
    const before = await comments();
    expect((await nurse.get(`/api/v1/tickets/${child}/outage`)).json().outage).toMatchObject({ number: inc.number });
    const reason = 'Out of paper: a local fault, not the outage';
    const res = await agent.request({
      method: 'DELETE',
      url: `/api/v1/incidents/${inc.number}/children/${child}`,
      payload: { reason },
    });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json() as IncidentView;
    expect(view.timeline.at(-1)).toMatchObject({ kind: 'children', body: `Unlinked ${child}: ${reason}` });
    expect(view.children).toMatchObject({ linked: 0, open: 0 });
    const children = (await agent.get(`/api/v1/incidents/${inc.number}/children`)).json();
    expect(children.items).toEqual([]);
    expect((await nurse.get(`/api/v1/tickets/${child}/outage`)).json().outage).toBeNull();
    // Not messaged: nothing was added to her ticket.
    expect(await comments()).toBe(before);
    const audit = await q<{ summary: Record<string, unknown> }>(
      `SELECT summary FROM audit_log WHERE action = 'incident.unlink' AND target_id = $1`,
      [inc.id],
    );
    expect(audit.map((a) => a.summary)).toEqual([expect.objectContaining({ was: 'linked', reason })]);
    // Requesters and vendors may not unlink.
    for (const who of [nurse, vendor]) {
      const refused = await who.request({
        method: 'DELETE',
        url: `/api/v1/incidents/${inc.number}/children/${child}`,
        payload: { reason },
      });
      expect(refused.statusCode).toBe(403);
    }
    await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: view.version,
      state: 'resolved',
      resolution: { note: 'Printers back.', children: 'none' },
    });
  });
});

describe('the phone system asks what to play (CTI/IVR hook)', () => {
  it('plays the public reply of the open incidents for the service and facility, and only to the phone system', async () => {
    const phone = t.withToken(await integrationToken(t.ctx, 'ivr'));
    const inc = await declare({
      kind: 'ehr_downtime',
      title: 'Order entry down',
      publicSummary: 'Order entry is down at Riverside; use paper requisitions.',
      publicReply: 'Order entry is down at Riverside. Use paper requisitions; we will call back when it is fixed.',
      severity: 'sev1',
      moduleIds: [h.cpoe.id],
      facilityIds: [h.facility.id],
    });
    const hit = await phone.get(
      `/api/v1/cti/announcements?service=${encodeURIComponent(h.cpoe.name)}&facility=${h.facility.id}`,
    );
    expect(hit.statusCode, hit.body).toBe(200);
    expect(hit.json()).toMatchObject({
      play: true,
      message: inc.publicReply,
      incidents: [{ number: inc.number, kind: 'ehr_downtime', services: [h.cpoe.name] }],
    });
    const elsewhere = await phone.get('/api/v1/cti/announcements?facility=Somewhere%20Else');
    expect(elsewhere.json()).toEqual({ play: false, message: '', incidents: [] });
    expect((await phone.get('/api/v1/cti/announcements?dnis=5551234')).statusCode).toBe(400);
    expect((await nurse.get('/api/v1/cti/announcements')).statusCode).toBe(403);
    expect((await phone.get('/api/v1/incidents')).statusCode).toBe(403);
  });
});
