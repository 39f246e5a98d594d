// Major incidents through the API on a real database: declaring (from scratch and from a ticket), reading and
// listing open ones first, the 409 for a second incident over the same service unless confirmed, PHI refused in
// what the public reads, stale versions and impossible state moves refused clearly, decisions on the timeline,
// audit entries and events; requesters and vendor engineers reach none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../../test/app.ts';
import type { Hospital } from '../../../test/factories.ts';
import { listAudit } from '../../platform/audit/service.ts';
import { declareIncident, openIncidentDesk, patch } from './fixture.ts';
import type { IncidentView } from './schemas.ts';

let t: TestApp;
let h: Hospital;
let agent: Client;
let nurse: Client;
let vendor: Client;

beforeAll(async () => {
  ({ t, h, agent, nurse, vendor } = await openIncidentDesk());
}, 120_000);
afterAll(() => t.close());

function downtime(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'ehr_downtime',
    title: 'EHR unavailable at Riverside',
    publicSummary: 'The EHR is unavailable. Use downtime procedures and paper forms.',
    publicReply: 'This is part of a known EHR outage; we will update you when it is back.',
    severity: 'sev1',
    serviceIds: [h.ehr.id],
    facilityIds: [h.facility.id],
    matchTerms: ['epic', 'chart'],
    ...overrides,
  };
}

const declare = (body: Record<string, unknown>, client = agent) => declareIncident(client, body);

describe('declaring and reading an incident', () => {
  let inc: IncidentView;

  it('declares an EHR downtime with its scope, commander (the declarer by default) and first timeline entry', async () => {
    inc = await declare(downtime());
    expect(inc.number).toMatch(/^INC-\d{6}$/);
    expect(inc).toMatchObject({
      kind: 'ehr_downtime',
      state: 'declared',
      severity: 'sev1',
      planned: false,
      services: [{ id: h.ehr.id, name: h.ehr.name }],
      facilities: [{ id: h.facility.id, name: h.facility.name }],
      commander: { id: h.users.agent.id },
      matchTerms: ['epic', 'chart'],
      children: { linked: 0, open: 0, suggested: 0 },
      version: 1,
    });
    expect(inc.startedAt).not.toBeNull();
    expect(inc.timeline.map((e) => e.kind)).toEqual(['declared']);
    const audit = await listAudit(t.ctx.database, { action: 'incident.declare', limit: 50 });
    expect(audit.some((a) => a.targetId === inc.id)).toBe(true);
    const events = await t.ctx.database.query<{ type: string; audience: { roles: string[] } }>(
      `SELECT type, audience FROM outbox WHERE subject_id = $1`,
      [inc.id],
    );
    expect(events.map((e) => e.type)).toEqual(['incident.declared']);
    expect(events[0]!.audience.roles).not.toContain('vendor');
    expect(events[0]!.audience.roles).not.toContain('requester');
  });

  it('reads it by number (INC-000012, inc-12 or 12) and lists open ones first', async () => {
    const n = Number(inc.number.slice(4));
    for (const form of [inc.number, `inc-${n}`, String(n)]) {
      const res = await agent.get(`/api/v1/incidents/${form}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().id).toBe(inc.id);
    }
    const list = (await agent.get('/api/v1/incidents?state=open')).json().items as IncidentView[];
    expect(list.map((i) => i.id)).toContain(inc.id);
    expect(list.every((i) => ['scheduled', 'declared', 'monitoring'].includes(i.state))).toBe(true);
  });

  it('refuses a second incident over the same service with the open one named, unless confirmed', async () => {
    const res = await agent.post('/api/v1/incidents', downtime({ title: 'EHR slow', severity: 'sev2' }));
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toContain(inc.number);
    expect(res.json().detail).toContain('confirm');
    const second = await declare(
      downtime({ title: 'EHR slow at the clinic', severity: 'sev3', confirmOverlap: true, facilityIds: [] }),
    );
    expect(second.number).not.toBe(inc.number);
    // The list shows open ones first, both of them.
    const all = (await agent.get('/api/v1/incidents')).json().items as IncidentView[];
    const firstClosedAt = all.findIndex((i) => i.state === 'resolved' || i.state === 'closed');
    const lastOpenAt = all.map((i) => i.state).lastIndexOf('declared');
    if (firstClosedAt >= 0) expect(lastOpenAt).toBeLessThan(firstClosedAt);
    // Resolve it so it does not get in the way of the rest.
    const res2 = await patch(agent, `/api/v1/incidents/${second.number}`, {
      version: second.version,
      state: 'resolved',
      resolution: { note: 'Duplicate of the downtime.', children: 'none' },
    });
    expect(res2.statusCode, res2.body).toBe(200);
  });

  it('refuses patient information in what requesters and the public read', async () => {
    const res = await agent.post(
      '/api/v1/incidents',
      downtime({ publicSummary: 'Chart for MRN 00917734 will not open', confirmOverlap: true }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.publicSummary');
    expect(res.json().errors[0].message).toContain('patient information');
  });

  it('answers bad input with a clear 4xx: unknown ids, no service, a planned downtime without a start, bad numbers', async () => {
    const unknown = await agent.post(
      '/api/v1/incidents',
      downtime({ serviceIds: ['0190aaaa-0000-7000-8000-000000000000'], confirmOverlap: true }),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('body.serviceIds');
    const none = await agent.post('/api/v1/incidents', downtime({ serviceIds: [] }));
    expect(none.statusCode).toBe(400);
    expect(none.json().detail).toContain('at least one affected application');
    const planned = await agent.post('/api/v1/incidents', downtime({ planned: true, confirmOverlap: true }));
    expect(planned.statusCode).toBe(400);
    expect(planned.json().errors[0].field).toBe('body.scheduledStart');
    const backwards = await agent.post(
      '/api/v1/incidents',
      downtime({
        planned: true,
        confirmOverlap: true,
        scheduledStart: '2026-12-10T02:00:00Z',
        scheduledEnd: '2026-12-10T01:00:00Z',
      }),
    );
    expect(backwards.statusCode).toBe(400);
    expect((await agent.get('/api/v1/incidents/INC-999999')).statusCode).toBe(404);
    expect((await agent.get('/api/v1/incidents/not-a-number')).statusCode).toBe(400);
    const commander = await agent.post(
      '/api/v1/incidents',
      downtime({ commanderId: h.users.nurse.id, confirmOverlap: true }),
    );
    expect(commander.statusCode).toBe(400);
    expect(commander.json().errors[0].field).toBe('body.commanderId');
  });

  it('changes fields with the version read; a stale version is a 409 that writes nothing', async () => {
    const ok = await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: inc.version,
      severity: 'sev2',
      itLeadId: h.users.agent2.id,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = ok.json() as IncidentView;
    expect(after).toMatchObject({ severity: 'sev2', version: 2, itLead: { id: h.users.agent2.id } });
    expect(after.timeline.at(-1)).toMatchObject({ kind: 'change' });
    const stale = await patch(agent, `/api/v1/incidents/${inc.number}`, { version: 1, severity: 'sev3' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toContain('Reload');
    expect((await agent.get(`/api/v1/incidents/${inc.number}`)).json().severity).toBe('sev2');
    inc = after;
  });

  it('records decisions on the timeline without bumping the version', async () => {
    const res = await agent.post(`/api/v1/incidents/${inc.number}/timeline`, {
      body: 'Go to downtime procedures on all units; BCA workstations printed.',
    });
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json() as IncidentView;
    expect(v.version).toBe(inc.version);
    expect(v.timeline.at(-1)).toMatchObject({ kind: 'decision', author: { displayName: 'Jordan Reyes' } });
    expect((await agent.post(`/api/v1/incidents/${inc.number}/timeline`, { body: '' })).statusCode).toBe(400);
  });

  it('moves through its states and refuses moves that make no sense', async () => {
    const toClosed = await patch(agent, `/api/v1/incidents/${inc.number}`, { version: inc.version, state: 'closed' });
    expect(toClosed.statusCode).toBe(409);
    expect(toClosed.json().detail).toContain('can only become');
    const noNote = await patch(agent, `/api/v1/incidents/${inc.number}`, { version: inc.version, state: 'resolved' });
    expect(noNote.statusCode).toBe(409);
    expect(noNote.json().detail).toContain('what was fixed');
    const monitoring = await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: inc.version,
      state: 'monitoring',
    });
    expect(monitoring.statusCode, monitoring.body).toBe(200);
    const resolved = await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: monitoring.json().version,
      state: 'resolved',
      resolution: { note: 'The interface engine was restarted; the EHR is back.', children: 'none' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ state: 'resolved', resolutionNote: expect.stringContaining('restarted') });
    expect(resolved.json().resolvedAt).not.toBeNull();
    const closed = await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: resolved.json().version,
      state: 'closed',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const again = await patch(agent, `/api/v1/incidents/${inc.number}`, {
      version: closed.json().version,
      state: 'declared',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('closed');
    const types = await t.ctx.database.query<{ type: string }>(
      `SELECT type FROM outbox WHERE subject_id = $1 ORDER BY id`,
      [inc.id],
    );
    expect(types.map((e) => e.type)).toEqual([
      'incident.declared',
      'incident.updated',
      'incident.timeline',
      'incident.updated',
      'incident.resolved',
      'incident.closed',
    ]);
  });

  it('declares from a ticket: the ticket becomes the first child and gives the scope', async () => {
    const res = await agent.post('/api/v1/tickets', {
      requesterId: h.nurse.id,
      channel: 'phone',
      summary: 'BCMA scanner cannot reach the EHR',
      serviceId: h.ehr.id,
      moduleId: h.bcma.id,
      facilityId: h.facility.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const ticket = res.json().number as string;
    const inc2 = await declare({
      kind: 'major_incident',
      title: 'Barcode scanning down',
      publicSummary: 'Barcode medication scanning is down; use the downtime MAR.',
      severity: 'sev2',
      fromTicket: ticket,
    });
    expect(inc2).toMatchObject({
      declaredFrom: ticket,
      services: [{ id: h.ehr.id }],
      modules: [{ id: h.bcma.id }],
      facilities: [{ id: h.facility.id }],
      children: { linked: 1, open: 1 },
    });
  });

  it('a planned downtime starts scheduled, with its window', async () => {
    const p = await declare({
      kind: 'ehr_downtime',
      planned: true,
      title: 'EHR upgrade',
      publicSummary: 'The EHR will be down for the upgrade on Sunday night.',
      severity: 'sev2',
      moduleIds: [h.cpoe.id],
      scheduledStart: '2026-12-13T06:00:00Z',
      scheduledEnd: '2026-12-13T08:00:00Z',
      confirmOverlap: true,
    });
    expect(p).toMatchObject({ state: 'scheduled', planned: true, startedAt: null });
  });
});

describe('who may lead an incident', () => {
  it('lists the active desk staff accounts by name, never requesters or vendor engineers', async () => {
    const res = await agent.get('/api/v1/incidents/leads');
    expect(res.statusCode, res.body).toBe(200);
    const ids = (res.json() as { items: { id: string; displayName: string }[] }).items.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([h.users.agent.id, h.users.agent2.id, h.users.analyst.id]));
    for (const notStaff of [h.users.nurse, h.users.superUser, h.users.vendor, h.users.otherVendor])
      expect(ids).not.toContain(notStaff.id);
    // Every one listed is accepted as a lead by the incident itself.
    const inc = await declare(downtime({ title: 'Leads check', confirmOverlap: true, itLeadId: h.users.analyst.id }));
    expect(inc.itLead?.id).toBe(h.users.analyst.id);
  });
});

describe('who reaches incidents', () => {
  it('refuses requesters and vendor engineers, to read or to declare', async () => {
    for (const client of [nurse, vendor]) {
      expect((await client.get('/api/v1/incidents/leads')).statusCode).toBe(403);
      expect((await client.get('/api/v1/incidents')).statusCode).toBe(403);
      expect((await client.post('/api/v1/incidents', downtime({ confirmOverlap: true }))).statusCode).toBe(403);
    }
  });
});
