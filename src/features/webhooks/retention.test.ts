// Retention of webhook deliveries through the real job's use case: old delivered and failed deliveries go with their
// attempts (in batches, one summary audit entry per run), recent ones and pending (waiting or retrying) ones stay,
// and the delivery log still answers. PGlite, and PostgreSQL with TEST_DATABASE_URL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { purgeExpiredDeliveries } from './service/retention.ts';

const DAY = 86_400_000;
let t: TestApp;
let admin: Client;
const q = <T>(sql: string, params: unknown[] = []) => t.ctx.database.query<T>(sql, params);

beforeAll(async () => {
  t = await createTestApp({
    env: {
      CLINIDESK_SECRET_KEY: 'a-test-secret-key-of-at-least-32-characters',
      CLINIDESK_WEBHOOK_ALLOW: '127.0.0.1/32',
      CLINIDESK_WEBHOOK_DELIVERED_RETENTION_DAYS: '30',
      CLINIDESK_WEBHOOK_FAILED_RETENTION_DAYS: '90',
    },
  });
  admin = await t.signIn('admin');
}, 120_000);
afterAll(async () => {
  await t?.close();
});

type Made = { id: string; label: string };
let eventId = 9_000_000;

/** A delivery as the sender leaves it, `daysAgo` old, with two attempts (the log). */
async function delivery(sub: string, label: string, status: string, daysAgo: number, windowDaysAgo = daysAgo) {
  const id = randomUUID();
  const at = new Date(Date.now() - daysAgo * DAY).toISOString();
  const window = new Date(Date.now() - windowDaysAgo * DAY).toISOString();
  const next = new Date(Date.now() + DAY).toISOString(); // a pending one waits: the sender leaves it alone here
  await q(
    `INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, body, status, attempts, next_attempt_at,
       window_started_at, created_at, delivered_at)
     VALUES ($1, $2, $3, 'ticket.opened', '{}', $4, 2, $5, $6, $7, $8)`,
    [id, sub, eventId++, status, next, window, at, status === 'delivered' ? at : null],
  );
  for (const code of [500, status === 'delivered' ? 200 : 500])
    await q(
      `INSERT INTO webhook_attempts (id, delivery_id, at, status_code, response_excerpt, duration_ms)
       VALUES ($1, $2, $3, $4, 'answer', 12)`,
      [randomUUID(), id, at, code],
    );
  return { id, label } satisfies Made;
}

describe('webhook delivery retention', () => {
  it('deletes delivered deliveries past 30 days and failed ones past 90 with their attempts; keeps the rest', async () => {
    const res = await admin.post('/api/v1/webhooks', {
      ownerKind: 'hospital',
      name: 'Retention receiver',
      url: 'http://127.0.0.1:9/hook',
      eventTypes: ['ticket.opened'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const sub = JSON.parse(res.body).subscription.id as string;

    const gone = [
      await delivery(sub, 'delivered 31 days ago', 'delivered', 31),
      await delivery(sub, 'delivered a year ago', 'delivered', 365),
      await delivery(sub, 'failed 91 days ago', 'failed', 91),
    ];
    // More old delivered ones than one batch of 5, so the run takes several batches.
    for (let i = 0; i < 7; i++) gone.push(await delivery(sub, `delivered 40 days ago #${i}`, 'delivered', 40));
    const kept = [
      await delivery(sub, 'delivered 29 days ago', 'delivered', 29),
      await delivery(sub, 'failed 60 days ago', 'failed', 60),
      await delivery(sub, 'failed long ago, sent again by hand 10 days ago', 'failed', 200, 10),
      await delivery(sub, 'pending for 400 days', 'pending', 400),
      await delivery(sub, 'retrying, made 100 days ago', 'pending', 100, 0.5),
    ];

    const run = await purgeExpiredDeliveries(t.ctx, { batch: 5 });
    expect(run).toEqual({ delivered: 9, failed: 1, batches: 2 });

    const left = await q<{ id: string }>('SELECT id FROM webhook_deliveries WHERE subscription_id = $1', [sub]);
    expect(left.map((r) => r.id).sort()).toEqual(kept.map((k) => k.id).sort());
    const orphans = await q<{ n: number }>(
      'SELECT count(*)::int AS n FROM webhook_attempts WHERE delivery_id = ANY($1::uuid[])',
      [gone.map((g) => g.id)],
    );
    expect(orphans[0]!.n).toBe(0);
    const keptAttempts = await q<{ n: number }>(
      'SELECT count(*)::int AS n FROM webhook_attempts WHERE delivery_id = ANY($1::uuid[])',
      [kept.map((k) => k.id)],
    );
    expect(keptAttempts[0]!.n).toBe(kept.length * 2);

    // One audit entry for the run, with the counts and the periods, by the system.
    const audits = await q<{ actor_label: string; summary: Record<string, number> }>(
      `SELECT actor_label, summary FROM audit_log WHERE action = 'webhook.retention_purge'`,
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]!.summary).toEqual({
      deliveredRetentionDays: 30,
      failedRetentionDays: 90,
      delivered: 9,
      failed: 1,
      batches: 2,
    });

    // The delivery log still answers, with exactly what was kept and their attempts.
    const log = await admin.get(`/api/v1/webhooks/${sub}/deliveries`);
    expect(log.statusCode, log.body).toBe(200);
    const deliveries = JSON.parse(log.body).deliveries as { id: string; log: unknown[] }[];
    expect(deliveries.map((d) => d.id).sort()).toEqual(kept.map((k) => k.id).sort());
    for (const d of deliveries) expect(d.log).toHaveLength(2);

    // A second run finds nothing and writes no audit entry.
    expect(await purgeExpiredDeliveries(t.ctx)).toEqual({ delivered: 0, failed: 0, batches: 0 });
    const again = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'webhook.retention_purge'`,
    );
    expect(again[0]!.n).toBe(1);
  }, 60_000);
});
