// The vendor's case state (issue 16, docs/vendors.md) through the API on a real database: the holding vendor moves
// it and nobody else does, the desk sees it and is cued, "needs information" pauses the contract clock (never the
// hospital's) until the desk answers on the shared thread, "returned to desk" is the hand-back, the vendor's queue
// is ordered by the contract clock, and bad input is a plain-words 400, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { addContract, buildHospital, type Hospital, signInAs } from '../../../test/factories.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
let vendor: Client;
let otherVendor: Client;
let admin: Client;
let contractId: string;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  [nurse, agent, vendor, otherVendor] = await signInAs(t, h, 'nurse', 'agent', 'vendor', 'otherVendor');
  admin = await t.signIn('admin');
  const made = await addContract(admin, h.vendor.id, { name: 'EHR vendor contract (case state)', position: 5 });
  expect(made.pauseOnVendorNeedsInfo).toBe(true); // the default (migration 0052)
  contractId = made.id;
});
afterAll(() => t.close());

async function read(client: Client, number: string) {
  const res = await client.get(`/api/v1/tickets/${number}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function escalatedTicket(summary = 'Flowsheet crashes when charting vitals for Patient Jane Roe MRN 12345678') {
  const opened = await nurse.post('/api/v1/tickets', { summary, serviceId: h.ehr.id });
  expect(opened.statusCode, opened.body).toBe(201);
  const number = opened.json().number as string;
  const esc = await agent.post(`/api/v1/tickets/${number}/escalations`, {
    toTier: 'vendor',
    reason: 'Crash in the vendor’s flowsheet module.',
  });
  expect(esc.statusCode, esc.body).toBe(200);
  return number;
}
const move = (client: Client, number: string, body: Record<string, unknown>) =>
  client.post(`/api/v1/tickets/${number}/vendor-case`, body);

describe("the vendor's case state", () => {
  it('lets the holding vendor say it needs information, tells the desk, and pauses only the contract clock', async () => {
    const number = await escalatedTicket();
    const offered = await read(vendor, number);
    expect(offered.vendorCase.moves).toEqual(['working', 'needs_info', 'fix_proposed', 'fix_released', 'returned']);
    expect((await read(agent, number)).vendorCase.moves).toEqual([]);

    const res = await move(vendor, number, { state: 'needs_info', message: 'Which flowsheet template was open?' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().vendorCase).toMatchObject({ state: 'needs_info', label: 'Needs information from the hospital' });

    const desk = await read(agent, number);
    expect(desk.vendorCase).toMatchObject({ state: 'needs_info', deskCue: 'answer_vendor' });
    expect(desk.comments.map((c: { visibility: string; body: string }) => `${c.visibility}: ${c.body}`)).toContain(
      'vendor: Which flowsheet template was open?',
    );
    const contract = desk.slaDetail.contracts.at(-1);
    expect(contract.resolution.state).toBe('paused');
    expect(desk.slaDetail.resolution.state).toBe('running'); // the clinician's wait never pauses for the vendor
    const timeline = (await agent.get(`/api/v1/tickets/${number}/timeline`)).json();
    expect(timeline.find((a: { kind: string }) => a.kind === 'vendor_state').data).toMatchObject({
      from: null,
      to: 'needs_info',
    });

    // The desk answers on the shared thread: the case is worked again and the contract clock runs.
    const answer = await agent.post(`/api/v1/tickets/${number}/comments`, {
      visibility: 'vendor',
      body: 'The adult vitals template.',
    });
    expect(answer.statusCode, answer.body).toBe(201);
    const after = await read(agent, number);
    expect(after.vendorCase.state).toBe('working');
    expect(after.slaDetail.contracts.at(-1).resolution.state).toBe('running');
  });

  it('keeps the contract clock running while the vendor needs information if the contract says so', async () => {
    const patch = (body: object) =>
      admin.request({ method: 'PATCH', url: `/api/v1/sla/policies/${contractId}`, payload: body });
    // The whole policy goes back: a PATCH without the fields that have defaults (match…) resets them.
    const policies = (await admin.get('/api/v1/sla/policies')).json() as Record<string, unknown>[];
    const {
      id: _id,
      calendar: _c,
      warnings: _w,
      updatedAt: _u,
      ...policy
    } = policies.find((p) => p.id === contractId)!;
    // Not a boolean, or off on a policy that names no provider (no vendor clock to pause): refused, saying why.
    const notBool = await patch({ version: policy.version, pauseOnVendorNeedsInfo: 'no' });
    expect(notBool.statusCode, notBool.body).toBe(400);
    const notContract = await patch({ ...policy, match: {}, pauseOnVendorNeedsInfo: false });
    expect(notContract.statusCode, notContract.body).toBe(400);
    expect(notContract.body).toMatch(/only a contract/);
    const off = await patch({ ...policy, pauseOnVendorNeedsInfo: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().pauseOnVendorNeedsInfo).toBe(false);
    try {
      const number = await escalatedTicket();
      expect((await move(vendor, number, { state: 'needs_info' })).statusCode).toBe(200);
      expect((await read(agent, number)).slaDetail.contracts.at(-1).resolution.state).toBe('running');
    } finally {
      const back = await patch({ ...policy, version: off.json().version, pauseOnVendorNeedsInfo: true });
      expect(back.statusCode, back.body).toBe(200);
    }
  });

  it('shows the desk a proposed or released fix to confirm with the clinician', async () => {
    const number = await escalatedTicket();
    expect((await move(vendor, number, { state: 'fix_proposed' })).statusCode).toBe(200);
    expect((await read(agent, number)).vendorCase).toMatchObject({ state: 'fix_proposed', deskCue: 'confirm_fix' });
    const released = await move(vendor, number, { state: 'fix_released', version: '2026.11.3' });
    expect(released.statusCode, released.body).toBe(200);
    expect((await read(agent, number)).vendorCase).toMatchObject({
      state: 'fix_released',
      fixVersion: '2026.11.3',
      deskCue: 'confirm_fix',
    });
    // The clinician never sees the vendor's case.
    expect((await read(nurse, number)).vendorCase).toMatchObject({
      state: null,
      fixVersion: null,
      deskCue: null,
      moves: [],
    });
  });

  it('hands the ticket back to the desk with a reason, clearing the state', async () => {
    const number = await escalatedTicket();
    await move(vendor, number, { state: 'working' });
    const res = await move(vendor, number, {
      state: 'returned',
      reason: 'Not our module: the interface engine drops it',
    });
    expect(res.statusCode, res.body).toBe(200);
    const desk = await read(agent, number);
    expect(desk.tier).toBe('tier1');
    expect(desk.status).toBe('in_progress');
    expect(desk.vendorCase.state).toBeNull();
    expect(desk.handoffs.at(-1)).toMatchObject({
      kind: 'return',
      reason: 'Not our module: the interface engine drops it',
    });
    expect(desk.slaDetail.contracts.at(-1).to).not.toBeNull();
    // No longer theirs: the vendor still reads it, but may not move its case.
    const late = await move(vendor, number, { state: 'working' });
    expect(late.statusCode).toBe(403);
    expect(late.json().detail).toMatch(/does not hold this ticket now/);
    // Nor change its status, resolve or escalate it: the page offers none of them, and the server refuses them.
    const theirs = await read(vendor, number);
    expect(theirs.allowedStatuses).toEqual([]);
    expect(theirs.actions).toMatchObject({ resolve: false, escalate: false, comment: ['vendor'] });
    const status = await vendor.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: desk.version, status: 'pending_requester' },
    });
    expect(status.statusCode, status.body).toBe(403);
    expect(status.json().detail).toMatch(/no longer holds this ticket/);
    const onward = await vendor.post(`/api/v1/tickets/${number}/escalations`, {
      toTier: 'tier2',
      reason: 'Try Tier 2',
    });
    expect(onward.statusCode, onward.body).toBe(403);
  });

  it("refuses the desk, another provider's vendor, and moves that make no sense, in plain words", async () => {
    const number = await escalatedTicket();
    const desk = await move(agent, number, { state: 'fix_proposed' });
    expect(desk.statusCode).toBe(403);
    expect(desk.json().detail).toMatch(/Only the vendor's engineers/);
    expect((await move(otherVendor, number, { state: 'working' })).statusCode).toBe(404);
    expect((await move(nurse, number, { state: 'working' })).statusCode).toBe(403);

    const noVersion = await move(vendor, number, { state: 'fix_released' });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().detail).toMatch(/which version/);
    const noReason = await move(vendor, number, { state: 'returned' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().detail).toMatch(/why the ticket goes back/);
    await move(vendor, number, { state: 'working' });
    const again = await move(vendor, number, { state: 'working' });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/already "Working on it"/);

    for (const body of [
      {},
      { state: 'done' },
      { state: 'fix_released', version: 'x'.repeat(41) },
      { state: 'fix_released', version: 'Patient <b>Smith</b>' },
      { state: 'working', extra: 1 },
      { state: 'working', message: '' },
      { state: 'working', message: 'a\u0000b' },
      { state: 42 },
    ]) {
      const res = await move(vendor, number, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    expect((await move(vendor, 'CSD-999999999', { state: 'working' })).statusCode).toBe(404);
    expect((await move(vendor, 'not-a-number', { state: 'working' })).statusCode).toBe(400);
  });
});

describe("the vendor's queue", () => {
  it('lists the tickets their provider holds now, breached or soonest due first, masked', async () => {
    const first = await escalatedTicket('Older: MAR shows Patient John Doe MRN 87654321 twice');
    const second = await escalatedTicket('Newer: Flowsheet freeze');
    const third = await escalatedTicket('Handed back later');
    await move(vendor, third, { state: 'returned', reason: 'Belongs to the interface team' });
    // The first one waits for the hospital: its contract clock stands still and goes after the running ones.
    await move(vendor, first, { state: 'needs_info' });

    const res = await vendor.get('/api/v1/tickets/vendor-queue');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      number: string;
      summary: string;
      vendorState: string | null;
      contractClock: { dueAt: string | null; paused: boolean } | null;
    }[];
    const numbers = items.map((i) => i.number);
    expect(numbers).toContain(first);
    expect(numbers).toContain(second);
    expect(numbers).not.toContain(third);
    expect(numbers.indexOf(second)).toBeLessThan(numbers.indexOf(first));
    const firstItem = items.find((i) => i.number === first)!;
    expect(firstItem).toMatchObject({ vendorState: 'needs_info', contractClock: { paused: true, dueAt: null } });
    expect(JSON.stringify(items)).not.toMatch(/John Doe|87654321/);
    // Soonest due first among the running ones.
    const dues = items.map((i) => i.contractClock?.dueAt).filter((d): d is string => Boolean(d));
    expect([...dues].sort()).toEqual(dues);

    const filtered = await vendor.get('/api/v1/tickets/vendor-queue?state=needs_info');
    expect(filtered.json().items.map((i: { number: string }) => i.number)).toEqual(
      numbers.filter((n) => items.find((i) => i.number === n)!.vendorState === 'needs_info'),
    );
    expect((await vendor.get('/api/v1/tickets/vendor-queue?state=bogus')).statusCode).toBe(400);
    expect((await agent.get('/api/v1/tickets/vendor-queue')).statusCode).toBe(403);
    const others = await otherVendor.get('/api/v1/tickets/vendor-queue');
    expect(others.statusCode).toBe(200);
    expect(others.json().items).toEqual([]);
  });

  it('lets the desk filter its queue by the vendor state', async () => {
    const number = await escalatedTicket();
    await move(vendor, number, { state: 'needs_info' });
    const res = await agent.get('/api/v1/tickets?vendorState=needs_info&limit=200');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { number: string; vendorState: string }[];
    expect(items.map((i) => i.number)).toContain(number);
    expect(items.every((i) => i.vendorState === 'needs_info')).toBe(true);
  });
});
