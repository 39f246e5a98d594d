// The notifications consumer writes no outbox events and declares so (declareWritesNoEvents): a batch in progress —
// seconds long under load — must not hold the consoles' live events back (bench/live-consoles.ts measured 2.8 s at
// p99 on PostgreSQL before it declared so). PostgreSQL only: on PGlite one connection runs one transaction at a time.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { onPostgres } from '../../../test/db.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { openDatabase, rowsOf } from '../../platform/db/connect.ts';
import { declareWritesNoEvents, type StoredEvent } from '../../platform/events/outbox.ts';
import { consumeEvents } from './service/consume.ts';

let t: TestApp;
let h: Hospital;
beforeAll(async () => {
  t = await createTestApp();
  h = await buildHospital(t.ctx);
}, 120_000);
afterAll(() => t?.close());

it.runIf(onPostgres)('a notifications batch still in progress holds no live ticket event back', async () => {
  const agent = await t.signIn(h.users.agent.username, TEST_PASSWORD);
  const open = async (summary: string) => {
    const res = await agent.post('/api/v1/tickets', {
      requesterId: h.nurse.id,
      summary,
      serviceId: h.ehr.id,
      moduleId: h.bcma.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().number as string;
  };
  while ((await consumeEvents(t.ctx)) > 0); // caught up: the next batch is the ticket below
  await open('Scanner will not read wristbands on 4 West');

  // Another session holds the templates table (quiet itself: an exclusive lock takes a transaction id), so the
  // consumer's batch stops inside its transaction, its cursor locked.
  const holder = await openDatabase({ databaseUrl: (t.ctx.database as { url?: string }).url!, poolSize: 1 });
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => {
    locked = r;
  });
  const holding = holder.db.transaction(async (tx) => {
    await declareWritesNoEvents(tx);
    await tx.execute(sql`LOCK TABLE notification_templates IN ACCESS EXCLUSIVE MODE`);
    locked();
    await released;
  });
  await isLocked;
  const consuming = consumeEvents(t.ctx);
  try {
    await expect
      .poll(async () => {
        const res = await t.ctx.database.db.execute(sql`SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL`);
        return rowsOf<{ n: number }>(res)[0]?.n;
      })
      .toBe(1);

    const seen: StoredEvent[] = [];
    const unsubscribe = t.ctx.events.subscribe((e) => seen.push(e));
    try {
      const number = await open('Label printer offline in the ED');
      await expect
        .poll(() => seen.some((e) => e.type === 'ticket.opened' && e.payload.number === number), { timeout: 3000 })
        .toBe(true);
    } finally {
      unsubscribe();
    }
  } finally {
    release();
    await holding;
    await holder.close();
  }
  expect(await consuming).toBeGreaterThan(0);
});
