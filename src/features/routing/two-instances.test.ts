// Two app instances on one PostgreSQL database, calls and agents arriving concurrently on both: a contact is never
// offered to two agents and no agent ever holds two contacts. Needs a PostgreSQL server (TEST_DATABASE_URL, else
// the local one at 127.0.0.1:5432); skipped when none answers.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildHospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { type Instance, postgresAnswers, startTwoInstances, type TwoInstances } from '../../../test/two-instances.ts';
import { SYSTEM_META } from '../../platform/actor.ts';
import { createToken, createUser } from '../../platform/auth/service.ts';
import { outbox } from '../../platform/db/schema.ts';
import { agentPresence, contacts } from './tables.ts';

const hasPg = await postgresAnswers();

describe.skipIf(!hasPg)('routing with two app instances on PostgreSQL', () => {
  let instances: TwoInstances | undefined;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    instances = await startTwoInstances();
    ({ a, b } = instances);
  }, 120_000);
  afterAll(async () => {
    await instances?.close();
  });

  it('never offers one contact to two agents nor two contacts to one agent', async () => {
    const h = await buildHospital(a.ctx);
    const integration = await createUser(a.ctx, SYSTEM_META, {
      username: `pbx-${h.tag}`,
      displayName: 'Phone system',
      role: 'integration',
      password: TEST_PASSWORD,
      email: null,
    });
    const { token } = await createToken(a.ctx, SYSTEM_META, integration.id, { name: 'pbx' });
    const AGENTS = 12;
    const CALLS = 40;
    const sessions: { app: Instance['app']; cookie: string; csrf: string; id: string }[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const u = await createUser(a.ctx, SYSTEM_META, {
        username: `ag${i}-${h.tag}`,
        displayName: `Agent ${i}`,
        role: 'agent',
        password: TEST_PASSWORD,
        email: null,
      });
      const app = (i % 2 ? b : a).app;
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: u.username, password: TEST_PASSWORD },
      });
      const cookie = res.cookies.find((c) => c.name === 'clinidesk_session')!.value;
      sessions.push({ app, cookie, csrf: res.json().csrfToken, id: u.id });
    }

    const base = Date.now();
    const calls = Array.from({ length: CALLS }, (_, i) => (i % 2 ? b : a).app).map((app, i) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/cti/events',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          type: 'offered',
          callId: `race-${i}`,
          occurredAt: new Date(base + i).toISOString(),
          line: i % 3 === 0 ? 'provider' : 'general',
        },
      }),
    );
    const ready = sessions.map((s) =>
      s.app.inject({
        method: 'PUT',
        url: '/api/v1/presence/me',
        headers: { cookie: `clinidesk_session=${s.cookie}`, 'x-csrf-token': s.csrf },
        payload: { state: 'available' },
      }),
    );
    // Everything at once, interleaved across both instances.
    const results = await Promise.all([...calls, ...ready]);
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    const db = a.ctx.database.db;
    // Wait (on the condition, not a clock) until both instances' routing has given every agent a contact.
    const settled = (expectedDone: number) =>
      vi.waitFor(
        async () => {
          const now = await db.select().from(contacts);
          expect(now.filter((c) => c.state === 'offered')).toHaveLength(AGENTS);
          expect(now.filter((c) => c.state === 'done')).toHaveLength(expectedDone);
        },
        { timeout: 15_000, interval: 100 },
      );
    await settled(0);

    const all = await db.select().from(contacts);
    const offered = all.filter((c) => c.state === 'offered');
    const presences = await db.select().from(agentPresence);
    const holding = presences.filter((p) => p.currentContactId);
    // Every agent is taken (more calls than agents), each by exactly one contact, matching both sides.
    expect(offered).toHaveLength(AGENTS);
    expect(new Set(offered.map((c) => c.agentId)).size).toBe(AGENTS);
    expect(holding).toHaveLength(AGENTS);
    for (const p of holding) {
      const c = offered.find((x) => x.id === p.currentContactId);
      expect(c?.agentId).toBe(p.userId);
      expect(p.state).toBe('on_contact');
    }
    expect(all.filter((c) => c.state === 'waiting')).toHaveLength(CALLS - AGENTS);
    // One screen pop per offer: no contact was ever offered twice, not even transiently.
    const pops = await db.select().from(outbox).where(eq(outbox.type, 'contact.offered'));
    expect(pops).toHaveLength(AGENTS);
    expect(new Set(pops.map((p) => p.subjectId)).size).toBe(AGENTS);

    // Round two: every offered call is answered and ended through either instance while all agents come back at
    // the same time; the 28 waiting calls are dispatched again by both instances concurrently.
    const post = (app: Instance['app'], body: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/cti/events',
        headers: { authorization: `Bearer ${token}` },
        payload: { occurredAt: new Date().toISOString(), ...body },
      });
    const nameOf = new Map(sessions.map((s, i) => [s.id, `ag${i}-${h.tag}`]));
    await Promise.all(
      offered.map(async (c, i) => {
        const app = (i % 2 ? a : b).app;
        const answered = await post(app, {
          type: 'answered',
          callId: c.externalCallId,
          sequence: 2,
          agent: nameOf.get(c.agentId!),
        });
        expect(answered.statusCode, answered.body).toBe(200);
        const ended = await post((i % 2 ? b : a).app, { type: 'ended', callId: c.externalCallId, sequence: 3 });
        expect(ended.statusCode, ended.body).toBe(200);
      }),
    );
    const again = await Promise.all(
      sessions.map((s) =>
        s.app.inject({
          method: 'PUT',
          url: '/api/v1/presence/me',
          headers: { cookie: `clinidesk_session=${s.cookie}`, 'x-csrf-token': s.csrf },
          payload: { state: 'available' },
        }),
      ),
    );
    for (const r of again) expect(r.statusCode, r.body).toBe(200);
    await settled(AGENTS);
    const all2 = await db.select().from(contacts);
    const offered2 = all2.filter((c) => c.state === 'offered');
    expect(offered2).toHaveLength(AGENTS);
    expect(new Set(offered2.map((c) => c.agentId)).size).toBe(AGENTS);
    expect(all2.filter((c) => c.state === 'done')).toHaveLength(AGENTS);
    const presences2 = await db.select().from(agentPresence);
    for (const p of presences2) {
      expect(p.state).toBe('on_contact');
      expect(offered2.find((c) => c.id === p.currentContactId)?.agentId).toBe(p.userId);
    }
    const pops2 = await db.select().from(outbox).where(eq(outbox.type, 'contact.offered'));
    expect(new Set(pops2.map((p) => p.subjectId)).size).toBe(2 * AGENTS);
  }, 60_000);
});
