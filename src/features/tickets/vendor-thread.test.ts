// The thread shared with the vendor: the desk writes "to vendor" on a ticket an outside provider holds or held, the
// vendor writes only there, and neither the requester nor the vendor reads a thread that is not theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let agent: Client;
let vendor: Client;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  const as = (u: { username: string }) => t.signIn(u.username, TEST_PASSWORD);
  [nurse, agent, vendor] = await Promise.all([as(h.users.nurse), as(h.users.agent), as(h.users.vendor)]);
});
afterAll(() => t.close());

async function openTicket(summary = 'Wristband printer on 4 West prints blank labels') {
  const res = await agent.post('/api/v1/tickets', {
    requesterId: h.nurse.id,
    summary,
    serviceId: h.ehr.id,
    moduleId: h.bcma.id,
    assignToMe: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().number as string;
}
const escalate = (number: string) =>
  agent.post(`/api/v1/tickets/${number}/escalations`, { toTier: 'vendor', reason: 'Print driver defect' });
const comment = (client: Client, number: string, body: Record<string, unknown>) =>
  client.post(`/api/v1/tickets/${number}/comments`, body);
const bodies = async (client: Client, number: string) =>
  ((await client.get(`/api/v1/tickets/${number}`)).json().comments as { body: string; visibility: string }[]).map(
    (c) => `${c.visibility}: ${c.body}`,
  );

describe('the thread shared with the vendor', () => {
  it('offers "reply to vendor" only once an outside provider holds or held the ticket', async () => {
    const number = await openTicket();
    const before = (await agent.get(`/api/v1/tickets/${number}`)).json();
    expect(before.heldByOutsideProvider).toBe(false);
    expect(before.actions.comment).toEqual(['public', 'internal']);
    const early = await comment(agent, number, { visibility: 'vendor', body: 'Can you check the driver?' });
    expect(early.statusCode).toBe(400);
    expect(early.json().detail).toMatch(/not been escalated to a vendor/);
    expect((await escalate(number)).statusCode).toBe(200);
    const after = (await agent.get(`/api/v1/tickets/${number}`)).json();
    expect(after.heldByOutsideProvider).toBe(true);
    expect(after.actions.comment).toEqual(['public', 'internal', 'vendor']);
    // The vendor it went to is offered its own thread only, and none of the hospital's.
    expect((await vendor.get(`/api/v1/tickets/${number}`)).json().actions).toMatchObject({
      comment: ['vendor'],
      readTimeline: false,
      downloadAttachments: false,
      assignToMe: false,
    });
    expect((await comment(agent, number, { visibility: 'vendor', body: 'Can you check the driver?' })).statusCode).toBe(
      201,
    );
  });

  it('shows the vendor only the shared thread, and the requester never sees it', async () => {
    const number = await openTicket();
    await escalate(number);
    await comment(agent, number, { visibility: 'internal', body: 'Vendor is slow on these, chase at 3pm' });
    await comment(agent, number, { visibility: 'public', body: 'We have asked the vendor to look at it' });
    await comment(agent, number, { visibility: 'vendor', body: 'Labels print blank since the 11/20 driver update' });
    const own = await comment(vendor, number, { body: 'Please send the driver version' });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().comment.visibility).toBe('vendor');

    expect(await bodies(vendor, number)).toEqual([
      'vendor: Labels print blank since the 11/20 driver update',
      'vendor: Please send the driver version',
    ]);
    expect(await bodies(nurse, number)).toEqual(['public: We have asked the vendor to look at it']);
    expect(await bodies(agent, number)).toHaveLength(4);
  });

  it('announces each comment live only to those who read its thread', async () => {
    const number = await openTicket();
    await escalate(number);
    for (const visibility of ['internal', 'public', 'vendor']) {
      expect((await comment(agent, number, { visibility, body: `A ${visibility} word` })).statusCode).toBe(201);
    }
    const rows = await t.ctx.database.query<{
      visibility: string;
      audience: { userIds: string[]; vendorProviderIds: string[] };
    }>(
      `SELECT payload->>'visibility' AS visibility, audience FROM outbox
        WHERE type = 'ticket.commented' AND payload->>'number' = $1 ORDER BY id`,
      [number],
    );
    const heard = Object.fromEntries(
      rows.map((r) => [
        r.visibility,
        { requester: r.audience.userIds.includes(h.users.nurse.id), vendor: r.audience.vendorProviderIds.length > 0 },
      ]),
    );
    expect(heard).toEqual({
      internal: { requester: false, vendor: false },
      public: { requester: true, vendor: false },
      vendor: { requester: false, vendor: true },
    });
  });

  it('refuses a vendor an internal note, a public reply and the internal timeline', async () => {
    const number = await openTicket();
    await escalate(number);
    expect((await comment(vendor, number, { visibility: 'internal', body: 'note' })).statusCode).toBe(403);
    expect((await comment(vendor, number, { visibility: 'public', body: 'hello' })).statusCode).toBe(403);
    expect((await comment(nurse, number, { visibility: 'vendor', body: 'hello' })).statusCode).toBe(403);
    expect((await vendor.get(`/api/v1/tickets/${number}/timeline`)).statusCode).toBe(403);
  });

  it('masks the other ticket’s summary when a vendor links two of its tickets', async () => {
    const first = await openTicket();
    const second = await openTicket('Patient: Harriet Quennell prints twice');
    await escalate(first);
    await escalate(second);
    const res = await vendor.post(`/api/v1/tickets/${first}/links`, { kind: 'related', other: second });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().summary).toBe('[patient name hidden] prints twice');
    const desk = await agent.post(`/api/v1/tickets/${second}/links`, { kind: 'duplicate_of', other: first });
    expect(desk.statusCode).toBe(201);
    expect(
      (await vendor.get(`/api/v1/tickets/${first}`)).json().links.map((l: { summary: string }) => l.summary),
    ).toEqual(['[patient name hidden] prints twice', '[patient name hidden] prints twice']);
  });
});

describe('"Did this fix it?" with patient details', () => {
  it('flags the requester’s words as other comments are, warns them and records it in the audit trail', async () => {
    const number = await openTicket();
    await escalate(number);
    const current = (await agent.get(`/api/v1/tickets/${number}`)).json();
    const resolved = await agent.request({
      method: 'PATCH',
      url: `/api/v1/tickets/${number}`,
      payload: { version: current.version, status: 'resolved', resolution: { code: 'vendor_fix', note: 'Driver' } },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const res = await nurse.post(`/api/v1/tickets/${number}/confirm`, {
      fixed: false,
      comment: 'Still blank for MRN 00482913',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().phiWarnings).toContain('mrn');
    const stored = (await agent.get(`/api/v1/tickets/${number}`)).json().comments.at(-1);
    expect(stored).toMatchObject({ body: 'Still blank for MRN 00482913', phiSuspected: true });
    const audit = await t.ctx.database.query<{ summary: { phiSuspected?: boolean } }>(
      `SELECT summary FROM audit_log WHERE action = 'ticket.reopen' AND target_id = $1`,
      [current.id],
    );
    expect(audit[0]?.summary.phiSuspected).toBe(true);
  });
});
