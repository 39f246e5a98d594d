// Two app instances on one PostgreSQL database receive the same e-bonding update at the same moment (a vendor's
// system that retries before its first request was answered, through a load balancer): it is applied once — one
// row, one comment — and the other answer is "duplicate". Needs a PostgreSQL server (TEST_DATABASE_URL, else the
// local one at 127.0.0.1:5432); skipped when none answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { type Instance, postgresAnswers, startTwoInstances, type TwoInstances } from '../../../test/two-instances.ts';
import { SYSTEM_META } from '../../platform/actor.ts';
import { issueConnectionToken, saveConnection } from './service/connection.ts';

const hasPg = await postgresAnswers();

describe.skipIf(!hasPg)('e-bonding with two app instances on PostgreSQL', () => {
  let instances: TwoInstances | undefined;
  let a: Instance;
  let b: Instance;
  let h: Hospital;
  let token: string;
  let number: string;

  beforeAll(async () => {
    instances = await startTwoInstances();
    ({ a, b } = instances);
    h = await buildHospital(a.ctx);
    await saveConnection(a.ctx, SYSTEM_META, h.vendor.id, { enabled: true, stateMap: { 'In Progress': 'working' } });
    token = (await issueConnectionToken(a.ctx, SYSTEM_META, h.vendor.id, { name: 'sn', expiresInDays: null })).token;
    const login = await a.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: h.users.agent.username, password: TEST_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'clinidesk_session')!.value;
    const headers = { cookie: `clinidesk_session=${cookie}`, 'x-csrf-token': login.json().csrfToken as string };
    const opened = await a.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers,
      payload: { requesterId: h.nurse.id, summary: 'Flowsheet crashes', serviceId: h.ehr.id },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    number = opened.json().number;
    const esc = await a.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${number}/escalations`,
      headers,
      payload: { toTier: 'vendor', reason: 'Needs the vendor' },
    });
    expect(esc.statusCode, esc.body).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await instances?.close();
  });

  it('applies an update sent to both instances at once exactly once', async () => {
    const send = (i: Instance, payload: object) =>
      i.app.inject({
        method: 'POST',
        url: '/api/v1/ebonding/updates',
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    for (let round = 0; round < 8; round++) {
      const body = {
        eventId: `both-${round}`,
        occurredAt: new Date(Date.now() - 60_000 + round * 1000).toISOString(),
        ticket: number,
        state: 'In Progress',
        comment: `Round ${round}`,
      };
      const answers = await Promise.all([send(a, body), send(b, body)]);
      for (const res of answers) expect(res.statusCode, res.body).toBe(200);
      expect(answers.map((r) => r.json().outcome).sort()).toEqual(['applied', 'duplicate']);
    }
    const rows = await a.ctx.database.query<{ n: number }>(
      "SELECT count(*)::int n FROM ebonding_updates WHERE event_id LIKE 'both-%'",
    );
    expect(rows[0]!.n).toBe(8);
    const comments = await a.ctx.database.query<{ body: string }>(
      "SELECT body FROM ticket_comments WHERE visibility = 'vendor' ORDER BY created_at, body",
    );
    expect(comments.map((c) => c.body)).toEqual(Array.from({ length: 8 }, (_, i) => `Round ${i}`));
  });
});
