// Two app instances on one PostgreSQL database, both running the webhook jobs (the outbox consumer and the sender),
// against one real receiver: every event reaches every matching subscription exactly once — one delivery row per
// (subscription, event), one attempt each, one request at the receiver. Needs a PostgreSQL server (TEST_DATABASE_URL,
// else the local one at 127.0.0.1:5432); skipped when none answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Instance, postgresAnswers, startTwoInstances, type TwoInstances } from '../../../test/two-instances.ts';
import { SYSTEM_META } from '../../platform/actor.ts';
import { createUser } from '../../platform/auth/service.ts';
import { appendEvent } from '../../platform/events/outbox.ts';
import { createSubscription } from './service/admin.ts';

const hasPg = await postgresAnswers();
const EVENTS = 60;

describe.skipIf(!hasPg)('webhooks with two app instances on PostgreSQL', () => {
  let instances: TwoInstances | undefined;
  let a: Instance;
  let b: Instance;
  const received: { path: string; id: string; body: string; headers: Record<string, string> }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        id: String(req.headers['webhook-id']),
        body: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers as Record<string, string>,
      });
      // A little latency, so both senders have work in flight at once.
      setTimeout(() => res.end('ok'), 5);
    });
  });

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    instances = await startTwoInstances({
      CLINIDESK_SECRET_KEY: 'a-test-secret-key-of-at-least-32-characters',
      CLINIDESK_WEBHOOK_ALLOW: '127.0.0.1/32',
    });
    ({ a, b } = instances);
  }, 120_000);
  afterAll(async () => {
    await instances?.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('delivers each event once per subscription, whichever instance reads and sends', async () => {
    const port = (server.address() as AddressInfo).port;
    const user = await createUser(a.ctx, SYSTEM_META, {
      username: 'hooks-admin',
      displayName: 'Hooks admin',
      role: 'admin',
      password: 'a-long-test-passphrase',
    });
    const meta = { ...SYSTEM_META, actor: { ...SYSTEM_META.actor, userId: user.id, username: 'hooks-admin' } };
    const subs = [];
    for (const path of ['/one', '/two'])
      subs.push(
        await createSubscription(a.ctx, meta, {
          name: `Bridge ${path}`,
          url: `http://127.0.0.1:${port}${path}`,
          ownerKind: 'hospital',
          providerId: null,
          eventTypes: ['incident.declared'],
          providerIds: [],
          facilityIds: [],
          serviceIds: [],
          active: true,
        }),
      );
    // Events written by both instances, in many transactions, as the incidents feature would.
    for (let i = 0; i < EVENTS; i++) {
      const ctx = (i % 2 ? a : b).ctx;
      await ctx.database.db.transaction((tx) =>
        appendEvent(tx, {
          type: 'incident.declared',
          subjectType: 'incident',
          subjectId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          payload: { number: `INC-${String(i).padStart(4, '0')}`, kind: 'major', state: 'declared' },
          audience: { roles: ['agent'] },
        }),
      );
    }
    const deadline = Date.now() + 60_000;
    while (received.length < EVENTS * 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // A moment more: a duplicate would arrive now.
    await new Promise((r) => setTimeout(r, 2500));
    expect(received).toHaveLength(EVENTS * 2);
    for (const [i, path] of ['/one', '/two'].entries()) {
      const mine = received.filter((r) => r.path === path);
      expect(new Set(mine.map((r) => r.id)).size).toBe(EVENTS);
      const numbers = mine.map(
        (r) => (JSON.parse(r.body) as { data: { incident: { number: string } } }).data.incident.number,
      );
      expect(new Set(numbers).size).toBe(EVENTS);
      for (const r of mine) expect(new Webhook(subs[i]!.secret).verify(r.body, r.headers)).toBeTruthy();
    }
    const rows = await a.ctx.database.query<{ n: number; attempts: number; delivered: number }>(
      `SELECT count(*)::int AS n, sum(attempts)::int AS attempts,
              count(*) FILTER (WHERE status = 'delivered')::int AS delivered FROM webhook_deliveries`,
    );
    expect(rows[0]).toEqual({ n: EVENTS * 2, attempts: EVENTS * 2, delivered: EVENTS * 2 });
  }, 90_000);
});
