// The ticket's life through the API: portal and phone intake, computed priority, the state machine, tier
// history, derived FCR, visibility and PHI, on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
let agent2: Client;
let analyst: Client;
let vendor: Client;
let otherVendor: Client;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  const as = (u: { username: string }) => t.signIn(u.username, TEST_PASSWORD);
  [nurse, agent, agent2, analyst, vendor, otherVendor] = await Promise.all([
    as(h.users.nurse),
    as(h.users.agent),
    as(h.users.agent2),
    as(h.users.analyst),
    as(h.users.vendor),
    as(h.users.otherVendor),
  ]);
});
afterAll(() => t.close());

const portalTicket = (extra: Record<string, unknown> = {}) => ({
  summary: 'BCMA says "Patient not found" when scanning wristbands',
  serviceId: h.ehr.id,
  moduleId: h.bcma.id,
  patientCareAffected: true,
  scope: 'unit',
  workaroundAvailable: false,
  ...extra,
});

async function open(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/tickets', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('opening tickets', () => {
  it('lets a nurse open one from the portal in clinical words; priority is computed and the Tier 1-Plus group gets it', async () => {
    const ticket = await open(nurse, portalTicket());
    expect(ticket.number).toMatch(/^CSD-\d{6}$/);
    expect(ticket).toMatchObject({
      channel: 'portal',
      status: 'new',
      priority: 1,
      impact: 1,
      urgency: 1,
      tier: 'tier1',
      group: h.tier1.name,
      unit: h.ward.name,
      facility: h.facility.name,
      module: 'BCMA',
      requester: { id: h.nurse.id },
    });
    expect(ticket.priorityReason).toMatch(/impact 1 × urgency 1/);
  });

  it('does not let a requester choose priority-driving or desk-only fields', async () => {
    const res = await nurse.post('/api/v1/tickets', { ...portalTicket(), impact: 1, urgency: 1 });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/impact, urgency/);
  });

  it('raises a label printer on a clinical unit to P2 even when one user is affected and care is not', async () => {
    const ticket = await open(agent, {
      requesterId: h.nurse.id,
      summary: 'Specimen label printer jams',
      serviceId: h.printers.id,
      deviceType: 'label_printer',
      scope: 'me',
      patientCareAffected: false,
    });
    expect(ticket.priority).toBe(2);
    expect(ticket.priorityReason).toMatch(/label printer in a clinical area/);
  });

  it('lets an agent on a call resolve it at once: resolved on first contact, derived from history', async () => {
    const ticket = await open(agent, {
      requesterId: h.doctor.id,
      channel: 'phone',
      type: 'how_to',
      summary: 'How to sign pended orders',
      serviceId: h.ehr.id,
      moduleId: h.cpoe.id,
      resolveNow: { code: 'answered_how_to', note: 'Walked through Sign Pended Orders in the Orders activity.' },
    });
    expect(ticket).toMatchObject({ status: 'resolved', assignee: { name: 'Jordan Reyes' }, requesterIsProvider: true });
    expect(ticket.firstContact).toEqual({ liveContact: true, resolvedOnFirstContact: true, level1: true, reasons: [] });
  });

  it('names every unknown or mismatched reference', async () => {
    const res = await agent.post('/api/v1/tickets', {
      requesterId: h.nurse.id,
      summary: 'x',
      unitId: h.ward.id,
      facilityId: '00000000-0000-7000-8000-000000000000',
      moduleId: h.bcma.id,
      serviceId: h.printers.id,
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.unitId', 'body.moduleId']));
  });

  it('flags likely PHI in what was typed', async () => {
    const ticket = await open(nurse, portalTicket({ description: 'Chart for MRN 00482913 will not open' }));
    expect(ticket.phiWarnings).toContain('mrn');
  });
});

describe('working a ticket', () => {
  it('walks the state machine with optimistic concurrency, and refuses forbidden transitions', async () => {
    const opened = await open(nurse, portalTicket());
    const n = opened.number;
    const assigned = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${n}`,
      payload: { version: opened.version, assigneeId: h.users.agent.id },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'in_progress', assignee: { name: 'Jordan Reyes' } });

    const stale = await agent2.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${n}`,
      payload: { version: opened.version, status: 'pending_requester' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toMatch(/Reload/);

    const closedTooSoon = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${n}`,
      payload: { version: assigned.json().version, status: 'closed' },
    });
    expect(closedTooSoon.statusCode).toBe(409);
    expect(closedTooSoon.json().detail).toMatch(/cannot become closed/);

    const noNote = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${n}`,
      payload: { version: assigned.json().version, status: 'resolved' },
    });
    expect(noNote.statusCode).toBe(409);

    const resolved = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${n}`,
      payload: {
        version: assigned.json().version,
        status: 'resolved',
        resolution: { code: 'configuration_fixed', note: 'Re-paired the scanner.' },
      },
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolutionCode: 'configuration_fixed' });
    expect(resolved.json().firstContact.resolvedOnFirstContact).toBe(false);
  });

  it('refuses to assign a ticket to someone without a desk role', async () => {
    const opened = await open(nurse, portalTicket());
    const res = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${opened.number}`,
      payload: { version: 1, assigneeId: h.users.nurse.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.assigneeId');
  });

  it('recomputes priority when the clinical facts change', async () => {
    const opened = await open(nurse, portalTicket({ patientCareAffected: false, scope: 'me' }));
    expect(opened.priority).toBe(4);
    const res = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${opened.number}`,
      payload: { version: opened.version, patientSafety: true, safetyReportRef: 'SE-2026-0412' },
    });
    expect(res.json()).toMatchObject({ priority: 2, patientSafety: true, safetyReportRef: 'SE-2026-0412' });
  });

  it('escalates to Tier 2 and then the vendor: tier history, vendor reference, pending vendor, no FCR', async () => {
    const opened = await open(agent, {
      requesterId: h.nurse.id,
      channel: 'phone',
      ...portalTicket(),
      assignToMe: true,
    });
    const tier2 = await agent.post(`/api/v1/tickets/${opened.number}/escalations`, {
      toTier: 'tier2',
      reason: 'Scanner config looks right; needs BCMA build review',
    });
    expect(tier2.statusCode, tier2.body).toBe(200);
    expect(tier2.json()).toMatchObject({ tier: 'tier2', group: h.tier2.name, assignee: null });
    const toVendor = await analyst.post(`/api/v1/tickets/${opened.number}/escalations`, {
      toTier: 'vendor',
      reason: 'Defect in wristband barcode parsing after upgrade',
      vendorReference: 'VND-448812',
    });
    const detail = toVendor.json();
    expect(detail).toMatchObject({ tier: 'vendor', status: 'pending_vendor', provider: { name: h.vendor.name } });
    expect(detail.handoffs.map((x: { kind: string; toTier: string }) => `${x.kind}:${x.toTier}`)).toEqual([
      'assign:tier1',
      'escalate:tier2',
      'escalate:vendor',
    ]);
    expect(detail.handoffs[2]).toMatchObject({
      vendorReference: 'VND-448812',
      fromGroup: h.tier2.name,
      toProvider: h.vendor.name,
    });
    expect(detail.firstContact.reasons).toContain('escalated');
  });
});

describe('who sees what', () => {
  it('shows a requester only their tickets, and a super-user their unit', async () => {
    const mine = await open(nurse, portalTicket({ summary: 'Only mine' }));
    const colleague = await t.signIn(h.users.colleague.username, TEST_PASSWORD);
    expect((await colleague.get(`/api/v1/tickets/${mine.number}`)).statusCode).toBe(404);
    // A ticket the desk opened for her is hers too (she is its requester, by her person), and still not a colleague's.
    const forHer = await open(agent, {
      ...portalTicket({ summary: 'Opened for her by the desk' }),
      requesterId: h.nurse.id,
      channel: 'phone',
    });
    expect((await nurse.get(`/api/v1/tickets/${forHer.number}`)).statusCode).toBe(200);
    expect((await colleague.get(`/api/v1/tickets/${forHer.number}`)).statusCode).toBe(404);
    const su = await t.signIn(h.users.superUser.username, TEST_PASSWORD);
    expect((await su.get(`/api/v1/tickets/${mine.number}`)).statusCode).toBe(200);
    const list = (await colleague.get('/api/v1/tickets?view=my_requests')).json();
    expect(list.items.every((x: { requester: { id: string } }) => x.requester.id === h.colleague.id)).toBe(true);
  });

  it("counts under an agent's My requests only their own requests, not the calls they opened for others", async () => {
    const before = (await agent.get('/api/v1/tickets/views')).json();
    await open(agent, {
      ...portalTicket({ summary: 'Opened for a caller' }),
      requesterId: h.nurse.id,
      channel: 'phone',
    });
    const views = (await agent.get('/api/v1/tickets/views')).json() as { id: string; count: number }[];
    const mine = views.find((view) => view.id === 'my_requests')!;
    expect(mine.count).toBe(before.find((view: { id: string }) => view.id === 'my_requests').count);
    expect(mine.count).toBe(0);
    const list = (await agent.get('/api/v1/tickets?view=my_requests')).json();
    expect(list.items).toEqual([]);
    const nurseViews = (await nurse.get('/api/v1/tickets/views')).json() as { id: string; count: number }[];
    expect(nurseViews.find((view) => view.id === 'my_requests')!.count).toBeGreaterThan(0);
  });

  it('hides internal notes from the requester', async () => {
    const ticket = await open(nurse, portalTicket());
    await agent.post(`/api/v1/tickets/${ticket.number}/comments`, {
      visibility: 'internal',
      body: 'Suspect the 4W scanner profile',
    });
    await agent.post(`/api/v1/tickets/${ticket.number}/comments`, {
      visibility: 'public',
      body: 'We are looking at the scanner now.',
    });
    const seen = (await nurse.get(`/api/v1/tickets/${ticket.number}`)).json();
    expect(seen.comments.map((c: { body: string }) => c.body)).toEqual(['We are looking at the scanner now.']);
    expect(seen.handoffs).toEqual([]);
    expect(
      (await nurse.post(`/api/v1/tickets/${ticket.number}/comments`, { visibility: 'internal', body: 'x' })).statusCode,
    ).toBe(403);
  });

  it('shows a vendor only tickets escalated to its provider, with PHI masked and no attachments', async () => {
    const ticket = await open(agent, {
      requesterId: h.nurse.id,
      ...portalTicket(),
      description: 'Fails for MRN 00482913 only',
      assignToMe: true,
    });
    expect((await vendor.get(`/api/v1/tickets/${ticket.number}`)).statusCode).toBe(404);
    await agent.post(`/api/v1/tickets/${ticket.number}/escalations`, {
      toTier: 'vendor',
      reason: 'Parsing defect',
      vendorReference: 'VND-1',
    });
    const seen = await vendor.get(`/api/v1/tickets/${ticket.number}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().description).toBe('Fails for [mrn hidden] only');
    expect(seen.json()).toMatchObject({ phiMasked: true, attachments: [] });
    expect(seen.json().requesterCard.phones).toEqual([]);
    expect((await otherVendor.get(`/api/v1/tickets/${ticket.number}`)).statusCode).toBe(404);
    const vendorList = (await vendor.get('/api/v1/tickets?view=pending_vendor')).json();
    expect(vendorList.items.map((x: { number: string }) => x.number)).toContain(ticket.number);
    expect((await otherVendor.get('/api/v1/tickets?view=all_open')).json().items).toEqual([]);
  });

  it('audits every ticket read', async () => {
    const ticket = await open(nurse, portalTicket());
    await agent.get(`/api/v1/tickets/${ticket.number}`);
    const rows = await t.ctx.database.query<{ actor_label: string }>(
      `SELECT actor_label FROM audit_log WHERE action = 'ticket.view' AND target_id = $1`,
      [ticket.id],
    );
    expect(rows.map((r) => r.actor_label)).toContain(h.users.agent.username);
  });
});

describe('saved views', () => {
  it('keeps a person’s own named filters, refuses duplicates, and applies them through the list API', async () => {
    const filter = { moduleId: h.bcma.id, status: ['new', 'in_progress'], sort: 'oldest' };
    const created = await agent.post('/api/v1/tickets/saved-views', { name: '4W BCMA', filter });
    expect(created.statusCode, created.body).toBe(201);
    expect((await agent.post('/api/v1/tickets/saved-views', { name: '4w bcma', filter })).statusCode).toBe(409);
    expect(
      (await agent.post('/api/v1/tickets/saved-views', { name: 'bad', filter: { status: ['lost'] } })).statusCode,
    ).toBe(400);
    const mine = (await agent.get('/api/v1/tickets/saved-views')).json();
    expect(mine.map((v: { name: string }) => v.name)).toEqual(['4W BCMA']);
    expect((await agent2.get('/api/v1/tickets/saved-views')).json()).toEqual([]);
    expect((await agent2.delete(`/api/v1/tickets/saved-views/${created.json().id}`)).statusCode).toBe(404);
    expect((await agent.delete(`/api/v1/tickets/saved-views/${created.json().id}`)).statusCode).toBe(204);
  });
});

describe('search', () => {
  it('ranks a ticket whose summary matches above one that mentions the words only in its description', async () => {
    const word = `zebrafish${h.tag}`;
    const inBody = await open(agent, {
      requesterId: h.nurse.id,
      summary: 'Printer trouble',
      description: `Label says ${word} scanner`,
    });
    const inSummary = await open(agent, { requesterId: h.nurse.id, summary: `${word} scanner will not pair` });
    const found = (await agent.get(`/api/v1/tickets?q=${encodeURIComponent(`${word} scanner`)}`)).json();
    expect(found.items.map((x: { number: string }) => x.number)).toEqual([inSummary.number, inBody.number]);
    expect(found.items[0].rank).toBeGreaterThan(found.items[1].rank);
    const newest = (await agent.get(`/api/v1/tickets?q=${word}&sort=newest`)).json();
    expect(newest.total).toBe(2);
    expect(newest.totalCapped).toBe(false);
    // A page past the end has no rows to carry the count: it is counted apart.
    const past = (await agent.get(`/api/v1/tickets?q=${word}&sort=newest&offset=10`)).json();
    expect(past).toMatchObject({ items: [], total: 2, totalCapped: false });
  });
});
