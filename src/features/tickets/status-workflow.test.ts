// The status workflow's consequences, through the API: what the desk may move a ticket to, the requester's
// "did this fix it?" (close, or reopen within the window), and clear 409/400 problems for everything else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { STATUSES } from './rules/vocabulary.ts';

let t: TestApp;
let h: Hospital;
let nurse: Client;
let superUser: Client;
let agent: Client;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  const as = (u: { username: string }) => t.signIn(u.username, TEST_PASSWORD);
  [nurse, superUser, agent] = await Promise.all([as(h.users.nurse), as(h.users.superUser), as(h.users.agent)]);
});
afterAll(() => t.close());

type Res = { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown };
const fix = { code: 'configuration_fixed', note: 'Re-paired the scanner with the workstation.' };

function problem(res: Res, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  return res.json() as { detail: string };
}

async function openAsNurse() {
  const res = await nurse.post('/api/v1/tickets', { summary: 'BCMA scanner will not read wristbands' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { number: string; version: number };
}

const patch = (n: string, payload: Record<string, unknown>) =>
  agent.request({ method: 'PATCH', url: `/api/v1/tickets/${n}`, payload });

async function resolvedTicket() {
  const opened = await openAsNurse();
  const res = await patch(opened.number, { version: opened.version, status: 'resolved', resolution: fix });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { number: string; version: number };
}

const confirm = (client: Client, n: string, body: Record<string, unknown>) =>
  client.post(`/api/v1/tickets/${n}/confirm`, body);

describe('the status workflow, through the API', () => {
  it('accepts exactly the moves a new ticket offers the desk, and refuses the others with 409', async () => {
    const offered = (await agent.get(`/api/v1/tickets/${(await openAsNurse()).number}`)).json().allowedStatuses;
    expect(offered.length).toBeGreaterThan(0);
    for (const status of STATUSES) {
      const { number, version } = await openAsNurse();
      const res = await patch(number, { version, status, ...(status === 'resolved' ? { resolution: fix } : {}) });
      if (offered.includes(status)) expect(res.json().status, `${status}: ${res.body}`).toBe(status);
      // Sending the status it already has changes nothing (a retried request is harmless).
      else if (status === 'new') expect(res.json()).toMatchObject({ status: 'new', version });
      else expect(problem(res, 409).detail).toMatch(/cannot become/);
    }
  });

  it('refuses to resolve without a resolution code and a note (409), and an unknown status (400)', async () => {
    const { number, version } = await openAsNurse();
    expect(problem(await patch(number, { version, status: 'resolved' }), 409).detail).toMatch(/resolution code/);
    problem(await patch(number, { version, status: 'fixed-ish' }), 400);
    expect((await agent.get(`/api/v1/tickets/${number}`)).json().status).toBe('new');
  });

  it('lets the requester reopen a resolved ticket within the window, with their words', async () => {
    const { number } = await resolvedTicket();
    const res = await confirm(nurse, number, { fixed: false, comment: 'Still cannot scan in room 412.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'in_progress', reopenCount: 1, resolvedAt: null });
    const timeline = (await agent.get(`/api/v1/tickets/${number}/timeline`)).json();
    expect(JSON.stringify(timeline)).toContain('reopened');
  });

  it('refuses a reopen after the window: 409 saying to open a new ticket', async () => {
    const { number } = await resolvedTicket();
    await t.ctx.database.query(`UPDATE tickets SET resolved_at = now() - interval '8 days' WHERE number = $1`, [
      Number(number.slice(4)),
    ]);
    expect(problem(await confirm(nurse, number, { fixed: false }), 409).detail).toMatch(/open a new ticket/);
    expect((await agent.get(`/api/v1/tickets/${number}`)).json().status).toBe('resolved');
  });

  it('closes when the requester confirms the fix; a closed ticket cannot be reopened or moved', async () => {
    const { number } = await resolvedTicket();
    const closed = await confirm(nurse, number, { fixed: true });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
    problem(await confirm(nurse, number, { fixed: false }), 409);
    const again = await patch(number, { version: closed.json().version, status: 'in_progress' });
    expect(problem(again, 409).detail).toMatch(/cannot become/);
    expect((await agent.get(`/api/v1/tickets/${number}`)).json().allowedStatuses).toEqual([]);
  });

  it('lets only the person who asked confirm or reopen: the unit super-user who can see it gets 403', async () => {
    const { number } = await resolvedTicket();
    expect((await superUser.get(`/api/v1/tickets/${number}`)).statusCode).toBe(200);
    problem(await confirm(superUser, number, { fixed: false }), 403);
  });
});
