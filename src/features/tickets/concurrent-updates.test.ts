// Optimistic concurrency under real contention: several agents send a change based on the same version at the same
// moment. Exactly one wins; every other one is told to reload (409), and nothing of theirs is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { Conflict } from '../../platform/errors.ts';
import { writeTicket } from './service/write-ticket.ts';
import { findTicketByNumber } from './store.ts';

let t: TestApp;
let h: Hospital;
let agents: Client[];
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
  agents = await Promise.all([h.users.agent, h.users.agent2].map((u) => t.signIn(u.username, TEST_PASSWORD)));
});
afterAll(() => t.close());

const count = async (sql: string, id: string) => (await t.ctx.database.query<{ n: number }>(sql, [id]))[0]!.n;

describe('parallel changes to one ticket', () => {
  it('lets exactly one of eight same-version PATCHes through; the rest are 409 and write nothing', async () => {
    const opened = await agents[0]!.post('/api/v1/tickets', { requesterId: h.nurse.id, summary: 'Label printer jams' });
    expect(opened.statusCode, opened.body).toBe(201);
    const { id, number, version } = opened.json();
    const activityBefore = await count('SELECT count(*)::int n FROM ticket_activity WHERE ticket_id = $1', id);

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        agents[i % 2]!.request({
          method: 'PATCH',
          url: `/api/v1/tickets/${number}`,
          payload: { version, status: 'pending_requester', summary: `Label printer jams (${i})` },
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.headers['content-type']).toBe('application/problem+json');
      expect(r.json().errors).toEqual([{ field: 'body.version', message: expect.stringMatching(/stale/) }]);
    }
    const winner = results.find((r) => r.statusCode === 200)!.json();
    const now = (await agents[0]!.get(`/api/v1/tickets/${number}`)).json();
    expect(now).toMatchObject({ version: version + 1, summary: winner.summary, status: 'pending_requester' });
    // One change: one activity row and one audit entry.
    const activityAfter = await count('SELECT count(*)::int n FROM ticket_activity WHERE ticket_id = $1', id);
    expect(activityAfter - activityBefore).toBe(1);
    const updates = `SELECT count(*)::int n FROM audit_log WHERE action = 'ticket.update' AND target_id = $1`;
    expect(await count(updates, id)).toBe(1);
  });
});

describe('a stale write, whichever use case makes it', () => {
  it('is a 409 on the version, and writes nothing', async () => {
    const opened = await agents[0]!.post('/api/v1/tickets', { requesterId: h.nurse.id, summary: 'Scanner offline' });
    expect(opened.statusCode, opened.body).toBe(201);
    const db = t.ctx.database.db;
    const read = (await findTicketByNumber(db, Number(opened.json().number.replace(/\D/g, ''))))!;
    const moved = await writeTicket(db, read, { status: 'in_progress' });
    expect(moved.version).toBe(read.version + 1);
    // Escalate, confirm and comment write through the same call: a row read before someone else's change fails.
    const stale = writeTicket(db, read, { status: 'pending_vendor' });
    await expect(stale).rejects.toBeInstanceOf(Conflict);
    await expect(stale).rejects.toMatchObject({
      status: 409,
      errors: [{ field: 'body.version', message: expect.stringMatching(/stale/) }],
    });
    expect((await findTicketByNumber(db, moved.number))!).toMatchObject({
      status: 'in_progress',
      version: moved.version,
    });
  });
});
