// Reports on a read replica (DATABASE_REPLICA_URL; docs/scaling.md), against a real streaming replica of the test
// PostgreSQL server (test/pg-replica.ts). Two apps on one database and its replica: one that allows the replica to be
// 10 minutes behind, one 2 seconds. Pausing the replica's replay makes it miss a ticket the primary has: the report
// that lacks it was read on the replica, the one that has it on the primary.
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type Client, createTestApp, type TestApp } from '../../../test/app.ts';
import { onPostgres } from '../../../test/db.ts';
import { createPgDatabase } from '../../../test/pg-database.ts';
import { type PgReplica, startPgReplica } from '../../../test/pg-replica.ts';
import { until } from '../../../test/until.ts';
import { openDatabase } from '../../platform/db/connect.ts';
import { rebuildFacts, refreshChangedFacts } from './refresh.ts';

const DAY = 86_400_000;
const range = `from=${encodeURIComponent(new Date(Date.now() - 365 * DAY).toISOString())}&to=${encodeURIComponent(
  new Date(Date.now() + DAY).toISOString(),
)}`;

describe.skipIf(!onPostgres)('reports on a read replica (PostgreSQL only: the embedded database has none)', () => {
  let replica: PgReplica;
  let created: Awaited<ReturnType<typeof createPgDatabase>>;
  /** `patient` reads the replica while it is at most 600 s behind, `strict` while at most 2 s. */
  let patient: TestApp;
  let strict: TestApp;
  let nurse: Client;
  let patientManager: Client;
  let strictManager: Client;

  async function appWithReplica(maxLagSeconds: number) {
    const replicaUrl = replica.urlOf(created.url);
    const database = await openDatabase({ databaseUrl: created.url, replicaUrl, poolSize: 4 });
    return createTestApp({
      database,
      env: {
        DATABASE_URL: created.url,
        DATABASE_REPLICA_URL: replicaUrl,
        CLINIDESK_REPLICA_MAX_LAG_SECONDS: String(maxLagSeconds),
      },
    });
  }

  beforeAll(async () => {
    const server = process.env.TEST_DATABASE_URL!;
    replica = await startPgReplica(server);
    created = await createPgDatabase(server, inject('templates').demo);
    patient = await appWithReplica(600);
    strict = await appWithReplica(2);
    await rebuildFacts(patient.ctx);
    await replica.caughtUp();
    nurse = await patient.signIn('nurse');
    patientManager = await patient.signIn('manager');
    strictManager = await strict.signIn('manager');
  }, 120_000);

  afterAll(async () => {
    await patient?.close();
    await strict?.close();
    await created?.drop();
    await replica?.remove();
  });

  /** Opens a ticket on the primary and refreshes the reports' facts there; its number. */
  async function newTicket(summary: string): Promise<string> {
    const res = await nurse.post('/api/v1/tickets', { summary });
    expect(res.statusCode, res.body).toBe(201);
    await refreshChangedFacts(patient.ctx);
    return res.json().number;
  }

  /** The ticket numbers in the report's rows (the JSON pages of the export), as a manager reads them. */
  async function reportedTickets(manager: Client): Promise<string[]> {
    const res = await manager.get(`/api/v1/reports/tickets/rows?${range}&limit=10000`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().rows as { ticket: string }[]).map((r) => r.ticket);
  }

  it('reads the report from the replica: a ticket opened while its replay is paused shows once replay resumes', async () => {
    await replica.pauseReplay();
    let number: string;
    try {
      number = await newTicket('Label printer offline on 4 West (while the replica is paused)');
      expect(await reportedTickets(patientManager)).not.toContain(number);
    } finally {
      await replica.resumeReplay();
    }
    await until('the report to show the ticket once the replica replays it', async () =>
      (await reportedTickets(patientManager)).includes(number),
    );
    const [seen] = await replica.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'clinidesk-reports'
         AND datname = '${new URL(created.url).pathname.slice(1)}'`,
    );
    expect(seen!.n).toBeGreaterThan(0);
  });

  it('reads the primary, with a warning, while the replica is further behind than the bound, and the replica again after', async () => {
    const warn = vi.spyOn(strict.ctx.log, 'warn');
    const info = vi.spyOn(strict.ctx.log, 'info');
    await replica.pauseReplay();
    let number: string;
    try {
      number = await newTicket('Badge reader at the pharmacy door rejects badges (replica paused beyond 2 s)');
      await until(
        'the 2-second app to read the primary',
        async () => (await reportedTickets(strictManager)).includes(number),
        15_000,
        500,
      );
      // The replica still lacks it: the 10-minute app, reading there, does not show it.
      expect(await reportedTickets(patientManager)).not.toContain(number);
      expect(warn).toHaveBeenCalledWith(
        expect.objectContaining({ maxLagSeconds: 2 }),
        expect.stringMatching(/further behind than CLINIDESK_REPLICA_MAX_LAG_SECONDS/),
      );
    } finally {
      await replica.resumeReplay();
    }
    await replica.caughtUp();
    info.mockClear();
    await until(
      'the 2-second app to read the replica again',
      async () => {
        await reportedTickets(strictManager);
        return info.mock.calls.some(([, msg]) => msg === 'reports read from the read replica');
      },
      15_000,
      500,
    );
  });

  it('answers every report and export from the primary, never a 500, once the replica is stopped', async () => {
    await reportedTickets(patientManager); // read on the replica, a moment before it stops
    await replica.stop();
    const number = await newTicket('Wristband printer jams in the ED (replica stopped)');
    expect(await reportedTickets(patientManager)).toContain(number);
    for (const path of [
      `tickets?${range}`,
      `tickets/drill?${range}&metric=fcrGross`,
      `calls?${range}`,
      `scorecards?${range}`,
      'go-lives',
      'go-live-events',
    ]) {
      const res = await patientManager.get(`/api/v1/reports/${path}`);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    }
    const csv = await patientManager.get(`/api/v1/reports/tickets/export.csv?${range}`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain(`\r\n${number},`);
  });
});
