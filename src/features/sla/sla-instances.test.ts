// Two app instances on one PostgreSQL database sweep the same due tickets at the same time: every breach is
// announced exactly once (SKIP LOCKED claims, flags committed with their events). PostgreSQL only: the embedded
// database belongs to one process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { onPostgres } from '../../../test/db.ts';
import { buildHospital, type Hospital, TEST_PASSWORD } from '../../../test/factories.ts';
import { createContextAndApp } from '../../main.ts';
import { openDatabase } from '../../platform/db/connect.ts';
import { sweepSla } from './service.ts';

describe.skipIf(!onPostgres)('SLA sweep with two app instances', () => {
  let t: TestApp;
  let h: Hospital;
  let nurse: Client;
  let second: Awaited<ReturnType<typeof createContextAndApp>>;
  beforeAll(async () => {
    t = await createTestApp();
    h = await buildHospital(t.ctx);
    nurse = await t.signIn(h.users.nurse.username, TEST_PASSWORD);
    const url = (t.ctx.database as { url?: string }).url!;
    second = await createContextAndApp({
      database: await openDatabase({ databaseUrl: url, poolSize: 5 }),
      seedDemo: false,
      logLevel: 'silent',
    });
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('announces each breach exactly once however the two instances interleave', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await nurse.post('/api/v1/tickets', {
        summary: `Downtime reader on 4 West not printing (${i})`,
        serviceId: h.ehr.id,
        patientCareAffected: true,
        scope: 'unit',
        workaroundAvailable: false,
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const later = Date.now() + 6 * 60 * 60_000; // both clocks of every P1 are long past due
    let handled = [0, 0];
    for (let round = 0; round < 50; round++) {
      const counts = await Promise.all([sweepSla(t.ctx, later, 7), sweepSla(second.ctx, later, 7)]);
      handled = [handled[0]! + counts[0], handled[1]! + counts[1]];
      if (counts[0] === 0 && counts[1] === 0) break;
    }
    const rows = await t.ctx.database.query<{ subject_id: string; type: string; clock: string; n: number }>(
      `SELECT subject_id, type, payload->>'clock' AS clock, count(*)::int AS n FROM outbox
        WHERE type = 'sla.breached' AND subject_id = ANY($1::text[]) GROUP BY 1, 2, 3`,
      [ids],
    );
    expect(rows).toHaveLength(ids.length * 2); // response and resolution of every ticket
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(handled[0]! + handled[1]!).toBeGreaterThanOrEqual(ids.length);
  });
});
